package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.ConditionShape.Compare;
import com.subsidyevaluator.engine.ConditionShape.OneOf;
import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.model.Labelled;
import com.subsidyevaluator.model.StatedUnits;
import com.subsidyevaluator.model.Units;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/** Turns conditions, values and thresholds into Chinese sentences for staff. */
final class Explainer {

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    private Explainer() {
    }

    // ------------------------------------------------------------------------------------------ values

    /** A value in words: 是/否, an enum's label, a number with its unit. */
    static String value(FieldInfo field, Object v) {
        return value(field == null ? "" : field.unit(), v);
    }

    /** The unit of a field on a fact: the one the fact states ({@link StatedUnits}), else the declared one. */
    static String unit(FieldInfo field, Object fact) {
        String stated = fact instanceof StatedUnits s ? s.unitOf(field.name()) : null;
        return stated != null ? stated : field.unit();
    }

    private static String value(String unit, Object v) {
        if (v == null) {
            return "未提供";
        }
        if (v instanceof Boolean b) {
            return b ? "是" : "否";
        }
        if (v instanceof Labelled l) {
            return l.label();
        }
        if (v instanceof BigDecimal n) {
            return number(n, unit);
        }
        if (v instanceof Integer || v instanceof Long) {
            // a whole number is written as it is (what plain() makes of it), without parsing or formatting a decimal
            long x = ((Number) v).longValue();
            return number(BigDecimal.valueOf(x), unit, Long.toString(x));
        }
        return v.toString();
    }

    /** "2.4%", "1500 亩", "46000 万元（4.6 亿元）". */
    static String number(BigDecimal n, String unit) {
        return number(n, unit, plain(n));
    }

    /** A threshold as the rule writes it: "≤5.0" stays 5.0. */
    static String threshold(String unit, Object v) {
        if (v instanceof BigDecimal n && n.scale() > 0 && n.scale() <= 4) {
            return number(n, unit, n.toPlainString());
        }
        return value(unit, v);
    }

    private static String number(BigDecimal n, String unit, String plain) {
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

    /**
     * A number as written, without trailing zeros. A number with more than four decimals (finer than one yuan
     * in 万元: only a computed quotient such as 79000 ÷ 5380) is shown as "≈" and two decimals.
     */
    static String plain(BigDecimal n) {
        BigDecimal s = n.stripTrailingZeros();
        if (s.scale() > 4) {
            return "≈" + s.setScale(2, RoundingMode.HALF_UP).toPlainString();
        }
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
    record Prepared(Object threshold, String required, boolean plainEquality,
                    Map<Object, ConditionResult> held, Map<Object, ConditionResult> failed) {

        Prepared(Object threshold, String required, boolean plainEquality) {
            this(threshold, required, plainEquality, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    static Prepared prepare(Condition c) {
        ConditionShape shape = c.shape();
        if (shape instanceof Compare cmp && c.fields().size() == 1) {
            FieldInfo f = c.fields().get(0);
            Object threshold = literal(f, cmp.literal());
            return new Prepared(threshold, requirement(f.unit(), cmp.op(), threshold), isPlainEquality(cmp, threshold));
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
        // A condition on one yes/no or one-of-a-list field says the same for the same value ("小微企业：是"): made
        // once per value, held or failed, and shared (results are immutable).
        if (c.fields().size() == 1 && !(fact instanceof StatedUnits)
                && (c.shape() instanceof Compare || c.shape() instanceof OneOf)) {
            Object actual = c.fields().get(0).read(fact);
            if (actual instanceof Boolean || actual instanceof Enum<?>) {
                Map<Object, ConditionResult> memo = holds ? p.held() : p.failed();
                ConditionResult r = memo.get(actual);
                if (r == null) {
                    r = build(c, p, fact, holds);
                    memo.putIfAbsent(actual, r);
                }
                return r;
            }
        }
        return build(c, p, fact, holds);
    }

    private static ConditionResult build(Condition c, Prepared p, Object fact, boolean holds) {
        ConditionShape shape = c.shape();
        FieldInfo other = c.fields().size() == 2 && shape instanceof Compare cmp2
                && c.fields().get(1).name().equals(cmp2.literal()) ? c.fields().get(1) : null;
        if (shape instanceof Compare cmp && (c.fields().size() == 1 || other != null)) {
            FieldInfo f = c.fields().get(0);
            String unit = unit(f, fact);
            Object actual = f.read(fact);
            Object threshold;
            String required;
            if (other == null && !(fact instanceof StatedUnits)) {
                threshold = p.threshold();
                required = p.required();
            } else {
                // The threshold is a literal of the rule, or another field of the same fact (actual >= target).
                threshold = other != null ? other.read(fact) : literal(f, cmp.literal());
                required = other == null ? requirement(unit, cmp.op(), threshold)
                        : symbol(cmp.op()) + other.label() + " " + value(unit, threshold);
            }
            String actualText = value(unit, actual);
            String gap = holds ? null : gap(unit, cmp.op(), actual, threshold);
            String text = holds
                    ? p.plainEquality() ? f.label() + "：" + actualText : f.label() + "：" + actualText + "（要求：" + required + "）"
                    : gap == null ? f.label() + "：" + actualText + "，要求：" + required
                    : f.label() + "：" + actualText + "，要求：" + required + "，" + gap;
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
        StringBuilder v = new StringBuilder();
        for (FieldInfo f : c.fields()) {
            if (!v.isEmpty()) {
                v.append('，');
            }
            v.append(f.label()).append(' ').append(value(unit(f, fact), f.read(fact)));
        }
        String values = v.toString();
        String text = "条件「" + c.text() + "」" + (holds ? "成立" : "不成立") + (values.isEmpty() ? "" : "（" + values + "）");
        String field = c.fields().size() == 1 ? c.fields().get(0).name() : null;
        String label = c.fields().size() == 1 ? c.fields().get(0).label() : null;
        return new ConditionResult(field, label, c.text(), values, c.text(), null, text);
    }

    private static boolean isPlainEquality(Compare cmp, Object threshold) {
        return cmp.op().equals("==") && (threshold instanceof Boolean || threshold instanceof Labelled);
    }

    /** "≥", "<", "等于", … for a comparison with another field. */
    private static String symbol(String op) {
        return switch (op) {
            case "==" -> "等于";
            case "!=" -> "不等于";
            case ">=" -> "≥";
            case "<=" -> "≤";
            default -> op;
        };
    }

    private static String requirement(String unit, String op, Object threshold) {
        String v = threshold(unit, threshold);
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

    private static String gap(String unit, String op, Object actual, Object threshold) {
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
        String amount = unit.equals(Units.PERCENT) ? plain(d) + " 个百分点" : number(d, unit);
        if (d.signum() == 0) {
            return op.equals(">") ? "须超过 " + value(unit, threshold) : "须低于 " + value(unit, threshold);
        }
        return (op.startsWith(">") ? "差 " : "超出 ") + amount;
    }

    static MissingFact missing(String path, FieldInfo field, Condition c) {
        return new MissingFact(path + "." + field.name(), field.label(), c.text());
    }

    // ------------------------------------------------------------------------------------------ paragraphs

    static String head(RuleDefinition r) {
        return r.clause() == null ? "「" + r.title() + "」" : "第" + r.clause() + "条「" + r.title() + "」";
    }

    private static String texts(List<ConditionResult> results) {
        return texts(new StringBuilder(), results).toString();
    }

    /** The conditions' sentences joined by "；" (a loop: this runs for every written outcome). */
    private static StringBuilder texts(StringBuilder s, List<ConditionResult> results) {
        for (int i = 0; i < results.size(); i++) {
            if (i > 0) {
                s.append('；');
            }
            s.append(results.get(i).text());
        }
        return s;
    }

    /** 「label」 or 「label」（path） for each missing fact, each once, joined by "、". */
    private static StringBuilder missingLabels(StringBuilder s, List<MissingFact> missing, boolean withPath) {
        List<String> seen = new ArrayList<>(missing.size());
        for (MissingFact m : missing) {
            String one = withPath ? "「" + m.label() + "」（" + m.path() + "）" : "「" + m.label() + "」";
            if (!seen.contains(one)) {
                if (!seen.isEmpty()) {
                    s.append('、');
                }
                seen.add(one);
                s.append(one);
            }
        }
        return s;
    }

    /**
     * The sentence of an eligible outcome; {@code head} is the rule's {@link #head}, made once per rule. Written as
     * one concatenation, absent parts as empty texts, so that the sentence is made in one step at its exact length:
     * this runs for every written outcome.
     */
    static String eligible(RuleDefinition r, String head, Outcome.Subject subject, List<ConditionResult> met,
                           Outcome.Benefit b) {
        if (r.isTargetRule()) {
            return "达到目标：" + subject.description() + (met.isEmpty() ? "" : "，" + texts(met)) + "（规则" + head + "）。";
        }
        String metSep = met.isEmpty() ? "" : "，";
        String metTexts = met.isEmpty() ? "" : met.size() == 1 ? met.get(0).text() : texts(met);
        String amount = b.amountWan() == null ? "" : " " + number(b.amountWan(), Units.WAN);
        String noteSep = b.note() == null ? "" : "，";
        String note = b.note() == null ? "" : b.note();
        return "符合" + head + "：" + subject.description() + metSep + metTexts + "。可享受" + b.kind() + amount
                + noteSep + note + "。";
    }

    /** The sentence of a not-eligible outcome; {@code head} is the rule's {@link #head}. */
    static String notEligible(RuleDefinition r, String head, Outcome.Subject subject, List<ConditionResult> unmet) {
        if (r.isTargetRule()) {
            return "未达到目标：" + subject.description() + "，" + texts(unmet) + "（规则" + head + "）。";
        }
        StringBuilder s = new StringBuilder(128).append("不符合").append(head).append('：').append(subject.description())
                .append('，');
        return texts(s, unmet).append('。').toString();
    }

    /** The sentence of an undetermined outcome; {@code head} is the rule's {@link #head}. */
    static String undetermined(RuleDefinition r, String head, Outcome.Subject subject, List<MissingFact> missing,
                               List<ConditionResult> met) {
        if (r.isTargetRule()) {
            StringBuilder s = new StringBuilder("无数据：").append(subject.description()).append("缺少");
            return missingLabels(s, missing, false).append("，有了实际数字才能判定（规则").append(head).append("）。")
                    .toString();
        }
        String labels = missing.size() == 1
                ? "「" + missing.get(0).label() + "」（" + missing.get(0).path() + "）"
                : missingLabels(new StringBuilder(), missing, true).toString();
        String metSep = met.isEmpty() ? "" : "；已满足：";
        String metTexts = met.isEmpty() ? "" : met.size() == 1 ? met.get(0).text() : texts(met);
        return head + "待定：" + subject.description() + "缺少" + labels + "，补充后才能判定" + metSep + metTexts + "。";
    }
}
