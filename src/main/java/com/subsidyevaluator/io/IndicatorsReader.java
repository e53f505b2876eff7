package com.subsidyevaluator.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.PolicyDocument;
import com.subsidyevaluator.engine.Suggestions;
import com.subsidyevaluator.targets.Figures;
import com.subsidyevaluator.targets.Indicators;
import com.subsidyevaluator.targets.Indicators.Indicator;
import com.subsidyevaluator.targets.Indicators.Period;
import com.subsidyevaluator.targets.Indicators.Resemblance;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads indicators files (the actual figures of a results report) as strictly as case files: malformed JSON, an
 * unknown field, a value of the wrong type, a duplicate key or an impossible value is a {@link CaseFormatException}
 * with the file, the JSON path, the line and column, and what was expected. The figures are also checked against
 * the rule set's data: every target and budget pool they name must exist, a figure must be in the unit of the
 * targets it measures, and the figure as stated in the report ({@code stated}) must appear in the quoted sentence
 * and convert exactly to {@code value}.
 *
 * <p>Thread-safe.
 */
public final class IndicatorsReader {

    private static final ObjectReader READER = CaseReader.mapper(false).readerFor(Indicators.class);
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern STATED = Pattern.compile("(-?[0-9]+(?:\\.[0-9]+)?)\\s*(\\S*)");
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private IndicatorsReader() {
    }

    /** Reads the indicators file {@code file}, checked against the rule set's document and data. */
    public static Indicators read(Path file, PolicyDocument document, PolicyData data) throws CaseFormatException {
        byte[] bytes = JsonErrors.readFile(file);
        return parse(file.toString(), bytes, document, data);
    }

    /** Reads an indicators file from {@code json}; {@code source} names it in errors. */
    public static Indicators parse(String source, byte[] json, PolicyDocument document, PolicyData data)
            throws CaseFormatException {
        JsonErrors.checkUtf8(source, json, 0, json.length, 0, "成果数字文件");
        Indicators f;
        try {
            f = READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw JsonErrors.translate(source, e, json, 0, json.length, 0, "成果数字文件");
        } catch (IOException e) {
            throw new CaseFormatException(source, null, 0, 0, "无法读取: " + e.getMessage());
        }
        if (f == null) {
            throw new CaseFormatException(source, "$", 1, 1, "应为一个 JSON 对象（成果数字文件），实际为 null");
        }
        Problem p = new Check(f, document, data).run();
        if (p != null) {
            throw JsonErrors.at(source, json, 0, json.length, 0, p.path(), p.message());
        }
        return f;
    }

    // --------------------------------------------------------------------------------------------- checks

    private record Problem(String path, String message) {
    }

    /** The checks JSON types cannot express, in file order; the first problem is reported. */
    private static final class Check {
        private final Indicators f;
        private final PolicyDocument document;
        private final PolicyData data;
        private final Map<String, Integer> ids = new HashMap<>();
        private final Map<String, String> measuredBy = new HashMap<>();

        Check(Indicators f, PolicyDocument document, PolicyData data) {
            this.f = f;
            this.document = document;
            this.data = data;
        }

        Problem run() {
            if (blank(f.source())) {
                return new Problem("$.source", "缺少 source：数字出自哪一份成果报告");
            }
            if (blank(f.document())) {
                return new Problem("$.document", "缺少 document：数字对照的政策文件文号，如 " + document.number());
            }
            if (!f.document().equals(document.number())) {
                return new Problem("$.document", "数字对照的是「" + f.document() + "」，而规则集是 " + document.number()
                        + "（" + document.id() + "）");
            }
            Problem p = period("$.period", f.period(), true);
            if (p != null) {
                return p;
            }
            if (f.indicators() == null || f.indicators().isEmpty()) {
                return new Problem("$.indicators", "缺少 indicators：至少一个数字");
            }
            for (int i = 0; i < f.indicators().size(); i++) {
                p = indicator("$.indicators[" + i + "]", i, f.indicators().get(i));
                if (p != null) {
                    return p;
                }
            }
            for (int i = 0; i < f.indicators().size(); i++) {
                p = ratio("$.indicators[" + i + "]", f.indicators().get(i));
                if (p != null) {
                    return p;
                }
            }
            for (int i = 0; i < f.indicators().size(); i++) {
                p = used("$.indicators[" + i + "]", f.indicators().get(i));
                if (p != null) {
                    return p;
                }
            }
            return null;
        }

        private Problem indicator(String at, int index, Indicator x) {
            if (x == null) {
                return new Problem(at, "数组元素不能为 null，应为对象（一个数字）");
            }
            if (blank(x.id()) || !ID.matcher(x.id()).matches()) {
                return new Problem(at + ".id", "id 须为小写字母、数字和连字符，如 grain-area");
            }
            Integer previous = ids.putIfAbsent(x.id(), index);
            if (previous != null) {
                return new Problem(at + ".id", "id '" + x.id() + "' 与 $.indicators[" + previous + "] 重复");
            }
            if (blank(x.indicator())) {
                return new Problem(at + ".indicator", "缺少 indicator：报告中这个数字衡量的是什么");
            }
            if (blank(x.unit())) {
                return new Problem(at + ".unit", "缺少 unit：数字的单位（与所衡量目标的单位相同，如 %、亩、万元）");
            }
            if (x.ratio() != null) {
                if (x.value() != null || x.stated() != null || x.quote() != null) {
                    return new Problem(at + (x.value() != null ? ".value" : x.stated() != null ? ".stated" : ".quote"),
                            "由 ratio 算出的数字不写 value、stated、quote：数值由两个数字相除得出，出处是那两个数字的原文");
                }
            } else {
                if (x.value() == null) {
                    return new Problem(at + ".value", "缺少 value：以 " + x.unit() + " 计的数字（报告没有给出的数字不录入）");
                }
                if (blank(x.stated())) {
                    return new Problem(at + ".stated", "缺少 stated：报告原文中的写法，如 \"31.7万亩\"");
                }
                if (blank(x.quote())) {
                    return new Problem(at + ".quote", "缺少 quote：报告中给出这个数字的原句");
                }
                if (!x.quote().contains(x.stated())) {
                    return new Problem(at + ".stated", "原句中没有「" + x.stated() + "」：stated 须照录原句中的写法");
                }
                Problem p = stated(at, x);
                if (p != null) {
                    return p;
                }
                if ("%".equals(x.unit()) && x.value().compareTo(HUNDRED.negate()) < 0) {
                    return new Problem(at + ".value", "以 % 计的数字为 " + x.value().toPlainString() + "%，不可能低于 -100%");
                }
                if (!"%".equals(x.unit()) && x.value().signum() < 0) {
                    return new Problem(at + ".value", "数字为 " + x.value().toPlainString() + " " + x.unit() + "，不能为负数");
                }
            }
            if (x.period() != null) {
                Problem p = period(at + ".period", x.period(), false);
                if (p != null) {
                    return p;
                }
            }
            for (int j = 0; j < x.measures().size(); j++) {
                String id = x.measures().get(j);
                String where = at + ".measures[" + j + "]";
                PolicyData.Target t = target(id);
                if (t == null) {
                    return new Problem(where, unknownTarget(id));
                }
                String other = measuredBy.putIfAbsent(id, x.id());
                if (other != null) {
                    return new Problem(where, "目标 " + id + " 已由数字 '" + other + "' 衡量：一个目标只对照一个数字");
                }
                if (!t.unit().equals(x.unit())) {
                    return new Problem(where, "目标 " + id + "（" + t.indicator() + "）以 " + t.unit() + " 计，而这个数字以 "
                            + x.unit() + " 计：须换算为 " + t.unit() + "，单位不同的数字不能衡量这个目标");
                }
            }
            for (int j = 0; j < x.resembles().size(); j++) {
                Resemblance r = x.resembles().get(j);
                String where = at + ".resembles[" + j + "]";
                if (r == null) {
                    return new Problem(where, "数组元素不能为 null，应为 {target, note}");
                }
                if (target(r.target()) == null) {
                    return new Problem(where + ".target", unknownTarget(r.target()));
                }
                if (x.measures().contains(r.target())) {
                    return new Problem(where + ".target", "目标 " + r.target() + " 同时列在 measures 中：一个数字要么衡量目标，要么只是相近");
                }
                if (blank(r.note())) {
                    return new Problem(where + ".note", "缺少 note：这个数字与目标 " + r.target() + " 有何不同，为何不能衡量它");
                }
            }
            if (x.budgetPool() != null) {
                PolicyData.BudgetPool pool = data.pool(x.budgetPool()).orElse(null);
                if (pool == null) {
                    List<String> near = Suggestions.nearest(x.budgetPool(),
                            data.budgets().stream().map(PolicyData.BudgetPool::id).toList(), 1);
                    return new Problem(at + ".budgetPool", "资金池 '" + x.budgetPool() + "' 未在 budgets.yaml 中声明"
                            + (near.isEmpty() ? "" : "，是否指 '" + near.get(0) + "'?"));
                }
                if (!"万元".equals(x.unit())) {
                    return new Problem(at + ".unit", "资金池的执行数须以 万元 计，而不是 " + x.unit());
                }
                if (pool.amountWan() == null) {
                    return new Problem(at + ".budgetPool", "资金池 " + pool.id() + " 在文件中没有金额（" + pool.note() + "），无法计算执行率");
                }
            }
            return null;
        }

        /** The stated figure converts exactly to value: "31.7万亩" is 317000 亩, "7.9亿元" is 79000 万元. */
        private Problem stated(String at, Indicator x) {
            Matcher m = STATED.matcher(x.stated().strip());
            if (!m.matches()) {
                return new Problem(at + ".stated", "stated 须为数字加单位，如 \"31.7万亩\"、\"12.7%\"");
            }
            BigDecimal number = new BigDecimal(m.group(1));
            String statedUnit = m.group(2).isEmpty() ? x.unit() : m.group(2);
            BigDecimal factor = factor(statedUnit, x.unit());
            if (factor == null) {
                return new Problem(at + ".unit", "原文单位 " + statedUnit + " 无法换算为 " + x.unit());
            }
            BigDecimal expected = number.multiply(factor).stripTrailingZeros();
            expected = expected.scale() < 0 ? expected.setScale(0) : expected;
            if (expected.compareTo(x.value()) != 0) {
                return new Problem(at + ".value", "value 为 " + Figures.text(x.value(), x.unit()) + "，而原文「" + x.stated()
                        + "」换算为 " + Figures.text(expected, x.unit()));
            }
            return null;
        }

        /** A figure that bears on no target, pool or ratio does not belong in the file (often a typo). */
        private Problem used(String at, Indicator x) {
            boolean used = !x.measures().isEmpty() || !x.resembles().isEmpty() || x.budgetPool() != null
                    || f.indicators().stream().anyMatch(o -> o.ratio() != null
                    && (x.id().equals(o.ratio().numerator()) || x.id().equals(o.ratio().denominator())));
            return used ? null : new Problem(at, "数字 '" + x.id() + "' 没有对应任何目标（measures、resembles）、资金池（budgetPool）"
                    + "或比值（ratio）：只录入与文件的目标或预算有关的数字");
        }

        private Problem ratio(String at, Indicator x) {
            if (x.ratio() == null) {
                return null;
            }
            Indicator num = part(x, x.ratio().numerator());
            Indicator den = part(x, x.ratio().denominator());
            if (num == null) {
                return new Problem(at + ".ratio.numerator", partProblem(x, x.ratio().numerator()));
            }
            if (den == null) {
                return new Problem(at + ".ratio.denominator", partProblem(x, x.ratio().denominator()));
            }
            if (!num.unit().equals(den.unit()) || !"倍".equals(x.unit())) {
                return new Problem(at + ".unit", "比值须由同一单位的两个数字相除、以 倍 计（分子 " + num.unit() + "，分母 " + den.unit()
                        + "，本数字 " + x.unit() + "）");
            }
            if (den.value().signum() == 0) {
                return new Problem(at + ".ratio.denominator", "分母 '" + den.id() + "' 为 0，无法相除");
            }
            return null;
        }

        private Indicator part(Indicator x, String id) {
            if (id == null || id.equals(x.id())) {
                return null;
            }
            Indicator p = f.indicator(id).orElse(null);
            return p == null || p.ratio() != null ? null : p;
        }

        private String partProblem(Indicator x, String id) {
            if (id == null) {
                return "缺少数字 id";
            }
            if (id.equals(x.id())) {
                return "比值不能用自己相除";
            }
            return f.indicator(id).isPresent() ? "'" + id + "' 本身是比值：比值只能由报告给出的数字算出"
                    : "没有 id 为 '" + id + "' 的数字" + near(id, f.indicators().stream().filter(o -> o != null)
                    .map(Indicator::id).toList());
        }

        private Problem period(String at, Period p, boolean required) {
            if (p == null) {
                return required ? new Problem(at, "缺少 period：数字的统计期间 {from, to}") : null;
            }
            if (p.from() == null) {
                return new Problem(at + ".from", "缺少 from（期间第一天，YYYY-MM-DD）");
            }
            if (p.to() == null) {
                return new Problem(at + ".to", "缺少 to（期间最后一天，YYYY-MM-DD）");
            }
            if (p.to().isBefore(p.from())) {
                return new Problem(at + ".to", "期间的最后一天 " + p.to() + " 早于第一天 " + p.from());
            }
            return null;
        }

        private PolicyData.Target target(String id) {
            return id == null ? null : data.targets().stream().filter(t -> t.id().equals(id)).findFirst().orElse(null);
        }

        private String unknownTarget(String id) {
            return "目标 '" + id + "' 未在 targets.yaml 中声明" + near(id, data.targets().stream().map(PolicyData.Target::id).toList());
        }

        private static String near(String wrong, List<String> known) {
            if (wrong == null) {
                return "";
            }
            List<String> n = Suggestions.nearest(wrong, known, 1);
            return n.isEmpty() ? "" : "，是否指 '" + n.get(0) + "'?";
        }

        private static boolean blank(String s) {
            return s == null || s.isBlank();
        }
    }

    /**
     * How many of {@code to} one {@code from} is: 1 for the same unit, 10000 from 万亩 to 亩 or from 亿元 to 万元.
     * Units differ only by a leading 万 (10^4) or 亿 (10^8); null when they measure different things.
     */
    static BigDecimal factor(String from, String to) {
        BigDecimal[] a = {BigDecimal.ONE};
        BigDecimal[] b = {BigDecimal.ONE};
        String baseFrom = base(from, a);
        String baseTo = base(to, b);
        if (!baseFrom.equals(baseTo)) {
            return null;
        }
        return a[0].divide(b[0]);
    }

    private static String base(String unit, BigDecimal[] multiplier) {
        String u = unit;
        while (u.length() > 1 && (u.startsWith("万") || u.startsWith("亿"))) {
            multiplier[0] = multiplier[0].multiply(u.startsWith("万") ? BigDecimal.valueOf(10_000) : BigDecimal.valueOf(100_000_000));
            u = u.substring(1);
        }
        return u;
    }
}
