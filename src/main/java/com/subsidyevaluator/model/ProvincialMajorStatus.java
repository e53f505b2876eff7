package com.subsidyevaluator.model;

/** 省重大产业项目 / 省服务业重大项目 status of a project. */
public enum ProvincialMajorStatus implements Labelled {
    NONE("未申报"),
    APPLYING("申报中"),
    LISTED("已列入");

    private final String label;

    ProvincialMajorStatus(String label) {
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }
}
