package com.subsidyevaluator.model;

/** Where a port operation takes place. */
public enum Port implements Labelled {
    YUEQING_BAY("乐清湾港区"),
    OTHER("其他港区");

    private final String label;

    Port(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
