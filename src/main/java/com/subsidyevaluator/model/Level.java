package com.subsidyevaluator.model;

/** The level of government that recognised something, highest first. */
public enum Level implements Labelled {
    NATIONAL("国家级"),
    PROVINCIAL("省级"),
    WENZHOU("温州市级"),
    YUEQING("乐清市级");

    private final String label;

    Level(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
