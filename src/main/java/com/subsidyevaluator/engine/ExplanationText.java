package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Prints an evaluation result for staff, in Chinese: each outcome with its conditions (✓ met, ✗ not met, ? missing,
 * in words) and its explanation. A JSON path appears only as a hint at the end of a line, in parentheses: the
 * subject's on the outcome's first line, the missing fact's on its line.
 *
 * <p>In the engine so that every layer above shows one explanation the same way: {@code subsidy evaluate} and
 * {@code subsidy explain} print it, and a batch's {@code report.html} shows it for each case it lists.
 */
public final class ExplanationText {

    private ExplanationText() {
    }

    /**
     * Prints one result. {@code r} is meant to be complete, not-eligible outcomes included: without {@code all}
     * they are not listed, but the closing line counts them and names their clauses (a result already filtered
     * with {@link EvaluationResult#visible} has none left to count).
     */
    public static void print(PrintWriter out, EvaluationResult r, boolean all, PolicyData data) {
        print(out, r, all, data::pool, true);
    }

    /**
     * Prints one result, naming budget pools by {@code pools}. {@code notEligibleKnown} false: the result was kept
     * without its not-eligible outcomes (a batch without --all), so the closing line cannot count them and says so.
     */
    public static void print(PrintWriter out, EvaluationResult r, boolean all, Function<String, Optional<PolicyData.BudgetPool>> pools,
                      boolean notEligibleKnown) {
        out.println("案例 " + r.caseId() + (r.applicant() == null ? "" : " · " + r.applicant()) + " · 评估日期 " + r.asOf());
        out.println("规则集 " + r.ruleSet().id() + "（" + r.ruleSet().document() + "）" + r.ruleSet().hash());
        if (!r.inForce()) {
            out.println("注意：评估日期 " + r.asOf() + " 不在政策有效期内，任何条款均不适用（--all 可查看各条款的判断）。");
        }
        int eligible = 0;
        int undetermined = 0;
        int notEligible = 0;
        List<Outcome> guidance = new ArrayList<>();
        TreeSet<String> notEligibleClauses = new TreeSet<>(CLAUSE_ORDER);
        for (Outcome o : r.outcomes()) {
            switch (o.status()) {
                case ELIGIBLE -> eligible++;
                case UNDETERMINED -> undetermined++;
                case NOT_ELIGIBLE -> {
                    notEligible++;
                    if (o.clause() != null) {
                        notEligibleClauses.add(o.clause());
                    }
                }
                case RELEVANT -> guidance.add(o);
            }
            if (o.status() == Status.NOT_ELIGIBLE && !all || o.status() == Status.RELEVANT) {
                continue;
            }
            out.println();
            printOutcome(out, o, pools);
        }
        if (!guidance.isEmpty()) {
            // Guidance after the entitlements, in a section of its own: the applicant learns of it without being
            // told it is entitled to anything.
            out.println();
            out.println("相关政策（" + guidance.size() + " 项；鼓励、支持、优先等，不是确定的奖补或资格）Relevant policies (guidance, not entitlements):");
            for (Outcome o : guidance) {
                out.println();
                printOutcome(out, o, pools);
            }
        }
        out.println();
        String counts = notEligibleKnown ? summary(eligible, undetermined, notEligible, notEligibleClauses, all)
                : "合计：符合 " + eligible + " 项，待定 " + undetermined + " 项；不符合的结论未写入结果（batch 加 --all 时写入）";
        out.println(counts + (guidance.isEmpty() ? "" : "；相关政策 " + guidance.size() + " 项"));
    }

    private static void printOutcome(PrintWriter out, Outcome o, Function<String, Optional<PolicyData.BudgetPool>> pools) {
        out.println("[" + o.status().label() + "] 第" + o.clause() + "条 " + o.title() + " — " + o.subject().description()
                + "（" + o.subject().path() + "）");
        out.println("    规则：" + o.rule());
        out.println("    " + o.area() + " · 牵头单位 " + o.department());
        if (o.status() == Status.ELIGIBLE) {
            out.println("    支持：" + o.benefit().kind() + "，" + amount(o.benefit(), pools));
        }
        for (ConditionResult c : o.met()) {
            out.println("    ✓ " + c.text());
        }
        for (ConditionResult c : o.unmet()) {
            out.println("    ✗ " + c.text());
        }
        for (MissingFact m : o.missing()) {
            out.println("    " + missing(o, m));
        }
        out.println("    说明：" + o.explanation());
    }

    /** "? 缺少「人才类型」（应为科技领军人才、创新团队、青年科技人才、卓越工程师之一）（$.talents[0].role）". */
    public static String missing(Outcome o, MissingFact m) {
        String required = Explainer.missingRequirement(o.subject(), m);
        return "? 缺少「" + m.label() + "」" + (required == null ? "" : "（" + required + "）") + "（" + m.path() + "）";
    }

    /** The clauses in the document's order: 第4条 before 第10条. */
    private static final Comparator<String> CLAUSE_ORDER = Comparator.comparingInt(ExplanationText::clauseNumber)
            .thenComparing(Comparator.naturalOrder());

    private static int clauseNumber(String clause) {
        try {
            return Integer.parseInt(clause);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** Clause numbers listed in the closing summary before it says only how many more there are. */
    public static final int CLAUSES_LISTED = 10;

    /**
     * The closing line. Without {@code --all} the not-eligible outcomes are not printed: the line says how many
     * there are, of which clauses, and that {@code --all} shows them.
     */
    public static String summary(int eligible, int undetermined, int notEligible, SortedSet<String> clauses,
                          boolean all) {
        String counts = "合计：符合 " + eligible + " 项，待定 " + undetermined + " 项";
        if (all || notEligible == 0) {
            return counts + "，不符合 " + notEligible + " 项";
        }
        List<String> listed = new ArrayList<>(clauses).subList(0, Math.min(CLAUSES_LISTED, clauses.size()));
        String which = clauses.isEmpty() ? ""
                : "（第" + String.join("、", listed) + "条" + (clauses.size() > listed.size() ? "等 " + clauses.size() + " 个条款" : "")
                + "）";
        return counts + "；另有 " + notEligible + " 项不符合" + which + "，加 --all 查看";
    }

    public static String amount(Outcome.Benefit b, PolicyData data) {
        return amount(b, data::pool);
    }

    public static String amount(Outcome.Benefit b, Function<String, Optional<PolicyData.BudgetPool>> pools) {
        StringBuilder s = new StringBuilder();
        if (b.amountWan() != null) {
            s.append("金额 ").append(plain(b.amountWan())).append(" 万元");
            if (b.note() != null) {
                s.append("；").append(b.note());
            }
        } else {
            s.append(b.note() == null ? "金额未定" : b.note());
        }
        if (b.pool() != null) {
            s.append("；资金来源：");
            PolicyData.BudgetPool pool = pools.apply(b.pool()).orElse(null);
            if (pool == null) {
                s.append(b.pool());
            } else {
                s.append("第").append(pool.clause()).append("条 ").append(pool.name());
                if (pool.amountWan() != null) {
                    s.append("（2023年预算 ").append(plain(pool.amountWan())).append(" 万元）");
                }
            }
        }
        return s.toString();
    }

    private static String plain(BigDecimal n) {
        BigDecimal s = n.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
