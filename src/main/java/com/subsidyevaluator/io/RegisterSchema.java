package com.subsidyevaluator.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.subsidyevaluator.engine.Suggestions;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.FactType;
import com.subsidyevaluator.model.Field;
import com.subsidyevaluator.model.Labelled;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The layout of a register (an Excel workbook or CSV files, one applicant per row), derived from the fact model as
 * the JSON Schema is ({@link CaseSchema}), so that it can never disagree with the case-file reader.
 *
 * <ul>
 *   <li>The main sheet ({@value #MAIN_SHEET}): one row per case; the case's own fields (案例编号, 评估日期, 说明) and
 *       the applicant's ({@code enterprise}) fields, one column each.</li>
 *   <li>One sheet per list of the case (认定, 项目, 人才, …) and per further single fact (融资情况, 外贸情况, …): one row per
 *       element, keyed to its case by 案例编号 or 统一社会信用代码.</li>
 * </ul>
 *
 * A column is named by the field's label, with or without its unit in parentheses (营业收入（万元）, 营业收入), or by
 * the field's name (revenueWan). A cell is text, a number, 是/否 (or true/false) and, for an enumeration, a value's
 * Chinese label (智能电气) or its code (SMART_ELECTRICAL).
 */
public final class RegisterSchema {

    /** The main sheet's name in a template (a workbook's first sheet is its main sheet whatever its name). */
    public static final String MAIN_SHEET = "案例";
    /** The sheet that explains every column (ignored when reading). */
    public static final String HELP_SHEET = "说明";
    /** The hidden sheet that holds the drop-down lists (ignored when reading). */
    public static final String CHOICES_SHEET = "选项";
    public static final String YES = "是";
    public static final String NO = "否";

    /** What a sheet holds. */
    public enum Kind { MAIN, LIST, SINGLE }

    /** The key columns of a list sheet (a row belongs to the case with this 案例编号 or 统一社会信用代码). */
    public static final Column CASE_KEY = new Column(null, "caseId", "案例编号", "", String.class, null);
    public static final Column CREDIT_KEY = new Column(null, "creditCode", "统一社会信用代码", "", String.class, null);

    /**
     * One column: a field of the case ({@code parent} null) or of a fact.
     *
     * @param parent the case's field that holds the fact ({@code enterprise}, {@code projects}, …), or null
     */
    public record Column(String parent, String field, String label, String unit, Class<?> type, Field annotation) {

        /** The header a template writes: the label, and the unit in parentheses. */
        public String header() {
            return unit.isEmpty() ? label : label + "（" + unit + "）";
        }

        /** What the column is, in words: 数字（万元）, 是/否, 以下之一 …, 文本, 日期. */
        public String typeName() {
            if (type == BigDecimal.class) {
                return "数字";
            }
            if (type == Integer.class || type == int.class) {
                return "整数";
            }
            if (type == Boolean.class) {
                return "是/否";
            }
            if (type == LocalDate.class) {
                return "日期（YYYY-MM-DD）";
            }
            if (type.isEnum()) {
                return "选项";
            }
            return "文本";
        }

        /** The labels of an enumeration (or 是, 否), empty for other types. */
        public List<String> choices() {
            if (type == Boolean.class) {
                return List.of(YES, NO);
            }
            if (type.isEnum()) {
                return Arrays.stream(type.getEnumConstants()).map(RegisterSchema::label).toList();
            }
            return List.of();
        }

        public String description() {
            return annotation == null ? "" : annotation.description();
        }
    }

    /**
     * One sheet.
     *
     * @param field the case's field it fills ({@code projects}, …), null for the main sheet
     * @param type  the fact type of a row (for the main sheet: {@code Enterprise})
     */
    public record Sheet(Kind kind, String field, String label, Class<?> type, List<Column> columns) {
        /** The columns a template writes: the key columns first for a list or single sheet. */
        public List<Column> templateColumns() {
            if (kind == Kind.MAIN) {
                return columns;
            }
            List<Column> out = new ArrayList<>(List.of(CASE_KEY, CREDIT_KEY));
            out.addAll(columns);
            return out;
        }
    }

    private static final List<Sheet> SHEETS = sheets();

    private RegisterSchema() {
    }

    /** Every sheet: the main sheet first, then the lists and single facts in the case file's order. */
    public static List<Sheet> sheets() {
        if (SHEETS != null) {
            return SHEETS;
        }
        List<Sheet> out = new ArrayList<>();
        List<Column> main = new ArrayList<>();
        List<Sheet> rest = new ArrayList<>();
        for (RecordComponent rc : CaseFile.class.getRecordComponents()) {
            Field f = rc.getAnnotation(Field.class);
            Class<?> t = rc.getType();
            if (List.class.isAssignableFrom(t)) {
                Class<?> element = CaseReader.elementType(rc);
                rest.add(new Sheet(Kind.LIST, rc.getName(), f.label(), element, columns(rc.getName(), element)));
            } else if (rc.getName().equals("enterprise")) {
                main.addAll(columns("enterprise", t));
            } else if (t.isRecord()) {
                rest.add(new Sheet(Kind.SINGLE, rc.getName(), f.label(), t, columns(rc.getName(), t)));
            } else {
                main.add(new Column(null, rc.getName(), f.label(), f.unit(), t, f));
            }
        }
        out.add(new Sheet(Kind.MAIN, null, MAIN_SHEET, com.subsidyevaluator.model.Enterprise.class, List.copyOf(main)));
        out.addAll(rest);
        return List.copyOf(out);
    }

    private static List<Column> columns(String parent, Class<?> type) {
        List<Column> out = new ArrayList<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            Field f = rc.getAnnotation(Field.class);
            out.add(new Column(parent, rc.getName(), f == null ? rc.getName() : f.label(), f == null ? "" : f.unit(),
                    rc.getType(), f));
        }
        return out;
    }

    /** The sheet with this name (a list's label or field name), or null. */
    public static Sheet sheetNamed(String name) {
        String n = normal(name);
        for (Sheet s : sheets()) {
            if (s.kind() != Kind.MAIN && (normal(s.label()).equals(n) || s.field().equalsIgnoreCase(n))) {
                return s;
            }
        }
        return null;
    }

    /** Every name a sheet may have (for suggestions). */
    public static List<String> sheetNames() {
        return sheets().stream().filter(s -> s.kind() != Kind.MAIN).flatMap(s -> java.util.stream.Stream.of(s.label(), s.field()))
                .toList();
    }

    /**
     * The columns of a sheet's header row, in order (null for an empty header cell, with nothing under it).
     *
     * @throws IllegalArgumentException with the reason (Chinese, then English) when a header names no column, or
     *                                  two headers the same column
     */
    public static List<Column> resolve(Sheet sheet, List<String> headers) {
        Map<String, Column> names = new LinkedHashMap<>();
        List<Column> all = new ArrayList<>(sheet.columns());
        if (sheet.kind() != Kind.MAIN) {
            all.add(0, CREDIT_KEY);
            all.add(0, CASE_KEY);
        }
        for (Column c : all) {
            names.putIfAbsent(normal(c.header()), c);
            names.putIfAbsent(normal(c.label()), c);
            names.putIfAbsent(c.field().toLowerCase(Locale.ROOT), c);
        }
        List<Column> out = new ArrayList<>();
        Set<Column> seen = new LinkedHashSet<>();
        for (int i = 0; i < headers.size(); i++) {
            String h = headers.get(i) == null ? "" : headers.get(i).strip();
            if (h.isEmpty()) {
                out.add(null);
                continue;
            }
            Column c = names.get(normal(h));
            if (c == null) {
                c = names.get(h.toLowerCase(Locale.ROOT));
            }
            if (c == null) {
                List<String> headersOfSheet = all.stream().map(Column::header).toList();
                List<String> near = Suggestions.nearest(h, headersOfSheet, 3);
                if (near.isEmpty()) {
                    near = Suggestions.nearest(h, all.stream().map(Column::field).toList(), 3);
                }
                if (near.isEmpty()) {
                    near = nearestByCharacters(h, headersOfSheet);
                }
                String hint = near.isEmpty() ? "" : "；是否指「" + String.join("」或「", near) + "」？";
                String hintEn = near.isEmpty() ? "" : "; did you mean \"" + String.join("\" or \"", near) + "\"?";
                throw new IllegalArgumentException("第 " + (i + 1) + " 列的表头「" + h + "」不是" + sheet.label()
                        + "的字段" + hint + " (column " + (i + 1) + ": header \"" + h + "\" names no field of "
                        + sheet.label() + hintEn + ")");
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("第 " + (i + 1) + " 列的表头「" + h + "」与前面的列是同一字段「"
                        + c.header() + "」 (column " + (i + 1) + ": header \"" + h + "\" repeats field " + c.field() + ")");
            }
            out.add(c);
        }
        return out;
    }

    /** The headers that share the most characters with a header (for a label no edit distance finds). */
    private static List<String> nearestByCharacters(String h, List<String> candidates) {
        int best = 0;
        List<String> out = new ArrayList<>();
        for (String c : candidates) {
            int common = 0;
            for (int cp : c.codePoints().distinct().toArray()) {
                if (h.indexOf(cp) >= 0) {
                    common++;
                }
            }
            if (common > best) {
                best = common;
                out.clear();
            }
            if (common == best && common > 0 && out.size() < 3) {
                out.add(c);
            }
        }
        return best * 2 >= h.codePointCount(0, h.length()) ? out : List.of();
    }

    /** A header as compared: no spaces, ASCII parentheses as full-width ones, lower case. */
    static String normal(String s) {
        return s.strip().replace(" ", "").replace("\u3000", "").replace('(', '（').replace(')', '）')
                .toLowerCase(Locale.ROOT);
    }

    /** An enumeration value's label (its code when it has none). */
    public static String label(Object constant) {
        return constant instanceof Labelled l ? l.label() : ((Enum<?>) constant).name();
    }

    // ----------------------------------------------------------------------------------------------- cells

    /** A cell that is not what its column expects: the reason, Chinese then English. */
    public static final class CellException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String english;

        CellException(String message) {
            super(message.substring(0, message.indexOf(" (")), null, false, false);
            this.english = message.substring(message.indexOf(" (") + 2, message.length() - 1);
        }

        /** The reason in English. */
        public String english() {
            return english;
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);
    private static final Pattern GROUPED = Pattern.compile("[-+]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");

    /**
     * A cell's value as the case file would have it, or null for an empty cell (the fact is not known).
     *
     * @param value text, a number (a numeric spreadsheet cell) or a boolean
     */
    public static JsonNode value(Column c, Object value) throws CellException {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            s = s.strip();
            if (s.isEmpty()) {
                return null;
            }
            value = s;
        }
        Class<?> t = c.type();
        String text = value instanceof BigDecimal b ? plain(b) : value.toString();
        if (t == String.class) {
            return NODES.textNode(text);
        }
        if (t == BigDecimal.class || t == Integer.class || t == int.class) {
            BigDecimal n;
            try {
                n = value instanceof BigDecimal b ? b : number(text);
            } catch (NumberFormatException e) { // an exponent beyond what a BigDecimal holds: 1e9999999999
                throw new CellException("数值过大（整数部分不能超过 " + CaseValidator.MAX_INTEGER_DIGITS + " 位）"
                        + " (the number is too large: at most " + CaseValidator.MAX_INTEGER_DIGITS + " digits before the point)");
            }
            if (n == null) {
                throw new CellException("应为数字" + unit(c) + " (expected a number" + unitEn(c) + ")");
            }
            // checked before the number is written out: 1e999999999 in full would not fit in memory
            if (n.precision() - n.scale() > CaseValidator.MAX_INTEGER_DIGITS) {
                throw new CellException("数值过大（整数部分不能超过 " + CaseValidator.MAX_INTEGER_DIGITS + " 位）"
                        + " (the number is too large: at most " + CaseValidator.MAX_INTEGER_DIGITS + " digits before the point)");
            }
            if (n.scale() > CaseValidator.MAX_DECIMALS
                    && n.round(SPREADSHEET).stripTrailingZeros().scale() > CaseValidator.MAX_DECIMALS) {
                throw new CellException("小数位数过多（最多 " + CaseValidator.MAX_DECIMALS + " 位）"
                        + " (too many decimals: at most " + CaseValidator.MAX_DECIMALS + ")");
            }
            if (t == BigDecimal.class) {
                return NODES.numberNode(new BigDecimal(plain(n)));
            }
            try {
                BigInteger i = n.stripTrailingZeros().toBigIntegerExact();
                return NODES.numberNode(i);
            } catch (ArithmeticException e) {
                throw new CellException("应为整数" + unit(c) + " (expected a whole number" + unitEn(c) + ")");
            }
        }
        if (t == Boolean.class) {
            if (value instanceof Boolean b) {
                return NODES.booleanNode(b);
            }
            switch (text.toLowerCase(Locale.ROOT)) {
                case "是", "true", "1", "y", "yes" -> {
                    return NODES.booleanNode(true);
                }
                case "否", "false", "0", "n", "no" -> {
                    return NODES.booleanNode(false);
                }
                default -> throw new CellException("应为 是 或 否 (expected 是 or 否, yes or no)");
            }
        }
        if (t == LocalDate.class) {
            if (value instanceof BigDecimal serial && serial.signum() > 0) {
                // a date cell: days since 1899-12-30 (Excel's 1900 date system)
                return NODES.textNode(LocalDate.of(1899, 12, 30).plusDays(serial.longValue()).toString());
            }
            Matcher m = DATE.matcher(text);
            if (!m.matches()) {
                throw new CellException("应为日期，格式 YYYY-MM-DD (expected a date, YYYY-MM-DD)");
            }
            return NODES.textNode(m.group(1) + "-" + pad(m.group(2)) + "-" + pad(m.group(3)));
        }
        if (t.isEnum()) {
            for (Object k : t.getEnumConstants()) {
                if (label(k).equals(text) || ((Enum<?>) k).name().equalsIgnoreCase(text)) {
                    return NODES.textNode(((Enum<?>) k).name());
                }
            }
            String allowed = Arrays.stream(t.getEnumConstants()).map(RegisterSchema::label)
                    .collect(Collectors.joining("、"));
            throw new CellException("应为以下之一：" + allowed + " (expected one of: " + Arrays.stream(t.getEnumConstants())
                    .map(k -> label(k) + " = " + ((Enum<?>) k).name()).collect(Collectors.joining(", ")) + ")");
        }
        throw new CellException("无法填写此类字段 (this field cannot be given in a register)");
    }

    private static String pad(String s) {
        return s.length() == 1 ? "0" + s : s;
    }

    private static BigDecimal number(String text) {
        String s = text.replace('，', ',').replace("\u00a0", "");
        if (GROUPED.matcher(s).matches()) {
            s = s.replace(",", "");
        }
        if (!NUMBER.matcher(s).matches()) {
            return null;
        }
        return new BigDecimal(s);
    }

    /**
     * A number as written in a case file: at most 15 significant digits (what a spreadsheet keeps; 0.1 + 0.2 is
     * 0.3), without trailing zeros or an exponent.
     */
    /** The significant digits a spreadsheet keeps. */
    private static final MathContext SPREADSHEET = new MathContext(15);

    static String plain(BigDecimal b) {
        BigDecimal r = b.round(SPREADSHEET).stripTrailingZeros();
        if (r.precision() - r.scale() > CaseValidator.MAX_INTEGER_DIGITS || r.scale() > 2 * CaseValidator.MAX_DECIMALS) {
            return r.toString(); // out of any case's range: kept short (1E+999999999), refused where it is a number
        }
        if (r.scale() < 0) {
            r = r.setScale(0);
        }
        return r.toPlainString();
    }

    private static String unit(Column c) {
        return c.unit().isEmpty() ? "" : "（" + c.unit() + "）";
    }

    private static String unitEn(Column c) {
        return c.unit().isEmpty() ? "" : ", in " + c.unit();
    }

    /** The sheet of the main rows, and of each list and single fact, by the case's field. */
    static Map<String, Sheet> byField() {
        Map<String, Sheet> m = new LinkedHashMap<>();
        for (Sheet s : sheets()) {
            m.put(s.field() == null ? "" : s.field(), s);
        }
        return m;
    }

    /** For the 说明 sheet: a column's type and allowed values in words. */
    public static String allowed(Column c) {
        if (!c.choices().isEmpty()) {
            return String.join("、", c.choices());
        }
        Field f = c.annotation();
        StringBuilder s = new StringBuilder();
        if (f != null && !f.min().isEmpty()) {
            s.append("≥ ").append(f.min());
        }
        if (f != null && !f.max().isEmpty()) {
            s.append(s.length() > 0 ? "，" : "").append("≤ ").append(f.max());
        }
        if (f != null && f.required()) {
            s.append(s.length() > 0 ? "；" : "").append("必填");
        }
        return s.toString();
    }

    /** The label of a fact type (for the 说明 sheet). */
    static String typeLabel(Class<?> type) {
        FactType ft = type.getAnnotation(FactType.class);
        return ft == null ? type.getSimpleName() : ft.label();
    }
}
