package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.ConditionShape.Compare;
import com.subsidyevaluator.engine.ConditionShape.OneOf;
import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.model.Labelled;
import com.subsidyevaluator.model.Units;
import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** Turns conditions, values and thresholds into Chinese sentences for staff. */
final class Explainer {

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    private Explainer() {
    }

    // ------------------------------------------------------------------------------------------ values

    /** A value in words: 是/否, an enum's label, a number with its unit. */
    static String value(FieldInfo field, Object v) {
        if (v == null) {
            return "未提供";
        }
        if (v instanceof Boolean b) {
            return b ? "是" : "否";
        }
        if (v instanceof Labelled l) {
            return l.label();
        }
        if (v instanceof BigDecimal || v instanceof Integer || v instanceof Long) {
            return number(new BigDecimal(v.toString()), field == null ? "" : field.unit());
        }
        return v.toString();
    }

    /** "2.4%", "1500 亩", "46000 万元（4.6 亿元）". */
    static String number(BigDecimal n, String unit) {
        String plain = plain(n);
        if (unit == null || unit.isEmpty()) {
            return plain;
        }
        if (unit.equals(Units.PERCENT) || unit.equals(Units.YEAR)) {
            return plain + unit;
        }
        if (unit.equals(Units.WAN) && n.abs().compareTo(TEN_THOUSAND) >= 0) {
            return plain + " 万元（" + plain(n.divide(TEN_THOUSAND)) + " 亿元）";
        }
        return plain + " " + unit;
    }

    static String plain(BigDecimal n) {
        BigDecimal s = n.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /** A literal of a rule, read as a value of the field's type. */
    static Object literal(FieldInfo field, String literal) {
        String lit = literal.strip();
        if (lit.equals("null")) {
            return null;
        }
        Class<?> type = field.type();
        if (type == Boolean.class || type == boolean.class) {
            return Boolean.valueOf(lit);
        }
        if (type.isEnum()) {
            String name = unquote(lit);
            name = name.substring(name.lastIndexOf('.') + 1);
            for (Object c : type.getEnumConstants()) {
                if (((Enum<?>) c).name().equals(name)) {
                    return c;
                }
            }
            return lit;
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            try {
                return new BigDecimal(lit.replaceAll("[BbIiLlDdFf]$", ""));
            } catch (NumberFormatException e) {
                return lit;
            }
        }
        return unquote(lit);
    }

    private static String unquote(String s) {
        return s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))
                ? s.substring(1, s.length() - 1) : s;
    }

    // ------------------------------------------------------------------------------------------ conditions

    static ConditionResult result(Condition c, Object fact, boolean holds) {
        return result(c, prepare(c), fact, holds);
    }

    /**
     * What the explanation of a condition needs that does not depend on the fact: the threshold read as a value
     * of the field's type, the requirement in words, the options of a membership test. Pure: the same condition
     * always gives the same preparation, so it can be worked out once per condition.
     */
    record Prepared(Object threshold, String required, boolean plainEquality) {
    }

    static Prepared prepare(Condition c) {
        ConditionShape shape = c.shape();
        if (shape instanceof Compare cmp && c.fields().size() == 1) {
            FieldInfo f = c.fields().get(0);
            Object threshold = literal(f, cmp.literal());
            return new Prepared(threshold, requirement(f, cmp.op(), threshold), isPlainEquality(cmp, threshold));
        }
        if (shape instanceof OneOf one && c.fields().size() == 1) {
            FieldInfo f = c.fields().get(0);
            String options = one.literals().stream().map(l -> value(f, literal(f, l))).collect(Collectors.joining("、"));
            String required = one.negated() ? "不为" + options : (one.literals().size() > 1 ? options + "之一" : options);
            return new Prepared(null, required, false);
        }
        return new Prepared(null, null, false);
    }

    static ConditionResult result(Condition c, Prepared p, Object fact, boolean holds) {
        ConditionShape shape = c.shape();
        if (shape instanceof Compare cmp && c.fields().size() == 1) {
            FieldInfo f = c.fields().get(0);
            Object actual = f.read(fact);
            Object threshold = p.threshold();
            String required = p.required();
            String actualText = value(f, actual);
            String gap = holds ? null : gap(f, cmp.op(), actual, threshold);
            String text = holds
                    ? f.label() + "：" + actualText + (p.plainEquality() ? "" : "（要求：" + required + "）")
                    : f.label() + "：" + actualText + "，要求：" + required + (gap == null ? "" : "，" + gap);
            return new ConditionResult(f.name(), f.label(), c.text(), actualText, required, gap, text);
        }
        if (shape instanceof OneOf && c.fields().size() == 1) {
            FieldInfo f = c.fields().get(0);
            Object actual = f.read(fact);
            String required = p.required();
            String actualText = value(f, actual);
            String text = holds ? f.label() + "：" + actualText + "（要求：" + required + "）"
                    : f.label() + "：" + actualText + "，要求：" + required;
            return new ConditionResult(f.name(), f.label(), c.text(), actualText, required, null, text);
        }
        String values = c.fields().stream().map(f -> f.label() + " " + value(f, f.read(fact)))
                .collect(Collectors.joining("，"));
        String text = "条件「" + c.text() + "」" + (holds ? "成立" : "不成立") + (values.isEmpty() ? "" : "（" + values + "）");
        String field = c.fields().size() == 1 ? c.fields().get(0).name() : null;
        String label = c.fields().size() == 1 ? c.fields().get(0).label() : null;
        return new ConditionResult(field, label, c.text(), values, c.text(), null, text);
    }

    private static boolean isPlainEquality(Compare cmp, Object threshold) {
        return cmp.op().equals("==") && (threshold instanceof Boolean || threshold instanceof Labelled);
    }

    private static String requirement(FieldInfo f, String op, Object threshold) {
        String v = value(f, threshold);
        return switch (op) {
            case "==" -> threshold instanceof Boolean b ? (b ? "是" : "否") : (threshold == null ? "未提供" : v);
            case "!=" -> threshold == null ? "已提供" : "不为" + v;
            case ">=" -> "≥" + v;
            case ">" -> ">" + v;
            case "<=" -> "≤" + v;
            case "<" -> "<" + v;
            default -> op + " " + v;
        };
    }

    private static String gap(FieldInfo f, String op, Object actual, Object threshold) {
        if (!(actual instanceof Number) || !(threshold instanceof BigDecimal t)) {
            return null;
        }
        BigDecimal a = new BigDecimal(actual.toString());
        BigDecimal d = switch (op) {
            case ">=", ">" -> t.subtract(a);
            case "<=", "<" -> a.subtract(t);
            default -> null;
        };
        if (d == null) {
            return null;
        }
        String unit = f.unit();
        String amount = unit.equals(Units.PERCENT) ? plain(d) + " 个百分点" : number(d, unit);
        if (d.signum() == 0) {
            return op.equals(">") ? "须超过 " + value(f, threshold) : "须低于 " + value(f, threshold);
        }
        return (op.startsWith(">") ? "差 " : "超出 ") + amount;
    }

    static MissingFact missing(String path, FieldInfo field, Condition c) {
        return new MissingFact(path + "." + field.name(), field.label(), c.text());
    }

    // ------------------------------------------------------------------------------------------ paragraphs

    static String head(RuleDefinition r) {
        return "第" + r.clause() + "条「" + r.title() + "」";
    }

    static String eligible(RuleDefinition r, Outcome.Subject subject, List<ConditionResult> met, Outcome.Benefit b) {
        StringBuilder s = new StringBuilder("符合").append(head(r)).append("：").append(subject.description());
        if (!met.isEmpty()) {
            s.append("，").append(met.stream().map(ConditionResult::text).collect(Collectors.joining("；")));
        }
        s.append("。可享受").append(b.kind());
        if (b.amountWan() != null) {
            s.append(" ").append(number(b.amountWan(), Units.WAN));
        }
        if (b.note() != null) {
            s.append("，").append(b.note());
        }
        s.append("。");
        return s.toString();
    }

    static String notEligible(RuleDefinition r, Outcome.Subject subject, List<ConditionResult> unmet) {
        return "不符合" + head(r) + "：" + subject.description() + "，"
                + unmet.stream().map(ConditionResult::text).collect(Collectors.joining("；")) + "。";
    }

    static String undetermined(RuleDefinition r, Outcome.Subject subject, List<MissingFact> missing,
                               List<ConditionResult> met) {
        StringBuilder s = new StringBuilder(head(r)).append("待定：").append(subject.description()).append("缺少")
                .append(missing.stream().map(m -> "「" + m.label() + "」（" + m.path() + "）")
                        .distinct().collect(Collectors.joining("、")))
                .append("，补充后才能判定");
        if (!met.isEmpty()) {
            s.append("；已满足：").append(met.stream().map(ConditionResult::text).collect(Collectors.joining("；")));
        }
        return s.append("。").toString();
    }
}
