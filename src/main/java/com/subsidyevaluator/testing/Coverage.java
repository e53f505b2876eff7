package com.subsidyevaluator.testing;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.PolicyData.ClauseInfo;
import com.subsidyevaluator.engine.PolicyData.ClauseKind;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.testing.DataTest.Expectation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The clause-by-clause coverage of a rule set: for each clause of the document its kind, the rules that
 * encode it, the data tests that check it, the samples that trigger it and the budget pools that pay it.
 */
public final class Coverage {

    private Coverage() {
    }

    /**
     * One clause's row.
     *
     * @param clause        the clause number
     * @param title         its heading (null when clauses.yaml lacks it)
     * @param kinds         its kinds
     * @param noRule        why no rule applies, for a clause without entitlements
     * @param rules         the rules, as file:line
     * @param testsEligible expectations of ELIGIBLE in data tests
     * @param testsNotEligible expectations of NOT_ELIGIBLE (and how many assert the failed conditions)
     * @param testsUndetermined expectations of UNDETERMINED (and how many assert the missing facts)
     * @param testsRelevant expectations of RELEVANT (guidance that applies)
     * @param testsNoOutcome expectations of NO_OUTCOME (a rule of the clause that does not apply)
     * @param samplesEligible case ids of samples with an eligible outcome for the clause
     * @param samplesNotEligible case ids of samples with a not-eligible outcome
     * @param pools         budget pools stated by the clause or paying its rules
     * @param gaps          what is missing, in Chinese; empty when the clause is covered
     */
    @JsonPropertyOrder({"clause", "title", "kinds", "noRule", "rules", "testsEligible", "testsNotEligible",
            "testsNotEligibleWithReasons", "testsUndetermined", "testsUndeterminedWithReasons", "testsRelevant",
            "testsNoOutcome", "samplesEligible",
            "samplesNotEligible", "pools", "gaps"})
    public record Row(int clause, String title, List<ClauseKind> kinds, String noRule, List<String> rules,
                      int testsEligible, int testsNotEligible, int testsNotEligibleWithReasons, int testsUndetermined,
                      int testsUndeterminedWithReasons, int testsRelevant, int testsNoOutcome, List<String> samplesEligible, List<String> samplesNotEligible,
                      List<String> pools, List<String> gaps) {

        public boolean covered() {
            return gaps.isEmpty();
        }
    }

    public static List<Row> compute(RuleSet rules, List<DataTest> tests, List<CaseFile> samples) {
        PolicyData data = rules.data();
        Map<Integer, List<String>> samplesEligible = new TreeMap<>();
        Map<Integer, List<String>> samplesNotEligible = new TreeMap<>();
        for (CaseFile c : samples) {
            EvaluationResult r = rules.evaluate(c);
            for (Outcome o : r.outcomes()) {
                int n = Integer.parseInt(o.clause());
                Map<Integer, List<String>> target = o.status() == Status.ELIGIBLE ? samplesEligible
                        : o.status() == Status.NOT_ELIGIBLE ? samplesNotEligible : null;
                if (target != null) {
                    List<String> ids = target.computeIfAbsent(n, k -> new ArrayList<>());
                    if (!ids.contains(c.caseId())) {
                        ids.add(c.caseId());
                    }
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n <= rules.document().clauses(); n++) {
            final int clause = n;
            ClauseInfo info = data.clause(n).orElse(null);
            List<RuleDefinition> clauseRules = rules.rules().stream().filter(r -> r.clauseNumber() == clause).toList();
            int e = 0;
            int ne = 0;
            int neReasons = 0;
            int u = 0;
            int uReasons = 0;
            int relevant = 0;
            int noOutcome = 0;
            for (DataTest t : tests) {
                for (Expectation x : t.expect()) {
                    if (!x.clause().equals(String.valueOf(clause))) {
                        continue;
                    }
                    switch (x.status()) {
                        case "ELIGIBLE" -> e++;
                        case "NOT_ELIGIBLE" -> {
                            ne++;
                            if (x.unmet() != null && !x.unmet().isEmpty()) {
                                neReasons++;
                            }
                        }
                        case "UNDETERMINED" -> {
                            u++;
                            if (x.missing() != null && !x.missing().isEmpty()) {
                                uReasons++;
                            }
                        }
                        case "RELEVANT" -> relevant++;
                        case "NO_OUTCOME" -> noOutcome++;
                        default -> { }
                    }
                }
            }
            TreeSet<String> pools = new TreeSet<>();
            data.budgets().stream().filter(b -> b.clause().equals(String.valueOf(clause))).forEach(b -> pools.add(b.id()));
            clauseRules.stream().filter(r -> r.pool() != null).forEach(r -> pools.add(r.pool()));
            List<String> gaps = new ArrayList<>();
            boolean entitlement = info != null && info.is(ClauseKind.ENTITLEMENT);
            boolean guidance = info != null && info.is(ClauseKind.GUIDANCE);
            List<RuleDefinition> entitlementRules = clauseRules.stream().filter(r -> !r.isGuidance()).toList();
            List<RuleDefinition> guidanceRules = clauseRules.stream().filter(RuleDefinition::isGuidance).toList();
            if (info == null) {
                gaps.add("clauses.yaml 中没有此条");
            }
            if (guidance) {
                if (guidanceRules.isEmpty()) {
                    gaps.add("标为相关政策，却没有相关政策规则");
                }
                if (relevant == 0) {
                    gaps.add("没有“相关政策”测试");
                }
                if (noOutcome == 0) {
                    gaps.add("没有“无结论”测试（相关政策不适用的情形）");
                }
            } else if (info != null && !guidanceRules.isEmpty()) {
                gaps.add("未标为相关政策（GUIDANCE），却有相关政策规则");
            }
            if (info == null) {
                // nothing more to say
            } else if (entitlement) {
                if (entitlementRules.isEmpty()) {
                    gaps.add("没有规则");
                }
                if (e == 0) {
                    gaps.add("没有“符合”测试");
                }
                if (neReasons == 0) {
                    gaps.add("没有断言未满足条件的“不符合”测试");
                }
                if (uReasons == 0) {
                    gaps.add("没有断言缺少事实的“待定”测试");
                }
                if (!samplesEligible.containsKey(clause)) {
                    gaps.add("没有样例使其“符合”");
                }
                if (!samplesNotEligible.containsKey(clause)) {
                    gaps.add("没有样例使其“不符合”");
                }
            } else if (!entitlementRules.isEmpty()) {
                gaps.add("不是可享受的政策，却有规则");
            }
            rows.add(new Row(clause, info == null ? null : info.title(), info == null ? List.of() : info.kinds(),
                    info == null ? null : info.noRule(), clauseRules.stream().map(RuleDefinition::location).toList(),
                    e, ne, neReasons, u, uReasons, relevant, noOutcome, samplesEligible.getOrDefault(clause, List.of()),
                    samplesNotEligible.getOrDefault(clause, List.of()), List.copyOf(pools), List.copyOf(gaps)));
        }
        return rows;
    }
}
