package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.Status;
import java.io.PrintWriter;
import java.math.BigDecimal;

/** Prints an evaluation result for staff, in Chinese. */
final class TextReport {

    private TextReport() {
    }

    static void print(PrintWriter out, EvaluationResult r, boolean all, PolicyData data) {
        out.println("案例 " + r.caseId() + (r.applicant() == null ? "" : " · " + r.applicant()) + " · 评估日期 " + r.asOf());
        out.println("规则集 " + r.ruleSet().id() + "（" + r.ruleSet().document() + "）" + r.ruleSet().hash());
        if (!r.inForce()) {
            out.println("注意：评估日期 " + r.asOf() + " 不在政策有效期内，任何条款均不适用（--all 可查看各条款的判断）。");
        }
        int eligible = 0;
        int undetermined = 0;
        int notEligible = 0;
        for (Outcome o : r.outcomes()) {
            switch (o.status()) {
                case ELIGIBLE -> eligible++;
                case UNDETERMINED -> undetermined++;
                case NOT_ELIGIBLE -> notEligible++;
            }
            if (o.status() == Status.NOT_ELIGIBLE && !all) {
                continue;
            }
            out.println();
            out.println("[" + o.status().label() + "] 第" + o.clause() + "条 " + o.title() + " — " + o.subject().description()
                    + "（" + o.subject().path() + "）");
            out.println("    规则：" + o.rule());
            out.println("    " + o.area() + " · 牵头单位 " + o.department());
            if (o.status() == Status.ELIGIBLE) {
                out.println("    支持：" + o.benefit().kind() + "，" + amount(o.benefit(), data));
            }
            for (ConditionResult c : o.met()) {
                out.println("    ✓ " + c.text());
            }
            for (ConditionResult c : o.unmet()) {
                out.println("    ✗ " + c.text());
            }
            for (MissingFact m : o.missing()) {
                out.println("    ? 缺少「" + m.label() + "」（" + m.path() + "），条件 " + m.condition());
            }
            out.println("    说明：" + o.explanation());
        }
        out.println();
        out.println("合计：符合 " + eligible + " 项，待定 " + undetermined + " 项，不符合 " + notEligible + " 项"
                + (all || notEligible == 0 ? "" : "（不符合的条款用 --all 显示）"));
    }

    static String amount(Outcome.Benefit b, PolicyData data) {
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
            PolicyData.BudgetPool pool = data.pool(b.pool()).orElse(null);
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
