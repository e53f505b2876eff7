package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The time budget per case: a case whose evaluation really takes longer (made slow through the test seam, see
 * {@link SlowRules}) is refused with a message naming the rule, whether the engine thread stops when asked or has to
 * be abandoned; every other case is evaluated as without a budget; {@code --case-timeout} takes durations.
 */
class CaseTimeoutTest {

    private static final Duration BUDGET = Duration.ofMillis(200);

    @TempDir
    Path dir;

    @AfterEach
    void noHook() {
        BudgetWatch.hook = null;
    }

    private static RuleSet rules() {
        return TestSupport.shippedRules();
    }

    private static String json(EvaluationResult r) throws Exception {
        return Json.compact().writeValueAsString(r);
    }

    @Test
    void aCaseOverTheBudgetIsRefusedNamingTheRuleThatWasRunning() throws Exception {
        String rule = SlowRules.ruleFiringForSample();
        CaseFile slow = SlowRules.slowCase(dir);
        try (SlowRules s = SlowRules.sleepingIn(rule);
             BatchEvaluator e = rules().newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, BUDGET)) {
            long t0 = System.nanoTime();
            CaseTimeoutException x = assertThrows(CaseTimeoutException.class, () -> e.evaluate(slow));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms >= 190 && ms < 1500, "refused soon after the budget ran out: " + ms + " ms");
            assertEquals(1, s.slowed());
            assertEquals(CaseTimeoutException.Activity.FIRING, x.activity());
            assertEquals(rule, x.rule());
            assertEquals("$.enterprise", x.factPath());
            assertEquals(BUDGET, x.budget());
            assertEquals("SLOW-1", x.caseId());
            String m = x.getMessage();
            assertTrue(m.startsWith("评估超时：超出了每个案例 0.2 秒的时间预算，当时规则「" + rule + "」正在执行（对象 $.enterprise）"), m);
            assertTrue(m.contains("(evaluation timed out: the time budget of 0.2 s per case ran out while rule \"" + rule
                    + "\" was running for $.enterprise; the case was not evaluated)"), m);

            // the evaluator goes on: the next case (the sample as shipped) is evaluated as without a budget
            CaseFile normal = SlowRules.sample();
            assertEquals(json(rules().evaluate(normal)), json(e.evaluate(normal)));
        }
    }

    @Test
    void timeSpentInsertingAFactNamesTheFact() {
        CaseFile slow = SlowRules.slowCase(dir);
        try (SlowRules s = SlowRules.sleepingOnInsert();
             BatchEvaluator e = rules().newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, BUDGET)) {
            CaseTimeoutException x = assertThrows(CaseTimeoutException.class, () -> e.evaluate(slow));
            assertEquals(CaseTimeoutException.Activity.INSERTING, x.activity());
            assertNull(x.rule());
            assertTrue(x.getMessage().contains("当时正在插入事实 $.enterprise，计算以它为对象的规则的条件"), x.getMessage());
            assertTrue(x.getMessage().contains("while fact $.enterprise was being inserted"), x.getMessage());
        }
    }

    @Test
    void aLoopThatIgnoresInterruptsIsAbandonedAndTheEvaluatorGoesOn() throws Exception {
        String rule = SlowRules.ruleFiringForSample();
        CaseFile slow = SlowRules.slowCase(dir);
        CaseFile normal = SlowRules.sample();
        int before = Watchdog.runaway();
        try (SlowRules s = SlowRules.spinningIn(rule);
             BatchEvaluator e = rules().newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, BUDGET)) {
            long t0 = System.nanoTime();
            CaseTimeoutException x = assertThrows(CaseTimeoutException.class, () -> e.evaluate(slow));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(ms < 1500, "the caller got its answer although the thread still spins: " + ms + " ms");
            assertEquals(rule, x.rule());
            assertEquals(before + 1, Watchdog.runaway(), "the spinning thread was abandoned");
            // a new engine thread evaluates the next case while the abandoned one still spins
            assertEquals(json(rules().evaluate(normal)), json(e.evaluate(normal)));
            s.release();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (Watchdog.runaway() > before && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertEquals(before, Watchdog.runaway(), "the abandoned thread ended once its loop did");
        }
    }

    @Test
    void theListOfABatchIsGivenUpAndTheSlowCaseIsKnown() throws Exception {
        String rule = SlowRules.ruleFiringForSample();
        CaseFile slow = SlowRules.slowCase(dir);
        CaseFile other = SlowRules.sample();
        CaseFile third = CaseReader.read(TestSupport.samplesDir().resolve("s02-hightech-startup-in-incubator.json"));
        try (SlowRules s = SlowRules.sleepingIn(rule);
             BatchEvaluator e = rules().newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, BUDGET)) {
            CaseTimeoutException x = assertThrows(CaseTimeoutException.class,
                    () -> e.evaluate(List.of(other, slow, third), false, null));
            assertEquals(1, x.caseIndex(), "the firing that took the time was the second case's");
            assertEquals(rule, x.rule());
        }
    }

    @Test
    void everyCaseUnderTheDefaultBudgetIsEvaluatedAsWithout() throws Exception {
        List<CaseFile> cases = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.list(TestSupport.samplesDir())) {
            for (Path p : files.filter(com.subsidyevaluator.io.CaseFiles::isCaseFile).sorted().toList()) {
                cases.add(CaseReader.read(p));
            }
        }
        try (BatchEvaluator one = rules().newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST,
                BatchEvaluator.DEFAULT_CASE_BUDGET);
             BatchEvaluator list = rules().newBatchEvaluator(SessionStrategy.STATEFUL_REUSED,
                     BatchEvaluator.DEFAULT_CASE_BUDGET)) {
            List<EvaluationResult> together = list.evaluate(cases, false, null);
            for (int i = 0; i < cases.size(); i++) {
                EvaluationResult expected = rules().evaluate(cases.get(i));
                assertEquals(json(expected), json(one.evaluate(cases.get(i))), cases.get(i).caseId());
                assertEquals(json(expected.visible(false)), json(together.get(i)), cases.get(i).caseId());
            }
        }
    }

    @Test
    void evaluatePrintsTheRefusalForTheSlowCaseAndGoesOnWithTheOthers() {
        String rule = SlowRules.ruleFiringForSample();
        Path slow = SlowRules.writeSlowCase(dir.resolve("slow.json"), "SLOW-1");
        String normal = TestSupport.samplesDir().resolve(SlowRules.SAMPLE).toString();
        try (SlowRules s = SlowRules.sleepingIn(rule)) {
            Run r = TestSupport.cli("evaluate", slow.toString(), normal, "--rules", TestSupport.rulesDir().toString(),
                    "--case-timeout", "200ms");
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().startsWith(slow + ": 评估超时：超出了每个案例 0.2 秒的时间预算，当时规则「" + rule + "」正在执行"),
                    r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("    at "), "no stack trace: " + r.err());
            assertTrue(r.out().contains("[符合]"), "the other case is shown: " + r.out());
            assertFalse(r.out().contains(SlowRules.SLOW_APPLICANT), r.out());
        }
    }

    @Test
    void diffNamesTheRuleSetUnderWhichTheCaseTookTooLong() {
        String rule = SlowRules.ruleFiringForSample();
        Path slow = SlowRules.writeSlowCase(dir.resolve("slow.json"), "SLOW-1");
        String rulesDir = TestSupport.rulesDir().toString();
        try (SlowRules s = SlowRules.sleepingIn(rule)) {
            Run r = TestSupport.cli("diff", "--rules", rulesDir, "--against", rulesDir, slow.toString(),
                    "--case-timeout", "0.2s");
            assertEquals(2, r.exitCode(), r.err());
            assertTrue(r.err().contains(slow + ": 按修改前的规则集（--rules）评估超时"), r.err());
            assertTrue(r.err().contains("「" + rule + "」"), r.err());
        }
    }

    @Test
    void aDataTestWhoseCaseTakesTooLongFails() throws Exception {
        Path copy = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("rules"));
        try (var files = java.nio.file.Files.list(copy.resolve("tests"))) {
            for (Path f : files.toList()) {
                java.nio.file.Files.delete(f);
            }
        }
        java.nio.file.Files.writeString(copy.resolve("tests/12-slow.yaml"), """
                clause: "12"
                tests:
                  - name: 评估过慢的案例
                    asOf: 2023-06-30
                    input:
                      enterprise: { name: %s, kind: ENTERPRISE, inStatistics: true, hasRdInstitution: true, directReporting: true }
                    expect:
                      - { subject: "$.enterprise", status: ELIGIBLE }
                """.formatted(SlowRules.SLOW_APPLICANT));
        try (SlowRules s = SlowRules.sleepingOnInsert()) {
            Run r = TestSupport.cli("test", "--rules", copy.toString(), "--case-timeout", "200ms");
            assertEquals(5, r.exitCode(), r.out() + r.err());
            assertTrue(r.out().contains("✗ "), r.out());
            assertTrue(r.out().contains("评估超时：超出了每个案例 0.2 秒的时间预算，当时正在插入事实 $.enterprise"), r.out());
            assertTrue(r.out().contains("1 项测试：0 通过，1 失败"), r.out());
        }
    }

    @Test
    void offMeansNoLimit() {
        Path slowFile = SlowRules.writeSlowCase(dir.resolve("slow.json"), "SLOW-1");
        String rule = SlowRules.ruleFiringForSample();
        // the hook runs only in evaluations under a budget: without one, the slow case is not slowed down
        try (SlowRules s = SlowRules.sleepingIn(rule)) {
            Run r = TestSupport.cli("evaluate", slowFile.toString(), "--rules", TestSupport.rulesDir().toString(),
                    "--case-timeout", "off");
            assertEquals(0, r.exitCode(), r.err());
            assertEquals(0, s.slowed());
            assertTrue(r.out().contains(SlowRules.SLOW_APPLICANT), r.out());
        }
    }

    @Test
    void aBadCaseTimeoutIsAOneLineErrorWithExitCode2() {
        String sample = TestSupport.samplesDir().resolve(SlowRules.SAMPLE).toString();
        String[][] bad = {
            {"abc", "不是时长"}, {"2", "缺少单位 s 或 ms"}, {"1.5", "缺少单位 s 或 ms"}, {"-1s", "时长不能为负"},
            {"0.0001s", "最小单位为 1 毫秒"}, {"25h", "不是时长"}, {"100000s", "不能超过 24 小时"}, {"", "不是时长"},
        };
        for (String[] b : bad) {
            for (String command : new String[] {"evaluate", "test", "batch"}) {
                String[] args = switch (command) {
                    case "evaluate" -> new String[] {"evaluate", sample, "--case-timeout", b[0]};
                    case "test" -> new String[] {"test", "--case-timeout", b[0]};
                    default -> new String[] {"batch", sample, "--out", dir.resolve("out").toString(), "--case-timeout", b[0]};
                };
                Run r = TestSupport.cli(args);
                assertEquals(2, r.exitCode(), command + " " + b[0] + ": " + r.err());
                assertEquals("--case-timeout 的值 '" + b[0] + "' 无效：" + b[1]
                        + "；应为时长，如 2s、500ms、1.5s，或 0、off 表示不限时 (invalid --case-timeout '" + b[0] + "': ",
                        r.err().substring(0, r.err().indexOf("': ") + 3), command);
                assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            }
        }
    }
}
