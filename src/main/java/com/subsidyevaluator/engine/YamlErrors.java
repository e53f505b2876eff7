package com.subsidyevaluator.engine;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A YAML data file that does not read, said in words for staff: the file, line and column, the place in the data
 * (e.g. {@code parameters[2].values[0]}) and what was expected, in Chinese with Jackson's own words kept as the
 * engine text. Used for the rule set's data files and its data tests.
 */
public final class YamlErrors {

    private YamlErrors() {
    }

    /** The problem a failed read of {@code file} is, located where Jackson stopped. */
    public static RuleProblem problem(String file, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        int line = loc == null ? 0 : loc.getLineNr();
        int column = loc == null ? 0 : loc.getColumnNr();
        return RuleProblem.error(file, line, column, null, message(e)).withEngineText(e.getOriginalMessage());
    }

    /** The Chinese sentence for a failed read, with the place in the data when known. */
    public static String message(JsonProcessingException e) {
        String at = e instanceof JsonMappingException m ? path(m) : "";
        String where = at.isEmpty() ? "" : at + "：";
        // (for an unknown field, the place is the object that has it)
        if (e instanceof UnrecognizedPropertyException u) {
            String parent = at.endsWith("." + u.getPropertyName()) ? at.substring(0, at.length() - u.getPropertyName().length() - 1)
                    : at.equals(u.getPropertyName()) ? "" : at;
            where = parent.isEmpty() ? "" : parent + "：";
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            List<String> near = Suggestions.nearest(u.getPropertyName(), known, 1);
            return where + "未知的字段 '" + u.getPropertyName() + "'" + (near.isEmpty() ? "" : "，是否指 '" + near.get(0) + "'?")
                    + (known.isEmpty() ? "" : "（可写的字段：" + String.join("、", known.stream().sorted().toList()) + "）");
        }
        if (e instanceof InvalidFormatException f) {
            return where + "值 '" + f.getValue() + "' 不是" + expected(f.getTargetType());
        }
        if (e instanceof ValueInstantiationException v) {
            return where + "值不能使用" + (v.getCause() == null ? "" : "：" + v.getCause().getMessage());
        }
        if (e instanceof MismatchedInputException m) {
            return where + "应为" + expected(m.getTargetType());
        }
        if (e instanceof JsonMappingException) {
            return where + "无法读取：" + e.getOriginalMessage();
        }
        return "YAML 语法错误（检查缩进、冒号和引号）";
    }

    private static String path(JsonMappingException m) {
        StringBuilder s = new StringBuilder();
        for (JsonMappingException.Reference r : m.getPath()) {
            if (r.getFieldName() != null) {
                if (!s.isEmpty()) {
                    s.append('.');
                }
                s.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "另一种写法";
        }
        if (type == LocalDate.class) {
            return " YYYY-MM-DD 格式的日期";
        }
        if (type == BigDecimal.class || type == Double.class || type == double.class) {
            return "数字";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "整数";
        }
        if (type == Boolean.class || type == boolean.class) {
            return " true 或 false";
        }
        if (type == String.class) {
            return "文字";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(((Enum<?>) c).name());
            }
            return "以下取值之一：" + String.join("、", names);
        }
        if (List.class.isAssignableFrom(type)) {
            return "列表（每项以 - 开头）";
        }
        return "一组字段（" + type.getSimpleName() + "）";
    }
}
