package com.subsidyevaluator.targets;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The actual figures of a results report that bear on the document's targets and budgets: an indicators file
 * (JSON, read strictly by {@code IndicatorsReader}). Only what the report states is entered, each figure with the
 * report's sentence; a target no figure measures stays without data.
 *
 * @param title      what the file holds
 * @param source     the results report the figures come from
 * @param document   the policy document whose targets the figures are compared with, e.g. 乐政发〔2023〕6号
 * @param period     the period the figures cover (unless a figure states its own)
 * @param note       how the figures were entered
 * @param indicators the figures
 */
@JsonPropertyOrder({"title", "source", "document", "period", "note", "indicators"})
public record Indicators(String title, String source, String document, Period period, String note,
                         List<Indicator> indicators) {

    /** Lists keep null elements, so that the reader can say where they are. */
    public Indicators {
        indicators = indicators == null ? null : Collections.unmodifiableList(new ArrayList<>(indicators));
    }

    /** A period, both days included. */
    @JsonPropertyOrder({"from", "to"})
    public record Period(LocalDate from, LocalDate to) {
        @Override
        public String toString() {
            return from + " 至 " + to;
        }
    }

    /**
     * One figure of the report.
     *
     * @param id         a stable id, e.g. "grain-area"
     * @param indicator  what the report measures, in its words
     * @param value      the figure, in {@code unit} (converted exactly from {@code stated}); absent for a ratio
     * @param unit       the unit of {@code value}: the unit of the targets it measures
     * @param stated     the figure as the report writes it, e.g. "31.7万亩" (it must appear in {@code quote})
     * @param quote      the report's sentence, exactly
     * @param period     the period of this figure when it differs from the file's
     * @param measures   ids of targets (targets.yaml) this figure measures: the same indicator, the same scope
     * @param resembles  targets this figure is close to but does not measure, each with why: they stay without data
     * @param budgetPool the budget pool (budgets.yaml) this figure is spending from, in 万元
     * @param ratio      for a figure the report does not state but that follows exactly from two it does
     * @param note       anything a reader needs to know about the figure
     */
    @JsonPropertyOrder({"id", "indicator", "value", "unit", "stated", "quote", "period", "measures", "resembles",
            "budgetPool", "ratio", "note"})
    public record Indicator(String id, String indicator, BigDecimal value, String unit, String stated, String quote,
                            Period period, List<String> measures, List<Resemblance> resembles, String budgetPool,
                            Ratio ratio, String note) {

        public Indicator {
            measures = measures == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(measures));
            resembles = resembles == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(resembles));
        }
    }

    /**
     * A target a figure is close to but does not measure.
     *
     * @param target the target's id
     * @param note   why the figure does not measure it
     */
    @JsonPropertyOrder({"target", "note"})
    public record Resemblance(String target, String note) {
    }

    /**
     * A figure computed exactly as one stated figure divided by another (e.g. sales driven ÷ vouchers issued).
     *
     * @param numerator   the id of the figure divided
     * @param denominator the id of the figure it is divided by
     */
    @JsonPropertyOrder({"numerator", "denominator"})
    public record Ratio(String numerator, String denominator) {
    }

    public Optional<Indicator> indicator(String id) {
        return indicators.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    /** The period of a figure: its own, else the file's. */
    public Period periodOf(Indicator i) {
        return i.period() != null ? i.period() : period;
    }
}
