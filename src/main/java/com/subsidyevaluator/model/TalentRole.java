package com.subsidyevaluator.model;

/** The kind of talent, as clauses 6, 8 and 20 name them. */
public enum TalentRole implements Labelled {
    SCI_TECH_LEADER("科技领军人才"),
    INNOVATION_TEAM("创新团队"),
    YOUNG_SCI_TECH("青年科技人才"),
    EXCELLENT_ENGINEER("卓越工程师"),
    INDUSTRY_LEADER("产业领军人才"),
    CHIEF_EXPERT("首席专家"),
    HIGH_SKILLED("高技能人才"),
    OTHER("其他人才");

    private final String label;

    TalentRole(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
