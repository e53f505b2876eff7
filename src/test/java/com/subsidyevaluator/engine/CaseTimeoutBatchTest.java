package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.batch.BatchException;
import com.subsidyevaluator.batch.BatchOptions;
import com.subsidyevaluator.batch.BatchRunner;
import com.subsidyevaluator.batch.Progress;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.synthetic.Population;
import com.subsidyevaluator.synthetic.RuleHints;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time budget in batches: the slow case goes to errors.jsonl with a reason naming the rule and the budget, every
 * other case is evaluated and written as without it (byte for byte), records = results + errors, exit code 4, and no
 * temporary file is left, whether the worker stops when asked or has to be abandoned and replaced.
 */
class CaseTimeoutBatchTest {

    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        BudgetWatch.hook = null;
    }

    /** 300 generated cases with the slow case as record 151 (in the second chunk of 128); and the same without it. */
    private Path[] population() throws IOException {
        Path plain = dir.resolve("plain.jsonl");
        try (OutputStream out = Files.newOutputStream(plain)) {
            new Population(7, RuleHints.of(TestSupport.shippedRules())).write(300, out);
        }
        List<String> lines = new ArrayList<>(Files.readAllLines(plain, StandardCharsets.UTF_8));
        Path slowFile = SlowRules.writeSlowCase(dir.resolve("slow-case.json"), "SLOW-1");
        JsonNode slow = Json.mapper().readTree(slowFile.toFile());
        lines.add(150, Json.compact().writeValueAsString(slow));
        Path withSlow = dir.resolve("with-slow.jsonl");
        Files.write(withSlow, lines, StandardCharsets.UTF_8);
        return new Path[] {plain, withSlow};
    }

    private static BatchRunner.Result run(BatchOptions options) throws Exception {
        try {
            return BatchRunner.run(TestSupport.shippedRules(), options, Progress.NONE);
        } catch (BatchException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    private static void assertNoPartFiles(Path out) throws IOException {
        try (Stream<Path> s = Files.list(out)) {
            List<String> left = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).toList();
            assertEquals(List.of(), left, "no temporary files are left");
        }
    }

    private static void assertSlowCaseRejected(Path out, Path input, String rule, String seconds) throws IOException {
        List<String> errors = Files.readAllLines(out.resolve(BatchRunner.ERRORS), StandardCharsets.UTF_8);
        assertEquals(1, errors.size(), String.join("\n", errors));
        JsonNode e = Json.mapper().readTree(errors.get(0));
        assertEquals(input.toString(), e.get("file").asText());
        assertEquals(151, e.get("record").asInt());
        assertEquals(151, e.get("line").asInt());
        assertEquals("$", e.get("path").asText());
        assertEquals("SLOW-1", e.get("caseId").asText());
        String reason = e.get("reason").asText();
        assertTrue(reason.startsWith("评估超时：超出了每个案例 " + seconds + " 秒的时间预算，当时规则「" + rule + "」正在执行"), reason);
        assertTrue(reason.contains("(evaluation timed out: the time budget of " + seconds + " s per case ran out while rule \""
                + rule + "\" was running"), reason);
    }

    @Test
    void theSlowCaseIsRejectedAndEveryOtherIsWrittenAsWithoutIt() throws Exception {
        String rule = SlowRules.ruleFiringForSample();
        Path[] in = population();
        Path expected = dir.resolve("expected");
        Run base = TestSupport.cli("batch", in[0].toString(), "--out", expected.toString(), "--rules",
                TestSupport.rulesDir().toString());
        assertEquals(0, base.exitCode(), base.err());
        Path out = dir.resolve("out");
        try (SlowRules s = SlowRules.sleepingIn(rule)) {
            Run r = TestSupport.cli("batch", in[1].toString(), "--out", out.toString(), "--rules",
                    TestSupport.rulesDir().toString(), "--case-timeout", "500ms", "--threads", "2");
            assertEquals(4, r.exitCode(), r.err());
            assertEquals("301 个案例：300 个已评估，1 个被拒绝" + System.lineSeparator(), r.out());
            assertEquals("", r.err());
            assertTrue(s.slowed() >= 1);
        }
        assertSlowCaseRejected(out, in[1], rule, "0.5");
        for (String f : List.of(BatchRunner.RESULTS, BatchRunner.AWARDS)) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        assertEquals(300, Files.readAllLines(out.resolve(BatchRunner.RESULTS)).size());
        assertNoPartFiles(out);
    }

    @Test
    void aWorkerThatIgnoresInterruptsIsReplacedAndTheBatchEndsWithoutWaitingForIt() throws Exception {
        String rule = SlowRules.ruleFiringForSample();
        Path[] in = population();
        Path expected = dir.resolve("expected");
        run(BatchOptions.of(List.of(in[0]), expected).withThreads(1));
        Path out = dir.resolve("out");
        int before = Watchdog.runaway();
        try (SlowRules s = SlowRules.spinningIn(rule)) {
            long t0 = System.nanoTime();
            BatchRunner.Result r = run(BatchOptions.of(List.of(in[1]), out).withThreads(1)
                    .withCaseTimeout(Duration.ofMillis(500)));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertEquals(1, s.slowed(), "the slow case was not evaluated again after its thread was abandoned");
            assertEquals(before + 1, Watchdog.runaway(), "the worker still spins, abandoned");
            assertTrue(ms < 5000, "the batch ended while the abandoned worker spins: " + ms + " ms");
            assertEquals(301, r.records());
            assertEquals(300, r.evaluated());
            assertEquals(1, r.rejected());
            s.release();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Watchdog.runaway() > before && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(before, Watchdog.runaway(), "the abandoned worker ended once its loop did");
        }
        assertSlowCaseRejected(out, in[1], rule, "0.5");
        for (String f : List.of(BatchRunner.RESULTS, BatchRunner.AWARDS)) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(out.resolve(f)), f);
        }
        assertNoPartFiles(out);
    }
}
