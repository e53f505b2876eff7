package com.subsidyevaluator.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.util.List;

/**
 * What one rule decided about one subject, with the reasons.
 *
 * @param clause      the clause number of 乐政发〔2023〕6号, e.g. "12"
 * @param rule        the rule's name (a sentence)
 * @param title       the benefit's short title
 * @param area        the policy area, e.g. "二、科技创新政策"
 * @param department  the lead department of the area
 * @param subject     the fact the outcome is about
 * @param status      eligible, not eligible or undetermined
 * @param benefit     what the subject receives when eligible
 * @param met         conditions that hold, with values and thresholds
 * @param unmet       conditions that fail, with values, requirements and gaps
 * @param missing     facts that are absent but needed
 * @param explanation one paragraph in Chinese for staff
 */
@JsonPropertyOrder({"clause", "rule", "title", "area", "department", "subject", "status", "benefit", "met", "unmet",
        "missing", "explanation"})
public record Outcome(String clause, String rule, String title, String area, String department, Subject subject,
                      Status status, Benefit benefit, List<ConditionResult> met, List<ConditionResult> unmet,
                      List<MissingFact> missing, String explanation) {

    /** The thing an outcome is about. {@code path} is its place in the case file. */
    @JsonPropertyOrder({"type", "typeLabel", "path", "id", "description"})
    public record Subject(String type, String typeLabel, String path, String id, String description) {
    }

    /**
     * What the subject receives. {@code amountWan} is null where the document leaves the amount to the lead
     * department's supporting rules; {@code note} then says so. {@code pool} names the budget pool that pays it.
     * {@code allocation} is present only when a batch scaled the award because its pool was oversubscribed
     * ({@code subsidy batch --allocate pro-rata}); {@code amountWan} then stays the amount the rules give.
     */
    @JsonPropertyOrder({"kind", "amountWan", "note", "pool", "allocation"})
    public record Benefit(String kind, BigDecimal amountWan, String note, String pool,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Allocation allocation) {

        public Benefit(String kind, BigDecimal amountWan, String note, String pool) {
            this(kind, amountWan, note, pool, null);
        }

        /** The same benefit with an allocation. */
        public Benefit withAllocation(Allocation a) {
            return new Benefit(kind, amountWan, note, pool, a);
        }
    }

    /**
     * An award scaled down because its budget pool (or a pool above it) was oversubscribed.
     *
     * @param pool         the pool that pays the award
     * @param requestedWan the amount the rules give, in 万元
     * @param allocatedWan the amount after scaling, in 万元 (rounded down to the yuan)
     * @param ratio        the scaling factor as a percentage, e.g. "82.5%"
     * @param note         why, in Chinese: each oversubscribed pool with its budget, requests and excess
     */
    @JsonPropertyOrder({"pool", "requestedWan", "allocatedWan", "ratio", "note"})
    public record Allocation(String pool, BigDecimal requestedWan, BigDecimal allocatedWan, String ratio, String note) {
    }

    /** The same outcome with another benefit. */
    public Outcome withBenefit(Benefit b) {
        return new Outcome(clause, rule, title, area, department, subject, status, b, met, unmet, missing, explanation);
    }

    /**
     * One condition of a rule evaluated on the subject.
     *
     * @param field      the fact field the condition reads (null for a condition over several fields)
     * @param label      the field's Chinese label
     * @param condition  the condition as written in the rule
     * @param actual     the subject's value, in words
     * @param required   what the rule requires, in words
     * @param gap        how far the value is from the requirement, in words (null when not a number)
     * @param text       the whole sentence for staff
     */
    @JsonPropertyOrder({"field", "label", "condition", "actual", "required", "gap", "text"})
    public record ConditionResult(String field, String label, String condition, String actual, String required,
                                  String gap, String text) {
    }

    /** A fact the rule needs but the case file does not give. */
    @JsonPropertyOrder({"path", "label", "condition"})
    public record MissingFact(String path, String label, String condition) {
    }
}
