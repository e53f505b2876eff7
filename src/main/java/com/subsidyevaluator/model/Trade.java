package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.COUNT;
import static com.subsidyevaluator.model.Units.WAN;

import java.math.BigDecimal;

/** The applicant's foreign trade. */
@FactType(label = "外贸情况", description = "申请主体的出口、境外参展、出口信用保险、跨境电商等情况。")
public record Trade(
        @Field(label = "编号") String id,
        @Field(label = "外贸出口企业") Boolean exporter,
        @Field(label = "本年出国（境）参展拓市场次数", unit = COUNT, min = "0") Integer overseasFairs,
        @Field(label = "投保政策性出口信用保险") Boolean exportCreditInsured,
        @Field(label = "出口信用保险保费", unit = WAN, min = "0") BigDecimal exportCreditPremiumWan,
        @Field(label = "申请政策性外贸产业专项贷款") Boolean policyTradeLoan,
        @Field(label = "开展跨境电商业务") Boolean crossBorderEcommerce) implements Fact {

    @Override
    public String describe() {
        return "外贸情况";
    }
}
