package com.subsidyevaluator.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Describes one fact field for people and for the reader: its Chinese label, its unit, the range of
 * values that can exist, and whether it only says what kind of thing a fact is (a scope field).
 *
 * <p>Rules never need this annotation; explanations, the JSON Schema and strict reading do.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.RECORD_COMPONENT, ElementType.METHOD, ElementType.FIELD})
public @interface Field {
    /** Chinese label shown to staff, e.g. "研发费用". */
    String label();

    /** Unit of the value, e.g. {@link Units#WAN}; empty for flags, codes and text. */
    String unit() default "";

    /** Smallest value that can exist (inclusive), as a decimal string; empty for no bound. */
    String min() default "";

    /** Largest value that can exist (inclusive), as a decimal string; empty for no bound. */
    String max() default "";

    /** A sentence for the schema: what the field means and where the value comes from. */
    String description() default "";

    /**
     * A scope field says what kind of thing a fact is (an incubator, a culture-tourism project, a 预制菜
     * enterprise). Conditions on scope fields decide which facts a rule is about: a fact whose scope field
     * has another value is outside the rule and gets no outcome for it instead of a "not eligible"; a fact
     * whose scope field is absent may be inside it, so the rule is undetermined for it and names the field.
     */
    boolean scope() default false;

    /** The field must be present in a case file. */
    boolean required() default false;

    /** For a value computed from other fields: the fields it needs (reported when they are missing). */
    String[] derivedFrom() default {};

    /** A regular expression a text value must match. */
    String pattern() default "";

    /** A check beyond the pattern: {@code "uscc"} verifies the check character of a unified social credit code. */
    String check() default "";
}
