package com.subsidyevaluator.io;

import com.subsidyevaluator.model.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks the values of a case that JSON types cannot express: required fields, ranges (no negative money or
 * area, no share above 100%), text formats, and null elements in lists. Ranges come from {@link Field}.
 */
final class CaseValidator {

    private CaseValidator() {
    }

    /** The first problem as "{@code $.json.path message}", or null when the case is valid. */
    static String firstProblem(Object record) {
        return check(record, "$");
    }

    private static String check(Object record, String path) {
        for (RecordComponent rc : record.getClass().getRecordComponents()) {
            Field f = rc.getAnnotation(Field.class);
            Object v;
            try {
                v = rc.getAccessor().invoke(record);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException(e);
            }
            String p = path + "." + rc.getName();
            String label = f == null ? rc.getName() : f.label();
            if (v == null) {
                if (f != null && f.required()) {
                    return p + " 缺少必填字段「" + label + "」";
                }
                continue;
            }
            String problem = value(f, label, v);
            if (problem != null) {
                return p + " " + problem;
            }
            if (v instanceof List<?> list) {
                for (int i = 0; i < list.size(); i++) {
                    Object e = list.get(i);
                    String ep = p + "[" + i + "]";
                    if (e == null) {
                        return ep + " 数组元素不能为 null，应为对象（" + label + "）";
                    }
                    if (e.getClass().isRecord()) {
                        String inner = check(e, ep);
                        if (inner != null) {
                            return inner;
                        }
                    }
                }
            } else if (v.getClass().isRecord()) {
                String inner = check(v, p);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    private static final String USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] USCC_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    /** The check character of a unified social credit code (GB 32100-2015) from its first 17 characters. */
    static char usccCheck(String code) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += USCC_CHARS.indexOf(code.charAt(i)) * USCC_WEIGHTS[i];
        }
        return USCC_CHARS.charAt((31 - sum % 31) % 31);
    }

    private static String value(Field f, String label, Object v) {
        if (f == null) {
            return null;
        }
        if (v instanceof String s) {
            if ((f.required() || !f.pattern().isEmpty()) && s.isBlank()) {
                return "「" + label + "」不能为空文本";
            }
            if (!f.pattern().isEmpty() && !Pattern.matches(f.pattern(), s)) {
                return "「" + label + "」格式不符：\"" + s + "\" 不是" + (f.description().isEmpty() ? "有效的值" : f.description());
            }
            if (f.check().equals("uscc") && s.length() == 18) {
                char expected = usccCheck(s);
                if (s.charAt(17) != expected) {
                    return "「" + label + "」校验码不符：\"" + s + "\" 的末位应为 '" + expected + "'（GB 32100-2015），请核对代码是否抄错";
                }
            }
            return null;
        }
        if (v instanceof BigDecimal || v instanceof Integer || v instanceof Long) {
            BigDecimal n = new BigDecimal(v.toString());
            String unit = f.unit().isEmpty() ? "" : f.unit();
            if (!f.min().isEmpty() && n.compareTo(new BigDecimal(f.min())) < 0) {
                return "「" + label + "」为 " + n.toPlainString() + unit + "，不可能小于 " + f.min() + unit
                        + (f.min().equals("0") ? "（不能为负数）" : "");
            }
            if (!f.max().isEmpty() && n.compareTo(new BigDecimal(f.max())) > 0) {
                return "「" + label + "」为 " + n.toPlainString() + unit + "，不可能大于 " + f.max() + unit;
            }
        }
        return null;
    }
}
