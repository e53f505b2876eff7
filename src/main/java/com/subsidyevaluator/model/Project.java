package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.KW;
import static com.subsidyevaluator.model.Units.KWH;
import static com.subsidyevaluator.model.Units.MU;
import static com.subsidyevaluator.model.Units.PERCENT;
import static com.subsidyevaluator.model.Units.TCE;
import static com.subsidyevaluator.model.Units.WAN;

import java.math.BigDecimal;

/** An investment project of the applicant, with its land and energy figures. */
@FactType(label = "项目", description = "申请主体的投资建设项目，含用地、容积率、投资进度、能耗等。")
public record Project(
        @Field(label = "编号") String id,
        @Field(label = "项目名称") String name,
        @Field(label = "项目类别", scope = true, required = true) ProjectKind kind,
        @Field(label = "总投资", unit = WAN, min = "0", description = "计划总投资，万元（1 亿元 = 10000 万元）") BigDecimal investmentWan,
        @Field(label = "用地面积", unit = MU, min = "0") BigDecimal landAreaMu,
        @Field(label = "工业用地") Boolean industrialLand,
        @Field(label = "土地已出让") Boolean landSold,
        @Field(label = "已完成开发投资占总投资比例", unit = PERCENT, min = "0", max = "100") BigDecimal investmentCompletedPercent,
        @Field(label = "处置情形") DisposalSituation disposalSituation,
        @Field(label = "申请容积率", min = "0", max = "100") BigDecimal plotRatio,
        @Field(label = "申请建筑密度", unit = PERCENT, min = "0", max = "100") BigDecimal buildingDensityPercent,
        @Field(label = "符合规划条件") Boolean planningCompliant,
        @Field(label = "符合安全生产条件") Boolean safetyCompliant,
        @Field(label = "复合型工业综合体") Boolean industrialComplex,
        @Field(label = "省重大产业项目") ProvincialMajorStatus provincialMajorStatus,
        @Field(label = "省服务业重大项目") ProvincialMajorStatus provincialServiceMajorStatus,
        @Field(label = "列入乐清市服务业重大项目计划") Boolean yueqingServiceMajor,
        @Field(label = "省级及以上重大基础设施项目") Boolean provincialInfrastructure,
        @Field(label = "年综合能耗", unit = TCE, min = "0") BigDecimal energyUseTce,
        @Field(label = "新增能耗需求", unit = TCE, min = "0") BigDecimal newEnergyDemandTce,
        @Field(label = "装机容量", unit = KW, min = "0") BigDecimal capacityKw,
        @Field(label = "利用城市转型退出的工业用地") Boolean formerIndustrialLand,
        @Field(label = "利用荒地、荒坡、荒滩、垃圾场、废弃矿山或边远有居民海岛") Boolean wastelandSite,
        @Field(label = "符合中央预算内投资或地方政府专项债申报条件",
                description = "经主管部门对照中央预算内投资、地方政府专项债券的申报要求核实，项目符合其中至少一项的条件") Boolean upperFundingConditionsMet,
        @Field(label = "专项债券资金需求", unit = WAN, min = "0",
                description = "项目申请纳入专项债券项目储备的资金需求，万元；不申请专项债券的写 0") BigDecimal specialBondDemandWan,
        @Field(label = "重大产业项目", description = "列入省、温州市或乐清市重大产业项目（第4条“重大产业项目”）")
                Boolean majorIndustrial,
        @Field(label = "省重大产业项目示范类", description = "列入省重大产业项目的示范类项目（第3条）")
                Boolean provincialMajorDemonstration,
        @Field(label = "年度新增可再生能源电力消费量", unit = KWH, min = "0",
                description = "项目年度新增的可再生能源电力（绿电）消费量，千瓦时") BigDecimal newRenewableElectricityKwh,
        @Field(label = "利用建筑屋顶建设", description = "光伏等项目建在建筑屋顶上（第5条整县屋顶分布式光伏开发试点）")
                Boolean rooftop,
        @Field(label = "已建成运营（存量资产）", description = "项目已建成并投入运营，属于可盘活的存量资产（第5条REITs试点）")
                Boolean inOperation) implements Fact {

    @Override
    public String describe() {
        return (kind == null ? "项目" : kind.label()) + (name == null ? "" : "「" + name + "」");
    }
}
