package com.subsidyevaluator.engine;

import java.util.Arrays;
import java.util.Optional;

/** What kind of support an outcome gives; rules name it in Chinese with {@code @benefit("资金奖补")}. */
public enum BenefitKind {
    FUNDING("资金奖补"),
    TAX("税收优惠"),
    FINANCE("金融支持"),
    FACTOR("要素保障"),
    QUALIFICATION("资格与推荐"),
    OTHER("其他支持");

    private final String label;

    BenefitKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static Optional<BenefitKind> fromLabel(String label) {
        return Arrays.stream(values()).filter(k -> k.label.equals(label)).findFirst();
    }
}
