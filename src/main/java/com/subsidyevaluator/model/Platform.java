package com.subsidyevaluator.model;

/** High-level platform an enterprise is located in. */
public enum Platform implements Labelled {
    NONE("不在重点平台"),
    WANMU_QIANYI("乐清智能电力物联网“万亩千亿”新产业平台"),
    TECH_INCUBATION_PARK("科技大孵化园区"),
    ECONOMIC_DEVELOPMENT_ZONE("乐清经济开发区"),
    OTHER("其他园区");

    private final String label;

    Platform(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
