package com.subsidyevaluator.engine;

/** {@link SlowRules} for the tests of other packages (the server's). */
public final class SlowCases implements AutoCloseable {

    /** The applicant whose evaluation is made slow. */
    public static final String SLOW_APPLICANT = SlowRules.SLOW_APPLICANT;

    private final SlowRules slow;

    private SlowCases(SlowRules slow) {
        this.slow = slow;
    }

    /** Sleeps (interruptibly) right before a rule that fires for the sample's applicant fires for the slow applicant. */
    public static SlowCases sleepingInARule() {
        return new SlowCases(SlowRules.sleepingIn(SlowRules.ruleFiringForSample()));
    }

    /** The rule that is made slow. */
    public static String rule() {
        return SlowRules.ruleFiringForSample();
    }

    @Override
    public void close() {
        slow.close();
    }
}
