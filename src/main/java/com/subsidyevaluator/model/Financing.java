package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.PERCENT;
import static com.subsidyevaluator.model.Units.WAN;

import java.math.BigDecimal;

/** How the applicant borrows and raises money. */
@FactType(label = "融资情况", description = "申请主体的贷款、担保、上市等融资情况。")
public record Financing(
        @Field(label = "编号") String id,
        @Field(label = "本年首次获得银行贷款（首贷户）") Boolean firstLoan,
        @Field(label = "制造业中长期贷款余额", unit = WAN, min = "0") BigDecimal manufacturingLongTermLoanWan,
        @Field(label = "申请“科创指数贷”") Boolean sciTechIndexLoan,
        @Field(label = "申请“人才科技贷”") Boolean talentSciTechLoan,
        @Field(label = "有跨境融资需求") Boolean crossBorderFinancing,
        @Field(label = "由政府性融资担保机构担保") Boolean governmentGuarantee,
        @Field(label = "担保费率", unit = PERCENT, min = "0", max = "100") BigDecimal guaranteeFeeRatePercent,
        @Field(label = "拟在沪深北证券交易所上市") Boolean listingPlanned,
        @Field(label = "已上市报会") Boolean listingFiled) implements Fact {

    @Override
    public String describe() {
        return "融资情况";
    }
}
