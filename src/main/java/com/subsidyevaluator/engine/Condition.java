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

    /**
     * The values the condition compares its field with, as written: {@code ["3000"]} for
     * {@code revenueWan >= 3000}, {@code ["Level.NATIONAL", "Level.PROVINCIAL"]} for {@code level in (…)};
     * empty when the condition is not a plain comparison of one field with values.
     */
    public List<String> literals() {
        if (shape instanceof ConditionShape.Compare c) {
            return List.of(c.literal());
        }
        if (shape instanceof ConditionShape.OneOf o) {
            return o.literals();
        }
        return List.of();
    }

    /** The comparison operator ({@code ==, !=, >=, >, <=, <}; {@code in} or {@code not in}), or null. */
    public String operator() {
        if (shape instanceof ConditionShape.Compare c) {
            return c.op();
        }
        if (shape instanceof ConditionShape.OneOf o) {
            return o.negated() ? "not in" : "in";
        }
        return null;
    }

    AlphaNodeFieldConstraint compiled() {
        return compiled;
    }

    void compiled(AlphaNodeFieldConstraint constraint) {
        this.compiled = constraint;
    }
}
