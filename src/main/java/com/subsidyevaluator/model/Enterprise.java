package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.PERCENT;
import static com.subsidyevaluator.model.Units.TCE;
import static com.subsidyevaluator.model.Units.WAN;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** The applicant: an enterprise, institution, cooperative, farm, village collective or platform operator. */
@FactType(label = "申请主体", description = "提出申请或被评估的主体本身（企业、科研机构、合作社、村集体等）。")
public record Enterprise(
        @Field(label = "名称", required = true) String name,
        @Field(label = "统一社会信用代码", pattern = "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}",
                check = "uscc", description = "18 位统一社会信用代码（GB 32100-2015，末位为校验码）") String creditCode,
        @Field(label = "主体类型", scope = true, required = true) ApplicantKind kind,
        @Field(label = "所属行业", scope = true) Industry industry,
        @Field(label = "规模以上企业（规上）") Boolean aboveDesignatedSize,
        @Field(label = "国家高新技术企业") Boolean highTech,
        @Field(label = "拟申报国家高新技术企业") Boolean plansHighTechApplication,
        @Field(label = "专精特新等级") SpecialisedLevel specialisedLevel,
        @Field(label = "小微企业", scope = true) Boolean smallMicro,
        @Field(label = "“三农”市场主体", scope = true) Boolean agricultural,
        @Field(label = "营业收入", unit = WAN, min = "0", description = "上一会计年度营业收入，万元") BigDecimal revenueWan,
        @Field(label = "研发费用", unit = WAN, min = "0", description = "上一会计年度研发费用，万元") BigDecimal rdExpenseWan,
        @Field(label = "基础研究投入", unit = WAN, min = "0") BigDecimal basicResearchExpenseWan,
        @Field(label = "有成立研发机构") Boolean hasRdInstitution,
        @Field(label = "统计年报在统") Boolean inStatistics,
        @Field(label = "已录入统计联网直报平台") Boolean directReporting,
        @Field(label = "所在重点平台") Platform platform,
        @Field(label = "预制菜企业", scope = true) Boolean preparedFood,
        @Field(label = "有自身工业用地") Boolean ownsIndustrialLand,
        @Field(label = "淘汰落后产能腾出的存量用能空间", unit = TCE, min = "0",
                description = "通过淘汰落后产能腾出的存量用能空间，吨标准煤/年（第4条）") BigDecimal freedEnergySpaceTce,
        @Field(label = "腾出的用能空间已经第三方机构确权") Boolean freedEnergySpaceConfirmed) implements Fact {

    @Override
    public String id() {
        return creditCode;
    }

    @Override
    public String describe() {
        return name == null ? "申请主体" : name;
    }

    /** 研发费用占营业收入比重, in %, two decimals; null when either figure is missing or revenue is zero. */
    @Field(label = "研发费用占营业收入比重", unit = PERCENT, derivedFrom = {"rdExpenseWan", "revenueWan"})
    public BigDecimal rdIntensityPercent() {
        if (rdExpenseWan == null || revenueWan == null || revenueWan.signum() == 0) {
            return null;
        }
        return rdExpenseWan.multiply(BigDecimal.valueOf(100)).divide(revenueWan, 2, RoundingMode.HALF_UP);
    }

    /** Whether the applicant is a manufacturing enterprise (制造业), from its industry. */
    @Field(label = "制造业企业", derivedFrom = {"industry"})
    public Boolean manufacturing() {
        return industry == null ? null : industry.isManufacturing();
    }
}
