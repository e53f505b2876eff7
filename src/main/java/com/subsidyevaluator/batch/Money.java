package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.BenefitKind;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Whether an outcome involves money, decided from its rule's metadata (never from whether an amount happens to be
 * known): a rule is a <em>cash</em> award when its {@code @benefit} is 资金奖补 or it has an {@code @amount}, unless
 * its {@code @amountNote} starts with 不涉及资金 or 不涉及财政资金; every other rule gives a benefit that involves no
 * money (a tax preference, a land or energy quota, a loan, a qualification, …), counted by its {@code @benefit} kind.
 * A cash award whose amount is not known yet (its parameter is null: 按配套细则) is <em>unpriced</em>: counted, never
 * summed. Guidance outcomes (相关政策) are never money; they are counted apart as {@code relevant}.
 */
final class Money {

    /** Cash or not, per rule name. */
    private final Map<String, Boolean> cash = new HashMap<>();

    private Money() {
    }

    /** The classification of every rule of the rule set. */
    static Money of(RuleSet rules) {
        Money m = new Money();
        if (rules != null) {
            for (RuleDefinition r : rules.rules()) {
                m.cash.put(r.name(), cash(r));
            }
        }
        return m;
    }

    /** Whether a rule's benefit involves money (see the class). */
    static boolean cash(RuleDefinition r) {
        if (noMoney(r.amountNote())) {
            return false;
        }
        return r.benefitKind() == BenefitKind.FUNDING || r.amountWan() != null || r.amountParameter() != null;
    }

    /** Whether an amount note says that the benefit involves no money. */
    static boolean noMoney(String amountNote) {
        return amountNote != null && (amountNote.startsWith("不涉及资金") || amountNote.startsWith("不涉及财政资金"));
    }

    /**
     * Whether an outcome involves money: by its rule; an outcome of a rule not in the rule set (none in a batch) by
     * its benefit's kind and amount.
     */
    boolean cash(Outcome o) {
        Boolean c = cash.get(o.rule());
        if (c != null) {
            return c;
        }
        return o.benefit().amountWan() != null || BenefitKind.FUNDING.label().equals(o.benefit().kind());
    }
}
