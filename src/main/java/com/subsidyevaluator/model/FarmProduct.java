package com.subsidyevaluator.model;

/** What a farm produces. */
public enum FarmProduct implements Labelled {
    RICE("水稻"),
    OTHER_GRAIN("其他粮食作物"),
    DENDROBIUM("铁皮石斛"),
    YANDANG_MAOFENG_TEA("雁荡毛峰茶"),
    OTHER_TEA("其他茶叶"),
    CITRUS("柑橘"),
    BAYBERRY("杨梅"),
    OTHER("其他农产品");

    private final String label;

    FarmProduct(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
