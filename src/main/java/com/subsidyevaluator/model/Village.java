package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.WAN;

import java.math.BigDecimal;

/** A village (社区) whose collective economy is the applicant. */
@FactType(label = "村集体经济", description = "村（社）集体经济收入情况。")
public record Village(
        @Field(label = "编号") String id,
        @Field(label = "村（社）名称") String name,
        @Field(label = "村集体总收入", unit = WAN, min = "0") BigDecimal collectiveIncomeWan,
        @Field(label = "村集体经营性收入", unit = WAN, min = "0") BigDecimal operatingIncomeWan) implements Fact {

    @Override
    public String describe() {
        return "村集体经济" + (name == null ? "" : "「" + name + "」");
    }
}
