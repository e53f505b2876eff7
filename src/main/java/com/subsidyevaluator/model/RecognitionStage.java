package com.subsidyevaluator.model;

/** Where a recognition stands. */
public enum RecognitionStage implements Labelled {
    APPLYING("申报或创建中"),
    RECOGNISED("已认定（备案、创成、命名、入选）");

    private final String label;

    RecognitionStage(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
