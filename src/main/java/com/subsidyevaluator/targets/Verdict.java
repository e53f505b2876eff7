package com.subsidyevaluator.targets;

import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.model.Labelled;

/**
 * Whether a target was met. The target rules record their outcomes with the engine's statuses; for a target
 * they read: {@link Status#ELIGIBLE} → met, {@link Status#NOT_ELIGIBLE} → not met, {@link Status#UNDETERMINED}
 * → no data (the results give no figure that measures the target).
 */
public enum Verdict implements Labelled {
    /** The actual figure meets the target (for 左右: within the tolerance, or beyond it on the better side). */
    MET("达到"),
    /** The actual figure falls short of the target. */
    NOT_MET("未达到"),
    /** No actual figure measures the target; nothing is estimated. */
    NO_DATA("无数据");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    public static Verdict of(Status status) {
        return switch (status) {
            case ELIGIBLE -> MET;
            case NOT_ELIGIBLE -> NOT_MET;
            case UNDETERMINED -> NO_DATA;
            case RELEVANT -> throw new IllegalArgumentException("a target rule is not guidance");
        };
    }
}
