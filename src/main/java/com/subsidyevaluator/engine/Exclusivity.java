package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.Outcome.ConditionResult;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Applies exclusivity groups (就高不重复): when several awards of one group are eligible for the same subject,
 * only the highest is kept and the others are marked not eligible, naming the award kept. Where an amount is
 * left to supporting rules the highest cannot be known, so all stay eligible with a note saying only the
 * higher one will be paid.
 */
final class Exclusivity {

    private Exclusivity() {
    }

    static void apply(List<Outcome> outcomes, List<RuleDefinition> rules, PolicyData data) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Outcome o = outcomes.get(i);
            String group = rules.get(i).exclusiveGroup();
            if (group != null && o.status() == Status.ELIGIBLE) {
                groups.computeIfAbsent(group + "\u0000" + o.subject().path(), k -> new ArrayList<>()).add(i);
            }
        }
        for (Map.Entry<String, List<Integer>> e : groups.entrySet()) {
            List<Integer> members = e.getValue();
            if (members.size() < 2) {
                continue;
            }
            String groupId = e.getKey().substring(0, e.getKey().indexOf('\u0000'));
            String description = data.group(groupId).map(PolicyData.ExclusiveGroup::description).orElse(groupId);
            boolean known = members.stream().allMatch(i -> outcomes.get(i).benefit().amountWan() != null);
            if (!known) {
                for (int i : members) {
                    Outcome o = outcomes.get(i);
                    String others = members.stream().filter(j -> j != i).map(j -> "「" + outcomes.get(j).title() + "」")
                            .collect(Collectors.joining("、"));
                    String note = "与" + others + "就高不重复享受（" + description + "）；金额确定后只保留较高者";
                    outcomes.set(i, withNote(o, note));
                }
                continue;
            }
            int best = members.get(0);
            for (int i : members) {
                if (outcomes.get(i).benefit().amountWan().compareTo(outcomes.get(best).benefit().amountWan()) > 0) {
                    best = i;
                }
            }
            final int keep = best;
            Outcome kept = outcomes.get(keep);
            for (int i : members) {
                if (i == keep) {
                    continue;
                }
                Outcome o = outcomes.get(i);
                String text = "就高不重复（" + description + "）：同一事项已享受金额更高的「" + kept.title() + "」"
                        + plain(kept.benefit().amountWan()) + " 万元，本项 " + plain(o.benefit().amountWan()) + " 万元不再享受";
                List<ConditionResult> unmet = new ArrayList<>(o.unmet());
                unmet.add(new ConditionResult("exclusive", "就高不重复", "@exclusive(\"" + groupId + "\")",
                        plain(o.benefit().amountWan()) + " 万元", "不与「" + kept.title() + "」重复享受", null, text));
                outcomes.set(i, new Outcome(o.clause(), o.rule(), o.title(), o.area(), o.department(), o.subject(),
                        Status.NOT_ELIGIBLE, o.benefit(), o.met(), List.copyOf(unmet), o.missing(),
                        "不符合第" + o.clause() + "条「" + o.title() + "」：" + text + "。"));
            }
            String droppedTitles = members.stream().filter(i -> i != keep)
                    .map(i -> "「" + outcomes.get(i).title() + "」").collect(Collectors.joining("、"));
            outcomes.set(keep, withNote(kept, "与" + droppedTitles + "就高不重复享受，按就高原则保留本项"));
        }
    }

    private static Outcome withNote(Outcome o, String note) {
        Outcome.Benefit b = o.benefit();
        String merged = b.note() == null ? note : b.note() + "；" + note;
        return new Outcome(o.clause(), o.rule(), o.title(), o.area(), o.department(), o.subject(), o.status(),
                new Outcome.Benefit(b.kind(), b.amountWan(), merged, b.pool()), o.met(), o.unmet(), o.missing(),
                o.explanation().endsWith("。") ? o.explanation().substring(0, o.explanation().length() - 1) + "；" + note + "。"
                        : o.explanation() + " " + note);
    }

    private static String plain(BigDecimal n) {
        return Explainer.plain(n);
    }
}
