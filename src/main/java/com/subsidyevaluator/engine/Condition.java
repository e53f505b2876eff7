package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.FactModel.FieldInfo;
import java.util.List;
import org.drools.base.rule.constraint.AlphaNodeFieldConstraint;

/**
 * One condition of a rule, as written in its DRL pattern, together with the constraint Drools compiled from
 * it. Evaluating the compiled constraint on a fact tells whether the condition holds with exactly the
 * semantics the rule itself uses.
 */
public final class Condition {
    private final String text;
    private final int line;
    private final int column;
    private final boolean scope;
    private final List<FieldInfo> fields;
    private final ConditionShape shape;
    private AlphaNodeFieldConstraint compiled;

    Condition(String text, int line, int column, boolean scope, List<FieldInfo> fields, ConditionShape shape) {
        this.text = text;
        this.line = line;
        this.column = column;
        this.scope = scope;
        this.fields = List.copyOf(fields);
        this.shape = shape;
    }

    /** The condition as written, e.g. {@code hasRdInstitution == true}. */
    public String text() {
        return text;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** Whether the condition only says which facts the rule is about (it reads scope fields only). */
    public boolean isScope() {
        return scope;
    }

    /** The fact fields the condition reads. */
    public List<FieldInfo> fields() {
        return fields;
    }

    ConditionShape shape() {
        return shape;
    }

    AlphaNodeFieldConstraint compiled() {
        return compiled;
    }

    void compiled(AlphaNodeFieldConstraint constraint) {
        this.compiled = constraint;
    }
}
