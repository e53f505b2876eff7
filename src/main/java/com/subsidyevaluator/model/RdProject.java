package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.WAN;
import static com.subsidyevaluator.model.Units.YEAR;

import java.math.BigDecimal;

/** An R&amp;D project of the applicant under a named programme. */
@FactType(label = "研发项目", description = "申请主体承担的研发或科研项目（尖兵、领雁、温州市级、乐清市级重点研发、农业科研等）。")
public record RdProject(
        @Field(label = "编号") String id,
        @Field(label = "项目名称") String name,
        @Field(label = "计划类别", scope = true, required = true) RdProgramme programme,
        @Field(label = "立项年度", unit = YEAR, min = "1949", max = "2100") Integer year,
        @Field(label = "已立项（被评为该类项目）") Boolean approved,
        @Field(label = "与其他单位联合攻关") Boolean jointResearch,
        @Field(label = "项目经费", unit = WAN, min = "0") BigDecimal budgetWan) implements Fact {

    @Override
    public String describe() {
        return (programme == null ? "研发项目" : programme.label() + "项目") + (name == null ? "" : "「" + name + "」");
    }
}
