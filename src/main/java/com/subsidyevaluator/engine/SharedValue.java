package com.subsidyevaluator.engine;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a result record whose instances the evaluator reuses from result to result (a rule's fixed benefit, the
 * rule set's id): a writer may keep what it made of one instance and repeat it for the same instance. Records are
 * immutable, so the same instance always writes the same way.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SharedValue {
}
