package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates lists of cases under a time budget per case for a caller whose thread cannot be abandoned (a command's
 * main thread, a library user's): the evaluation runs on an engine thread of the guard's own (a daemon, started once
 * and reused: one hand-over per list), watched by the {@link Watchdog}, while the caller waits. When a case runs past
 * the budget the caller gets the {@link CaseTimeoutException} soon after, whether the engine thread stops when asked
 * (it is then used again) or not (it is abandoned, and a new one is started for the next list).
 *
 * <p>Batches do without the hand-over: their worker threads evaluate on their own thread ({@link InlineEvaluator})
 * and hand the work of an abandoned worker to another.
 *
 * <p>Used by one calling thread at a time (like {@link BatchEvaluator}); close it to end its engine thread.
 */
final class BudgetGuard implements AutoCloseable {

    private static final AtomicInteger THREADS = new AtomicInteger();

    private final CaseEvaluator evaluator;
    private final CaseEvaluator.SessionMode mode;
    private final Duration budget;
    private Worker worker;

    BudgetGuard(CaseEvaluator evaluator, CaseEvaluator.SessionMode mode, Duration budget) {
        this.evaluator = evaluator;
        this.mode = mode;
        this.budget = budget;
    }

    Duration budget() {
        return budget;
    }

    /**
     * Evaluates the cases as {@link CaseEvaluator#evaluate(List, boolean, CaseEvaluator.Sessions)} does.
     *
     * @throws CaseTimeoutException  when a case's time exceeded the budget (or the evaluation is refused)
     * @throws CancellationException when the calling thread is interrupted (its interrupt status is set again)
     */
    List<EvaluationResult> evaluate(List<CaseFile> cases, boolean notEligible) {
        if (cases.isEmpty()) {
            return List.of();
        }
        Watchdog.admit(budget);
        if (worker == null || worker.abandoned) {
            worker = new Worker();
        }
        Task t = new Task(cases, notEligible);
        Worker w = worker;
        w.tasks.add(t);
        try {
            return t.result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("评估被中断 (evaluation interrupted)");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.tasks.add(Task.STOP);
            worker = null;
        }
    }

    /** One list to evaluate. */
    private static final class Task {
        static final Task STOP = new Task(List.of(), false);

        final List<CaseFile> cases;
        final boolean notEligible;
        final CompletableFuture<List<EvaluationResult>> result = new CompletableFuture<>();

        Task(List<CaseFile> cases, boolean notEligible) {
            this.cases = cases;
            this.notEligible = notEligible;
        }
    }

    /** The engine thread. */
    private final class Worker implements Runnable {
        final BlockingQueue<Task> tasks = new LinkedBlockingQueue<>();
        /** Set (by the watchdog) when the thread was abandoned: a new one takes its place. */
        volatile boolean abandoned;

        Worker() {
            Thread thread = new Thread(this, "subsidy-evaluation-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void run() {
            try (InlineEvaluator inline = new InlineEvaluator(evaluator, mode, budget)) {
                while (true) {
                    Task t;
                    try {
                        t = tasks.take();
                    } catch (InterruptedException e) {
                        continue; // a late interrupt meant for an evaluation that is over
                    }
                    if (t == Task.STOP) {
                        return;
                    }
                    Thread.interrupted(); // likewise
                    try {
                        t.result.complete(inline.evaluate(t.cases, t.notEligible, timeout -> {
                            abandoned = true;
                            t.result.completeExceptionally(timeout);
                        }));
                    } catch (EvaluationAbandonedException e) {
                        return; // the caller has had its answer and a new engine thread
                    } catch (Throwable e) {
                        t.result.completeExceptionally(e);
                    }
                }
            }
        }
    }
}
