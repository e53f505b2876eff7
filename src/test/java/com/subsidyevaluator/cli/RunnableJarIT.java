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

    /**
     * The jar serves (Jetty and Javalin work from the shaded jar): the start-up line names the port, a case is
     * evaluated over HTTP exactly as {@code evaluate --format json} prints it, and SIGTERM stops it cleanly.
     */
    @Test
    void theJarServesAndStopsCleanlyOnSigterm() throws Exception {
        Path jar = Path.of(System.getProperty("subsidy.cliJar"));
        Files.copy(jar, dir.resolve("subsidy.jar"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path work = Files.createDirectories(dir.resolve("serve"));
        TestSupport.copyTree(TestSupport.rulesDir(), work.resolve("rules/yueqing-2023"));
        Path sample = TestSupport.samplesDir().resolve("s02-hightech-startup-in-incubator.json");
        Files.copy(sample, work.resolve("case.json"));
        String expected = run(work, "evaluate", "--format", "json", "case.json").out();

        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-jar", dir.resolve("subsidy.jar").toString(), "serve", "--port", "0");
        Path err = dir.resolve("serve-err.txt");
        Process p = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(false)
                .redirectOutput(dir.resolve("serve-out.txt").toFile()).redirectError(err.toFile()).start();
        try {
            java.util.regex.Pattern started = java.util.regex.Pattern.compile("subsidy serve: http://127\\.0\\.0\\.1:(\\d+)/");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            java.util.regex.Matcher m = started.matcher("");
            while (System.nanoTime() < deadline && p.isAlive()) {
                m = started.matcher(Files.readString(err, StandardCharsets.UTF_8));
                if (m.find()) {
                    break;
                }
                Thread.sleep(200);
            }
            assertTrue(m.find(0), "started: " + Files.readString(err, StandardCharsets.UTF_8));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + m.group(1) + "/api/evaluate"))
                    .header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofFile(sample)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(expected, r.body());
            assertTrue(r.headers().firstValue("X-Rule-Set-Hash").orElse("").startsWith("sha256:"));
        } finally {
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "stops on SIGTERM");
        }
        String log = Files.readString(err, StandardCharsets.UTF_8);
        assertTrue(log.contains("已停止 (stopped)"), log);
        assertTrue(!log.contains("Exception"), log);
    }
}
