package com.subsidyevaluator.model;

/**
 * A fact whose figures are in a unit the fact itself states, such as a target with its actual figure (亩 for one
 * target, % for another). Explanations write such a figure with this unit instead of the one {@link Field}
 * declares, and a difference of two percentages in 个百分点.
 */
public interface StatedUnits {

    /** The unit of {@code field} on this fact, or null to use the unit its {@link Field} declares. */
    String unitOf(String field);
}
