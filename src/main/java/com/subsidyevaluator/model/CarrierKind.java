package com.subsidyevaluator.model;

/** An incubation carrier. */
public enum CarrierKind implements Labelled {
    INCUBATOR("科技企业孵化器"),
    MAKER_SPACE("众创空间");

    private final String label;

    CarrierKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
