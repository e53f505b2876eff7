package com.subsidyevaluator.io;

import com.subsidyevaluator.model.Field;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the values of a case that JSON types cannot express: required fields, ranges (no negative money or
 * area, no share above 100%, an evaluation date between {@link CaseReader#MIN_YEAR} and {@link CaseReader#MAX_YEAR}),
 * text formats, text that is not Unicode (a lone surrogate) or holds a NUL character, and null elements in lists.
 * Ranges come from {@link Field}.
 *
 * <p>What each record type's components are, with their ranges and patterns, is worked out once per type and
 * kept; checking a valid case builds no strings.
 */
final class CaseValidator {

    private CaseValidator() {
    }

    /** What a component's value needs checking for. */
    private enum Kind { SCALAR, RECORD, LIST }

    /** One record component with what the check needs, prepared once. */
    private record Component(String name, java.util.function.Function<Object, Object> accessor, Field field, String label, BigDecimal min,
                             BigDecimal max, Pattern pattern, Kind kind, boolean mustBePresent, boolean checksValue,
                             boolean required) {
    }

    /**
     * The components of a record type that need a check: required and scope fields, ranges, patterns, nested
     * records and lists. Components that can hold any value (most flags and enums) are left out.
     */
    private static final ClassValue<Component[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected Component[] computeValue(Class<?> type) {
            RecordComponent[] rcs = type.getRecordComponents();
            List<Component> out = new java.util.ArrayList<>();
            for (RecordComponent rc : rcs) {
                Field f = rc.getAnnotation(Field.class);
                java.util.function.Function<Object, Object> accessor = Accessors.of(rc.getAccessor());
                Class<?> t = rc.getType();
                Kind kind = List.class.isAssignableFrom(t) ? Kind.LIST : t.isRecord() ? Kind.RECORD : Kind.SCALAR;
                BigDecimal min = f == null || f.min().isEmpty() ? null : new BigDecimal(f.min());
                BigDecimal max = f == null || f.max().isEmpty() ? null : new BigDecimal(f.max());
                Pattern pattern = f == null || f.pattern().isEmpty() ? null : Pattern.compile(f.pattern());
                boolean present = f != null && f.required();
                boolean value = t == BigDecimal.class || t == java.time.LocalDate.class
                        || f != null && (min != null || max != null || pattern != null || f.required() && t == String.class);
                // every text is kept for the check of its characters (the fast binder checks them as it reads)
                if (kind == Kind.SCALAR && !present && !value && t != String.class) {
                    continue;
                }
                out.add(new Component(rc.getName(), accessor, f, f == null ? rc.getName() : f.label(), min, max, pattern,
                        kind, present, value, f != null && f.required()));
            }
            return out.toArray(Component[]::new);
        }
    };

    /** One record component's own check (presence, range, pattern), for {@link FastCaseBinder}. */
    record Check(java.util.function.Function<Object, Object> accessor, Component component) {
        /** Whether the record's value of this component passes (nested records are checked on their own). */
        boolean passes(Object record) {
            Object v = accessor.apply(record);
            if (v == null) {
                return !component.mustBePresent();
            }
            return !component.checksValue() || value(component, v) == null;
        }
    }

    private static final ClassValue<Check[]> CHECKS = new ClassValue<>() {
        @Override
        protected Check[] computeValue(Class<?> type) {
            List<Check> out = new java.util.ArrayList<>();
            for (Component c : COMPONENTS.get(type)) {
                if (c.mustBePresent() || c.checksValue()) {
                    out.add(new Check(c.accessor(), c));
                }
            }
            return out.toArray(Check[]::new);
        }
    };

    /** The checks of a record type's own components: a record passes them all exactly when it has no problem here. */
    static Check[] checks(Class<?> type) {
        return CHECKS.get(type);
    }

    /** The first problem as "{@code $.json.path message}", or null when the case is valid. */
    static String firstProblem(Object record) {
        return check(record, "$");
    }

    private static String check(Object record, String path) {
        for (Component c : COMPONENTS.get(record.getClass())) {
            Object v = c.accessor().apply(record);
            if (v == null) {
                if (c.mustBePresent()) {
                    return path + "." + c.name() + " 缺少必填字段「" + c.label() + "」";
                }
                continue;
            }
            if (v instanceof String s) {
                String problem = text(c.label(), s);
                if (problem != null) {
                    return path + "." + c.name() + " " + problem;
                }
            }
            if (c.checksValue()) {
                String problem = value(c, v);
                if (problem != null) {
                    return path + "." + c.name() + " " + problem;
                }
            }
            if (c.kind() == Kind.LIST) {
                List<?> list = (List<?>) v;
                for (int i = 0; i < list.size(); i++) {
                    Object e = list.get(i);
                    if (e == null) {
                        return path + "." + c.name() + "[" + i + "] 数组元素不能为 null，应为对象（" + c.label() + "）";
                    }
                    if (e.getClass().isRecord()) {
                        String inner = check(e, path + "." + c.name() + "[" + i + "]");
                        if (inner != null) {
                            return inner;
                        }
                    }
                }
            } else if (c.kind() == Kind.RECORD) {
                String inner = check(v, path + "." + c.name());
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** The largest number a case may give: integer part of at most 15 digits (10^15 万元 is beyond any budget). */
    static final int MAX_INTEGER_DIGITS = 15;
    /** The most decimals a number may have (万元 to 0.000001 is a hundredth of a yuan). */
    static final int MAX_DECIMALS = 8;

    /** Whether a text has no NUL and no lone surrogate: what {@link #text} finds nothing in, quickly. */
    static boolean plainText(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c != 0 && c < Character.MIN_SURROGATE) {
                continue;
            }
            if (c == 0 || Character.isLowSurrogate(c) || Character.isHighSurrogate(c)
                    && (i + 1 >= n || !Character.isLowSurrogate(s.charAt(++i)))) {
                return false;
            }
        }
        return true;
    }

    /** What is wrong with the characters of a text: a NUL, or a surrogate without its pair; null when nothing. */
    static String text(String label, String s) {
        if (plainText(s)) {
            return null;
        }
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == 0) {
                return "「" + label + "」含有空字符（U+0000，第 " + (i + 1) + " 个字符）；文本中不能有空字符"
                        + " (a NUL character at character " + (i + 1) + "; text may not contain one)";
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "「" + label + "」含有不成对的代理项字符（U+" + String.format("%04X", (int) c) + "，第 " + (i + 1)
                        + " 个字符）；文本须为有效的 Unicode（代理项须成对出现） (an unpaired surrogate U+"
                        + String.format("%04X", (int) c) + " at character " + (i + 1) + "; text must be valid Unicode)";
            }
        }
        return null;
    }

    private static String value(Component c, Object v) {
        Field f = c.field();
        String label = c.label();
        if (v instanceof java.time.LocalDate d) {
            if (d.getYear() < CaseReader.MIN_YEAR || d.getYear() > CaseReader.MAX_YEAR) {
                return "「" + label + "」为 " + d + "，年份须在 " + CaseReader.MIN_YEAR + " 至 " + CaseReader.MAX_YEAR + " 之间";
            }
            return null;
        }
        if (v instanceof BigDecimal b) {
            // Checked before anything prints the number: 1e1000000000 written out in full would not fit in memory.
            if (b.precision() - b.scale() > MAX_INTEGER_DIGITS) {
                return "「" + label + "」的数值 " + b + " 过大（整数部分不能超过 " + MAX_INTEGER_DIGITS + " 位）";
            }
            if (b.scale() > MAX_DECIMALS && b.stripTrailingZeros().scale() > MAX_DECIMALS) {
                return "「" + label + "」的数值 " + b + " 小数位数过多（最多 " + MAX_DECIMALS + " 位）";
            }
        }
        if (f == null) {
            return null;
        }
        if (v instanceof String s) {
            if ((c.required() || c.pattern() != null) && s.isBlank()) {
                return "「" + label + "」不能为空文本";
            }
            if (c.pattern() != null && !c.pattern().matcher(s).matches()) {
                return "「" + label + "」格式不符：\"" + s + "\" 不是" + (f.description().isEmpty() ? "有效的值" : f.description());
            }
            if (f.check().equals("uscc") && s.length() == 18) {
                char expected = com.subsidyevaluator.model.CreditCode.checkCharacter(s);
                if (s.charAt(17) != expected) {
                    return "「" + label + "」校验码不符：\"" + s + "\" 的末位应为 '" + expected + "'（GB 32100-2015），请核对代码是否抄错";
                }
            }
            return null;
        }
        if (c.min() == null && c.max() == null) {
            return null;
        }
        if (v instanceof BigDecimal || v instanceof Integer || v instanceof Long) {
            BigDecimal n = v instanceof BigDecimal b ? b : BigDecimal.valueOf(((Number) v).longValue());
            String unit = f.unit().isEmpty() ? "" : f.unit();
            if (c.min() != null && n.compareTo(c.min()) < 0) {
                return "「" + label + "」为 " + n.toPlainString() + unit + "，不可能小于 " + f.min() + unit
                        + (f.min().equals("0") ? "（不能为负数）" : "");
            }
            if (c.max() != null && n.compareTo(c.max()) > 0) {
                return "「" + label + "」为 " + n.toPlainString() + unit + "，不可能大于 " + f.max() + unit;
            }
        }
        return null;
    }
}
