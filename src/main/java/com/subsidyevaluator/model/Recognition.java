package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.YEAR;

/** Something the applicant owns or was granted a status for: an incubator, a new R&amp;D institution, a brand, … */
@FactType(label = "认定", description = "申请主体获得或申报的认定、备案、创建、入选（孵化器、新型研发机构、老字号、特色小镇等）。")
public record Recognition(
        @Field(label = "编号") String id,
        @Field(label = "认定类别", scope = true, required = true) RecognitionKind kind,
        @Field(label = "名称") String name,
        @Field(label = "级别") Level level,
        @Field(label = "年度", unit = YEAR, min = "1949", max = "2100") Integer year,
        @Field(label = "阶段") RecognitionStage stage,
        @Field(label = "新认定（备案）") Boolean newlyRecognised,
        @Field(label = "年度绩效评价等级") PerformanceGrade performanceGrade) implements Fact {

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder();
        if (level != null) {
            s.append(level.label());
        }
        s.append(kind == null ? "认定" : kind.label());
        if (name != null) {
            s.append("「").append(name).append("」");
        }
        if (year != null) {
            s.append("（").append(year).append("年").append(Boolean.TRUE.equals(newlyRecognised) ? "新认定" : "").append("）");
        }
        return s.toString();
    }
}
