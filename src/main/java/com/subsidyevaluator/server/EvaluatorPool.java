package com.subsidyevaluator.server;

import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.SessionStrategy;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;

/**
 * The evaluators of single-case requests for one rule set, kept between requests. An evaluator with a time budget
 * runs its cases on an engine thread of its own; made per request, that was a new thread (and its start) for every
 * case. Here at most {@code size} evaluate at once, each reused by the next request; a request that finds them all
 * busy waits its turn (first come, first served), so that on a machine of few processors the engine's work is not
 * spread over as many threads as there are connections.
 *
 * <p>Replaced with its rule set on a reload: {@link #close()} ends the idle evaluators, and those still in use are
 * ended when they come back.
 */
final class EvaluatorPool implements AutoCloseable {

    /** How many evaluate at once: two per processor (one parses and writes while the other evaluates). */
    static final int DEFAULT_SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());

    private final RuleSet rules;
    private final Duration budget;
    private final Semaphore turns;
    private final ArrayDeque<BatchEvaluator> idle = new ArrayDeque<>();
    private boolean closed;

    EvaluatorPool(RuleSet rules, Duration budget, int size) {
        this.rules = rules;
        this.budget = budget;
        this.turns = new Semaphore(size, true);
    }

    /** An evaluator for this thread until {@link #release}: one kept, or a new one. Waits while all are in use. */
    BatchEvaluator acquire() throws InterruptedException {
        turns.acquire();
        synchronized (this) {
            BatchEvaluator e = idle.pollFirst();
            if (e != null) {
                return e;
            }
        }
        try {
            return rules.newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, budget);
        } catch (RuntimeException | Error e) {
            turns.release();
            throw e;
        }
    }

    void release(BatchEvaluator e) {
        boolean keep;
        synchronized (this) {
            keep = !closed;
            if (keep) {
                idle.addFirst(e);
            }
        }
        if (!keep) {
            e.close();
        }
        turns.release();
    }

    @Override
    public void close() {
        ArrayDeque<BatchEvaluator> ending;
        synchronized (this) {
            closed = true;
            ending = new ArrayDeque<>(idle);
            idle.clear();
        }
        ending.forEach(BatchEvaluator::close);
    }
}
