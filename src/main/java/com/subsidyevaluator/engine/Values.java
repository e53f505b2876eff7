package com.subsidyevaluator.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The value operations a checked rule may use, as the canonical rule text calls them: arithmetic, a few text
 * methods and the amount of a consequence. Rule files never name this class; {@link RuleGrammar} writes calls to
 * it when it prints a checked rule back as DRL.
 *
 * <p>Every operation is total and bounded: a missing value (null) gives null, which no comparison holds for,
 * so a condition on a missing fact is reported as missing rather than failing; decimal arithmetic rounds to
 * {@link #CONTEXT} (16 significant digits), so no result can grow without bound; division is only ever by a
 * non-zero number written in the rule (the checker refuses anything else), and still returns null, not an
 * exception, for zero.
 */
public final class Values {

    /** The precision of decimal arithmetic in conditions and amounts: 16 significant digits, half-even. */
    public static final MathContext CONTEXT = MathContext.DECIMAL64;

    private Values() {
    }

    /** A decimal written in the rule (digits and at most one point, checked before the rule is compiled). */
    public static BigDecimal number(String digits) {
        return new BigDecimal(digits);
    }

    public static BigDecimal add(Object a, Object b) {
        return both(a, b, (x, y) -> x.add(y, CONTEXT));
    }

    public static BigDecimal subtract(Object a, Object b) {
        return both(a, b, (x, y) -> x.subtract(y, CONTEXT));
    }

    public static BigDecimal multiply(Object a, Object b) {
        return both(a, b, (x, y) -> x.multiply(y, CONTEXT));
    }

    public static BigDecimal divide(Object a, Object b) {
        return both(a, b, (x, y) -> y.signum() == 0 ? null : x.divide(y, CONTEXT));
    }

    public static BigDecimal remainder(Object a, Object b) {
        return both(a, b, (x, y) -> y.signum() == 0 ? null : x.remainder(y, CONTEXT));
    }

    public static BigDecimal negate(Object a) {
        BigDecimal x = decimal(a);
        return x == null ? null : x.negate();
    }

    public static BigDecimal min(Object a, Object b) {
        return both(a, b, BigDecimal::min);
    }

    public static BigDecimal max(Object a, Object b) {
        return both(a, b, BigDecimal::max);
    }

    /** {@code op} on two numbers; null when either is missing. */
    private static BigDecimal both(Object a, Object b, java.util.function.BinaryOperator<BigDecimal> op) {
        BigDecimal x = decimal(a);
        BigDecimal y = decimal(b);
        return x == null || y == null ? null : op.apply(x, y);
    }

    public static BigDecimal abs(Object a) {
        BigDecimal x = decimal(a);
        return x == null ? null : x.abs();
    }

    public static Integer signum(Object a) {
        BigDecimal x = decimal(a);
        return x == null ? null : x.signum();
    }

    /** Rounds to {@code scale} decimal places (the checker allows 0 to 4) with the rounding the rule names. */
    public static BigDecimal setScale(Object a, int scale, String rounding) {
        BigDecimal x = decimal(a);
        return x == null ? null : x.setScale(scale, RoundingMode.valueOf(rounding));
    }

    public static Integer length(String s) {
        return s == null ? null : s.length();
    }

    public static Boolean isEmpty(String s) {
        return s == null ? null : s.isEmpty();
    }

    public static Boolean isBlank(String s) {
        return s == null ? null : s.isBlank();
    }

    public static Boolean startsWith(String s, String prefix) {
        return s == null ? null : s.startsWith(prefix);
    }

    public static Boolean endsWith(String s, String suffix) {
        return s == null ? null : s.endsWith(suffix);
    }

    public static Boolean contains(String s, String part) {
        return s == null ? null : s.contains(part);
    }

    public static Boolean equalsIgnoreCase(String s, String other) {
        return s == null ? null : s.equalsIgnoreCase(other);
    }

    private static BigDecimal decimal(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof BigDecimal d) {
            return d;
        }
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return BigDecimal.valueOf(((Number) v).longValue());
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        throw new IllegalArgumentException("not a number: " + v.getClass().getName());
    }
}
