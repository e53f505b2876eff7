package com.subsidyevaluator.model;

/** The programme an R&amp;D project was approved under. */
public enum RdProgramme implements Labelled {
    JIANBING("省级“尖兵”研发攻关计划"),
    LINGYAN("省级“领雁”研发攻关计划"),
    WENZHOU_KEY("温州市级重点研发计划"),
    YUEQING_KEY("乐清市级重点研发计划"),
    SOCIAL_DEVELOPMENT("社会发展研究"),
    SOFT_SCIENCE("软科学研究"),
    PROVINCIAL_AGRI_MAJOR("省级农业领域重大科技项目"),
    PROVINCIAL_AGRI_TEAM("省级农业产业团队项目"),
    WENZHOU_CROP_VARIETY("温州市级农作物新品种展示示范项目"),
    AGRI_KEY_TECH("农业关键核心技术攻关"),
    OTHER("其他");

    private final String label;

    RdProgramme(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
