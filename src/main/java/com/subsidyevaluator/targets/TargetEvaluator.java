package com.subsidyevaluator.targets;

import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.PolicyData.Comparison;
import com.subsidyevaluator.engine.PolicyDocument;
import com.subsidyevaluator.engine.RuleProblem;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.RuleSetException;
import com.subsidyevaluator.targets.Indicators.Indicator;
import com.subsidyevaluator.targets.Indicators.Period;
import com.subsidyevaluator.targets.TargetReport.Actual;
import com.subsidyevaluator.targets.TargetReport.BudgetExecution;
import com.subsidyevaluator.targets.TargetReport.Margin;
import com.subsidyevaluator.targets.TargetReport.TargetResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Judges the document's quantitative targets ({@code targets.yaml}) against actual figures with the target rules
 * ({@code targets/*.drl}): each target becomes a {@link TargetFact} carrying its actual figure (or none), the rules
 * fire, and every outcome is explained by the engine as for an applicant. Also reports the execution of the
 * budget pools the figures report spending from.
 *
 * <p>Load once with {@link #load(Path)}; immutable and safe to share between threads.
 */
public final class TargetEvaluator {

    /** Decimals kept for a figure computed by division when the quotient does not terminate. */
    static final int QUOTIENT_SCALE = 20;

    private final RuleSet rules;
    private final Tolerances tolerances;

    private TargetEvaluator(RuleSet rules, Tolerances tolerances) {
        this.rules = rules;
        this.tolerances = tolerances;
    }

    /**
     * Loads the target rules of the rule set in {@code ruleSetDir} with its tolerances, and checks that every
     * target in targets.yaml is complete and judged by exactly one target rule.
     *
     * @throws RuleSetException with every problem found, each with its file and line
     */
    public static TargetEvaluator load(Path ruleSetDir) throws RuleSetException {
        RuleSet rules = RuleSet.loadTargetRules(ruleSetDir, TargetFact.class);
        TargetEvaluator evaluator = new TargetEvaluator(rules, Tolerances.read(rules.directory()));
        evaluator.check();
        return evaluator;
    }

    public RuleSet rules() {
        return rules;
    }

    public Tolerances tolerances() {
        return tolerances;
    }

    public PolicyData data() {
        return rules.data();
    }

    public PolicyDocument document() {
        return rules.document();
    }

    // ------------------------------------------------------------------------------------------ checks

    private void check() throws RuleSetException {
        List<RuleProblem> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        List<PolicyData.Target> complete = new ArrayList<>();
        for (PolicyData.Target t : data().targets()) {
            String problem = incomplete(t, ids);
            if (problem != null) {
                problems.add(RuleProblem.error("targets.yaml", lineOf("id: " + t.id()), 0, null,
                        "目标 " + t.id() + "：" + problem));
            } else {
                complete.add(t);
            }
        }
        Map<String, TargetFact> probes = new LinkedHashMap<>();
        for (PolicyData.Target t : complete) {
            probes.put(t.id(), fact(t, null));
        }
        Map<String, Integer> count = new HashMap<>();
        for (Outcome o : rules.evaluateFacts(probes, document().validTo())) {
            count.merge(o.subject().path(), 1, Integer::sum);
        }
        for (TargetFact f : probes.values()) {
            int n = count.getOrDefault(f.id(), 0);
            if (n != 1) {
                problems.add(RuleProblem.error("targets.yaml", lineOf("id: " + f.id()), 0, null, "目标 " + f.id() + "（"
                        + f.comparison() + "，" + f.direction() + "）" + (n == 0 ? "没有适用的目标规则" : "有 " + n
                        + " 条目标规则同时适用") + "：每个目标须恰好由 targets/ 中的一条规则判断"));
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleSetException("目标数据或目标规则有误（" + rules.directory() + "）", problems);
        }
    }

    private String incomplete(PolicyData.Target t, Set<String> ids) {
        if (t.id() == null || !ids.add(t.id())) {
            return "id 缺失或重复";
        }
        if (t.indicator() == null || t.value() == null || t.unit() == null || t.comparison() == null) {
            return "须有 indicator、value、unit 和 comparison";
        }
        Direction d;
        try {
            d = Direction.valueOf(String.valueOf(t.direction()));
        } catch (IllegalArgumentException e) {
            return "direction 须为 UP（越高越好）或 DOWN（越低越好），而不是 " + t.direction();
        }
        boolean up = t.comparison() == Comparison.AT_LEAST || t.comparison() == Comparison.MORE_THAN;
        if (up && d == Direction.DOWN || t.comparison() == Comparison.AT_MOST && d == Direction.UP) {
            return t.comparison() + " 的目标方向应为 " + (up ? "UP" : "DOWN") + "，而不是 " + d;
        }
        if (document().areas().stream().noneMatch(a -> a.number() == t.area())) {
            return "领域 " + t.area() + " 不在 document.yaml 中";
        }
        if (t.clause() != null && (!t.clause().matches("[1-9][0-9]*")
                || document().areaOf(Integer.parseInt(t.clause())).map(a -> a.number() != t.area()).orElse(true))) {
            return "第" + t.clause() + "条不属于领域 " + t.area();
        }
        if ((t.from() == null) != (t.to() == null) || t.from() != null && t.to().isBefore(t.from())) {
            return "期间 from、to 须同时给出且 from 不晚于 to";
        }
        return null;
    }

    private int lineOf(String needle) {
        try {
            List<String> lines = Files.readAllLines(rules.directory().resolve("targets.yaml"), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(needle + ",") || lines.get(i).contains(needle + " ")) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    // ------------------------------------------------------------------------------------------ facts

    /** The fact for a target with an actual figure (null for none); a 左右 target gets its tolerance bounds. */
    public TargetFact fact(PolicyData.Target t, BigDecimal actual) {
        BigDecimal low = null;
        BigDecimal high = null;
        if (t.comparison() == Comparison.ABOUT) {
            BigDecimal band = tolerances.band(t.value(), t.unit());
            low = t.value().subtract(band);
            high = t.value().add(band);
        }
        return new TargetFact(t.id(), t.clause(), t.indicator(), t.comparison(), Direction.valueOf(t.direction()),
                t.unit(), t.value(), actual, low, high);
    }

    /** The period a target covers: its own, else the document's validity. */
    public Period periodOf(PolicyData.Target t) {
        return t.from() != null ? new Period(t.from(), t.to()) : new Period(document().validFrom(), document().validTo());
    }

    /**
     * What is known about one target's actual figure: the figure with its period and sources, or none; notes for
     * the reader either way.
     *
     * @param value  the figure in the target's unit, or null
     * @param period the period the figure covers (null when there is no figure)
     * @param actual how to show the figure and where it comes from (null when there is no figure)
     * @param notes  what a reader needs to know
     */
    public record Evidence(BigDecimal value, Period period, Actual actual, List<String> notes) {
        public Evidence {
            notes = List.copyOf(notes);
        }

        public static Evidence none(List<String> notes) {
            return new Evidence(null, null, null, notes);
        }
    }

    // ------------------------------------------------------------------------------------------ evaluation

    /** Judges every target of the rule set against the figures of {@code indicators} ({@code file} names it). */
    public TargetReport evaluate(Indicators indicators, String file) {
        Map<String, Evidence> evidence = evidence(indicators);
        List<TargetResult> results = judge(data().targets(), evidence, indicators.period().to());
        Map<String, TargetResult> byId = new HashMap<>();
        results.forEach(r -> byId.put(r.id(), r));
        List<TargetReport.Area> areas = new ArrayList<>();
        for (PolicyDocument.Area a : document().areas()) {
            List<TargetResult> list = data().targets().stream().filter(t -> t.area() == a.number())
                    .sorted(Comparator.comparingInt(t -> t.clause() == null ? 0 : Integer.parseInt(t.clause())))
                    .map(t -> byId.get(t.id())).toList();
            areas.add(new TargetReport.Area(a.number(), a.displayName(), a.department(), list));
        }
        int met = (int) results.stream().filter(r -> r.verdict() == Verdict.MET).count();
        int notMet = (int) results.stream().filter(r -> r.verdict() == Verdict.NOT_MET).count();
        int noData = (int) results.stream().filter(r -> r.verdict() == Verdict.NO_DATA).count();
        TargetReport.Tolerance tolerance = new TargetReport.Tolerance(tolerances.percentagePoints(),
                tolerances.relativePercent(), "“左右”的容差：以 % 计的目标 " + tolerances.describe("%") + "，其他目标 "
                + tolerances.describe("") + "；越高越好的目标高出容差算超额完成，越低越好的目标低于容差算超额完成");
        return new TargetReport(document().number(), document().title(),
                new TargetReport.Results(indicators.title(), indicators.source(), indicators.period().from(),
                        indicators.period().to(), file, indicators.note()),
                rules.id(), tolerance,
                new TargetReport.Summary(results.size(), met, notMet, noData), areas, budgets(indicators));
    }

    /** The evidence for each target the figures measure or resemble. */
    Map<String, Evidence> evidence(Indicators f) {
        Map<String, Evidence> out = new HashMap<>();
        Map<String, List<String>> resemblances = new HashMap<>();
        for (Indicator x : f.indicators()) {
            for (Indicators.Resemblance r : x.resembles()) {
                resemblances.computeIfAbsent(r.target(), k -> new ArrayList<>()).add("成果报告的「" + x.indicator() + "」"
                        + (x.stated() == null ? "" : x.stated()) + "不能衡量这一目标：" + r.note()
                        + (x.quote() == null ? "" : "（原句：" + x.quote() + "）"));
            }
        }
        for (Indicator x : f.indicators()) {
            if (x.measures().isEmpty()) {
                continue;
            }
            BigDecimal value = x.value();
            String arithmetic = null;
            List<String> quotes = new ArrayList<>();
            if (x.ratio() != null) {
                Indicator num = f.indicator(x.ratio().numerator()).orElseThrow();
                Indicator den = f.indicator(x.ratio().denominator()).orElseThrow();
                value = divide(num.value(), den.value());
                arithmetic = Figures.plain(num.value()) + " " + num.unit() + " ÷ " + Figures.plain(den.value()) + " "
                        + den.unit() + (value.stripTrailingZeros().scale() > 4 ? " ≈ "
                        + value.setScale(2, RoundingMode.HALF_UP).toPlainString() : " = " + Figures.plain(value))
                        + " " + x.unit();
                quotes.add(num.quote());
                if (!den.quote().equals(num.quote())) {
                    quotes.add(den.quote());
                }
            } else {
                quotes.add(x.quote());
            }
            Actual actual = new Actual(value, x.unit(), Figures.text(value, x.unit()), x.id(), arithmetic, quotes);
            List<String> notes = new ArrayList<>();
            if (x.note() != null && !x.note().isBlank()) {
                notes.add(x.note());
            }
            for (String id : x.measures()) {
                out.put(id, new Evidence(value, f.periodOf(x), actual, notes));
            }
        }
        resemblances.forEach((id, notes) -> out.putIfAbsent(id, Evidence.none(notes)));
        return out;
    }

    /** {@code a ÷ b} exactly when the quotient terminates, else to {@value #QUOTIENT_SCALE} decimals. */
    static BigDecimal divide(BigDecimal a, BigDecimal b) {
        try {
            return a.divide(b);
        } catch (ArithmeticException e) {
            return a.divide(b, QUOTIENT_SCALE, RoundingMode.HALF_EVEN);
        }
    }

    /**
     * Judges {@code targets} with the rules: each gets its figure from {@code evidence} (none when absent, or when
     * the figure covers another period than the target) and exactly one outcome. Results come in the order given.
     */
    public List<TargetResult> judge(List<PolicyData.Target> targets, Map<String, Evidence> evidence, LocalDate asOf) {
        Map<String, TargetFact> facts = new LinkedHashMap<>();
        Map<String, List<String>> notes = new HashMap<>();
        Map<String, Actual> actuals = new HashMap<>();
        for (PolicyData.Target t : targets) {
            Evidence e = evidence.get(t.id());
            List<String> n = new ArrayList<>();
            if (t.note() != null && !t.note().isBlank()) {
                n.add(t.note());
            }
            BigDecimal value = null;
            if (e != null) {
                n.addAll(e.notes());
                if (e.value() != null) {
                    Period target = periodOf(t);
                    if (e.period().equals(target)) {
                        value = e.value();
                        actuals.put(t.id(), e.actual());
                    } else {
                        n.add("成果报告的数字" + (e.actual() == null ? "" : e.actual().text()) + "是 " + e.period()
                                + " 的，目标的期间是 " + target + "，期间不同，不作比较");
                    }
                }
            } else {
                n.add("成果报告中没有衡量这一目标的数字");
            }
            facts.put(t.id(), fact(t, value));
            notes.put(t.id(), n);
        }
        Map<String, Outcome> outcomes = new HashMap<>();
        for (Outcome o : rules.evaluateFacts(facts, asOf)) {
            if (outcomes.put(o.subject().path(), o) != null) {
                throw new IllegalStateException("two target rules judged " + o.subject().path());
            }
        }
        List<TargetResult> results = new ArrayList<>();
        for (PolicyData.Target t : targets) {
            TargetFact f = facts.get(t.id());
            Outcome o = outcomes.get(t.id());
            if (o == null) {
                throw new IllegalStateException("no target rule judged " + t.id());
            }
            results.add(result(t, f, o, actuals.get(t.id()), notes.get(t.id())));
        }
        return results;
    }

    private TargetResult result(PolicyData.Target t, TargetFact f, Outcome o, Actual actual, List<String> notes) {
        Verdict verdict = Verdict.of(o.status());
        String targetText = targetText(t);
        Margin margin = f.actual() == null ? null : margin(f, verdict);
        String headline = t.indicator() + "：目标 " + targetText + "，"
                + (f.actual() == null ? "无数据" : "实际 " + actual.text() + "，" + margin.text());
        List<String> conditions = new ArrayList<>();
        o.met().stream().map(ConditionResult::text).forEach(s -> conditions.add("✓ " + s));
        o.unmet().stream().map(ConditionResult::text).forEach(s -> conditions.add("✗ " + s));
        o.missing().forEach(m -> conditions.add("? 缺少「" + m.label() + "」"));
        TargetReport.Target spec = new TargetReport.Target(t.value(), t.unit(), t.comparison(), f.direction(),
                targetText, t.from(), t.to(), t.quote(), t.note(), f.aboutLow(), f.aboutHigh(),
                t.comparison() == Comparison.ABOUT ? tolerances.describe(t.unit()) + "（" + Figures.text(f.aboutLow(), t.unit())
                        + " 至 " + Figures.text(f.aboutHigh(), t.unit()) + "）" : null);
        return new TargetResult(t.id(), t.clause(), t.indicator(), verdict, verdict.label(), headline, spec, actual,
                margin, o.rule(), o.title(), o.explanation(), List.copyOf(conditions), List.copyOf(notes));
    }

    /** "不低于 1500 亩", "超过 2150 家", "不高于 1.75 倍", "8% 左右", with the target's own period. */
    static String targetText(PolicyData.Target t) {
        String v = Figures.text(t.value(), t.unit());
        String text = switch (t.comparison()) {
            case AT_LEAST -> "不低于 " + v;
            case MORE_THAN -> "超过 " + v;
            case AT_MOST -> "不高于 " + v;
            case ABOUT -> v + (v.endsWith("）") ? "左右" : " 左右");
        };
        return t.from() == null ? text : text + "（" + t.from() + " 至 " + t.to() + "）";
    }

    /** Actual minus target, in words that say which way is better. */
    private Margin margin(TargetFact f, Verdict verdict) {
        BigDecimal d = f.actual().subtract(f.target());
        String unit = "%".equals(f.unit()) ? "个百分点" : f.unit();
        String amount = Figures.difference(d.abs(), f.unit());
        boolean up = f.comparison() == Comparison.AT_LEAST || f.comparison() == Comparison.MORE_THAN
                || f.comparison() == Comparison.ABOUT && f.direction() == Direction.UP;
        boolean about = f.comparison() == Comparison.ABOUT;
        String band = about ? tolerances.describe(f.unit()) + ("%".equals(f.unit()) ? "的容差" : " 的容差") : null;
        String text;
        if (d.signum() == 0) {
            text = f.comparison() == Comparison.MORE_THAN ? "与目标持平，未超过" : "与目标持平";
        } else if (up == d.signum() > 0) {
            text = (up ? "超出 " : "低于目标 ") + amount;
        } else if (about) {
            text = (up ? "低于目标 " : "高于目标 ") + amount + (verdict == Verdict.MET ? "，在 " + band + "内" : "，超出 " + band);
        } else {
            text = up ? "差 " + amount : "超出目标 " + amount;
        }
        return new Margin(d, unit, text);
    }

    /** Spending against budget pools, for figures that name one. */
    private List<BudgetExecution> budgets(Indicators f) {
        List<BudgetExecution> out = new ArrayList<>();
        for (Indicator x : f.indicators()) {
            if (x.budgetPool() == null) {
                continue;
            }
            PolicyData.BudgetPool pool = data().pool(x.budgetPool()).orElseThrow();
            BigDecimal budget = pool.amountWan();
            BigDecimal spent = x.value();
            BigDecimal execution = spent.multiply(BigDecimal.valueOf(100)).divide(budget, 1, RoundingMode.HALF_UP);
            BigDecimal overrun = spent.compareTo(budget) > 0 ? spent.subtract(budget) : null;
            BigDecimal remaining = overrun == null ? budget.subtract(spent) : null;
            String text = pool.name() + "（第" + pool.clause() + "条，" + pool.id() + "）：预算 " + Figures.text(budget, "万元")
                    + "，实际 " + Figures.text(spent, "万元") + "，执行率 " + Figures.plain(execution) + "%（"
                    + Figures.plain(spent) + " ÷ " + Figures.plain(budget) + "），"
                    + (overrun != null ? "超出预算 " + Figures.text(overrun, "万元")
                    : remaining.signum() == 0 ? "恰好用完" : "结余 " + Figures.text(remaining, "万元"));
            out.add(new BudgetExecution(pool.id(), pool.clause(), pool.name(), budget, spent, execution, overrun,
                    remaining, text, pool.quote(), x.quote(), x.id()));
        }
        return out;
    }
}
