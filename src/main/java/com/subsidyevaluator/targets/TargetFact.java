package com.subsidyevaluator.targets;

import com.subsidyevaluator.engine.PolicyData.Comparison;
import com.subsidyevaluator.model.Fact;
import com.subsidyevaluator.model.FactType;
import com.subsidyevaluator.model.Field;
import com.subsidyevaluator.model.StatedUnits;
import java.math.BigDecimal;
import java.util.Set;

/**
 * What a target rule sees: one quantitative target of the document joined with the actual figure that measures
 * it. The figures are in the target's own unit ({@link #unit}); {@code actual} is null when the results give no
 * figure for the target (then the target has no data, never a guess).
 *
 * @param id         the target's id in targets.yaml
 * @param clause     the clause that states it, or null for an area headline
 * @param indicator  what is measured
 * @param comparison how the actual figure is compared with the target
 * @param direction  which way is better
 * @param unit       the unit of {@code target}, {@code actual} and the bounds
 * @param target     the target value
 * @param actual     the actual figure, or null when there is none
 * @param aboutLow   for a 左右 target: the lowest figure still "about" the target (value minus the tolerance)
 * @param aboutHigh  for a 左右 target: the highest figure still "about" the target (value plus the tolerance)
 */
@FactType(label = "目标与实际", description = "文件中的一个量化目标及衡量它的实际数字。")
public record TargetFact(
        @Field(label = "目标编号", required = true) String id,
        @Field(label = "条款") String clause,
        @Field(label = "指标", required = true) String indicator,
        @Field(label = "比较方式", scope = true, required = true) Comparison comparison,
        @Field(label = "方向", scope = true, required = true) Direction direction,
        @Field(label = "单位") String unit,
        @Field(label = "目标值", description = "以 unit 为单位") BigDecimal target,
        @Field(label = "实际值", description = "以 unit 为单位；成果报告没有数字时为空") BigDecimal actual,
        @Field(label = "“左右”目标的下限", description = "目标值减容差") BigDecimal aboutLow,
        @Field(label = "“左右”目标的上限", description = "目标值加容差") BigDecimal aboutHigh)
        implements Fact, StatedUnits {

    private static final Set<String> FIGURES = Set.of("target", "actual", "aboutLow", "aboutHigh");

    /** The same target with another actual figure (null for none). */
    public TargetFact withActual(BigDecimal figure) {
        return new TargetFact(id, clause, indicator, comparison, direction, unit, target, figure, aboutLow, aboutHigh);
    }

    @Override
    public String unitOf(String field) {
        return FIGURES.contains(field) ? unit : null;
    }

    @Override
    public String describe() {
        return (clause == null ? "领域目标" : "第" + clause + "条") + "「" + indicator + "」";
    }
}
