package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.kie.api.runtime.KieSession;

/**
 * One daemon thread that watches every evaluation running under a time budget in this JVM, so that every
 * evaluation ends whatever the rules do.
 *
 * <p>An evaluation registers when it starts ({@link #watch}) and says when it ends ({@link Watched#finish()}); that is
 * all the evaluating thread does for it, besides publishing what it does in its {@link BudgetWatch}. A few times a
 * second (every tenth of the smallest budget, at least every 100 ms) the watchdog looks at each: when a case's time
 * exceeds the budget it <em>gives the evaluation up</em>: it halts the session and interrupts the thread, which stops
 * at its next step and throws a {@link CaseTimeoutException}. A thread that has not come back {@link #GRACE} later
 * (a loop that cannot be interrupted) is <em>abandoned</em>: the evaluation's {@code ifAbandoned} is told, on the
 * watchdog's thread, so that the thread's work can be done by another; the thread is left to end on its own (it is a
 * daemon) and, should it come back, throws {@link EvaluationAbandonedException}. Abandoned threads still running are
 * counted ({@link #runaway()}): when there are {@link #RUNAWAY_LIMIT}, new evaluations are refused, so that they
 * cannot take every processor.
 */
final class Watchdog {

    /** How long a given-up thread has to come back before it is abandoned. */
    static final long GRACE = TimeUnit.MILLISECONDS.toNanos(100);
    /** Abandoned threads still running from which on new evaluations are refused. */
    static final int RUNAWAY_LIMIT = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    private static final long LONGEST_TICK = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SHORTEST_TICK = TimeUnit.MILLISECONDS.toNanos(2);
    /** A wake-up this much later than planned means the JVM stood still meanwhile. */
    private static final long PAUSE = TimeUnit.MILLISECONDS.toNanos(50);

    private static final AtomicInteger RUNAWAY = new AtomicInteger();
    private static final Set<Watched> ACTIVE = ConcurrentHashMap.newKeySet();
    private static volatile Thread thread;
    private static volatile long tick = LONGEST_TICK;

    private Watchdog() {
    }

    /** Abandoned threads still running. */
    static int runaway() {
        return RUNAWAY.get();
    }

    /** Throws the refusal when too many abandoned threads are still running. */
    static void admit(Duration budget) {
        int running = RUNAWAY.get();
        if (running >= RUNAWAY_LIMIT) {
            throw CaseTimeoutException.refused(budget, running);
        }
    }

    /**
     * Registers the evaluation of {@code cases} on the calling thread, which publishes what it does in {@code watch}.
     *
     * @param ifAbandoned told (on the watchdog's thread) when the calling thread is abandoned; may be null
     */
    static Watched watch(BudgetWatch watch, Duration budget, List<CaseFile> cases,
                         Consumer<CaseTimeoutException> ifAbandoned) {
        Watched w = new Watched(watch, Thread.currentThread(), budget, cases, ifAbandoned);
        ACTIVE.add(w);
        Thread t = thread;
        if (t == null) {
            t = start();
        }
        if (w.tickNanos < tick) {
            tick = w.tickNanos;
            LockSupport.unpark(t);
        }
        return w;
    }

    private static synchronized Thread start() {
        if (thread == null) {
            Thread t = new Thread(Watchdog::run, "subsidy-watchdog");
            t.setDaemon(true);
            t.start();
            thread = t;
        }
        return thread;
    }

    private static void run() {
        long last = System.nanoTime();
        while (true) {
            long planned = tick;
            LockSupport.parkNanos(planned);
            long now = System.nanoTime();
            // Woken much later than planned: the whole JVM (or machine) stood still, a long garbage collection for
            // instance. That time is not the evaluations' own: it is not counted against their budgets.
            long stood = now - last - planned > PAUSE ? now - last - planned : 0;
            last = now;
            long next = LONGEST_TICK;
            for (Watched w : ACTIVE) {
                try {
                    w.looks.paused += stood;
                    w.look(now);
                } catch (Throwable e) {
                    // never let one evaluation stop the watching of the others
                }
                next = Math.min(next, w.tickNanos);
            }
            tick = next;
        }
    }

    /** One evaluation being watched. */
    static final class Watched {
        static final int RUNNING = 0;
        static final int GIVEN_UP = 1;
        static final int RETURNED = 2;
        static final int ABANDONED = 3;
        static final int DONE = 4;

        private final BudgetWatch watch;
        private final Thread thread;
        private final Duration budget;
        private final long budgetNanos;
        final long tickNanos;
        private final List<CaseFile> cases;
        private final Consumer<CaseTimeoutException> ifAbandoned;
        private final BudgetWatch.Looks looks;
        private final AtomicInteger state = new AtomicInteger(RUNNING);
        /** Written before the state leaves RUNNING. */
        private volatile CaseTimeoutException timeout;
        private long givenUpAt;

        Watched(BudgetWatch watch, Thread thread, Duration budget, List<CaseFile> cases,
                Consumer<CaseTimeoutException> ifAbandoned) {
            this.watch = watch;
            this.thread = thread;
            this.budget = budget;
            this.budgetNanos = budget.toNanos();
            this.tickNanos = Math.max(SHORTEST_TICK, Math.min(LONGEST_TICK, budgetNanos / 10));
            this.cases = cases;
            this.ifAbandoned = ifAbandoned;
            this.looks = new BudgetWatch.Looks(System.nanoTime());
        }

        /** On the watchdog's thread. */
        void look(long now) {
            switch (state.get()) {
                case RUNNING -> {
                    BudgetWatch.Overrun o = watch.check(now, budgetNanos, cases, looks);
                    if (o == null) {
                        return;
                    }
                    String caseId = o.caseIndex() >= 0 && o.caseIndex() < cases.size()
                            ? cases.get(o.caseIndex()).caseId() : null;
                    timeout = CaseTimeoutException.of(budget, o, cases.size(), caseId);
                    synchronized (this) {
                        if (!state.compareAndSet(RUNNING, GIVEN_UP)) {
                            return; // it has just ended
                        }
                        givenUpAt = now;
                        watch.cancelled = true;
                        KieSession s = watch.session;
                        if (s != null) {
                            try {
                                s.halt();
                            } catch (RuntimeException e) {
                                // the session is already over
                            }
                        }
                        thread.interrupt();
                    }
                }
                case GIVEN_UP -> {
                    if (now - givenUpAt > GRACE && state.compareAndSet(GIVEN_UP, ABANDONED)) {
                        ACTIVE.remove(this);
                        RUNAWAY.incrementAndGet();
                        if (ifAbandoned != null) {
                            ifAbandoned.accept(timeout);
                        }
                    }
                }
                default -> ACTIVE.remove(this);
            }
        }

        /**
         * On the evaluating thread, when the evaluation has returned (or thrown): {@link #DONE} (within the budget),
         * {@link #RETURNED} (given up, and the thread came back in time: its interrupt status is cleared) or
         * {@link #ABANDONED} (the thread came back too late: its work has been handed over).
         */
        int finish() {
            int s;
            synchronized (this) {
                if (state.compareAndSet(RUNNING, DONE)) {
                    s = DONE;
                } else if (state.compareAndSet(GIVEN_UP, RETURNED)) {
                    s = RETURNED;
                } else {
                    s = ABANDONED;
                }
            }
            ACTIVE.remove(this);
            if (s != DONE) {
                Thread.interrupted(); // the watchdog's interrupt, delivered before the state changed
            }
            if (s == ABANDONED) {
                RUNAWAY.decrementAndGet();
            }
            return s;
        }

        /** Why the evaluation was given up (after {@link #finish()} said so). */
        CaseTimeoutException timeout() {
            return timeout;
        }
    }
}
