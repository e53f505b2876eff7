package com.subsidyevaluator.cli;

import com.subsidyevaluator.targets.TargetReport;
import com.subsidyevaluator.targets.TargetReport.BudgetExecution;
import com.subsidyevaluator.targets.TargetReport.TargetResult;

/**
 * A target report as one self-contained HTML page: inline CSS, no scripts, nothing fetched from the network, so
 * that it can be mailed or archived as a single file and opened anywhere.
 */
final class TargetsHtml {

    private static final String CSS = """
            body{font-family:"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",system-ui,sans-serif;margin:2em auto;
            max-width:72em;padding:0 1em;color:#222;line-height:1.5}
            h1{font-size:1.4em;margin-bottom:.2em}h2{font-size:1.15em;margin-top:2em;border-bottom:2px solid #ccc}
            .meta{color:#555;font-size:.9em;margin:.1em 0}
            table{border-collapse:collapse;width:100%;font-size:.92em}
            th,td{border:1px solid #ddd;padding:.35em .5em;vertical-align:top;text-align:left}
            th{background:#f4f4f4}
            .v{white-space:nowrap;font-weight:bold;border-radius:3px;padding:.1em .4em}
            .MET{background:#e3f4e6;color:#1b6e2a}.NOT_MET{background:#fbe4e4;color:#a11d1d}
            .NO_DATA{background:#eee;color:#555}
            .q{color:#555;font-size:.9em}.n{color:#7a5a00;font-size:.9em}
            .summary span{margin-right:1.5em}
            """;

    private TargetsHtml() {
    }

    static String render(TargetReport r) {
        StringBuilder s = new StringBuilder();
        String title = r.document() + "《" + r.title() + "》量化目标完成情况";
        s.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n");
        s.append("<h1>").append(esc(title)).append("</h1>\n");
        s.append("<p class=\"meta\">实际数字：").append(esc(r.results().title())).append("（").append(r.results().from())
                .append(" 至 ").append(r.results().to()).append("）</p>\n");
        s.append("<p class=\"meta\">出处：").append(esc(r.results().source())).append("</p>\n");
        s.append("<p class=\"meta\">规则集 ").append(esc(r.ruleSet().id())).append(" ").append(esc(r.ruleSet().hash()))
                .append("</p>\n");
        s.append("<p class=\"meta\">").append(esc(r.tolerance().text())).append("。</p>\n");
        s.append("<p class=\"summary\"><span>目标 ").append(r.summary().targets()).append(" 项</span>")
                .append("<span class=\"v MET\">达到 ").append(r.summary().met()).append("</span> ")
                .append("<span class=\"v NOT_MET\">未达到 ").append(r.summary().notMet()).append("</span> ")
                .append("<span class=\"v NO_DATA\">无数据 ").append(r.summary().noData()).append("</span></p>\n");
        for (TargetReport.Area a : r.areas()) {
            s.append("<h2>").append(esc(a.name())).append("（").append(esc(a.department())).append("）</h2>\n");
            if (a.targets().isEmpty()) {
                s.append("<p>本领域没有量化目标。</p>\n");
                continue;
            }
            s.append("<table>\n<tr><th>结论</th><th>条款</th><th>指标</th><th>目标</th><th>实际</th><th>差距</th>"
                    + "<th>出处与说明</th></tr>\n");
            for (TargetResult t : a.targets()) {
                s.append("<tr id=\"").append(esc(t.id())).append("\"><td><span class=\"v ").append(t.verdict().name())
                        .append("\">").append(esc(t.verdictLabel())).append("</span></td><td>").append(esc(t.place()))
                        .append("</td><td>").append(esc(t.indicator())).append("</td><td>").append(esc(t.target().text()));
                if (t.target().tolerance() != null) {
                    s.append("<br><span class=\"q\">容差 ").append(esc(t.target().tolerance())).append("</span>");
                }
                s.append("</td><td>").append(t.actual() == null ? "—" : esc(t.actual().text()));
                if (t.actual() != null && t.actual().arithmetic() != null) {
                    s.append("<br><span class=\"q\">").append(esc(t.actual().arithmetic())).append("</span>");
                }
                s.append("</td><td>").append(t.margin() == null ? "—" : esc(t.margin().text())).append("</td><td>");
                s.append("<div class=\"q\">原文：").append(esc(t.target().quote())).append("</div>");
                if (t.actual() != null) {
                    for (String q : t.actual().quotes()) {
                        s.append("<div class=\"q\">成果报告：").append(esc(q)).append("</div>");
                    }
                }
                s.append("<div class=\"q\">规则「").append(esc(t.ruleTitle())).append("」：")
                        .append(esc(String.join("；", t.conditions()))).append("</div>");
                for (String n : t.notes()) {
                    s.append("<div class=\"n\">").append(esc(n)).append("</div>");
                }
                s.append("</td></tr>\n");
            }
            s.append("</table>\n");
        }
        s.append("<h2>预算执行</h2>\n");
        if (r.budgets().isEmpty()) {
            s.append("<p>成果报告没有给出任何资金池的执行数。</p>\n");
        } else {
            s.append("<table>\n<tr><th>资金池</th><th>预算</th><th>实际</th><th>执行率</th><th>超出 / 结余</th><th>出处</th></tr>\n");
            for (BudgetExecution b : r.budgets()) {
                s.append("<tr><td>").append(esc(b.name())).append("<br><span class=\"q\">第").append(esc(b.clause()))
                        .append("条 · ").append(esc(b.pool())).append("</span></td><td>").append(plain(b.budgetWan()))
                        .append(" 万元</td><td>").append(plain(b.spentWan())).append(" 万元</td><td>")
                        .append(plain(b.executionPercent())).append("%</td><td>")
                        .append(b.overrunWan() != null ? "超出 " + plain(b.overrunWan()) + " 万元"
                                : "结余 " + plain(b.remainingWan()) + " 万元")
                        .append("</td><td><div class=\"q\">原文：").append(esc(b.budgetQuote()))
                        .append("</div><div class=\"q\">成果报告：").append(esc(b.spentQuote())).append("</div></td></tr>\n");
            }
            s.append("</table>\n");
        }
        s.append("</body>\n</html>\n");
        return s.toString();
    }

    private static String plain(java.math.BigDecimal n) {
        return com.subsidyevaluator.targets.Figures.plain(n);
    }

    /** Escapes text for HTML element content and attribute values. */
    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder s = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> s.append("&amp;");
                case '<' -> s.append("&lt;");
                case '>' -> s.append("&gt;");
                case '"' -> s.append("&quot;");
                case '\'' -> s.append("&#39;");
                default -> s.append(c);
            }
        }
        return s.toString();
    }
}
