package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar runs on its own, outside the source tree: Drools' merged service files are enough to build
 * and fire the rules. Runs after {@code package} (failsafe).
 */
class RunnableJarIT {

    @TempDir
    Path dir;

    private record Result(int exit, String out, String err) {
    }

    private Result run(Path cwd, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-jar", dir.resolve("subsidy.jar").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the jar finishes");
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void theJarEvaluatesASampleWithRulesFoundUnderTheWorkingDirectory() throws Exception {
        Path jar = Path.of(System.getProperty("subsidy.cliJar"));
        assertTrue(Files.isRegularFile(jar), "built by package: " + jar);
        Files.copy(jar, dir.resolve("subsidy.jar"));
        Path work = Files.createDirectories(dir.resolve("work"));
        TestSupport.copyTree(TestSupport.rulesDir(), work.resolve("rules/yueqing-2023"));
        Files.copy(TestSupport.samplesDir().resolve("s02-hightech-startup-in-incubator.json"), work.resolve("case.json"));

        Result r = run(work, "evaluate", "case.json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("[符合] 第14条 孵化场地租金补助"), r.out());

        Result v = run(work, "--version");
        assertTrue(v.out().contains("Drools 10.2.0"), v.out());
    }
}
