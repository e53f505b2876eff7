package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code report.html}: one self-contained page for staff, in Chinese — totals per area and clause, applicants
 * with eligible and undetermined outcomes, each budget pool's awards against its budget as an inline SVG chart
 * with oversubscription flagged, and the first cases with every outcome explained. No scripts, no external
 * resources (a Content-Security-Policy forbids them).
 *
 * <p>Every figure taken from {@code summary.json} carries {@code data-summary="path"} (e.g.
 * {@code cases.records}, {@code pools[6-total].requestedWan}), so that tests can check the page against it.
 * The case sections are written to a temporary file as the batch runs, so memory does not depend on how many
 * are shown.
 */
final class HtmlReport implements AutoCloseable {

    private final Path casesFile;
    private final int limit;
    private final Writer cases;
    private final List<String[]> rows = new ArrayList<>();
    private long seen;
    private final Money money;

    HtmlReport(Path casesFile, int limit) throws IOException {
        this(casesFile, limit, null);
    }

    /** @param rules whose metadata says which outcomes involve money ({@link Money}), or null */
    HtmlReport(Path casesFile, int limit, RuleSet rules) throws IOException {
        this.money = Money.of(rules);
        this.casesFile = casesFile;
        this.limit = Math.max(0, limit);
        this.cases = new BufferedWriter(Files.newBufferedWriter(casesFile, StandardCharsets.UTF_8), 1 << 16);
    }

    Path casesFile() {
        return casesFile;
    }

    /** An evaluated case, in input order; the first {@code limit} are shown. */
    void add(EvaluationResult r, String source, int line) throws IOException {
        if (r.outcomes().isEmpty()) {
            return;
        }
        seen++;
        if (rows.size() >= limit) {
            return;
        }
        String anchor = "case-" + (rows.size() + 1);
        long eligible = r.outcomes().stream().filter(o -> o.status() == Status.ELIGIBLE).count();
        long undetermined = r.outcomes().stream().filter(o -> o.status() == Status.UNDETERMINED).count();
        BigDecimal amount = BigDecimal.ZERO;
        long priced = 0;
        long unpriced = 0;
        long nonCash = 0;
        for (Outcome o : r.outcomes()) {
            if (o.status() == Status.ELIGIBLE) {
                BigDecimal a = o.benefit().allocation() != null ? o.benefit().allocation().allocatedWan() : o.benefit().amountWan();
                if (!money.cash(o)) {
                    nonCash++;
                } else if (a == null) {
                    unpriced++;
                } else {
                    priced++;
                    amount = amount.add(a);
                }
            }
        }
        String where = source + (line > 0 ? ":" + line : "");
        rows.add(new String[] {anchor, r.caseId(), r.applicant(), String.valueOf(eligible), String.valueOf(undetermined),
                moneyWords(priced, amount, unpriced, nonCash), where});
        Writer w = cases;
        w.write("<section class=\"case\" id=\"" + anchor + "\">\n<h3>" + esc(r.caseId()) + " · " + esc(r.applicant())
                + "</h3>\n<p class=\"meta\">评估日期 " + r.asOf() + " · 来源 " + esc(where)
                + (r.inForce() ? "" : " · <strong>评估日期不在政策有效期内</strong>") + "</p>\n");
        {
            List<Outcome> entitlements = r.outcomes().stream().filter(o -> o.status().isEntitlement()).toList();
            List<Outcome> guidance = r.outcomes().stream().filter(o -> !o.status().isEntitlement()).toList();
            if (!entitlements.isEmpty() || guidance.isEmpty()) {
                w.write("<table><thead><tr><th>结论</th><th>条款</th><th>标题</th><th>对象</th><th>金额（万元）</th><th>说明</th></tr></thead><tbody>\n");
                for (Outcome o : entitlements) {
                    Outcome.Benefit b = o.benefit();
                    String amountText = !money.cash(o) ? "不涉及资金"
                            : b.amountWan() == null ? "待配套细则确定" : money(b.amountWan());
                    if (b.allocation() != null) {
                        amountText += " → 核定 " + money(b.allocation().allocatedWan());
                    }
                    String css = switch (o.status()) {
                        case ELIGIBLE -> "ok";
                        case UNDETERMINED -> "tbd";
                        case NOT_ELIGIBLE, RELEVANT -> "no";
                    };
                    w.write("<tr class=\"" + css + "\"><td>" + o.status().label() + "</td><td>第" + esc(o.clause()) + "条</td><td>"
                            + esc(o.title()) + "</td><td>" + esc(o.subject().description()) + "</td><td class=\"num\">" + amountText
                            + "</td><td>" + esc(o.explanation())
                            + (b.allocation() == null ? "" : "<br><em>" + esc(b.allocation().note()) + "</em>") + "</td></tr>\n");
                }
                w.write("</tbody></table>\n");
            }
            if (!guidance.isEmpty()) {
                // Guidance is not an entitlement: its own table, after the entitlements, with no amount.
                w.write("<h4>相关政策（鼓励、支持、优先等，不是确定的奖补或资格）</h4>\n<table class=\"guidance\"><thead><tr><th>条款</th>"
                        + "<th>标题</th><th>对象</th><th>说明</th></tr></thead><tbody>\n");
                for (Outcome o : guidance) {
                    w.write("<tr class=\"rel\"><td>第" + esc(o.clause()) + "条</td><td>" + esc(o.title()) + "</td><td>"
                            + esc(o.subject().description()) + "</td><td>" + esc(o.explanation()) + "</td></tr>\n");
                }
                w.write("</tbody></table>\n");
            }
        }
        w.write("<p class=\"back\"><a href=\"#cases\">返回案例列表</a></p>\n</section>\n");
    }

    @Override
    public void close() {
        try {
            cases.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }

    /** Writes the page: summary first, then the case sections written so far. */
    void write(Path file, RuleSet rules, BatchSummary s) throws IOException {
        cases.close();
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            head(w, rules, s);
            totals(w, s);
            areas(w, s);
            clauses(w, s);
            pools(w, s);
            w.write("<section id=\"cases\"><h2>案例</h2>\n");
            w.write("<p>共评估 " + span("cases.evaluated", num(s.cases().evaluated())) + " 个案例，其中 " + num(seen)
                    + " 个有" + (s.allOutcomes() ? "结论" : "符合或待定的结论")
                    + (seen > rows.size() ? "，此处按输入顺序列出前 " + num(rows.size()) + " 个（全部结果见 results.jsonl 和 awards.csv）"
                    : "，逐一列出如下") + "。点击案例编号查看每一项结论及其理由。</p>\n");
            if (!rows.isEmpty()) {
                w.write("<table class=\"list\"><thead><tr><th>案例编号</th><th>申请主体</th><th>符合</th><th>待定</th>"
                        + "<th>资金奖补金额（万元）</th><th>来源</th></tr></thead><tbody>\n");
                for (String[] r : rows) {
                    w.write("<tr><td><a href=\"#" + r[0] + "\">" + esc(r[1]) + "</a></td><td>" + esc(r[2]) + "</td><td class=\"num\">"
                            + r[3] + "</td><td class=\"num\">" + r[4] + "</td><td class=\"num\">" + esc(r[5]) + "</td><td>"
                            + esc(r[6]) + "</td></tr>\n");
                }
                w.write("</tbody></table>\n");
            }
            try (Reader in = Files.newBufferedReader(casesFile, StandardCharsets.UTF_8)) {
                in.transferTo(w);
            }
            w.write("</section>\n<footer>由 subsidy-evaluator " + esc(programVersion()) + " 生成 · 规则集内容哈希 "
                    + esc(s.ruleSet().hash()) + "</footer>\n</body>\n</html>\n");
        }
    }

    /** The program's version, from the build's properties. */
    private static String programVersion() {
        java.util.Properties p = new java.util.Properties();
        try (java.io.InputStream in = HtmlReport.class.getResourceAsStream("/subsidy-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unknown
        }
        return p.getProperty("version", "dev");
    }

    private static void head(Writer w, RuleSet rules, BatchSummary s) throws IOException {
        String doc = s.ruleSet().document();
        w.write("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>批量评估报告 · " + esc(doc) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        w.write("<header><h1>政策直达快享 · 批量评估报告</h1>\n<p>" + esc(rules.document().title() == null ? "" : rules.document().title())
                + "（" + esc(doc) + "）· 规则集 " + esc(s.ruleSet().id()) + " · 评估日期："
                + (s.asOf() == null ? "按各案例的 asOf" : esc(s.asOf())) + " · 资金分配："
                + ("pro-rata".equals(s.allocation()) ? "超出预算的资金池按比例核减" : "不核减（只标出超出预算的资金池）")
                + (s.allOutcomes() ? " · 含不符合的结论" : "") + "</p></header>\n");
        w.write("<nav><a href=\"#totals\">总览</a> <a href=\"#areas\">各领域</a> <a href=\"#clauses\">各条款</a> "
                + "<a href=\"#pools\">资金池</a> <a href=\"#cases\">案例</a></nav>\n");
    }

    private static void totals(Writer w, BatchSummary s) throws IOException {
        BatchSummary.Cases c = s.cases();
        BatchSummary.Applicants a = s.applicants();
        BatchSummary.Totals t = s.totals();
        long over = s.pools().stream().filter(BatchSummary.PoolTotal::oversubscribed).count();
        w.write("<section id=\"totals\"><h2>总览</h2>\n<div class=\"cards\">\n");
        card(w, "读入记录", span("cases.records", num(c.records())), "");
        card(w, "已评估", span("cases.evaluated", num(c.evaluated())), "");
        card(w, "被拒绝", span("cases.rejected", num(c.rejected())),
                c.rejected() == 0 ? "" : "其中 caseId 重复 " + span("cases.duplicates", num(c.duplicates())) + " 条；原因见 errors.jsonl");
        card(w, "有符合项的主体", span("applicants.withEligible", num(a.withEligible())), "");
        card(w, "有待定项的主体", span("applicants.withUndetermined", num(a.withUndetermined())), "补充材料后才能判定");
        card(w, "相关政策（项）", span("totals.relevant", num(t.relevant())), "鼓励、支持、优先等，不是确定的奖补或资格，不计入金额");
        // three things apart: cash with an amount (summed), cash whose amount is still to be set (counted), no money
        if (t.cashEligible() > 0) {
            card(w, "资金奖补 · 金额已定（万元）", span("totals.eligibleAmountWan", money(t.eligibleAmountWan())),
                    span("totals.cashEligible", num(t.cashEligible())) + " 项符合的资金奖补金额已知，合计如上"
                    + (t.cashEligibleUnpriced() > 0 ? "；另有待定金额的资金奖补，见右" : ""));
        } else {
            card(w, "资金奖补 · 金额已定", t.cashEligibleUnpriced() > 0 ? "金额均待配套细则确定" : "无符合的资金奖补",
                    t.cashEligibleUnpriced() > 0 ? "符合的资金奖补都还没有金额标准，所以这里没有合计（不是 0 元）" : "");
        }
        card(w, "资金奖补 · 金额待配套细则确定（项）", span("totals.cashEligibleUnpriced", num(t.cashEligibleUnpriced())),
                "符合条件、涉及资金，金额待各部门的配套细则确定：只计项数，不计金额");
        StringBuilder kinds = new StringBuilder();
        t.nonCashEligibleByKind().forEach((kind, n) -> kinds.append(kinds.length() == 0 ? "" : "，").append(esc(kind)).append(" ")
                .append(span("totals.nonCashEligibleByKind." + kind, num(n))));
        card(w, "不涉及资金的符合项（项）", span("totals.nonCashEligible", num(t.nonCashEligible())),
                kinds.length() == 0 ? "税收优惠、要素保障、资格与推荐等" : kinds + "（税收优惠、要素保障、资格与推荐等，没有金额）");
        if ("pro-rata".equals(s.allocation())) {
            card(w, "按比例核定后（万元）", t.cashEligible() > 0 ? span("totals.allocatedAmountWan", money(t.allocatedAmountWan()))
                    : "无金额已定的资金奖补", "");
        }
        card(w, "超出预算的资金池", String.valueOf(over), over == 0 ? "" : "见“资金池”");
        w.write("</div>\n</section>\n");
    }

    /** What one case's eligible outcomes come to, in words when no amount is known: never a bare 0. */
    static String moneyWords(long priced, BigDecimal amount, long unpriced, long nonCash) {
        String s = priced > 0 ? money(amount) + (unpriced > 0 ? "（另 " + unpriced + " 项金额待定）" : "")
                : unpriced > 0 ? "金额待配套细则确定（" + unpriced + " 项）" : nonCash > 0 ? "不涉及资金" : "—";
        return s;
    }

    private static void card(Writer w, String label, String value, String note) throws IOException {
        w.write("<div class=\"card\"><div class=\"label\">" + label + "</div><div class=\"value\">" + value + "</div>"
                + (note.isEmpty() ? "" : "<div class=\"note\">" + note + "</div>") + "</div>\n");
    }

    private static void areas(Writer w, BatchSummary s) throws IOException {
        w.write("<section id=\"areas\"><h2>各领域</h2>\n<table><thead><tr><th>领域</th><th>有符合项的主体</th><th>有待定项的主体</th>"
                + "<th>符合</th><th>待定</th>" + (s.allOutcomes() ? "<th>不符合</th>" : "") + "<th>相关政策</th>"
                + "<th>资金奖补金额（万元）</th><th>金额待定的资金奖补</th><th>不涉及资金</th></tr></thead><tbody>\n");
        for (int i = 0; i < s.areas().size(); i++) {
            BatchSummary.AreaTotal t = s.areas().get(i);
            String p = "areas[" + i + "]";
            w.write("<tr><td>" + esc(t.area()) + "</td><td class=\"num\">" + span(p + ".applicantsEligible", num(t.applicantsEligible()))
                    + "</td><td class=\"num\">" + span(p + ".applicantsUndetermined", num(t.applicantsUndetermined())) + "</td>"
                    + totalsCells(p + ".totals", t.totals(), s.allOutcomes()) + "</tr>\n");
        }
        w.write("</tbody></table>\n</section>\n");
    }

    private static String totalsCells(String p, BatchSummary.Totals t, boolean all) {
        return "<td class=\"num\">" + span(p + ".eligible", num(t.eligible())) + "</td><td class=\"num\">"
                + span(p + ".undetermined", num(t.undetermined())) + "</td>"
                + (all ? "<td class=\"num\">" + span(p + ".notEligible", num(t.notEligible() == null ? 0 : t.notEligible())) + "</td>" : "")
                + "<td class=\"num\">" + span(p + ".relevant", num(t.relevant())) + "</td>"
                + "<td class=\"num\">" + (t.cashEligible() > 0 ? span(p + ".eligibleAmountWan", money(t.eligibleAmountWan()))
                : t.cashEligibleUnpriced() > 0 ? "待定" : "—") + "</td><td class=\"num\">"
                + span(p + ".cashEligibleUnpriced", num(t.cashEligibleUnpriced())) + "</td><td class=\"num\">"
                + span(p + ".nonCashEligible", num(t.nonCashEligible())) + "</td>";
    }

    private static void clauses(Writer w, BatchSummary s) throws IOException {
        w.write("<section id=\"clauses\"><h2>各条款</h2>\n<table><thead><tr><th>条款</th><th>政策</th><th>领域</th><th>牵头单位</th>"
                + "<th>符合</th><th>待定</th>" + (s.allOutcomes() ? "<th>不符合</th>" : "") + "<th>相关政策</th>"
                + "<th>资金奖补金额（万元）</th><th>金额待定的资金奖补</th><th>不涉及资金</th></tr></thead><tbody>\n");
        for (int i = 0; i < s.clauses().size(); i++) {
            BatchSummary.ClauseTotal t = s.clauses().get(i);
            String titles = String.join("；", t.rules().stream().map(BatchSummary.RuleTotal::title).distinct().toList());
            w.write("<tr><td>第" + esc(t.clause()) + "条</td><td>" + esc(titles) + "</td><td>" + esc(t.area()) + "</td><td>"
                    + esc(t.department()) + "</td>" + totalsCells("clauses[" + i + "].totals", t.totals(), s.allOutcomes()) + "</tr>\n");
        }
        w.write("</tbody></table>\n</section>\n");
    }

    private static void pools(Writer w, BatchSummary s) throws IOException {
        w.write("<section id=\"pools\"><h2>资金池使用情况</h2>\n");
        w.write("<p>符合项中金额已知者按资金池（含下级资金池）合计，与2023年预算比较。金额按配套细则确定的符合项只计数、不计金额。"
                + ("pro-rata".equals(s.allocation()) ? "超出预算的资金池已按比例核减。" : "超出预算的资金池以红色标出（可用 --allocate pro-rata 按比例核减）。")
                + "</p>\n");
        List<BatchSummary.PoolTotal> charted = s.pools().stream()
                .filter(p -> p.budgetWan() != null && p.budgetWan().signum() > 0 && p.awards() > 0).toList();
        if (charted.isEmpty()) {
            w.write("<p>本批没有由资金池支付的符合项。</p>\n");
        } else {
            w.write(chart(charted));
        }
        poolHead(w, s);
        List<BatchSummary.PoolTotal> used = s.pools().stream().filter(p -> p.awards() > 0).toList();
        List<BatchSummary.PoolTotal> unused = s.pools().stream().filter(p -> p.awards() == 0).toList();
        poolRows(w, used, s);
        w.write("</tbody></table>\n");
        if (!unused.isEmpty()) {
            w.write("<details><summary>其余 " + unused.size() + " 个资金池本批没有符合项</summary>\n");
            poolHead(w, s);
            poolRows(w, unused, s);
            w.write("</tbody></table>\n</details>\n");
        }
        w.write("</section>\n");
    }

    private static void poolHead(Writer w, BatchSummary s) throws IOException {
        w.write("<table><thead><tr><th>资金池</th><th>名称</th><th>上级</th><th>预算（万元）</th><th>符合项</th><th>金额未定</th>"
                + "<th>申请金额（万元）</th><th>使用率</th><th>超出（万元）</th>"
                + ("pro-rata".equals(s.allocation()) ? "<th>核定金额（万元）</th><th>核减比例</th>" : "")
                + "</tr></thead><tbody>\n");
    }

    private static void poolRows(Writer w, List<BatchSummary.PoolTotal> pools, BatchSummary s) throws IOException {
        for (BatchSummary.PoolTotal p : pools) {
            String k = "pools[" + p.id() + "]";
            w.write("<tr" + (p.oversubscribed() ? " class=\"over\"" : "") + "><td>" + esc(p.id()) + "</td><td>" + esc(p.name())
                    + "</td><td>" + esc(p.parent() == null ? "" : p.parent()) + "</td><td class=\"num\">"
                    + (p.budgetWan() == null ? "文件未给出" : span(k + ".budgetWan", money(p.budgetWan()))) + "</td><td class=\"num\">"
                    + span(k + ".awards", num(p.awards())) + "</td><td class=\"num\">" + span(k + ".unpricedAwards", num(p.unpricedAwards()))
                    + "</td><td class=\"num\">" + (p.awards() > 0 && p.awards() == p.unpricedAwards() ? "金额待定"
                    : span(k + ".requestedWan", money(p.requestedWan()))) + "</td><td class=\"num\">"
                    + (p.utilisationPercent() == null ? "—" : span(k + ".utilisationPercent", p.utilisationPercent().toPlainString()) + "%")
                    + "</td><td class=\"num\">" + (p.overWan() == null ? "" : "<strong>" + span(k + ".overWan", money(p.overWan())) + "</strong>")
                    + "</td>"
                    + ("pro-rata".equals(s.allocation()) ? "<td class=\"num\">" + span(k + ".allocatedWan", money(p.allocatedWan()))
                    + "</td><td class=\"num\">" + (p.ratio() == null ? "" : esc(p.ratio())) + "</td>" : "")
                    + "</tr>\n");
        }
    }

    /** Horizontal bars: each pool's requested amount as a share of its budget; a line at 100%. */
    private static String chart(List<BatchSummary.PoolTotal> pools) {
        int labelW = 300;
        int barW = 360;
        int row = 30;
        int width = labelW + barW + 360;
        int height = 30 + row * pools.size();
        BigDecimal max = BigDecimal.valueOf(100);
        for (BatchSummary.PoolTotal p : pools) {
            if (p.utilisationPercent() != null && p.utilisationPercent().compareTo(max) > 0) {
                max = p.utilisationPercent();
            }
        }
        max = max.min(BigDecimal.valueOf(300));
        double scale = barW / max.doubleValue();
        StringBuilder s = new StringBuilder();
        s.append("<svg class=\"chart\" role=\"img\" aria-label=\"各资金池使用率\" width=\"")
                .append(width).append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\">\n");
        int x100 = labelW + (int) Math.round(100 * scale);
        s.append("<text x=\"").append(x100).append("\" y=\"14\" class=\"axis\" text-anchor=\"middle\">预算 100%</text>\n");
        for (int i = 0; i < pools.size(); i++) {
            BatchSummary.PoolTotal p = pools.get(i);
            int y = 22 + i * row;
            double u = p.utilisationPercent() == null ? 0 : Math.min(p.utilisationPercent().doubleValue(), max.doubleValue());
            int len = (int) Math.round(u * scale);
            String cls = p.oversubscribed() ? "bar over" : "bar";
            s.append("<g data-pool=\"").append(esc(p.id())).append("\"><title>").append(esc(p.name())).append("：申请 ")
                    .append(money(p.requestedWan())).append(" 万元 / 预算 ").append(money(p.budgetWan())).append(" 万元</title>\n");
            s.append("<text x=\"").append(labelW - 8).append("\" y=\"").append(y + 15).append("\" text-anchor=\"end\" class=\"label\">")
                    .append(esc(shorten(p.name(), 22))).append("</text>\n");
            s.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 3).append("\" width=\"").append(barW)
                    .append("\" height=\"18\" class=\"track\"/>\n");
            s.append("<rect x=\"").append(labelW).append("\" y=\"").append(y + 3).append("\" width=\"").append(Math.max(len, 1))
                    .append("\" height=\"18\" class=\"").append(cls).append("\"/>\n");
            s.append("<text x=\"").append(labelW + barW + 8).append("\" y=\"").append(y + 15).append("\" class=\"value\">")
                    .append(p.utilisationPercent() == null ? "" : p.utilisationPercent().toPlainString() + "%")
                    .append(p.oversubscribed() ? "，超出 " + money(p.overWan()) + " 万元" : "")
                    .append(p.unpricedAwards() > 0 ? "（另 " + p.unpricedAwards() + " 项未定）" : "").append("</text></g>\n");
        }
        s.append("<line x1=\"").append(x100).append("\" y1=\"18\" x2=\"").append(x100).append("\" y2=\"").append(height - 4)
                .append("\" class=\"limit\"/>\n</svg>\n");
        return s.toString();
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n - 1) + "…";
    }

    private static String span(String path, String text) {
        return "<span data-summary=\"" + esc(path) + "\">" + text + "</span>";
    }

    private static final DecimalFormatSymbols SYMBOLS = DecimalFormatSymbols.getInstance(Locale.ROOT);

    static String num(long n) {
        return new DecimalFormat("#,##0", SYMBOLS).format(n);
    }

    /** 万元 with thousands separators and the exact decimals. */
    static String money(BigDecimal n) {
        if (n == null) {
            return "";
        }
        BigDecimal p = n.stripTrailingZeros();
        if (p.scale() < 0) {
            p = p.setScale(0, RoundingMode.UNNECESSARY);
        }
        DecimalFormat f = new DecimalFormat("#,##0", SYMBOLS);
        f.setMinimumFractionDigits(p.scale());
        f.setMaximumFractionDigits(p.scale());
        f.setParseBigDecimal(true);
        return f.format(p);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (!Character.isSurrogate(c)) {
                        b.append(c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else {
                        // half a pair cannot be written in UTF-8 (the page would be lost): the replacement character
                        b.append('\uFFFD');
                    }
                }
            }
        }
        return b.toString();
    }

    private static final String CSS = """
            body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 0 auto; max-width: 1200px;
                   padding: 0 24px 48px; color: #1d2733; background: #fff; line-height: 1.5; }
            header { border-bottom: 3px solid #b3261e; margin-bottom: 8px; }
            h1 { font-size: 26px; margin: 24px 0 4px; }
            h2 { font-size: 20px; margin: 32px 0 8px; border-left: 5px solid #b3261e; padding-left: 8px; }
            h3 { font-size: 16px; margin: 24px 0 4px; }
            nav a { margin-right: 16px; color: #1f4e8c; }
            .cards { display: flex; flex-wrap: wrap; gap: 12px; }
            .card { border: 1px solid #d8dee6; border-radius: 6px; padding: 10px 14px; min-width: 150px; background: #f7f9fb; }
            .card .label { font-size: 13px; color: #5b6675; }
            .card .value { font-size: 24px; font-weight: 600; }
            .card .note { font-size: 12px; color: #5b6675; max-width: 240px; }
            table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 8px 0; }
            th, td { border: 1px solid #d8dee6; padding: 4px 6px; vertical-align: top; text-align: left; }
            th { background: #eef2f6; }
            td.num { text-align: right; white-space: nowrap; }
            tr.over td { background: #fdecea; }
            tr.ok td:first-child { color: #1e7b34; font-weight: 600; }
            tr.tbd td:first-child { color: #9a6700; font-weight: 600; }
            tr.no td:first-child { color: #8c959f; }
            .chart { display: block; margin: 8px 0 16px; font-size: 12px; }
            .chart .label, .chart .value, .chart .axis { font-size: 12px; fill: #1d2733; }
            .chart .track { fill: #eef2f6; }
            .chart .bar { fill: #2f6db5; }
            .chart .bar.over { fill: #b3261e; }
            .chart .limit { stroke: #1d2733; stroke-dasharray: 4 3; }
            .case { border-top: 1px solid #d8dee6; }
            .case td:nth-child(-n+2), .case th:nth-child(-n+2) { white-space: nowrap; }
            .meta { color: #5b6675; font-size: 13px; margin: 0; }
            .back { font-size: 13px; }
            details summary { cursor: pointer; color: #1f4e8c; margin: 8px 0; }
            footer { margin-top: 32px; font-size: 12px; color: #5b6675; }
            """;
}
