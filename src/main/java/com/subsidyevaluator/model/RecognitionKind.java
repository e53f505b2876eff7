package com.subsidyevaluator.model;

/** What was recognised, created or selected. */
public enum RecognitionKind implements Labelled {
    INCUBATOR("科技企业孵化器"),
    MAKER_SPACE("众创空间"),
    SCI_TECH_PARK("科创园"),
    NEW_RD_INSTITUTION("新型研发机构"),
    TECH_INNOVATION_CENTRE("技术创新中心"),
    INTERNATIONAL_COOPERATION("国际合作机构"),
    SERVICE_INNOVATION_ZONE("现代服务业创新发展区"),
    XIONGYING("省“雄鹰行动”培育企业"),
    SINGLE_CHAMPION("单项冠军企业"),
    FIRST_VERSION_SOFTWARE("首版次软件产品"),
    INDUSTRIAL_INTERNET_PLATFORM("工业互联网平台"),
    INFO_ENGINEERING_SERVICE("信息工程服务机构培育库"),
    HIGH_QUALITY_TOURISM("高质量旅游产品"),
    TIME_HONOURED_BRAND("老字号"),
    COMMON_PROSPERITY_WORKSHOP("电商直播式“共富工坊”"),
    CROSS_BORDER_EC_PARK("跨境电商产业园区"),
    CROSS_BORDER_EC_LEADER("跨境电商引领型企业"),
    OVERSEAS_WAREHOUSE("海外仓"),
    FEATURED_TOWN("特色小镇"),
    AGRI_SERVICE_CENTRE("农事服务中心"),
    LOGISTICS_GRADE("物流企业等级");

    private final String label;

    RecognitionKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
