package com.subsidyevaluator.model;

/** What kind of body the applicant is. */
public enum ApplicantKind implements Labelled {
    ENTERPRISE("企业"),
    RESEARCH_INSTITUTION("高校院所或科研机构"),
    COOPERATIVE("农民专业合作社"),
    FAMILY_FARM("家庭农场"),
    VILLAGE_COLLECTIVE("村集体经济组织"),
    PLATFORM_OPERATOR("平台管理机构（园区、小镇、创新发展区）");

    private final String label;

    ApplicantKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
