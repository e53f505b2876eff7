package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Evaluates lists of cases (mini-batches) on one thread, for large batches. Each list is fired in one engine
 * session; by default the session is kept and cleared between lists. The results equal those of
 * {@link RuleSet#evaluate(CaseFile)} case by case, shown with {@link EvaluationResult#visible(boolean)}: with
 * {@code all} false, not-eligible outcomes are left out without being explained, which saves most of the work.
 *
 * <p>With a time budget per case ({@link RuleSet#newBatchEvaluator(SessionStrategy, Duration)}) every evaluation
 * ends: a case whose evaluation takes longer than the budget is refused with a {@link CaseTimeoutException} that
 * names the rule that was running, and the evaluator goes on with the next list. One daemon thread watches every
 * such evaluation in the JVM. {@link #evaluate(List, boolean)} then evaluates on an engine thread of the evaluator's
 * own, while the caller waits (so that the caller always gets its answer, even from a rule that loops and cannot be
 * interrupted); {@link #evaluate(List, boolean, Consumer)} evaluates on the calling thread, for callers (like the
 * batch runner) that can hand the work of a thread that does not come back to another.
 *
 * <p>Not thread-safe: use one per thread, and close it to release its session (and its engine thread).
 *
 * <pre>{@code
 * try (BatchEvaluator e = rules.newBatchEvaluator()) {
 *     List<EvaluationResult> results = e.evaluate(cases, false);
 * }
 * }</pre>
 */
public final class BatchEvaluator implements AutoCloseable {

    /** The time budget per case of the commands unless {@code --case-timeout} says otherwise. */
    public static final Duration DEFAULT_CASE_BUDGET = Duration.ofSeconds(2);

    private final CaseEvaluator evaluator;
    private final CaseEvaluator.SessionMode mode;
    private final Duration budget;
    /** The sessions when there is no budget. */
    private CaseEvaluator.Sessions sessions;
    /** With a budget: the engine thread, and the evaluation on the calling thread (each made when first needed). */
    private BudgetGuard guard;
    private InlineEvaluator inline;

    BatchEvaluator(CaseEvaluator evaluator, SessionStrategy strategy, Duration caseBudget) {
        this.evaluator = evaluator;
        this.mode = switch (strategy) {
            case STATELESS_PER_CASE -> CaseEvaluator.SessionMode.STATELESS_PER_CASE;
            case STATEFUL_PER_LIST -> CaseEvaluator.SessionMode.ONE_PER_CALL;
            case STATEFUL_REUSED -> CaseEvaluator.SessionMode.REUSED;
        };
        if (caseBudget != null && caseBudget.isNegative()) {
            throw new IllegalArgumentException("negative time budget: " + caseBudget);
        }
        this.budget = caseBudget == null || caseBudget.isZero() ? null : caseBudget;
        if (budget == null) {
            this.sessions = evaluator.sessions(mode);
        }
    }

    /**
     * Evaluates the cases (each must have its {@code asOf}); results in the order of the cases. With a time budget
     * the evaluation runs on the evaluator's engine thread.
     *
     * @param all also build (and explain) not-eligible outcomes
     * @throws CaseTimeoutException with a time budget, when a case's evaluation took longer: its
     *                              {@link CaseTimeoutException#caseIndex() caseIndex} is the slow case, or -1 when
     *                              the time was that of the list as a whole (evaluate the cases one at a time then)
     */
    public List<EvaluationResult> evaluate(List<CaseFile> cases, boolean all) {
        if (budget == null) {
            return evaluator.evaluate(cases, all, sessions);
        }
        if (guard == null) {
            guard = new BudgetGuard(evaluator, mode, budget);
        }
        return guard.evaluate(cases, all);
    }

    /**
     * Evaluates the cases on the calling thread (no hand-over to another thread), within the time budget per case.
     * If the calling thread runs past the budget and does not stop when asked (a loop that cannot be interrupted),
     * it is abandoned: {@code ifAbandoned} is told, on another thread, so that the caller's work can be done by
     * another thread, and should the calling thread ever come back, this method throws
     * {@link EvaluationAbandonedException} and the thread must not go on with that work. Without a budget this is
     * {@link #evaluate(List, boolean)}.
     *
     * @throws CaseTimeoutException         as {@link #evaluate(List, boolean)}
     * @throws EvaluationAbandonedException when the calling thread comes back after it was abandoned
     */
    public List<EvaluationResult> evaluate(List<CaseFile> cases, boolean all,
                                           Consumer<CaseTimeoutException> ifAbandoned) {
        if (budget == null) {
            return evaluator.evaluate(cases, all, sessions);
        }
        if (inline == null) {
            inline = new InlineEvaluator(evaluator, mode, budget);
        }
        return inline.evaluate(cases, all, ifAbandoned);
    }

    /**
     * Evaluates one case with every outcome, as {@link RuleSet#evaluate(CaseFile)} does.
     *
     * @throws CaseTimeoutException with a time budget, when the case's evaluation took longer
     */
    public EvaluationResult evaluate(CaseFile c) {
        return evaluate(List.of(c), true).get(0);
    }

    /** The time budget per case, or null for none. */
    public Duration caseBudget() {
        return budget;
    }

    /**
     * Releases the sessions and the engine thread. Sessions still in use by an abandoned thread are released when it
     * comes back.
     */
    @Override
    public void close() {
        if (sessions != null) {
            sessions.close();
        }
        if (guard != null) {
            guard.close();
        }
        if (inline != null) {
            inline.close();
        }
    }
}
