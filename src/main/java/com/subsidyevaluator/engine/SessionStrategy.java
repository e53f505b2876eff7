package com.subsidyevaluator.engine;

/**
 * How a {@link BatchEvaluator} uses rule-engine sessions. Results are the same whichever is used; only the time
 * differs (see docs/performance.md).
 */
public enum SessionStrategy {
    /** A new stateless session for every case: the plain way to use Drools. */
    STATELESS_PER_CASE,
    /** A new stateful session for each list of cases (a mini-batch), disposed afterwards. */
    STATEFUL_PER_LIST,
    /** One stateful session per evaluator, cleared between lists. */
    STATEFUL_REUSED
}
