package com.subsidyevaluator.model;

/** The applicant's main industry. The first five are 乐清's leading clusters named in clause 16. */
public enum Industry implements Labelled {
    SMART_ELECTRICAL("智能电气", true),
    NEW_ENERGY("新能源", true),
    SEMICONDUCTOR("半导体与集成电路", true),
    HIGH_END_EQUIPMENT("高端装备制造", true),
    NEW_MATERIALS("新材料", true),
    OTHER_MANUFACTURING("其他制造业", true),
    FOOD("食品加工（含预制菜）", true),
    SOFTWARE_INFORMATION("软件和信息服务业", false),
    LOGISTICS("现代物流", false),
    SHIPPING("航运", false),
    CULTURE_TOURISM("文化和旅游", false),
    COMMERCE("商贸流通", false),
    AGRICULTURE("农业", false),
    FINANCE("金融", false),
    CONSTRUCTION("建筑业", false),
    OTHER_SERVICES("其他服务业", false),
    PUBLIC_SERVICE("公共事业", false);

    private final String label;
    private final boolean manufacturing;

    Industry(String label, boolean manufacturing) {
        this.label = label;
        this.manufacturing = manufacturing;
    }

    @Override
    public String label() {
        return label;
    }

    /** Whether the industry is manufacturing (制造业), as clause 17's loans distinguish. */
    public boolean isManufacturing() {
        return manufacturing;
    }
}
