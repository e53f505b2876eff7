package com.subsidyevaluator.model;

/** Kind of road vehicle. */
public enum VehicleKind implements Labelled {
    PASSENGER("客车"),
    FREIGHT("货车");

    private final String label;

    VehicleKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
