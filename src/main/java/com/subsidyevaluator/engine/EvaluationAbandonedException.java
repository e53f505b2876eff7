package com.subsidyevaluator.engine;

import java.util.concurrent.CancellationException;

/**
 * Thrown on a thread that came back from an evaluation after it had been abandoned: it ran past the time budget and
 * did not stop when asked (see {@link BatchEvaluator#evaluate(java.util.List, boolean, java.util.function.Consumer)}).
 * Its work has been handed over to {@code ifAbandoned}; the thread must not go on with it.
 */
public final class EvaluationAbandonedException extends CancellationException {
    private static final long serialVersionUID = 1L;

    private final transient CaseTimeoutException timeout;

    EvaluationAbandonedException(CaseTimeoutException timeout) {
        super("评估线程超时后被放弃，其工作已交给其他线程 (the evaluating thread was abandoned after the time budget ran "
                + "out; its work was handed over)");
        this.timeout = timeout;
    }

    /** Why the evaluation was given up. */
    public CaseTimeoutException timeout() {
        return timeout;
    }
}
