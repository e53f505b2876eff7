package com.subsidyevaluator.engine;

import com.subsidyevaluator.model.CaseFile;

import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.drools.mvel.parser.DrlxParser;
import org.drools.mvel.parser.ParseStart;
import org.drools.mvel.parser.ast.expr.DrlxExpression;
import org.drools.mvel.parser.ast.expr.PointFreeExpr;

/**
 * Turns conditions, values and thresholds into Chinese sentences for staff: field labels, enum labels, units and
 * words for the operators (不低于, 应为…之一, 有…, 是/否), never the rule's code. The words say what the compiled
 * constraint tests (the evaluator decides with the constraint; only the wording is made here), and a JSON path
 * appears in no sentence: the text report adds it as a hint at the end of a line.
 */
public final class Explainer {

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    /** Units of amounts for which "> 0" reads as 有…: money, areas, quantities, counts. */
    private static final Set<String> AMOUNT_UNITS = Set.of(Units.WAN, Units.MU, Units.TEU, Units.TCE, Units.TONNE,
            Units.SQUARE_METRE, Units.KW, Units.KWH, Units.COUNT, Units.PERSON, Units.UNIT);

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
            String name = RuleGrammar.unquote(lit);
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
        return RuleGrammar.unquote(lit);
    }


    // ------------------------------------------------------------------------------------------ operators in words

    /** The comparison in words: "不低于", "超过", "不高于", "低于", "为", "不为". */
    private static String word(String op) {
        return switch (op) {
            case ">=" -> "不低于";
            case ">" -> "超过";
            case "<=" -> "不高于";
            case "<" -> "低于";
            case "==" -> "为";
            case "!=" -> "不为";
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** The opposite comparison: what holds when {@code op} does not. */
    private static String negated(String op) {
        return switch (op) {
            case ">=" -> "<";
            case ">" -> "<=";
            case "<=" -> ">";
            case "<" -> ">=";
            case "==" -> "!=";
            case "!=" -> "==";
            default -> throw new IllegalArgumentException(op);
        };
    }

    /** The same comparison with its sides swapped ({@code 100 <= x} is {@code x >= 100}). */
    private static String swapped(String op) {
        return switch (op) {
            case ">=" -> "<=";
            case ">" -> "<";
            case "<=" -> ">=";
            case "<" -> ">";
            default -> op;
        };
    }

    /**
     * Two parts of a sentence, with a space where a number meets a word ("不低于 3.1%", "乘以 2 不高于", "为省级"); the
     * parts themselves are left as they are ("2023年", "3.1%").
     */
    private static String join(String a, String b) {
        if (a.isEmpty() || b.isEmpty()) {
            return a + b;
        }
        char x = a.charAt(a.length() - 1);
        char y = b.charAt(0);
        boolean space = isNumberEnd(x) && isWordChar(y) || isWordChar(x) && isNumberStart(y);
        return space ? a + " " + b : a + b;
    }

    private static boolean isNumberStart(char c) {
        return c >= '0' && c <= '9' || c == '-' || c == '≈';
    }

    private static boolean isNumberEnd(char c) {
        return c >= '0' && c <= '9' || c == '%';
    }

    /** A Chinese character (a word), not a bracket or punctuation. */
    private static boolean isWordChar(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    /**
     * A yes/no label read as "not": 已… → 未…, 有… → 没有…, a deed → 未…, a kind of thing → 不是…. Used where a
     * condition stands as a sentence of its own; next to a value the answer is 是 or 否.
     */
    static String negatedLabel(String label) {
        if (label.contains("已经")) {
            return label.replaceFirst("已经", "未经");
        }
        if (label.startsWith("已")) {
            return "未" + label.substring(1);
        }
        if (label.startsWith("有")) {
            return "没有" + label.substring(1);
        }
        if (label.startsWith("是")) {
            return "不" + label;
        }
        if (label.startsWith("全职")) {
            return "非" + label;
        }
        for (String p : List.of("属于", "符合", "带", "拟")) {
            if (label.startsWith(p)) {
                return "不" + label;
            }
        }
        for (String p : List.of("参加", "投保", "申请", "开展", "安装", "运输", "利用", "列入", "入驻", "依法", "与", "由",
                "获得", "录入", "升级", "引进")) {
            if (label.startsWith(p)) {
                return "未" + label;
            }
        }
        if (label.contains("已")) {
            return label.replaceFirst("已", "未");
        }
        if (label.endsWith("在统")) {
            return label.substring(0, label.length() - 2) + "不在统";
        }
        return "不是" + label;
    }

    /** Whether "field > 0" reads as 有…: an amount, area, quantity or count that cannot be negative. */
    private static boolean isAmount(FieldInfo f) {
        if (!AMOUNT_UNITS.contains(f.unit()) || f.annotation() == null || f.annotation().min().isEmpty()) {
            return false;
        }
        try {
            return new BigDecimal(f.annotation().min()).signum() >= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------ conditions

    static ConditionResult result(Condition c, Object fact, boolean holds) {
        return result(c, prepare(c), fact, holds);
    }

    /** How a condition is worded. */
    enum Form {
        /** {@code field == value}: met, it reads "label：value". */
        EQUALITY,
        /** {@code amount > 0}: 有研发费用 / 没有研发费用. */
        HAS_AMOUNT,
        /** A comparison with a value written in the rule. */
        COMPARE,
        /** A comparison with another field of the same fact ({@code actual >= target}). */
        OTHER_FIELD,
        /** {@code field in (…)}, {@code field not in (…)}. */
        ONE_OF,
        /** Anything else: its text in words. */
        OPAQUE
    }

    /**
     * What the explanation of a condition needs that does not depend on the fact: the threshold read as a value
     * of the field's type, the requirement in words ({@code required}: "应不低于 3.1%", "应为省级、温州市级之一"),
     * the condition as a sentence of its own ({@code statement}: "研发费用占营业收入比重不低于 3.1%"). Pure: the
     * same condition always gives the same preparation, so it can be worked out once per condition.
     */
    record Prepared(Object threshold, String required, String statement, Form form,
                    Map<Object, ConditionResult> held, Map<Object, ConditionResult> failed) {

        Prepared(Object threshold, String required, String statement, Form form) {
            this(threshold, required, statement, form, new ConcurrentHashMap<>(), new ConcurrentHashMap<>());
        }
    }

    static Prepared prepare(Condition c) {
        Map<String, FieldInfo> byName = new LinkedHashMap<>();
        for (FieldInfo f : c.fields()) {
            byName.putIfAbsent(f.name(), f);
        }
        return prepare(c.shape(), c.text(), c.fields(), byName);
    }

    /** The field a comparison reads besides its first, when it is compared with another field of the fact. */
    private static FieldInfo otherField(ConditionShape shape, List<FieldInfo> fields) {
        return fields.size() == 2 && shape instanceof Compare cmp && fields.get(1).name().equals(cmp.literal())
                ? fields.get(1) : null;
    }

    private static Prepared prepare(ConditionShape shape, String text, List<FieldInfo> fields,
                                    Map<String, FieldInfo> byName) {
        if (shape instanceof Compare cmp && fields.size() == 1) {
            FieldInfo f = fields.get(0);
            Object threshold = literal(f, cmp.literal());
            Form form = cmp.op().equals("==") ? Form.EQUALITY
                    : isHasAmount(f, cmp.op(), threshold) ? Form.HAS_AMOUNT : Form.COMPARE;
            return new Prepared(threshold, requirement(f, f.unit(), cmp.op(), threshold),
                    statement(f, f.unit(), cmp.op(), threshold), form);
        }
        FieldInfo other = otherField(shape, fields);
        if (other != null) {
            Compare cmp = (Compare) shape;
            String required = "应" + word(cmp.op()) + other.label();
            return new Prepared(null, required, fields.get(0).label() + required.substring(1), Form.OTHER_FIELD);
        }
        if (shape instanceof OneOf one && fields.size() == 1) {
            FieldInfo f = fields.get(0);
            List<String> values = new ArrayList<>();
            for (String l : one.literals()) {
                values.add(threshold(f.unit(), literal(f, l)));
            }
            String options = String.join("、", values);
            String required = one.negated()
                    ? join(join("应不为", options), values.size() > 1 ? "中的任何一个" : "")
                    : join(join("应为", options), values.size() > 1 ? "之一" : "");
            return new Prepared(null, required, f.label() + required.substring(1), Form.ONE_OF);
        }
        String words = Words.of(text, byName);
        if (words == null) {
            words = Words.fallback(fields);
        }
        return new Prepared(null, "应满足条件「" + words + "」", words, Form.OPAQUE);
    }

    private static boolean isHasAmount(FieldInfo f, String op, Object threshold) {
        return op.equals(">") && threshold instanceof BigDecimal t && t.signum() == 0 && isAmount(f);
    }

    /** What the rule requires of the field, in words that start with 应: "应不低于 3.1%", "应为否", "应有研发费用". */
    private static String requirement(FieldInfo f, String unit, String op, Object threshold) {
        if (threshold == null) {
            return op.equals("==") ? "应未提供" : "应已提供";
        }
        if (isHasAmount(f, op, threshold)) {
            return "应有" + f.label();
        }
        return "应" + join(word(op), threshold(unit, threshold));
    }

    /** The condition as a sentence of its own: "营业收入不低于 10000 万元（1 亿元）", "国家高新技术企业", "有研发费用". */
    private static String statement(FieldInfo f, String unit, String op, Object threshold) {
        if (threshold instanceof Boolean b && (op.equals("==") || op.equals("!="))) {
            return b == op.equals("==") ? f.label() : negatedLabel(f.label());
        }
        return f.label() + requirement(f, unit, op, threshold).substring(1);
    }

    static ConditionResult result(Condition c, Prepared p, Object fact, boolean holds) {
        // A condition on one yes/no or one-of-a-list field says the same for the same value ("小微企业：是"): made
        // once per value, held or failed, and shared (results are immutable).
        if (c.fields().size() == 1 && !(fact instanceof StatedUnits)
                && (p.form() == Form.EQUALITY || p.form() == Form.COMPARE || p.form() == Form.ONE_OF)) {
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
        Form form = p.form();
        if (form == Form.EQUALITY || form == Form.HAS_AMOUNT || form == Form.COMPARE || form == Form.OTHER_FIELD) {
            Compare cmp = (Compare) c.shape();
            FieldInfo f = c.fields().get(0);
            String unit = unit(f, fact);
            Object actual = f.read(fact);
            Object threshold;
            String required;
            if (form == Form.OTHER_FIELD) {
                // The threshold is another field of the same fact (actual >= target): its value belongs to the words.
                FieldInfo other = c.fields().get(1);
                threshold = other.read(fact);
                required = p.required() + " " + value(unit, threshold);
            } else if (fact instanceof StatedUnits) {
                threshold = literal(f, cmp.literal());
                required = requirement(f, unit, cmp.op(), threshold);
            } else {
                threshold = p.threshold();
                required = p.required();
            }
            String actualText = value(unit, actual);
            // 没有研发费用 says it all: an amount that must be more than 0 has no gap to state
            String gap = holds || form == Form.HAS_AMOUNT ? null : gap(unit, cmp.op(), actual, threshold);
            String text;
            if (form == Form.HAS_AMOUNT) {
                text = holds ? "有" + f.label() + "：" + actualText : "没有" + f.label() + "（" + actualText + "）";
            } else if (holds) {
                text = form == Form.EQUALITY ? f.label() + "：" + actualText : f.label() + "：" + actualText + "（" + required + "）";
            } else {
                text = f.label() + "：" + actualText + "，" + required + (gap == null ? "" : "，" + gap);
            }
            return new ConditionResult(f.name(), f.label(), c.text(), actualText, required, gap, text);
        }
        if (form == Form.ONE_OF) {
            FieldInfo f = c.fields().get(0);
            Object actual = f.read(fact);
            String required = p.required();
            String actualText = value(f, actual);
            String text = holds ? f.label() + "：" + actualText + "（" + required + "）"
                    : f.label() + "：" + actualText + "，" + required;
            return new ConditionResult(f.name(), f.label(), c.text(), actualText, required, null, text);
        }
        StringBuilder v = new StringBuilder();
        for (FieldInfo f : c.fields()) {
            if (!v.isEmpty()) {
                v.append('，');
            }
            v.append(f.label()).append('：').append(value(unit(f, fact), f.read(fact)));
        }
        String values = v.toString();
        String text = (holds ? "满足" : "不满足") + "条件「" + p.statement() + "」" + (values.isEmpty() ? "" : "（" + values + "）");
        String field = c.fields().size() == 1 ? c.fields().get(0).name() : null;
        String label = c.fields().size() == 1 ? c.fields().get(0).label() : null;
        return new ConditionResult(field, label, c.text(), values, p.required(), null, text);
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
        if (d.signum() == 0) {
            // equal to a strict bound ("> 2150"): not reached by any amount, only by being more (or less)
            return op.equals(">") ? "须超过 " + value(unit, threshold) : "须低于 " + value(unit, threshold);
        }
        String amount = unit.equals(Units.PERCENT) ? plain(d) + " 个百分点" : number(d, unit);
        return (op.startsWith(">") ? "差 " : "超出 ") + amount;
    }

    static MissingFact missing(String path, FieldInfo field, Condition c) {
        return new MissingFact(path + "." + field.name(), field.label(), c.text());
    }

    /** Missing-fact wordings already worked out, by subject type, condition and missing field. */
    private static final Map<String, String> MISSING_WORDS = new ConcurrentHashMap<>();

    /**
     * What the rule requires of a fact the case does not give, in words, for the line that names the missing fact:
     * "应为科技领军人才、创新团队、青年科技人才、卓越工程师之一" when the condition is on that very field, "要求研发费用占营业收入比重
     * 不低于 3.1%" when the field is needed to compute another, "要求……" for a condition over several fields. Null
     * when the subject's type is not one of the fact model's.
     *
     * @param subject the outcome's subject ({@link Outcome#subject()})
     * @param m       one of the outcome's missing facts
     */
    public static String missingRequirement(Outcome.Subject subject, MissingFact m) {
        String missingField = m.path().substring(m.path().lastIndexOf('.') + 1);
        String key = subject.type() + '\u0000' + missingField + '\u0000' + m.condition();
        String known = MISSING_WORDS.get(key);
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        String words = missingWords(subject.type(), missingField, m.condition());
        if (words == null) {
            // a fact missing on a related fact (exists / not): the condition is on another type that has the field
            for (Class<?> t : FactModel.FACT_TYPES) {
                if (!t.getSimpleName().equals(subject.type()) && FactModel.type(t).fields().containsKey(missingField)) {
                    words = missingWords(t.getSimpleName(), missingField, m.condition());
                    if (words != null) {
                        break;
                    }
                }
            }
        }
        if (MISSING_WORDS.size() > 10_000) {
            MISSING_WORDS.clear(); // rule sets are small; only an endless stream of edited rules gets here
        }
        MISSING_WORDS.put(key, words == null ? "" : words);
        return words;
    }

    private static String missingWords(String type, String missingField, String condition) {
        FactModel.TypeInfo info = FactModel.typeNamed(type).orElse(null);
        if (info == null || condition == null) {
            return null;
        }
        ConditionShape shape = ConditionShape.parse(condition);
        List<FieldInfo> fields = new ArrayList<>();
        String first = shape instanceof Compare cmp ? cmp.field() : shape instanceof OneOf one ? one.field() : null;
        if (first != null && info.fields().containsKey(first)) {
            fields.add(info.fields().get(first));
            if (shape instanceof Compare cmp && info.fields().containsKey(cmp.literal())) {
                fields.add(info.fields().get(cmp.literal()));
            }
        } else {
            shape = new ConditionShape.Opaque(condition);
            for (FieldInfo f : info.fields().values()) {
                if (Words.mentions(condition, f.name())) {
                    fields.add(f);
                }
            }
        }
        if (fields.isEmpty()) {
            return null; // a condition on a related fact (another type): its words are in the outcome's results
        }
        Prepared p = prepare(shape, condition, fields, info.fields());
        if (p.form() != Form.OPAQUE && fields.get(0).name().equals(missingField)) {
            return p.required();
        }
        return "要求" + p.statement();
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

    /** 「label」 for each missing fact, each once, joined by "、". */
    private static StringBuilder missingLabels(StringBuilder s, List<MissingFact> missing) {
        List<String> seen = new ArrayList<>(missing.size());
        for (MissingFact m : missing) {
            if (!seen.contains(m.label())) {
                if (!seen.isEmpty()) {
                    s.append('、');
                }
                seen.add(m.label());
                s.append('「').append(m.label()).append('」');
            }
        }
        return s;
    }

    /**
     * The sentence of an eligible outcome; {@code head} is the rule's {@link #head}, made once per rule. It gives the
     * conclusion and the benefit; the conditions met are listed beside it ({@link Outcome#met()}), not repeated in it.
     * Written as one concatenation, absent parts as empty texts, so that the sentence is made in one step at its exact
     * length: this runs for every written outcome.
     */
    static String eligible(RuleDefinition r, String head, Outcome.Subject subject, List<ConditionResult> met,
                           Outcome.Benefit b) {
        return eligible(r.isTargetRule(), head, subject, met, b);
    }

    static String eligible(boolean target, String head, Outcome.Subject subject, List<ConditionResult> met,
                           Outcome.Benefit b) {
        if (target) {
            return "达到目标：" + subject.description() + (met.isEmpty() ? "" : "，" + texts(met)) + "（规则" + head + "）。";
        }
        String amount = b.amountWan() == null ? "" : " " + number(b.amountWan(), Units.WAN);
        String noteSep = b.note() == null ? "" : "，";
        String note = b.note() == null ? "" : b.note();
        return "符合" + head + "：" + subject.description() + "满足全部条件，可享受" + b.kind() + amount + noteSep + note + "。";
    }

    /** The sentence of a not-eligible outcome, with each condition that fails; {@code head} is the rule's {@link #head}. */
    static String notEligible(RuleDefinition r, String head, Outcome.Subject subject, List<ConditionResult> unmet) {
        return notEligible(r.isTargetRule(), head, subject, unmet);
    }

    static String notEligible(boolean target, String head, Outcome.Subject subject, List<ConditionResult> unmet) {
        if (target) {
            return "未达到目标：" + subject.description() + "，" + texts(unmet) + "（规则" + head + "）。";
        }
        StringBuilder s = new StringBuilder(128).append("不符合").append(head).append('：').append(subject.description())
                .append('，');
        return texts(s, unmet).append('。').toString();
    }

    /**
     * The sentence of an undetermined outcome: which facts are missing (the conditions met are listed beside it, not
     * repeated in it); {@code head} is the rule's {@link #head}.
     */
    static String undetermined(RuleDefinition r, String head, Outcome.Subject subject, List<MissingFact> missing,
                               List<ConditionResult> met) {
        return undetermined(r.isTargetRule(), head, subject, missing, met);
    }

    static String undetermined(boolean target, String head, Outcome.Subject subject, List<MissingFact> missing,
                               List<ConditionResult> met) {
        if (target) {
            StringBuilder s = new StringBuilder("无数据：").append(subject.description()).append("缺少");
            return missingLabels(s, missing).append("，有了实际数字才能判定（规则").append(head).append("）。").toString();
        }
        StringBuilder s = new StringBuilder(96).append(head).append("待定：").append(subject.description()).append("缺少");
        missingLabels(s, missing).append("，补充后才能判定");
        // Undetermined means no condition fails: every condition that does not lack a fact holds.
        return (met.isEmpty() ? s : s.append("；其余条件均已满足")).append('。').toString();
    }

    /** The sentence of a guidance outcome (相关政策): the policy applies to the subject; it grants nothing determinate. */
    static String relevant(RuleDefinition r, String head, Outcome.Subject subject, List<ConditionResult> met) {
        // the conditions met are listed beside it (Outcome#met), not repeated in it
        return "相关政策" + head + "：" + subject.description() + "在本条支持范围内；本条为鼓励、支持或优先等政策，"
                + "不是确定的奖补或资格，以主管部门安排为准。";
    }

    // ------------------------------------------------------------------------------------------ related facts

    /** "满足「…」「…」的项目": what a related fact must be, in words (its type's label alone when it has no condition). */
    static String relatedRequirement(Related r, Prepared[] prepared) {
        if (prepared.length == 0) {
            return r.label();
        }
        StringBuilder s = new StringBuilder("满足");
        for (Prepared p : prepared) {
            s.append('「').append(p.statement()).append('」');
        }
        return s.append("的").append(r.label()).toString();
    }

    /**
     * A related-fact condition decided by one fact of the case: for {@code exists}, the fact that satisfies it (met)
     * or the nearest candidate with its failing conditions {@code failing} (unmet); for {@code not}, the fact that
     * should not be there. {@code failing} is read only for an unmet {@code exists}.
     */
    static ConditionResult relatedResult(Related r, String what, CaseFile.LocatedFact lf, List<ConditionResult> failing,
                                         boolean met) {
        String fact = lf.fact().describe() + "（" + lf.path() + "）";
        boolean exists = r.kind() == Related.Kind.EXISTS;
        String required = (exists ? "须有" : "须没有") + what;
        String text;
        if (exists && met) {
            text = "有" + what + "：" + fact;
        } else if (exists) {
            text = "没有" + what + "：最接近的是" + fact + "，" + texts(failing);
        } else {
            text = required + "，但有" + fact;
        }
        return new ConditionResult(r.field(), r.label(), r.text(), fact, required, null, text);
    }

    /** A related-fact condition with no fact to name: no candidate satisfies it ({@code exists}: unmet; {@code not}: met). */
    static ConditionResult relatedNone(Related r, String what, int ofType, int candidates) {
        boolean exists = r.kind() == Related.Kind.EXISTS;
        String none = ofType == 0 ? "案例中没有" + r.label()
                : candidates == 0 ? "案例中的" + r.label() + "都不属于这一类" : "案例中的" + r.label() + "都不满足";
        String text = exists ? "没有" + what + "（" + none + "）" : "没有" + what;
        return new ConditionResult(r.field(), r.label(), r.text(), none, (exists ? "须有" : "须没有") + what, null, text);
    }

    // ------------------------------------------------------------------------------------------ conditions in words

    /**
     * A condition that is not a plain comparison ({@link ConditionShape.Opaque}), read into words from the text the
     * rule wrote: fields by their labels, values with their units, operators as words (且, 或, 不低于, 包含, 减, 的字数,
     * …). The condition is read by the DRLX parser, the one the rule grammar checked it with; an expression the
     * grammar does not allow, or one this reader does not know, gives null (and {@link #fallback} names the fields).
     */
    static final class Words {

        private static final ParseStart<DrlxExpression> DRLX = DrlxParser.buildDrlxParserWithArguments(
                List.of("contains", "memberOf", "excludes", "matches", "soundslike", "str"));

        private enum Kind { BOOL, NUMBER, TEXT, ENUM }

        /**
         * A part of a condition in words. A yes/no part has both its sentence ({@code pos}) and the sentence of its
         * opposite ({@code neg}), with the connective (且 or 或) each is made of, for parentheses where they mix.
         * A number has its unit and its precedence (1 for 加/减, 2 for 乘以/除以) for parentheses.
         */
        private record Phrase(Kind kind, String pos, String neg, char posJoin, char negJoin, String unit, int prec,
                              BigDecimal number, Boolean bool, FieldInfo field, String signumOf) {

            boolean literal() {
                return number != null || bool != null || kind == Kind.TEXT && field == null || kind == Kind.ENUM && field == null;
            }

            static Phrase bool(String pos, String neg, char posJoin, char negJoin) {
                return new Phrase(Kind.BOOL, pos, neg, posJoin, negJoin, "", 0, null, null, null, null);
            }

            static Phrase number(String words, String unit, int prec) {
                return new Phrase(Kind.NUMBER, words, null, ' ', ' ', unit, prec, null, null, null, null);
            }

            Phrase swap() {
                return new Phrase(kind, neg, pos, negJoin, posJoin, unit, prec, number, bool, field, signumOf);
            }
        }

        /** A part the reader does not know. */
        private static final class Unknown extends Exception {
            Unknown() {
                super(null, null, false, false);
            }
        }

        private final Map<String, FieldInfo> fields;

        private Words(Map<String, FieldInfo> fields) {
            this.fields = fields;
        }

        /** The condition in words, or null. */
        static String of(String text, Map<String, FieldInfo> fields) {
            if (text == null || text.isBlank()) {
                return null;
            }
            try {
                DrlxExpression e = DrlxParser.parseExpression(DRLX, text.strip());
                if (e == null || e.getExpr() == null || e.getBind() != null) {
                    return null;
                }
                Phrase p = new Words(fields).phrase(e.getExpr());
                return p.kind() == Kind.BOOL && p.bool() == null ? p.pos() : null;
            } catch (Unknown | RuntimeException | StackOverflowError e) {
                return null;
            }
        }

        /** For a condition that cannot be read: "关于营业收入、研发费用的条件". */
        static String fallback(List<FieldInfo> fields) {
            if (fields.isEmpty()) {
                return "规则中的一项条件";
            }
            List<String> labels = new ArrayList<>();
            for (FieldInfo f : fields) {
                if (!labels.contains(f.label())) {
                    labels.add(f.label());
                }
            }
            return "关于" + String.join("、", labels) + "的条件";
        }

        /** Whether the condition's text names the field (as a whole word). */
        static boolean mentions(String text, String field) {
            int at = text.indexOf(field);
            while (at >= 0) {
                int end = at + field.length();
                boolean before = at == 0 || !Character.isJavaIdentifierPart(text.charAt(at - 1)) && text.charAt(at - 1) != '.';
                boolean after = end == text.length() || !Character.isJavaIdentifierPart(text.charAt(end));
                if (before && after) {
                    return true;
                }
                at = text.indexOf(field, end);
            }
            return false;
        }

        private Phrase phrase(Expression e) throws Unknown {
            if (e instanceof EnclosedExpr en) {
                return phrase(en.getInner());
            }
            if (e instanceof NameExpr n) {
                return field(n.getNameAsString());
            }
            if (e instanceof IntegerLiteralExpr || e instanceof LongLiteralExpr || e instanceof DoubleLiteralExpr) {
                String digits = ((com.github.javaparser.ast.expr.LiteralStringValueExpr) e).getValue()
                        .replaceAll("[BbIiLlDdFf_]", "");
                BigDecimal n;
                try {
                    n = new BigDecimal(digits);
                } catch (NumberFormatException x) {
                    throw new Unknown();
                }
                return new Phrase(Kind.NUMBER, digits, null, ' ', ' ', "", 0, n, null, null, null);
            }
            if (e instanceof StringLiteralExpr s) {
                String v = s.getValue();
                return new Phrase(Kind.TEXT, v.isEmpty() ? "空" : "“" + v + "”", null, ' ', ' ', "", 0, null, null, null, null);
            }
            if (e instanceof BooleanLiteralExpr b) {
                return new Phrase(Kind.BOOL, b.getValue() ? "是" : "否", b.getValue() ? "否" : "是", ' ', ' ', "", 0, null,
                        b.getValue(), null, null);
            }
            if (e instanceof FieldAccessExpr fa) {
                return new Phrase(Kind.ENUM, enumLabel(fa), null, ' ', ' ', "", 0, null, null, null, null);
            }
            if (e instanceof UnaryExpr u) {
                Phrase inner = phrase(u.getExpression());
                if (u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT && inner.kind() == Kind.BOOL) {
                    return inner.swap();
                }
                if (u.getOperator() == UnaryExpr.Operator.MINUS && inner.kind() == Kind.NUMBER) {
                    if (inner.number() != null) {
                        BigDecimal n = inner.number().negate();
                        return new Phrase(Kind.NUMBER, n.toPlainString(), null, ' ', ' ', "", 0, n, null, null, null);
                    }
                    return Phrase.number("负" + wrap(inner, inner.prec() > 0), inner.unit(), 0);
                }
                throw new Unknown();
            }
            if (e instanceof BinaryExpr b) {
                String op = b.getOperator().asString();
                return switch (b.getOperator()) {
                    case AND, OR -> connective(phrase(b.getLeft()), phrase(b.getRight()), b.getOperator() == BinaryExpr.Operator.AND);
                    case EQUALS, NOT_EQUALS, LESS, LESS_EQUALS, GREATER, GREATER_EQUALS -> compare(phrase(b.getLeft()), op, phrase(b.getRight()));
                    case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> arithmetic(phrase(b.getLeft()), op, phrase(b.getRight()));
                    default -> throw new Unknown();
                };
            }
            if (e instanceof PointFreeExpr p) {
                return pointFree(p);
            }
            if (e instanceof MethodCallExpr m) {
                return method(m);
            }
            throw new Unknown();
        }

        private Phrase field(String name) throws Unknown {
            FieldInfo f = fields.get(name);
            if (f == null) {
                throw new Unknown();
            }
            Class<?> t = f.type();
            if (t == Boolean.class || t == boolean.class) {
                return new Phrase(Kind.BOOL, f.label(), negatedLabel(f.label()), ' ', ' ', "", 0, null, null, f, null);
            }
            if (t == String.class) {
                return new Phrase(Kind.TEXT, f.label(), null, ' ', ' ', "", 0, null, null, f, null);
            }
            if (t.isEnum()) {
                return new Phrase(Kind.ENUM, f.label(), null, ' ', ' ', "", 0, null, null, f, null);
            }
            if (Number.class.isAssignableFrom(t) || t.isPrimitive()) {
                return new Phrase(Kind.NUMBER, f.label(), null, ' ', ' ', f.unit(), 0, null, null, f, null);
            }
            throw new Unknown();
        }

        /** The label of an enum constant ({@code Level.PROVINCIAL} → 省级), from the types of the fields read. */
        private String enumLabel(FieldAccessExpr fa) throws Unknown {
            if (!(fa.getScope() instanceof NameExpr scope)) {
                throw new Unknown();
            }
            String type = scope.getNameAsString();
            String constant = fa.getNameAsString();
            List<Class<?>> candidates = new ArrayList<>();
            for (FieldInfo f : fields.values()) {
                if (f.type().isEnum() && f.type().getSimpleName().equals(type)) {
                    candidates.add(f.type());
                }
            }
            try {
                candidates.add(Class.forName(Labelled.class.getPackageName() + "." + type));
            } catch (ClassNotFoundException | LinkageError e) {
                // not an enum of the fact model
            }
            for (Class<?> c : candidates) {
                if (c.isEnum()) {
                    for (Object v : c.getEnumConstants()) {
                        if (((Enum<?>) v).name().equals(constant)) {
                            return v instanceof Labelled l ? l.label() : constant;
                        }
                    }
                }
            }
            throw new Unknown();
        }

        private static String wrap(Phrase p, boolean wrap) {
            return wrap ? "（" + p.pos() + "）" : p.pos();
        }

        private static String part(String text, char join, char parent) {
            return join != ' ' && join != parent ? "（" + text + "）" : text;
        }

        /** A 且 B, A 或 B; the opposite by De Morgan (not (A and B) is not-A or not-B). */
        private static Phrase connective(Phrase a, Phrase b, boolean and) throws Unknown {
            if (a.kind() != Kind.BOOL || b.kind() != Kind.BOOL || a.bool() != null || b.bool() != null) {
                throw new Unknown();
            }
            char j = and ? '且' : '或';
            char n = and ? '或' : '且';
            String pos = part(a.pos(), a.posJoin(), j) + j + part(b.pos(), b.posJoin(), j);
            String neg = part(a.neg(), a.negJoin(), n) + n + part(b.neg(), b.negJoin(), n);
            return Phrase.bool(pos, neg, j, n);
        }

        private Phrase compare(Phrase l, String op, Phrase r) throws Unknown {
            if (l.literal() && !r.literal()) {
                return compare(r, swapped(op), l);
            }
            if (l.kind() == Kind.BOOL && r.kind() == Kind.BOOL && (op.equals("==") || op.equals("!="))) {
                if (r.bool() != null && l.bool() == null) {
                    return r.bool() == op.equals("==") ? l : l.swap();
                }
                if (l.bool() != null || r.bool() != null) {
                    throw new Unknown();
                }
                Phrase same = Phrase.bool("「" + l.pos() + "」与「" + r.pos() + "」同时成立或同时不成立",
                        "「" + l.pos() + "」与「" + r.pos() + "」恰有一个成立", ' ', ' ');
                return op.equals("==") ? same : same.swap();
            }
            if (l.kind() == Kind.NUMBER && r.kind() == Kind.NUMBER) {
                if (l.signumOf() != null && r.number() != null) {
                    Phrase s = sign(l.signumOf(), op, r.number());
                    if (s != null) {
                        return s;
                    }
                }
                if (l.field() != null && r.number() != null && op.equals(">") && r.number().signum() == 0
                        && isAmount(l.field())) {
                    return Phrase.bool("有" + l.field().label(), "没有" + l.field().label(), ' ', ' ');
                }
                String right = r.number() != null ? threshold(l.unit(), r.number()) : r.pos();
                return Phrase.bool(join(l.pos(), join(word(op), right)), join(l.pos(), join(word(negated(op)), right)), ' ', ' ');
            }
            if (l.kind() == r.kind() && (l.kind() == Kind.ENUM || l.kind() == Kind.TEXT)
                    && (op.equals("==") || op.equals("!="))) {
                Phrase is = Phrase.bool(l.pos() + "为" + r.pos(), l.pos() + "不为" + r.pos(), ' ', ' ');
                return op.equals("==") ? is : is.swap();
            }
            throw new Unknown();
        }

        /** {@code x.signum() op n} as 正数 / 负数 / 零. */
        private static Phrase sign(String label, String op, BigDecimal n) {
            int v = n.signum() == 0 ? 0 : n.compareTo(BigDecimal.ONE) == 0 ? 1 : n.compareTo(BigDecimal.ONE.negate()) == 0 ? -1 : 9;
            String is = switch (op + v) {
                case "==1", ">0", ">=1" -> "为正数";
                case "==-1", "<0", "<=-1" -> "为负数";
                case "==0" -> "为零";
                case ">=0", ">-1" -> "不为负数";
                case "<=0", "<1" -> "不为正数";
                case "!=0" -> "不为零";
                default -> null;
            };
            String not = switch (op + v) {
                case "==1", ">0", ">=1" -> "不为正数";
                case "==-1", "<0", "<=-1" -> "不为负数";
                case "==0" -> "不为零";
                case ">=0", ">-1" -> "为负数";
                case "<=0", "<1" -> "为正数";
                case "!=0" -> "为零";
                default -> null;
            };
            return is == null ? null : Phrase.bool(label + is, label + not, ' ', ' ');
        }

        private static Phrase arithmetic(Phrase l, String op, Phrase r) throws Unknown {
            if (l.kind() != Kind.NUMBER || r.kind() != Kind.NUMBER || l.signumOf() != null || r.signumOf() != null) {
                throw new Unknown();
            }
            int prec = op.equals("+") || op.equals("-") ? 1 : 2;
            boolean additive = prec == 1;
            String left = l.number() != null ? (additive ? threshold(r.unit(), l.number()) : plain(l.number()))
                    : wrap(l, l.prec() > 0 && l.prec() < prec);
            boolean rightWrap = r.prec() > 0 && (r.prec() < prec || r.prec() == prec && !op.equals("+") && !op.equals("*"));
            String right = r.number() != null ? (additive ? threshold(l.unit(), r.number()) : plain(r.number()))
                    : wrap(r, rightWrap);
            String unit = switch (op) {
                case "+", "-" -> l.unit().isEmpty() ? r.unit() : l.unit();
                case "*" -> l.number() != null ? r.unit() : r.number() != null ? l.unit() : "";
                default -> l.unit();
            };
            String words = switch (op) {
                case "+" -> join(left, join("加", right));
                case "-" -> join(left, join("减", right));
                case "*" -> join(left, join("乘以", right));
                case "/" -> join(left, join("除以", right));
                default -> join(join(left, join("除以", right)), "的余数");
            };
            return Phrase.number(words, unit, prec);
        }

        private Phrase pointFree(PointFreeExpr p) throws Unknown {
            String op = p.getOperator().asString();
            Phrase left = phrase(p.getLeft());
            if (left.literal()) {
                throw new Unknown();
            }
            Phrase is;
            if (op.equals("in")) {
                List<String> items = new ArrayList<>();
                for (Expression item : p.getRight()) {
                    Phrase v = phrase(item);
                    if (!v.literal() || v.kind() != left.kind()) {
                        throw new Unknown();
                    }
                    items.add(v.number() != null ? threshold(left.unit(), v.number()) : v.pos());
                }
                if (items.isEmpty()) {
                    throw new Unknown();
                }
                String options = String.join("、", items);
                boolean many = items.size() > 1;
                is = Phrase.bool(join(left.pos() + join("为", options), many ? "之一" : ""),
                        join(left.pos() + join("不为", options), many ? "中的任何一个" : ""), ' ', ' ');
            } else if (op.equals("contains") && p.getRight().size() == 1 && left.kind() == Kind.TEXT) {
                Phrase part = phrase(p.getRight().get(0));
                if (part.kind() != Kind.TEXT || !part.literal()) {
                    throw new Unknown();
                }
                is = Phrase.bool(left.pos() + "包含" + part.pos(), left.pos() + "不包含" + part.pos(), ' ', ' ');
            } else {
                throw new Unknown();
            }
            return p.isNegated() ? is.swap() : is;
        }

        private Phrase method(MethodCallExpr m) throws Unknown {
            if (m.getScope().isEmpty() || !(m.getScope().get() instanceof NameExpr scope)) {
                throw new Unknown();
            }
            Phrase receiver = field(scope.getNameAsString());
            String label = receiver.field().label();
            List<String> args = new ArrayList<>();
            for (Expression a : m.getArguments()) {
                Phrase p = phrase(a);
                if (p.kind() != Kind.TEXT || !p.literal()) {
                    throw new Unknown();
                }
                args.add(p.pos());
            }
            String name = m.getNameAsString();
            if (receiver.kind() == Kind.NUMBER && args.isEmpty()) {
                return switch (name) {
                    case "abs" -> Phrase.number(label + "的绝对值", receiver.unit(), 0);
                    case "signum" -> new Phrase(Kind.NUMBER, label + "的正负号", null, ' ', ' ', "", 0, null, null, null, label);
                    default -> throw new Unknown();
                };
            }
            if (receiver.kind() != Kind.TEXT) {
                throw new Unknown();
            }
            if (args.isEmpty()) {
                return switch (name) {
                    case "length" -> Phrase.number(label + "的字数", "个字", 0);
                    case "isEmpty" -> Phrase.bool(label + "为空", label + "不为空", ' ', ' ');
                    case "isBlank" -> Phrase.bool(label + "为空或只有空格", label + "有空格以外的文字", ' ', ' ');
                    default -> throw new Unknown();
                };
            }
            if (args.size() != 1) {
                throw new Unknown();
            }
            String a = args.get(0);
            return switch (name) {
                case "startsWith" -> Phrase.bool(label + "以" + a + "开头", label + "不以" + a + "开头", ' ', ' ');
                case "endsWith" -> Phrase.bool(label + "以" + a + "结尾", label + "不以" + a + "结尾", ' ', ' ');
                case "contains" -> Phrase.bool(label + "包含" + a, label + "不包含" + a, ' ', ' ');
                case "equalsIgnoreCase" -> Phrase.bool(label + "为" + a + "（不区分大小写）", label + "不为" + a + "（不区分大小写）",
                        ' ', ' ');
                default -> throw new Unknown();
            };
        }
    }
}
