package com.subsidyevaluator.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConnectiveType;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.kie.internal.builder.conf.LanguageLevelOption;

/**
 * The form of one rule condition as the DRL expression parser sees it, for explanations: a comparison of a
 * field with a value ({@code revenueWan >= 3000}), membership ({@code level in (Level.NATIONAL, …)}), or
 * anything else (explained by its text and the values of the fields it reads).
 */
sealed interface ConditionShape {

    /** {@code field op literal}. */
    record Compare(String field, String op, String literal) implements ConditionShape {
    }

    /** {@code field in (…)} or, when {@code negated}, {@code field not in (…)}. */
    record OneOf(String field, List<String> literals, boolean negated) implements ConditionShape {
    }

    /** Any other expression. */
    record Opaque(String text) implements ConditionShape {
    }

    Pattern PATH = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    static ConditionShape parse(String expression) {
        DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(LanguageLevelOption.DRL6);
        ConstraintConnectiveDescr top;
        try {
            top = parser.parse(expression);
        } catch (RuntimeException e) {
            return new Opaque(expression);
        }
        if (top == null || parser.hasErrors()) {
            return new Opaque(expression);
        }
        List<BaseDescr> parts = top.getDescrs();
        if (parts.size() == 1) {
            BaseDescr only = parts.get(0);
            if (only instanceof RelationalExprDescr rel) {
                ConditionShape c = compare(rel);
                if (c != null) {
                    return c;
                }
            } else if (only instanceof ConstraintConnectiveDescr or && or.getConnective() == ConnectiveType.OR) {
                ConditionShape c = members(or.getDescrs(), "==", false);
                if (c != null) {
                    return c;
                }
            } else if (only instanceof AtomicExprDescr atom && !atom.isLiteral()) {
                String e = atom.getExpression().strip();
                if (PATH.matcher(e).matches()) {
                    return new Compare(e, "==", "true");
                }
                if (e.startsWith("!") && PATH.matcher(e.substring(1).strip()).matches()) {
                    return new Compare(e.substring(1).strip(), "==", "false");
                }
            }
        } else if (parts.size() > 1 && top.getConnective() == ConnectiveType.AND) {
            ConditionShape c = members(parts, "!=", true);
            if (c != null) {
                return c;
            }
        }
        return new Opaque(expression);
    }

    private static ConditionShape compare(RelationalExprDescr rel) {
        if (rel.isNegated() || rel.getParameters() != null && !rel.getParameters().isEmpty()) {
            return null;
        }
        if (!(rel.getLeft() instanceof AtomicExprDescr left) || !(rel.getRight() instanceof AtomicExprDescr right)) {
            return null;
        }
        String field = left.getExpression().strip();
        if (left.isLiteral() || !PATH.matcher(field).matches()) {
            return null;
        }
        String op = rel.getOperator();
        if (!List.of("==", "!=", ">", ">=", "<", "<=").contains(op)) {
            return null;
        }
        String value = right.getExpression().strip();
        if (!right.isLiteral() && !PATH.matcher(value).matches()) {
            return null;
        }
        return new Compare(field, op, value);
    }

    private static ConditionShape members(List<BaseDescr> parts, String op, boolean negated) {
        String field = null;
        List<String> values = new ArrayList<>();
        for (BaseDescr d : parts) {
            if (!(d instanceof RelationalExprDescr rel)) {
                return null;
            }
            ConditionShape c = compare(rel);
            if (!(c instanceof Compare cmp) || !cmp.op().equals(op) || field != null && !field.equals(cmp.field())) {
                return null;
            }
            field = cmp.field();
            values.add(cmp.literal());
        }
        return field == null ? null : new OneOf(field, values, negated);
    }

    /** The first segment of the field path the shape reads, or null for an opaque expression. */
    default String rootField() {
        if (this instanceof Compare c) {
            return root(c.field());
        }
        if (this instanceof OneOf o) {
            return root(o.field());
        }
        return null;
    }

    private static String root(String path) {
        int dot = path.indexOf('.');
        return dot < 0 ? path : path.substring(0, dot);
    }
}
