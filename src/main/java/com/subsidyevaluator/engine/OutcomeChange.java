package com.subsidyevaluator.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How the outcome of one rule for one subject differs between two evaluations of the same case, e.g. under
 * the published rules and under an edited copy. A null status means the rule gave no outcome for the subject
 * (the rule did not exist, or the subject was outside its scope).
 *
 * @param caseId          the case
 * @param clause          the clause
 * @param rule            the rule's name
 * @param title           the rule's title
 * @param subject         the subject's path in the case file, e.g. {@code $.enterprise}
 * @param description     the subject in words
 * @param before          the status before, or null for no outcome
 * @param beforeAmountWan the amount before, in 万元, or null
 * @param after           the status after, or null for no outcome
 * @param afterAmountWan  the amount after, in 万元, or null
 */
@JsonPropertyOrder({"caseId", "clause", "rule", "title", "subject", "description", "before", "beforeAmountWan", "after",
        "afterAmountWan"})
public record OutcomeChange(String caseId, String clause, String rule, String title, String subject,
                            String description, Status before, BigDecimal beforeAmountWan, Status after,
                            BigDecimal afterAmountWan) {

    /** The changes between two results of the same case, in clause order; empty when nothing changed. */
    public static List<OutcomeChange> between(EvaluationResult before, EvaluationResult after) {
        Map<String, Outcome> old = index(before);
        Map<String, Outcome> now = index(after);
        Map<String, Outcome[]> both = new LinkedHashMap<>();
        old.forEach((k, o) -> both.computeIfAbsent(k, x -> new Outcome[2])[0] = o);
        now.forEach((k, o) -> both.computeIfAbsent(k, x -> new Outcome[2])[1] = o);
        List<OutcomeChange> out = new ArrayList<>();
        for (Outcome[] pair : both.values()) {
            Outcome a = pair[0];
            Outcome b = pair[1];
            Status sa = a == null ? null : a.status();
            Status sb = b == null ? null : b.status();
            BigDecimal ma = a == null ? null : a.benefit().amountWan();
            BigDecimal mb = b == null ? null : b.benefit().amountWan();
            if (sa == sb && sameAmount(ma, mb)) {
                continue;
            }
            Outcome any = b != null ? b : a;
            out.add(new OutcomeChange(after.caseId(), any.clause(), any.rule(), any.title(), any.subject().path(),
                    any.subject().description(), sa, ma, sb, mb));
        }
        out.sort((x, y) -> {
            int c = Integer.compare(clauseNumber(x.clause()), clauseNumber(y.clause()));
            return c != 0 ? c : x.clause().compareTo(y.clause());
        });
        return out;
    }

    /** "符合" / "不符合" / "待定" / "无结论". */
    public static String label(Status s) {
        return s == null ? "无结论" : s.label();
    }

    /** Whether the status changed (and not only the amount). */
    public boolean statusChanged() {
        return before != after;
    }

    private static Map<String, Outcome> index(EvaluationResult r) {
        Map<String, Outcome> m = new LinkedHashMap<>();
        for (Outcome o : r.outcomes()) {
            m.put(o.rule() + "\u0000" + o.subject().path(), o);
        }
        return m;
    }

    private static boolean sameAmount(BigDecimal a, BigDecimal b) {
        return Objects.equals(a, b) || a != null && b != null && a.compareTo(b) == 0;
    }

    private static int clauseNumber(String clause) {
        try {
            return Integer.parseInt(clause);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }
}
