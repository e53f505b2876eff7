package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.YEAR;

/** A person the applicant employs or brought in. */
@FactType(label = "人才", description = "申请主体引进或聘用的人才。")
public record Talent(
        @Field(label = "编号") String id,
        @Field(label = "姓名") String name,
        @Field(label = "人才类型") TalentRole role,
        @Field(label = "人才类别（A–E类）") TalentCategory category,
        @Field(label = "引进年度", unit = YEAR, min = "1949", max = "2100") Integer introducedYear,
        @Field(label = "高层次科技人才") Boolean highLevelSciTech,
        @Field(label = "全职") Boolean fullTime,
        @Field(label = "带项目") Boolean withProject,
        @Field(label = "入驻孵化器或众创空间") Boolean inIncubator,
        @Field(label = "属于“1+4+1”产业集群") Boolean clusterIndustry,
        @Field(label = "科技特派员", scope = true) Boolean techCommissioner) implements Fact {

    @Override
    public String describe() {
        return (role == null ? "人才" : role.label()) + (name == null ? "" : "「" + name + "」")
                + (category == null ? "" : "（" + category.label() + "）");
    }
}
