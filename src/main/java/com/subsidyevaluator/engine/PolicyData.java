package com.subsidyevaluator.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a policy document says besides its entitlements, entered as data beside the rules: every clause with
 * its kind, the budget pools and their split, the quantitative targets, the amounts left to supporting rules
 * (dated parameters), and the groups of awards that are not paid twice.
 *
 * @param clauses    every numbered clause: {@code clauses.yaml}
 * @param budgets    budget pools in 万元: {@code budgets.yaml}
 * @param targets    quantitative targets: {@code targets.yaml}
 * @param parameters amounts set by supporting rules, by effective date: {@code parameters.yaml}
 * @param groups     exclusivity groups (就高不重复): {@code groups.yaml}
 */
public record PolicyData(List<ClauseInfo> clauses, List<BudgetPool> budgets, List<Target> targets,
                         List<Parameter> parameters, List<ExclusiveGroup> groups) {

    public PolicyData {
        clauses = clauses == null ? List.of() : List.copyOf(clauses);
        budgets = budgets == null ? List.of() : List.copyOf(budgets);
        targets = targets == null ? List.of() : List.copyOf(targets);
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    public static PolicyData empty() {
        return new PolicyData(List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** What a clause is, which decides how it is encoded. */
    public enum ClauseKind {
        /** Something an applicant receives when conditions hold: encoded as rules. */
        ENTITLEMENT,
        /**
         * Support the text promises an applicant without a determinate benefit (鼓励, 支持, 优先): encoded as guidance
         * rules ({@code @tier("guidance")}), reported as 相关政策.
         */
        GUIDANCE,
        /** A budget pool and its split: entered in budgets.yaml. */
        BUDGET,
        /** A quantitative goal of the city: entered in targets.yaml. */
        TARGET,
        /** Work assigned inside government; no applicant can claim anything under it. */
        GOVERNMENT_ACTION
    }

    /**
     * One numbered clause of the document.
     *
     * @param number  1 … N
     * @param title   its heading, e.g. 实施企业研发投入奖补政策
     * @param kinds   what it contains
     * @param noRule  for a clause without entitlements: one sentence saying why no rule applies to an applicant
     */
    @JsonPropertyOrder({"number", "title", "kinds", "noRule"})
    public record ClauseInfo(int number, String title, List<ClauseKind> kinds, String noRule) {
        public ClauseInfo {
            kinds = kinds == null ? List.of() : List.copyOf(kinds);
        }

        public boolean is(ClauseKind kind) {
            return kinds.contains(kind);
        }
    }

    /**
     * A budget pool of 2023, exactly in 万元 (1 亿元 = 10,000 万元), with the words it comes from.
     *
     * @param id        stable id, e.g. "34-credit-insurance"
     * @param clause    the clause that states it ("结语" for the closing paragraph)
     * @param parent    the pool it is a part of, or null
     * @param name      what it pays for
     * @param amountWan the amount in 万元, or null where the document gives a rate instead of an amount
     * @param quote     the document's words
     * @param note      anything a reader needs to know (overlaps, rates)
     */
    @JsonPropertyOrder({"id", "clause", "parent", "name", "amountWan", "quote", "note"})
    public record BudgetPool(String id, String clause, String parent, String name, BigDecimal amountWan, String quote,
                             String note) {
    }

    /** How a target's value is to be compared with the actual figure. */
    public enum Comparison {
        /** 以上、不低于、达到、确保: actual ≥ value. */
        AT_LEAST,
        /** 突破、超过: actual &gt; value. */
        MORE_THAN,
        /** 以内、不高于、下降至: actual ≤ value. */
        AT_MOST,
        /** 左右: within a tolerance of the value (see the targets evaluation). */
        ABOUT
    }

    /**
     * A quantitative target of the city.
     *
     * @param id         stable id
     * @param clause     the clause that states it, or null for an area headline
     * @param area       the area number (1 … 8)
     * @param indicator  what is measured, e.g. 规上工业增加值增长
     * @param value      the target figure (exact)
     * @param unit       its unit (%, 万元, 亩, TEU, 个, …)
     * @param comparison how actual figures are compared with it
     * @param direction  UP when more is better, DOWN when less is better
     * @param from       first day of the target's period
     * @param to         last day of the target's period
     * @param quote      the document's words
     * @param note       interpretation notes
     */
    @JsonPropertyOrder({"id", "clause", "area", "indicator", "value", "unit", "comparison", "direction", "from", "to",
            "quote", "note"})
    public record Target(String id, String clause, int area, String indicator, BigDecimal value, String unit,
                         Comparison comparison, String direction, LocalDate from, LocalDate to, String quote,
                         String note) {
    }

    /**
     * An amount or threshold the document leaves to the department's supporting rules, with its values by date.
     *
     * @param id          referenced from rules as {@code @amount("param:ID")}
     * @param clause      the clause it belongs to
     * @param description what it is
     * @param unit        its unit
     * @param values      values by effective date; a null value means not published
     */
    @JsonPropertyOrder({"id", "clause", "description", "unit", "values"})
    public record Parameter(String id, String clause, String description, String unit, List<DatedValue> values) {
        public Parameter {
            values = values == null ? List.of() : List.copyOf(values);
        }

        /** The value in force on {@code date}: the latest whose {@code from} is not after it. */
        public Optional<DatedValue> at(LocalDate date) {
            return values.stream().filter(v -> !v.from().isAfter(date)).max(Comparator.comparing(DatedValue::from));
        }
    }

    /** A parameter's value from a date on, with the document it comes from. */
    @JsonPropertyOrder({"from", "value", "source"})
    public record DatedValue(LocalDate from, BigDecimal value, String source) {
    }

    /**
     * Awards that must not be paid twice for the same thing (就高不重复). Rules join a group with
     * {@code @exclusive("ID")}.
     *
     * @param id          the group's id
     * @param description what the awards have in common
     * @param basis       the words or rule that say they do not stack
     */
    @JsonPropertyOrder({"id", "description", "basis"})
    public record ExclusiveGroup(String id, String description, String basis) {
    }

    public Optional<ClauseInfo> clause(int number) {
        return clauses.stream().filter(c -> c.number() == number).findFirst();
    }

    public Optional<BudgetPool> pool(String id) {
        return budgets.stream().filter(b -> b.id().equals(id)).findFirst();
    }

    public Optional<Parameter> parameter(String id) {
        return parameters.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<ExclusiveGroup> group(String id) {
        return groups.stream().filter(g -> g.id().equals(id)).findFirst();
    }
}
