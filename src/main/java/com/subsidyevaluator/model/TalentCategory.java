package com.subsidyevaluator.model;

/** Talent category under the Wenzhou/Yueqing classification, A highest. */
public enum TalentCategory implements Labelled {
    A("A类"),
    B("B类"),
    C("C类"),
    D("D类"),
    E("E类"),
    OTHER("未列入A–E类");

    private final String label;

    TalentCategory(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
