package com.subsidyevaluator.model;

/** Why sold land that is not yet developed would be transferred (clause 18). */
public enum DisposalSituation implements Labelled {
    NONE("无处置情形"),
    JUDICIAL("司法处置"),
    GOVERNMENT_RISK("政府风险处置"),
    PRIORITY_PURCHASE("政府实施优先收购权"),
    OTHER("其他情形");

    private final String label;

    DisposalSituation(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
