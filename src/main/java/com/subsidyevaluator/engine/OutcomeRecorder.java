package com.subsidyevaluator.engine;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.rule.Match;

/**
 * The one helper a rule's consequence calls: {@code outcome.eligible($subject);}. Every DRL file declares
 * it as {@code global com.subsidyevaluator.engine.OutcomeRecorder outcome;}.
 *
 * <p>Clause, title, area, department, benefit and amount come from the rule's metadata, so a consequence
 * says only which subject is eligible. One recorder serves one session on one thread.
 */
public final class OutcomeRecorder extends DefaultAgendaEventListener {

    /** A rule fired for a subject. */
    record Grant(String rule, Object subject, BigDecimal amountWan) {
    }

    private final List<Grant> grants = new ArrayList<>();
    private Match current;

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
        if (!current.getObjects().contains(subject)) {
            throw new IllegalArgumentException("rule \"" + current.getRule().getName()
                    + "\" named a subject that is not one of the facts it matched");
        }
        grants.add(new Grant(current.getRule().getName(), subject, amountWan));
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        current = event.getMatch();
    }

    List<Grant> grants() {
        return grants;
    }

    void clear() {
        grants.clear();
        current = null;
    }
}
