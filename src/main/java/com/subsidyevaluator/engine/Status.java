package com.subsidyevaluator.engine;

/** The result of one rule for one subject. */
public enum Status {
    /** Every condition of the rule is met. */
    ELIGIBLE("符合"),
    /** At least one condition is known to fail. */
    NOT_ELIGIBLE("不符合"),
    /** No condition is known to fail, but facts needed for a decision are missing. */
    UNDETERMINED("待定");

    private final String label;

    Status(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
