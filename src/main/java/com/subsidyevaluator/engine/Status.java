package com.subsidyevaluator.engine;

/** The result of one rule for one subject. */
public enum Status {
    /** Every condition of the rule is met. */
    ELIGIBLE("符合"),
    /** At least one condition is known to fail. */
    NOT_ELIGIBLE("不符合"),
    /** No condition is known to fail, but facts needed for a decision are missing. */
    UNDETERMINED("待定"),
    /**
     * Guidance (相关政策): a rule of {@code @tier("guidance")} applies to the subject. Not an entitlement: never counted
     * in awards, totals or budgets.
     */
    RELEVANT("相关政策");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** Whether the status is an entitlement's (符合 / 不符合 / 待定), not guidance. */
    public boolean isEntitlement() {
        return this != RELEVANT;
    }
}
