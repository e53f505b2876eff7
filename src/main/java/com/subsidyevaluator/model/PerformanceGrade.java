package com.subsidyevaluator.model;

/** Grade of an annual performance evaluation. */
public enum PerformanceGrade implements Labelled {
    EXCELLENT("优秀"),
    GOOD("良好"),
    PASS("合格"),
    FAIL("不合格");

    private final String label;

    PerformanceGrade(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
