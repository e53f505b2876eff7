package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload: success swaps the rule set, failure keeps the old one serving, evaluations in flight are unaffected. */
class ReloadingRuleSetTest {

    private static final String RULE_FILE = "02-science-and-technology.drl";
    private static final String THRESHOLD = "rdExpenseWan > 0 )";
    private static final long WAIT_SECONDS = 60;

    @TempDir
    Path tmp;

    /** Records what the reloader reports, for the test to wait on with a timeout. */
    static final class Events implements ReloadingRuleSet.Listener {
        final BlockingQueue<RuleSet> reloaded = new LinkedBlockingQueue<>();
        final BlockingQueue<List<RuleProblem>> failed = new LinkedBlockingQueue<>();

        @Override
        public void reloaded(RuleSet now, RuleSet before) {
            reloaded.add(now);
        }

        @Override
        public void failed(List<RuleProblem> problems) {
            failed.add(problems);
        }
    }

    private Path rules() {
        return TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
    }

    /** S02 spends 210 万元 on R&D: eligible for clause 11's deduction while the threshold is 0, not at 500. */
    private static CaseFile s02() throws Exception {
        return CaseReader.read(TestSupport.samplesDir().resolve("s02-hightech-startup-in-incubator.json"));
    }

    private static Status deduction(EvaluationResult r) {
        return r.outcomes().stream().filter(o -> o.title().equals("研发费用加计扣除")).findFirst().orElseThrow().status();
    }

    private static void edit(Path dir, String from, String to) throws Exception {
        Path f = dir.resolve(RULE_FILE);
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), RULE_FILE + " contains " + from);
        Files.writeString(f, text.replace(from, to), StandardCharsets.UTF_8);
    }

    @Test
    void aSuccessfulEditReplacesTheRuleSet() throws Exception {
        Path dir = rules();
        Events events = new Events();
        try (ReloadingRuleSet rules = ReloadingRuleSet.watch(dir, Duration.ofMillis(50), events)) {
            RuleSet first = rules.current();
            assertEquals(Status.ELIGIBLE, deduction(rules.evaluate(s02())));

            edit(dir, THRESHOLD, "rdExpenseWan > 500 )");
            RuleSet now = events.reloaded.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(now != null, "reloaded after the edit");
            assertSame(now, rules.current());
            assertNotEquals(first.hash(), now.hash());
            assertEquals(Status.NOT_ELIGIBLE, deduction(rules.evaluate(s02())));
            assertEquals(now.hash(), rules.evaluate(s02()).ruleSet().hash());
            assertTrue(events.failed.isEmpty());
        }
    }

    @Test
    void aFailedEditKeepsTheOldRulesServingAndReportsWhy() throws Exception {
        Path dir = rules();
        Events events = new Events();
        try (ReloadingRuleSet rules = ReloadingRuleSet.watch(dir, Duration.ofMillis(50), events)) {
            RuleSet first = rules.current();
            edit(dir, THRESHOLD, "rdExpence > 500 )");
            List<RuleProblem> problems = events.failed.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(problems != null, "the failed rebuild is reported");
            assertTrue(problems.stream().anyMatch(p -> p.message().contains("没有字段 'rdExpence'")
                    && p.file().equals(RULE_FILE) && p.line() > 0), problems.toString());
            assertSame(first, rules.current());
            assertEquals(Status.ELIGIBLE, deduction(rules.evaluate(s02())));
            assertEquals(first.hash(), rules.evaluate(s02()).ruleSet().hash());

            // Fixing the file brings the next version in.
            edit(dir, "rdExpence > 500 )", "rdExpenseWan > 500 )");
            RuleSet fixed = events.reloaded.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(fixed != null, "reloaded after the fix");
            assertEquals(Status.NOT_ELIGIBLE, deduction(rules.evaluate(s02())));
        }
    }

    @Test
    void anEvaluationInFlightFinishesOnTheRuleSetItStartedWith() throws Exception {
        Path dir = rules();
        Events events = new Events();
        CaseFile applicant = s02();
        try (ReloadingRuleSet rules = ReloadingRuleSet.watch(dir, Duration.ofMillis(50), events)) {
            RuleSet first = rules.current();
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch reloaded = new CountDownLatch(1);
            CompletableFuture<EvaluationResult> inFlight = CompletableFuture.supplyAsync(() -> rules.using(rs -> {
                started.countDown();
                try {
                    assertTrue(reloaded.await(WAIT_SECONDS, TimeUnit.SECONDS), "reload happened meanwhile");
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return rs.evaluate(applicant);
            }));
            assertTrue(started.await(WAIT_SECONDS, TimeUnit.SECONDS));
            edit(dir, THRESHOLD, "rdExpenseWan > 500 )");
            RuleSet now = events.reloaded.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(now != null, "reloaded while the evaluation was in flight");
            assertSame(now, rules.current());
            reloaded.countDown();

            EvaluationResult old = inFlight.get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals(first.hash(), old.ruleSet().hash());
            assertEquals(Status.ELIGIBLE, deduction(old));
            EvaluationResult fresh = rules.evaluate(applicant);
            assertEquals(now.hash(), fresh.ruleSet().hash());
            assertEquals(Status.NOT_ELIGIBLE, deduction(fresh));
        }
    }

    @Test
    void changesInQuickSuccessionAreBuiltOnce() throws Exception {
        Path dir = rules();
        Events events = new Events();
        // A long quiet period: three edits within it give one rebuild, of the last version.
        try (ReloadingRuleSet rules = ReloadingRuleSet.watch(dir, Duration.ofSeconds(2), events)) {
            edit(dir, THRESHOLD, "rdExpenseWan > 100 )");
            edit(dir, "rdExpenseWan > 100 )", "rdExpenseWan > 200 )");
            edit(dir, "rdExpenseWan > 200 )", "rdExpenseWan > 500 )");
            RuleSet now = events.reloaded.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(now != null);
            assertEquals(Status.NOT_ELIGIBLE, deduction(now.evaluate(s02())));
            // Nothing else is pending: a reload requested now is the next one reported.
            rules.reloadNow();
            RuleSet again = events.reloaded.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertTrue(again != null);
            assertEquals(now.hash(), again.hash());
            assertTrue(events.reloaded.isEmpty());
            assertTrue(events.failed.isEmpty());
        }
    }
}
