package com.subsidyevaluator.engine;

import java.util.Optional;

/**
 * What a rule gives, declared with {@code @tier("…")}: an entitlement the text grants to an applicant on stated
 * conditions (outcomes 符合 / 不符合 / 待定, counted in awards and budgets), or guidance — support the text
 * promises without a determinate benefit (鼓励, 支持, 优先, 积极争取), reported as 相关政策 only.
 */
public enum Tier {
    /** 资金奖补, a tax or fee preference, a quota, a qualification or recommendation granted on stated conditions. */
    ENTITLEMENT("entitlement", "权益"),
    /** 鼓励, 支持, 优先, 积极争取: the applicant learns of it, without being told it is entitled. */
    GUIDANCE("guidance", "相关政策");

    private final String code;
    private final String label;

    Tier(String code, String label) {
        this.code = code;
        this.label = label;
    }

    /** As written in {@code @tier("…")}. */
    public String code() {
        return code;
    }

    /** In Chinese, for staff. */
    public String label() {
        return label;
    }

    public static Optional<Tier> fromCode(String code) {
        for (Tier t : values()) {
            if (t.code.equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
