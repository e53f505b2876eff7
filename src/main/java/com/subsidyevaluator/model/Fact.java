package com.subsidyevaluator.model;

/**
 * A fact a rule can be about: the enterprise, a recognition, a project, a talent, …
 * Every fact can say in Chinese which thing it is, so that an outcome names its subject.
 */
public interface Fact {
    /** The applicant's own identifier for this thing, if it gave one. */
    String id();

    /** A short Chinese description, e.g. "省级科技孵化器（2023年新认定）". */
    String describe();
}
