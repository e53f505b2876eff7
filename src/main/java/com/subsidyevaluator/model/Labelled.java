package com.subsidyevaluator.model;

/** An enum value with a Chinese label for explanations and the schema. */
public interface Labelled {
    String label();
}
