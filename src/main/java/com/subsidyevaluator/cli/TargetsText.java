package com.subsidyevaluator.cli;

import com.subsidyevaluator.targets.TargetReport;
import com.subsidyevaluator.targets.TargetReport.BudgetExecution;
import com.subsidyevaluator.targets.TargetReport.TargetResult;
import java.io.PrintWriter;

/** Prints a target report for staff, in Chinese: area by area, each target with its verdict and sources. */
final class TargetsText {

    private TargetsText() {
    }

    static void print(PrintWriter out, TargetReport r) {
        out.println(r.document() + "《" + r.title() + "》量化目标完成情况");
        out.println("实际数字：" + r.results().title() + "（" + r.results().from() + " 至 " + r.results().to() + "，"
                + r.results().file() + "）");
        out.println("出处：" + r.results().source());
        out.println("规则集 " + r.ruleSet().id() + "（" + r.ruleSet().document() + "）目标规则 " + r.ruleSet().hash());
        out.println(r.tolerance().text() + "。");
        for (TargetReport.Area a : r.areas()) {
            out.println();
            out.println(a.name() + "（" + a.department() + "）");
            if (a.targets().isEmpty()) {
                out.println("    本领域没有量化目标。");
            }
            for (TargetResult t : a.targets()) {
                out.println();
                out.println("[" + t.verdictLabel() + "] " + t.place() + " " + t.headline());
                out.println("    原文：" + t.target().quote());
                if (t.actual() != null) {
                    for (String q : t.actual().quotes()) {
                        out.println("    成果报告：" + q);
                    }
                    if (t.actual().arithmetic() != null) {
                        out.println("    计算：" + t.actual().arithmetic());
                    }
                }
                if (t.target().tolerance() != null) {
                    out.println("    容差：" + t.target().tolerance());
                }
                out.println("    规则「" + t.ruleTitle() + "」：" + String.join("；", t.conditions()));
                for (String n : t.notes()) {
                    out.println("    说明：" + n);
                }
            }
        }
        out.println();
        out.println("预算执行");
        if (r.budgets().isEmpty()) {
            out.println("    成果报告没有给出任何资金池的执行数。");
        }
        for (BudgetExecution b : r.budgets()) {
            out.println("    " + b.text());
            out.println("        原文：" + b.budgetQuote());
            out.println("        成果报告：" + b.spentQuote());
        }
        out.println();
        out.println("合计：目标 " + r.summary().targets() + " 项，达到 " + r.summary().met() + " 项，未达到 "
                + r.summary().notMet() + " 项，无数据 " + r.summary().noData() + " 项");
    }
}
