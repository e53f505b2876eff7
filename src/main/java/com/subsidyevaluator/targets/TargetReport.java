package com.subsidyevaluator.targets;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.subsidyevaluator.engine.EvaluationResult.RuleSetId;
import com.subsidyevaluator.engine.PolicyData.Comparison;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The document's quantitative targets judged against a year's actual figures, area by area, with the execution of
 * the budget pools the figures report spending from.
 *
 * @param document    the policy document, e.g. 乐政发〔2023〕6号
 * @param title       the document's title
 * @param results     the results report the figures come from
 * @param ruleSet     the rule set: its id, and a hash of the target rules, the tolerances and the data
 * @param tolerance   the 左右 tolerances used
 * @param summary     how many targets were met, not met, or have no data
 * @param areas       the targets of each area: area headlines first, then clause by clause
 * @param budgets     the pools the results report spending from
 */
@JsonPropertyOrder({"document", "title", "results", "ruleSet", "tolerance", "summary", "areas", "budgets"})
public record TargetReport(String document, String title, Results results, RuleSetId ruleSet, Tolerance tolerance, Summary summary, List<Area> areas, List<BudgetExecution> budgets) {

    /** Where the actual figures come from. */
    @JsonPropertyOrder({"title", "source", "from", "to", "file", "note"})
    public record Results(String title, String source, LocalDate from, LocalDate to, String file, String note) {
    }

    /** The 左右 tolerances, with a sentence. */
    @JsonPropertyOrder({"percentagePoints", "relativePercent", "text"})
    public record Tolerance(BigDecimal percentagePoints, BigDecimal relativePercent, String text) {
    }

    @JsonPropertyOrder({"targets", "met", "notMet", "noData"})
    public record Summary(int targets, int met, int notMet, int noData) {
    }

    /** One policy area and its targets. */
    @JsonPropertyOrder({"number", "name", "department", "targets"})
    public record Area(int number, String name, String department, List<TargetResult> targets) {
    }

    /**
     * One target and its verdict.
     *
     * @param id          the target's id in targets.yaml
     * @param clause      the clause, or null for an area headline
     * @param indicator   what is measured
     * @param verdict     met, not met, or no data
     * @param verdictLabel 达到、未达到、无数据
     * @param headline    one sentence: "规上工业增加值增长：目标 8% 左右，实际 12.7%，超出 4.7 个百分点"
     * @param target      the target as the document states it
     * @param actual      the actual figure, or null when there is none
     * @param margin      actual minus target, or null without a figure
     * @param rule        the target rule that judged it
 * @param ruleTitle   its short title, e.g. 不低于目标
     * @param explanation the rule's explanation
     * @param conditions  the rule's conditions with values
     * @param notes       what a reader needs to know: interpretation, why there is no figure, scope of the figure
     */
    @JsonPropertyOrder({"id", "clause", "indicator", "verdict", "verdictLabel", "headline", "target", "actual", "margin",
            "rule", "ruleTitle", "explanation", "conditions", "notes"})
    public record TargetResult(String id, String clause, String indicator, Verdict verdict, String verdictLabel,
                               String headline, Target target, Actual actual, Margin margin, String rule,
                               String ruleTitle, String explanation, List<String> conditions, List<String> notes) {

        /** "第18条" or "领域目标". */
        public String place() {
            return clause == null ? "领域目标" : "第" + clause + "条";
        }
    }

    /**
     * A target as the document states it.
     *
     * @param text      "不低于 1500 亩", "8% 左右"
     * @param aboutLow  for 左右: value minus the tolerance
     * @param aboutHigh for 左右: value plus the tolerance
     * @param tolerance for 左右: the tolerance in words
     */
    @JsonPropertyOrder({"value", "unit", "comparison", "direction", "text", "from", "to", "quote", "note", "aboutLow",
            "aboutHigh", "tolerance"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Target(BigDecimal value, String unit, Comparison comparison, Direction direction, String text,
                         LocalDate from, LocalDate to, String quote, String note, BigDecimal aboutLow,
                         BigDecimal aboutHigh, String tolerance) {
    }

    /**
     * The actual figure of a target.
     *
     * @param value      exact, in the target's unit (a quotient to 20 decimals)
     * @param text       for people: "317000 亩（31.7 万亩）", "≈14.68 倍"
     * @param indicator  the id of the figure in the indicators file
     * @param arithmetic for a computed figure: "79000 万元 ÷ 5380 万元 ≈ 14.68 倍"
     * @param quotes     the report's sentences it comes from
     */
    @JsonPropertyOrder({"value", "unit", "text", "indicator", "arithmetic", "quotes"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Actual(BigDecimal value, String unit, String text, String indicator, String arithmetic,
                         List<String> quotes) {
    }

    /**
     * How far the actual figure is from the target value.
     *
     * @param value actual minus target, in {@code unit}
     * @param unit  "个百分点" for percentages, else the target's unit
     * @param text  "超出 4.7 个百分点", "差 100 亩", "低于目标 0.3 个百分点，在 ±0.5 个百分点的容差内"
     */
    @JsonPropertyOrder({"value", "unit", "text"})
    public record Margin(BigDecimal value, String unit, String text) {
    }

    /**
     * Spending against a budget pool of the document.
     *
     * @param pool             the pool's id in budgets.yaml
     * @param clause           the clause that budgets it
     * @param name             what it pays for
     * @param budgetWan        the pool in 万元
     * @param spentWan         what the results report spent, in 万元
     * @param executionPercent spent ÷ budget, in %, to one decimal
     * @param overrunWan       spent minus budget when more was spent, else null
     * @param remainingWan     budget minus spent when less or all was spent, else null
     * @param text             one sentence
     * @param budgetQuote      the document's words
     * @param spentQuote       the report's sentence
     * @param indicator        the id of the figure in the indicators file
     */
    @JsonPropertyOrder({"pool", "clause", "name", "budgetWan", "spentWan", "executionPercent", "overrunWan",
            "remainingWan", "text", "budgetQuote", "spentQuote", "indicator"})
    public record BudgetExecution(String pool, String clause, String name, BigDecimal budgetWan, BigDecimal spentWan,
                                  BigDecimal executionPercent, BigDecimal overrunWan, BigDecimal remainingWan,
                                  String text, String budgetQuote, String spentQuote, String indicator) {
    }

    /** Every target, in report order. */
    public List<TargetResult> all() {
        return areas.stream().flatMap(a -> a.targets().stream()).toList();
    }

    /** The result for a target id. */
    public java.util.Optional<TargetResult> target(String id) {
        return all().stream().filter(t -> t.id().equals(id)).findFirst();
    }
}
