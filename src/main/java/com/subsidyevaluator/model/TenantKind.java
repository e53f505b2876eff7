package com.subsidyevaluator.model;

/** Who rents space in an incubator or maker space. */
public enum TenantKind implements Labelled {
    ENTERPRISE("企业"),
    TEAM("团队"),
    MAKER("创客");

    private final String label;

    TenantKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
