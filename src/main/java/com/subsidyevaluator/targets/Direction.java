package com.subsidyevaluator.targets;

import com.subsidyevaluator.model.Labelled;

/** Which way a target's figure is better: more (growth, area, output) or less (an income ratio, a fee rate). */
public enum Direction implements Labelled {
    /** More is better. */
    UP("越高越好"),
    /** Less is better. */
    DOWN("越低越好");

    private final String label;

    Direction(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
