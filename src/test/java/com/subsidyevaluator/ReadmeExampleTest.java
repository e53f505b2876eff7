package com.subsidyevaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example is this compiled class: the README must show it verbatim, and it must run. */
class ReadmeExampleTest {

    @TempDir
    Path dir;

    @Test
    void theReadmeShowsTheCompiledExample() throws Exception {
        String source = Files.readString(TestSupport.projectDir().resolve("src/test/java/com/subsidyevaluator/ReadmeExample.java"),
                StandardCharsets.UTF_8);
        String block = source.substring(source.indexOf("// README-EXAMPLE-BEGIN") + "// README-EXAMPLE-BEGIN".length(),
                source.indexOf("// README-EXAMPLE-END"));
        String readme = Files.readString(TestSupport.projectDir().resolve("README.md"), StandardCharsets.UTF_8);
        String normalisedReadme = readme.replaceAll("(?m)^\\s+", "");
        for (String line : block.strip().split("\n")) {
            assertTrue(normalisedReadme.contains(line.strip()), "README lacks the example line: " + line.strip());
        }
    }

    /** What the example printed and returned (the exit status its main gives). */
    private record Run(int status, String out, String err) {
    }

    private static Run run(String... files) throws Exception {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream capturedOut = new ByteArrayOutputStream();
        ByteArrayOutputStream capturedErr = new ByteArrayOutputStream();
        System.setOut(new PrintStream(capturedOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(capturedErr, true, StandardCharsets.UTF_8));
        int status;
        try {
            Callable<Integer> example = () -> ReadmeExample.evaluate(files);
            status = example.call();
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(status, capturedOut.toString(StandardCharsets.UTF_8), capturedErr.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theExampleRunsOnTheSamples() throws Exception {
        Run r = run(TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString(),
                TestSupport.samplesDir().resolve("s03-incubator-operator.json").toString());
        assertTrue(r.out().contains("S01 第12条 研发后补助"), r.out());
        assertTrue(r.out().contains("S03 第14条"), r.out());
        assertTrue(r.out().indexOf("S01 ") < r.out().indexOf("S03 "), "printed in the order of the files: " + r.out());
        assertEquals("", r.err());
        assertEquals(0, r.status());
    }

    @Test
    void theExampleShowsEveryErrorAndFails() throws Exception {
        Path good = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json");
        Path missing = dir.resolve("missing.json");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, """
                {
                  "caseId": "B1",
                  "asOf": "2023-06-30",
                  "enterprise": { "name": "甲有限公司", "kind": "ENTERPRISE", "revenueWan": "很多" }
                }
                """, StandardCharsets.UTF_8);

        Run r = run(good.toString(), missing.toString(), bad.toString());

        assertTrue(r.out().contains("S01 第12条 研发后补助"), "the good file is still evaluated: " + r.out());
        String[] errors = r.err().strip().split("\\R");
        assertEquals(2, errors.length, r.err());
        assertTrue(errors[0].startsWith(missing.toString()), "the missing file is named: " + errors[0]);
        assertTrue(errors[1].startsWith(bad + ":4:"), "the bad file is named with its line: " + errors[1]);
        assertTrue(errors[1].contains("$.enterprise.revenueWan"), "and the place in it: " + errors[1]);
        assertFalse(r.err().contains("ExecutionException"), "the cause is shown, not its wrapper: " + r.err());
        assertEquals(2, r.status(), "a non-zero exit status when a file could not be evaluated");
    }
}
