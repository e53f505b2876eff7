package com.subsidyevaluator.model;

/** A container activity at a port. */
public enum PortOperationKind implements Labelled {
    NEW_CONTAINER_ROUTE("经营集装箱新航线"),
    PICKUP_RETURN_POINT("设立提还箱点"),
    CONTAINER_SHIPPING("以集装箱形式进出港"),
    SEA_RAIL("海铁联运经营"),
    PORT_OPERATION("港口集装箱作业");

    private final String label;

    PortOperationKind(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
