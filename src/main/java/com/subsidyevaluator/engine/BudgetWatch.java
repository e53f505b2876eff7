package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.CaseFile.LocatedFact;
import java.util.List;
import java.util.function.BiConsumer;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.rule.Match;

/**
 * What an evaluation under a time budget is doing, published by the evaluating thread for the {@link Watchdog}
 * that watches it: which case's own work runs (its facts being inserted, its outcomes being explained) or whether
 * work shared by the cases of a list runs (the rule firings), and what exactly (the fact, the firing match, the rule
 * being explained).
 *
 * <p>The evaluating thread only writes plain fields, and never reads a clock: a case index per case phase, a
 * reference per step (a fact, a firing, a rule explained). The watchdog keeps the time: at each of its looks it
 * charges the time since its last look to what is running then (the {@link Looks}), so that a case's charge is
 * accurate to one look (a tenth of the budget, at most 100 ms) while the normal path pays a few plain stores per fact
 * and per firing.
 *
 * <p>How time is counted per case: its own time (inserting its facts, explaining its outcomes) is its own; the
 * firings of a list are not told apart by case, so every case of the list is charged all of them, except that a
 * single firing that by itself runs longer than the budget is charged to the case of the fact it fired for. A case
 * whose charge exceeds the budget ends the list's evaluation; it is known to be the slow one when its own time or
 * one of its firings alone exceeded the budget, else the list must be evaluated again case by case.
 */
final class BudgetWatch {

    /**
     * Test seam, null in production: called on the evaluating thread of evaluations under a time budget only, with
     * {@code (ruleName, fact)} right before a rule fires for {@code fact} and with {@code (null, fact)} right before
     * a fact is inserted. A test sets it to make an evaluation really slow (it sleeps, or spins) without depending on
     * what rule files may contain. Package-private and static: rule files cannot reach it (they may not refer to
     * this package's classes other than {@link OutcomeRecorder}, nor to static state) and no command sets it.
     */
    static volatile BiConsumer<String, Object> hook;

    // ----------------------------------------------------------------------------- published to the watchdog

    /** The case (index in the list given to the evaluator) whose own work runs, or -1 for work of the whole list. */
    private int caseIndex = -1;
    /** What runs: a {@link LocatedFact} being inserted, a firing {@link Match}, a {@link RuleDefinition} being explained, or null. */
    private Object what;
    /** The fact a rule is being explained for (with {@link #what} a rule), else null. */
    private LocatedFact whatFact;

    /** The session of the running evaluation, so that the watchdog can halt it. */
    volatile KieSession session;
    /** Set by the watchdog when the evaluation is given up: the evaluating thread stops at its next case boundary. */
    volatile boolean cancelled;

    /** Added to case indices when a list is evaluated one case at a time (see CaseEvaluator#evaluateApart). */
    int offset;

    /** Thrown on the evaluating thread when the watchdog has given the evaluation up. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("evaluation given up (time budget)", null, false, false);
        }
    }

    private void checkCancelled() {
        if (cancelled) {
            throw new Cancelled();
        }
    }

    /** A list of cases starts (on the evaluating thread, before anything else). */
    void begin() {
        offset = 0;
        caseIndex = -1;
        what = null;
        whatFact = null;
    }

    /** The evaluation of the list is over. */
    void end() {
        session = null;
        caseIndex = -1;
        what = null;
        whatFact = null;
    }

    /** The facts of case {@code i} are about to be inserted (and their constraints evaluated). */
    void inserting(int i) {
        checkCancelled();
        caseIndex = offset + i;
        what = null;
    }

    /** One fact is about to be inserted. */
    void inserting(LocatedFact fact) {
        what = fact;
        BiConsumer<String, Object> h = hook;
        if (h != null) {
            h.accept(null, fact.fact());
        }
    }

    /** The rules are about to fire for every case of the list. */
    void firing() {
        checkCancelled();
        caseIndex = -1;
        what = null;
    }

    /** A rule is about to fire (called by the {@link OutcomeRecorder}). */
    void firing(Match match) {
        what = match;
        BiConsumer<String, Object> h = hook;
        if (h != null) {
            List<Object> objects = match.getObjects();
            h.accept(match.getRule().getName(), objects.isEmpty() ? null : objects.get(0));
        }
    }

    /** A rule has fired. */
    void fired() {
        what = null;
    }

    /** Case {@code i}'s outcomes are about to be explained. */
    void explaining(int i) {
        checkCancelled();
        caseIndex = offset + i;
        what = null;
        whatFact = null;
    }

    /** A rule's outcome for a fact is about to be explained (its conditions evaluated one by one). */
    void explaining(RuleDefinition rule, LocatedFact fact) {
        whatFact = fact;
        what = rule;
    }

    /** The whole of case {@code i} runs now (a session of its own: inserting, firing and explaining). */
    void alone(int i) {
        checkCancelled();
        caseIndex = offset + i;
        what = null;
        whatFact = null;
    }

    // ----------------------------------------------------------------------------- read by the watchdog

    /** What the watchdog found when the budget ran out. */
    record Overrun(int caseIndex, CaseTimeoutException.Activity activity, String rule, String factPath) {
    }

    /** The time the watchdog has charged to one evaluation, from look to look (only the watchdog touches it). */
    static final class Looks {
        /** When the watchdog last looked (or the evaluation was handed over), less {@link #paused}. */
        long last;
        /** Time the JVM stood still meanwhile (e.g. collecting garbage), which is charged to no one. */
        long paused;
        /** Each case's own time (made at the first look that finds a case's own work running). */
        long[] own;
        /** The largest of {@link #own}. */
        long mostOwn;
        /** Time of work shared by the list's cases. */
        long shared;
        /** The step seen at the last look, and the time charged to it so far. */
        Object seen;
        long seenFor;

        Looks(long handedOver) {
            this.last = handedOver;
        }
    }

    /**
     * Charges the time since the last look and tells whether the evaluation of {@code cases} has exceeded the budget,
     * and if so which case (or -1 when the time is that of the whole list) and what was running; null while within
     * the budget. Called by the watchdog at each of its looks.
     */
    Overrun check(long wallClock, long budget, List<CaseFile> cases, Looks looks) {
        long now = wallClock - looks.paused;
        long dt = Math.max(0, now - looks.last);
        looks.last = now;
        int index = caseIndex;
        Object running = what;
        LocatedFact runningFact = whatFact;
        int n = cases.size();
        if (index >= n) {
            index = -1; // left over from an earlier evaluation
        }
        if (running != null && running == looks.seen) {
            looks.seenFor += dt;
        } else {
            looks.seen = running;
            looks.seenFor = dt;
        }
        int culprit;
        if (index >= 0) {
            if (looks.own == null) {
                looks.own = new long[n];
            }
            long mine = looks.own[index] += dt;
            looks.mostOwn = Math.max(looks.mostOwn, mine);
            if (mine > budget) {
                culprit = index;
            } else if (looks.mostOwn + looks.shared > budget) {
                culprit = -1;
            } else {
                return null;
            }
        } else {
            looks.shared += dt;
            if (running instanceof Match m && looks.seenFor > budget) {
                culprit = owner(m, cases);
            } else if (looks.mostOwn + looks.shared - (running instanceof Match ? looks.seenFor : 0) > budget) {
                culprit = -1;
            } else {
                return null;
            }
        }
        if (n == 1) {
            culprit = 0;
        }
        return describe(culprit, running, runningFact, cases);
    }

    private static Overrun describe(int culprit, Object running, LocatedFact runningFact, List<CaseFile> cases) {
        try {
            if (running instanceof LocatedFact lf) {
                return new Overrun(culprit, CaseTimeoutException.Activity.INSERTING, null, lf.path());
            }
            if (running instanceof Match m) {
                return new Overrun(culprit, CaseTimeoutException.Activity.FIRING, m.getRule().getName(), path(m, cases));
            }
            if (running instanceof RuleDefinition r) {
                return new Overrun(culprit, CaseTimeoutException.Activity.EXPLAINING, r.name(),
                        runningFact == null ? null : runningFact.path());
            }
        } catch (RuntimeException e) {
            // the engine's objects changed under us: say less
        }
        return new Overrun(culprit, CaseTimeoutException.Activity.ENGINE, null, null);
    }

    /** The case of the fact a match fired for, or -1. */
    private static int owner(Match m, List<CaseFile> cases) {
        try {
            for (Object o : m.getObjects()) {
                for (int k = 0; k < cases.size(); k++) {
                    for (LocatedFact lf : cases.get(k).facts()) {
                        if (lf.fact() == o) {
                            return k;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            // the engine's objects changed under us
        }
        return -1;
    }

    /** The JSON path of the fact a match fired for, or null. */
    private static String path(Match m, List<CaseFile> cases) {
        for (Object o : m.getObjects()) {
            for (CaseFile c : cases) {
                for (LocatedFact lf : c.facts()) {
                    if (lf.fact() == o) {
                        return lf.path();
                    }
                }
            }
        }
        return null;
    }
}
