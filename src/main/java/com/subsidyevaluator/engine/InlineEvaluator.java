package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Evaluates lists of cases on the calling thread under a time budget per case, watched by the {@link Watchdog}: the
 * normal path costs the registration of each list and a few plain stores per fact and firing, no hand-over to
 * another thread. Not thread-safe: one calling thread at a time; it keeps its own sessions.
 */
final class InlineEvaluator implements AutoCloseable {

    private final CaseEvaluator evaluator;
    private final CaseEvaluator.SessionMode mode;
    private final Duration budget;
    private BudgetWatch watch = new BudgetWatch();
    private CaseEvaluator.Sessions sessions;
    /** Guarded by this: an evaluation is running; close() was called (the sessions are closed when it ends). */
    private boolean running;
    private boolean closed;

    InlineEvaluator(CaseEvaluator evaluator, CaseEvaluator.SessionMode mode, Duration budget) {
        this.evaluator = evaluator;
        this.mode = mode;
        this.budget = budget;
        this.sessions = evaluator.sessions(mode, watch);
    }

    Duration budget() {
        return budget;
    }

    /**
     * Evaluates the cases as {@link CaseEvaluator#evaluate(List, boolean, CaseEvaluator.Sessions)} does.
     *
     * @param ifAbandoned told, on the watchdog's thread, when the calling thread does not come back from a given-up
     *                    evaluation (its work must then be done by another thread); may be null
     * @throws CaseTimeoutException         when a case's time exceeded the budget (or too many abandoned threads
     *                                      are still running)
     * @throws EvaluationAbandonedException when the calling thread comes back after it was abandoned
     */
    List<EvaluationResult> evaluate(List<CaseFile> cases, boolean notEligible,
                                    Consumer<CaseTimeoutException> ifAbandoned) {
        if (cases.isEmpty()) {
            return List.of();
        }
        Watchdog.admit(budget);
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("evaluator closed");
            }
            running = true;
        }
        BudgetWatch w = watch;
        Watchdog.Watched watched = Watchdog.watch(w, budget, cases, ifAbandoned);
        List<EvaluationResult> value = null;
        Throwable failure = null;
        try {
            w.begin();
            value = evaluator.evaluate(cases, notEligible, sessions);
        } catch (Throwable e) {
            failure = e;
        } finally {
            w.end();
        }
        int state = watched.finish();
        if (state != Watchdog.Watched.DONE) {
            // the session may have been halted or interrupted: start again with new ones
            try {
                sessions.close();
            } catch (RuntimeException e) {
                // a broken session: dropped anyway
            }
            watch = new BudgetWatch();
            sessions = evaluator.sessions(mode, watch);
        }
        synchronized (this) {
            running = false;
            if (closed) {
                sessions.close();
            }
        }
        if (state == Watchdog.Watched.RETURNED) {
            throw watched.timeout();
        }
        if (state == Watchdog.Watched.ABANDONED) {
            throw new EvaluationAbandonedException(watched.timeout());
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error er) {
            throw er;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        return value;
    }

    /** Closes the sessions, at once or, when an evaluation still runs (an abandoned thread), when it ends. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!running) {
            sessions.close();
        }
    }
}
