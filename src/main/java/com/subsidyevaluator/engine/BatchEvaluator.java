package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;
import java.util.List;

/**
 * Evaluates lists of cases (mini-batches) on one thread, for large batches. Each list is fired in one engine
 * session; by default the session is kept and cleared between lists. The results equal those of
 * {@link RuleSet#evaluate(CaseFile)} case by case, shown with {@link EvaluationResult#visible(boolean)}: with
 * {@code all} false, not-eligible outcomes are left out without being explained, which saves most of the work.
 *
 * <p>Not thread-safe: use one per thread, and close it to release its session.
 *
 * <pre>{@code
 * try (BatchEvaluator e = rules.newBatchEvaluator()) {
 *     List<EvaluationResult> results = e.evaluate(cases, false);
 * }
 * }</pre>
 */
public final class BatchEvaluator implements AutoCloseable {

    private final CaseEvaluator evaluator;
    private final CaseEvaluator.Sessions sessions;

    BatchEvaluator(CaseEvaluator evaluator, SessionStrategy strategy) {
        this.evaluator = evaluator;
        this.sessions = evaluator.sessions(switch (strategy) {
            case STATELESS_PER_CASE -> CaseEvaluator.SessionMode.STATELESS_PER_CASE;
            case STATEFUL_PER_LIST -> CaseEvaluator.SessionMode.ONE_PER_CALL;
            case STATEFUL_REUSED -> CaseEvaluator.SessionMode.REUSED;
        });
    }

    /**
     * Evaluates the cases (each must have its {@code asOf}); results in the order of the cases.
     *
     * @param all also build (and explain) not-eligible outcomes
     */
    public List<EvaluationResult> evaluate(List<CaseFile> cases, boolean all) {
        return evaluator.evaluate(cases, all, sessions);
    }

    @Override
    public void close() {
        sessions.close();
    }
}
