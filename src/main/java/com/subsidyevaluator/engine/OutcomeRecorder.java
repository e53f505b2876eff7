package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.drools.core.common.InternalFactHandle;
import org.drools.core.reteoo.TupleImpl;
import org.drools.core.rule.consequence.InternalMatch;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.rule.Match;
import org.kie.internal.event.rule.RuleEventListener;

/**
 * The one helper a rule's consequence calls: {@code outcome.eligible($subject);}. Every DRL file declares
 * it as {@code global com.subsidyevaluator.engine.OutcomeRecorder outcome;}.
 *
 * <p>Clause, title, area, department, benefit and amount come from the rule's metadata, so a consequence
 * says only which subject is eligible. One recorder serves one session on one thread.
 *
 * <p>It learns which rule is firing as a listener: to a stateful session as a {@link RuleEventListener}, which
 * the engine calls with the match itself (an agenda listener would also be sent an event object for every
 * match created, before and after every firing); to a stateless session, which takes only agenda listeners, as
 * an agenda listener.
 */
public final class OutcomeRecorder extends DefaultAgendaEventListener implements RuleEventListener {

    /** A rule fired for a subject. */
    record Grant(String rule, Object subject, BigDecimal amountWan) {
    }

    private final List<Grant> grants = new ArrayList<>();
    private Match current;
    /** Told of every firing when the evaluation runs under a time budget, else null. */
    private final BudgetWatch watch;

    public OutcomeRecorder() {
        this(null);
    }

    OutcomeRecorder(BudgetWatch watch) {
        this.watch = watch;
    }

    /** The facts of each case in the session, and each fact's case; null owner: the session holds one case. */
    private List<List<CaseFile.LocatedFact>> cases = List.of();
    private java.util.IdentityHashMap<Object, Integer> owner;
    private List<?>[] related = new List<?>[0];

    /** Tells the recorder which facts make up each case of the session (for {@link #related}). */
    void cases(java.util.IdentityHashMap<Object, Integer> owner, List<List<CaseFile.LocatedFact>> cases) {
        this.owner = owner;
        this.cases = cases;
        this.related = new List<?>[cases.size()];
    }

    /**
     * The facts of the subject's own case: where a rule's related-fact condition ({@code exists} / {@code not})
     * draws its candidates from. The printed rule calls it ({@code from outcome.related($subject)}); a rule file
     * cannot. A case is one applicant's, so this is the join of a related fact with the subject's applicant.
     */
    public List<?> related(Object subject) {
        Integer c = owner == null ? (cases.size() == 1 ? 0 : null) : owner.get(subject);
        if (c == null) {
            return List.of();
        }
        List<?> r = related[c];
        if (r == null) {
            List<CaseFile.LocatedFact> facts = cases.get(c);
            Object[] objects = new Object[facts.size()];
            for (int i = 0; i < objects.length; i++) {
                objects[i] = facts.get(i).fact();
            }
            r = related[c] = List.of(objects);
        }
        return r;
    }

    /** Records that the firing rule's conditions hold for {@code subject}; the amount comes from {@code @amount}. */
    public void eligible(Object subject) {
        record(subject, null);
    }

    /** Records an eligible subject with an amount in 万元 computed by the rule (e.g. from a rate in the text). */
    public void eligible(Object subject, BigDecimal amountWan) {
        if (amountWan == null) {
            throw new IllegalArgumentException("amount is null: use eligible(subject) when the document states no amount");
        }
        record(subject, amountWan);
    }

    private void record(Object subject, BigDecimal amountWan) {
        if (current == null) {
            throw new IllegalStateException("outcome.eligible(...) called outside a rule consequence");
        }
        if (!matched(subject)) {
            throw new IllegalArgumentException("rule \"" + current.getRule().getName()
                    + "\" named a subject that is not one of the facts it matched");
        }
        grants.add(new Grant(current.getRule().getName(), subject, amountWan));
    }

    /** Whether the subject is one of the facts the firing rule matched (found by identity first, as it mostly is). */
    private boolean matched(Object subject) {
        if (current instanceof InternalMatch m) {
            for (TupleImpl t = m.getTuple(); t != null; t = t.getParent()) {
                InternalFactHandle h = t.getFactHandle();
                if (h != null && h.getObject() == subject) {
                    return true;
                }
            }
        }
        return current.getObjects().contains(subject);
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        onBeforeMatchFire(event.getMatch());
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        onAfterMatchFire(event.getMatch());
    }

    @Override
    public void onBeforeMatchFire(Match match) {
        current = match;
        if (watch != null) {
            watch.firing(match);
        }
    }

    @Override
    public void onAfterMatchFire(Match match) {
        if (watch != null) {
            watch.fired();
        }
    }

    List<Grant> grants() {
        return grants;
    }

    void clear() {
        grants.clear();
        current = null;
    }
}
