package com.subsidyevaluator.model;

/** What a project builds or does. */
public enum ProjectKind implements Labelled {
    INDUSTRIAL("产业项目（制造业）"),
    TECH_RENOVATION("技术改造项目（高端化、智能化、绿色化）"),
    DIGITAL_TRANSFORMATION("数字化改造项目"),
    FIRST_SET("首台套产品工程化攻关与推广应用"),
    EQUIPMENT_RENEWAL("设备更新改造项目"),
    ENERGY("重大能源项目（电源、电网、油气储运）"),
    WIND_POWER("分散式风电项目"),
    DISTRIBUTED_PV("分布式光伏项目"),
    EXPRESSWAY("高速公路项目"),
    WATER_CONSERVANCY("水利项目"),
    TRANSPORT("交通基础设施项目"),
    SERVICE("服务业项目"),
    LOGISTICS("现代物流项目"),
    CULTURE_TOURISM("文化和旅游项目"),
    RURAL_TOURISM("乡村旅游项目"),
    URBANISATION("县城新型城镇化建设项目（老旧小区、市政管网等）"),
    AGRICULTURE("农业项目"),
    OTHER("其他项目");

    private final String label;

    ProjectKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
