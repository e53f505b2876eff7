package com.subsidyevaluator.engine;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.Enterprise;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Makes evaluations really slow for the time-budget tests, through the test seam {@link BudgetWatch#hook}: right
 * before a named rule fires (or a fact is inserted) for the applicant with a given name, the evaluating thread sleeps
 * (until interrupted) or spins (deaf to interrupts, until released). The applicant's name is one no other test uses,
 * so that tests running meanwhile are not slowed down.
 */
final class SlowRules implements AutoCloseable {

    /** The applicant whose evaluation is made slow. */
    static final String SLOW_APPLICANT = "超时测试专用慢速电气有限公司";
    /** The sample the slow case is made of, and the rule that fires for its applicant. */
    static final String SAMPLE = "s01-smart-electrical-manufacturer.json";

    private final CountDownLatch release = new CountDownLatch(1);
    private volatile int slowed;

    private SlowRules(String rule, boolean spin) {
        BiConsumer<String, Object> h = (firing, fact) -> {
            if (!(fact instanceof Enterprise e) || !SLOW_APPLICANT.equals(e.name())) {
                return;
            }
            if (rule == null ? firing != null : !rule.equals(firing)) {
                return;
            }
            slowed++;
            if (spin) {
                // a loop that ignores interrupts, as a runaway computation would
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (release.getCount() > 0 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            } else {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
        };
        BudgetWatch.hook = h;
    }

    /** Sleeps (interruptibly) right before {@code rule} fires for the slow applicant. */
    static SlowRules sleepingIn(String rule) {
        return new SlowRules(rule, false);
    }

    /** Spins, deaf to interrupts, right before {@code rule} fires for the slow applicant, until {@link #release()}. */
    static SlowRules spinningIn(String rule) {
        return new SlowRules(rule, true);
    }

    /** Sleeps (interruptibly) right before the slow applicant's enterprise fact is inserted. */
    static SlowRules sleepingOnInsert() {
        return new SlowRules(null, false);
    }

    int slowed() {
        return slowed;
    }

    void release() {
        release.countDown();
    }

    @Override
    public void close() {
        BudgetWatch.hook = null;
        release();
    }

    /** A rule that fires for the sample's applicant (its enterprise). */
    static String ruleFiringForSample() {
        CaseFile c = sample();
        for (Outcome o : TestSupport.shippedRules().evaluate(c).withStatus(Status.ELIGIBLE)) {
            if (o.subject().path().equals("$.enterprise")) {
                return o.rule();
            }
        }
        throw new AssertionError("no rule fires for the enterprise of " + SAMPLE);
    }

    /** The sample as shipped. */
    static CaseFile sample() {
        try {
            return CaseReader.read(TestSupport.samplesDir().resolve(SAMPLE));
        } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The sample with the slow applicant's name (and {@code caseId}), written to {@code file}. */
    static Path writeSlowCase(Path file, String caseId) {
        try {
            ObjectNode n = (ObjectNode) Json.mapper().readTree(TestSupport.samplesDir().resolve(SAMPLE).toFile());
            n.put("caseId", caseId);
            ((ObjectNode) n.get("enterprise")).put("name", SLOW_APPLICANT);
            Files.createDirectories(file.getParent());
            Files.writeString(file, Json.pretty().writeValueAsString(n));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The slow case, read. */
    static CaseFile slowCase(Path dir) {
        try {
            return CaseReader.read(writeSlowCase(dir.resolve("slow.json"), "SLOW-1"));
        } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
