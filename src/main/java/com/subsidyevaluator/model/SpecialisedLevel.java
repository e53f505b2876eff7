package com.subsidyevaluator.model;

/** 专精特新 status of an enterprise. */
public enum SpecialisedLevel implements Labelled {
    NONE("非专精特新企业"),
    PROVINCIAL("省级专精特新中小企业"),
    NATIONAL("国家级专精特新“小巨人”企业");

    private final String label;

    SpecialisedLevel(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
