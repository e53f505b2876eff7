package com.subsidyevaluator.model;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Names a kind of fact for people: "企业", "认定", "研发项目". */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface FactType {
    /** Chinese name of this kind of fact. */
    String label();

    /** A sentence for the schema. */
    String description() default "";
}
