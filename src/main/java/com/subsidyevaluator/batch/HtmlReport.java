package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.ClauseWords;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.ExplanationText;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code report.html}: one self-contained page for staff, in Chinese — totals per area, lead department and clause
 * (each clause row with the clause's own words, expandable), applicants with eligible and undetermined outcomes, each
 * budget pool's awards against its budget as an inline SVG chart with oversubscription flagged, and the first cases
 * with every outcome and their full explanation — the text {@code subsidy explain OUTDIR CASEID} prints. No
 * external resources; one inline script, allowed by its hash in the Content-Security-Policy (nothing else may run),
 * adds the department filter: a select of the lead departments that narrows every table, the money cards and the
 * case list to one department. Without scripts the select stays hidden and the page shows everything.
 *
 * <p>Every figure taken from {@code summary.json} carries {@code data-summary="path"} (e.g.
 * {@code cases.records}, {@code pools[6-total].requestedWan}, {@code departments[2].totals.eligible}), so that tests
 * can check the page against it. What a department filter shows or hides carries {@code data-d="i j"} (the indexes
 * of its departments in the select); a figure given once for the whole batch and once per department carries
 * {@code data-v=""} and {@code data-v="i"}, only one of them shown.
 *
 * <p>Size: the page lists at most {@code --report-cases} cases (1000 unless given) with their explanations, so it
 * does not grow with the batch; every other case's explanation is one {@code subsidy explain} away. The case
 * sections are written to a temporary file as the batch runs, so memory does not depend on how many are shown.
 */
final class HtmlReport implements AutoCloseable {

    private final Path casesFile;
    private final int limit;
    private final Writer cases;
    private final List<Row> rows = new ArrayList<>();
    private final Set<String> anchors = new HashSet<>();
    private long seen;
    private final Money money;
    private final RuleSet rules;
    private final boolean notEligibleWritten;
    private final boolean explainable;
    /** The lead departments, in the document's order of the clauses they lead: their index is their key. */
    private final Map<String, Integer> departments = new LinkedHashMap<>();

    /** A case of the list: the whole case ({@code ""}) and each of its departments ({@code "i"}). */
    private record Row(String anchor, String caseId, String applicant, String where, String depts,
                       Map<String, String> eligible, Map<String, String> undetermined, Map<String, String> amount) {
    }

    HtmlReport(Path casesFile, int limit) throws IOException {
        this(casesFile, limit, null, false, true);
    }

    /**
     * @param rules              whose metadata says which outcomes involve money ({@link Money}), or null
     * @param notEligibleWritten whether the batch writes not-eligible outcomes ({@code --all}): the explanation's
     *                           closing line says so, as {@code subsidy explain} does
     * @param explainable        whether {@code subsidy explain} can explain the batch's cases (compact results)
     */
    HtmlReport(Path casesFile, int limit, RuleSet rules, boolean notEligibleWritten, boolean explainable) throws IOException {
        this.money = Money.of(rules);
        this.rules = rules;
        this.notEligibleWritten = notEligibleWritten;
        this.explainable = explainable;
        this.casesFile = casesFile;
        this.limit = Math.max(0, limit);
        if (rules != null) {
            rules.rules().stream().filter(r -> !r.isTargetRule())
                    .sorted(java.util.Comparator.comparingInt(RuleDefinition::clauseNumber))
                    .forEach(r -> BatchSummary.departments(r.department()).forEach(this::department));
        }
        this.cases = new BufferedWriter(Files.newBufferedWriter(casesFile, StandardCharsets.UTF_8), 1 << 16);
    }

    Path casesFile() {
        return casesFile;
    }

    private int department(String name) {
        return departments.computeIfAbsent(name, k -> departments.size());
    }

    /** "0 3": the indexes of the departments a rule's {@code department} names. */
    private String keys(String department) {
        StringBuilder b = new StringBuilder();
        for (String d : BatchSummary.departments(department)) {
            b.append(b.length() == 0 ? "" : " ").append(department(d));
        }
        return b.toString();
    }

    /**
     * The id of a case's section: {@code case-} and the case id, letters, digits, {@code -} and {@code _} as they
     * are and every other character as {@code .hex.} (so {@code S01} is {@code case-S01}, and no two ids share
     * one); a case id over 64 characters by its place in the list instead ({@code case-.n12}: {@code .} then no hex
     * digit, which no case id gives).
     */
    static String anchor(String caseId, int ordinal) {
        if (caseId == null || caseId.length() > 64) {
            return "case-.n" + ordinal;
        }
        StringBuilder b = new StringBuilder("case-");
        caseId.codePoints().forEach(c -> {
            if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
                b.append((char) c);
            } else {
                b.append('.').append(Integer.toHexString(c)).append('.');
            }
        });
        return b.toString();
    }

    /** What a set of eligible outcomes comes to, counted as in the case list. */
    private final class Sum {
        long eligible;
        long undetermined;
        BigDecimal amount = BigDecimal.ZERO;
        long priced;
        long unpriced;
        long nonCash;

        void add(Outcome o) {
            if (o.status() == Status.UNDETERMINED) {
                undetermined++;
            }
            if (o.status() != Status.ELIGIBLE) {
                return;
            }
            eligible++;
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

        String words() {
            return moneyWords(priced, amount, unpriced, nonCash);
        }
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
        String anchor = anchor(r.caseId(), rows.size() + 1);
        if (!anchors.add(anchor)) {
            anchor = anchor(null, rows.size() + 1); // cannot happen (case ids are unique in a batch); kept safe
            anchors.add(anchor);
        }
        Sum whole = new Sum();
        Map<String, Sum> byDepartment = new TreeMap<>(java.util.Comparator.comparingInt(Integer::parseInt));
        for (Outcome o : r.outcomes()) {
            whole.add(o);
            for (String k : keys(o.department()).split(" ")) {
                if (!k.isEmpty()) {
                    byDepartment.computeIfAbsent(k, x -> new Sum()).add(o);
                }
            }
        }
        Map<String, String> eligible = new LinkedHashMap<>();
        Map<String, String> undetermined = new LinkedHashMap<>();
        Map<String, String> amount = new LinkedHashMap<>();
        eligible.put("", String.valueOf(whole.eligible));
        undetermined.put("", String.valueOf(whole.undetermined));
        amount.put("", whole.words());
        byDepartment.forEach((k, sum) -> {
            eligible.put(k, String.valueOf(sum.eligible));
            undetermined.put(k, String.valueOf(sum.undetermined));
            amount.put(k, sum.words());
        });
        String depts = String.join(" ", byDepartment.keySet());
        String where = source + (line > 0 ? ":" + line : "");
        rows.add(new Row(anchor, r.caseId(), r.applicant(), where, depts, eligible, undetermined, amount));
        Writer w = cases;
        w.write("<section class=\"case\" id=\"" + anchor + "\" data-d=\"" + depts + "\">\n<h3>" + esc(r.caseId()) + " · "
                + esc(r.applicant()) + "</h3>\n<p class=\"meta\">评估日期 " + r.asOf() + " · 来源 " + esc(where)
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
                    w.write("<tr class=\"" + css + "\" data-d=\"" + keys(o.department()) + "\"><td>" + o.status().label()
                            + "</td><td>第" + esc(o.clause()) + "条</td><td>"
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
                    w.write("<tr class=\"rel\" data-d=\"" + keys(o.department()) + "\"><td>第" + esc(o.clause()) + "条</td><td>"
                            + esc(o.title()) + "</td><td>" + esc(o.subject().description()) + "</td><td>" + esc(o.explanation())
                            + "</td></tr>\n");
                }
                w.write("</tbody></table>\n");
            }
        }
        // the full explanation, exactly as `subsidy explain OUTDIR CASEID` prints it
        java.io.StringWriter text = new java.io.StringWriter();
        try (PrintWriter pw = new PrintWriter(text)) {
            ExplanationText.print(pw, r, false, rules == null ? id -> Optional.empty() : rules.data()::pool, notEligibleWritten);
        }
        w.write("<details class=\"explain\"><summary>完整说明（每项结论的条件与理由" + (explainable ? "，与 subsidy explain 的输出相同" : "")
                + "）</summary>\n<pre>" + esc(text.toString().replace(System.lineSeparator(), "\n")) + "</pre></details>\n");
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
        for (BatchSummary.DepartmentTotal d : departmentTotals(s)) {
            department(d.department());
        }
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            head(w, rules, s);
            totals(w, s);
            areas(w, rules, s);
            departments(w, s);
            clauses(w, rules, s);
            pools(w, rules, s);
            w.write("<section id=\"cases\"><h2>案例</h2>\n");
            w.write("<p>共评估 " + span("cases.evaluated", num(s.cases().evaluated())) + " 个案例，其中 " + num(seen)
                    + " 个有" + (s.allOutcomes() ? "结论" : "符合或待定的结论")
                    + (seen > rows.size() ? "，此处按输入顺序列出前 " + num(rows.size()) + " 个（全部结果见 results.jsonl 和 awards.csv）"
                    : "，逐一列出如下") + "。点击案例编号查看每一项结论及其完整说明。</p>\n");
            w.write("<p class=\"hint\">" + (explainable
                    ? "未列出的案例：在命令行运行 <code>subsidy explain OUTDIR 案例编号</code>（OUTDIR 是本报告所在的目录，即 batch 的 --out 目录），"
                    + "可看到同样的完整说明。本页最多列出 --report-cases 个案例（默认 1000），页面大小不随批量增长。"
                    : "本批加了 --full-results：results.jsonl 的每一行自成一体，含每个案例的全部结论与说明。本页最多列出 --report-cases 个案例（默认 1000）。")
                    + "</p>\n");
            if (!rows.isEmpty()) {
                w.write("<table class=\"list\"><thead><tr><th>案例编号</th><th>申请主体</th><th>符合</th><th>待定</th>"
                        + "<th>资金奖补金额（万元）</th><th>来源</th></tr></thead><tbody>\n");
                for (Row r : rows) {
                    w.write("<tr data-d=\"" + r.depts() + "\"><td><a href=\"#" + r.anchor() + "\">" + esc(r.caseId()) + "</a></td><td>"
                            + esc(r.applicant()) + "</td><td class=\"num\">" + alt(r.eligible()) + "</td><td class=\"num\">"
                            + alt(r.undetermined()) + "</td><td class=\"num\">" + alt(r.amount()) + "</td><td>" + esc(r.where())
                            + "</td></tr>\n");
                }
                w.write("</tbody></table>\n");
            }
            try (Reader in = Files.newBufferedReader(casesFile, StandardCharsets.UTF_8)) {
                in.transferTo(w);
            }
            w.write("</section>\n<footer>由 subsidy-evaluator " + esc(programVersion()) + " 生成 · 规则集内容哈希 "
                    + esc(s.ruleSet().hash()) + "</footer>\n<script>" + SCRIPT + "</script>\n</body>\n</html>\n");
        }
    }

    private static List<BatchSummary.DepartmentTotal> departmentTotals(BatchSummary s) {
        return s.departments() == null ? List.of() : s.departments();
    }

    /** One value per key, the whole batch's ({@code ""}) shown and the departments' hidden until chosen. */
    private static String alt(Map<String, String> byKey) {
        StringBuilder b = new StringBuilder();
        byKey.forEach((k, v) -> b.append("<span data-v=\"").append(k).append('"').append(k.isEmpty() ? "" : " hidden").append('>')
                .append(esc(v)).append("</span>"));
        return b.toString();
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

    private void head(Writer w, RuleSet rules, BatchSummary s) throws IOException {
        String doc = s.ruleSet().document();
        w.write("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                + "script-src '" + SCRIPT_HASH + "'\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>批量评估报告 · " + esc(doc) + "</title>\n<style>\n" + CSS + "</style>\n</head>\n<body>\n");
        w.write("<header><h1>政策直达快享 · 批量评估报告</h1>\n<p>" + esc(rules.document().title() == null ? "" : rules.document().title())
                + "（" + esc(doc) + "）· 规则集 " + esc(s.ruleSet().id()) + " · 评估日期："
                + (s.asOf() == null ? "按各案例的 asOf" : esc(s.asOf())) + " · 资金分配："
                + ("pro-rata".equals(s.allocation()) ? "超出预算的资金池按比例核减" : "不核减（只标出超出预算的资金池）")
                + (s.allOutcomes() ? " · 含不符合的结论" : "") + "</p></header>\n");
        w.write("<nav><a href=\"#totals\">总览</a> <a href=\"#areas\">各领域</a> <a href=\"#departments\">各牵头单位</a> "
                + "<a href=\"#clauses\">各条款</a> <a href=\"#pools\">资金池</a> <a href=\"#cases\">案例</a>\n");
        // shown by the script only: without scripts the page shows every department and has no dead control
        StringBuilder options = new StringBuilder();
        departments.forEach((name, i) -> options.append("<option value=\"").append(i).append("\">").append(esc(name)).append("</option>"));
        w.write("<label id=\"dept-filter\" hidden>牵头单位 <select id=\"dept\"><option value=\"\">全部</option>" + options
                + "</select></label></nav>\n<p id=\"dept-note\" class=\"scope\" hidden></p>\n");
    }

    private void totals(Writer w, BatchSummary s) throws IOException {
        BatchSummary.Cases c = s.cases();
        BatchSummary.Applicants a = s.applicants();
        BatchSummary.Totals t = s.totals();
        long over = s.pools().stream().filter(BatchSummary.PoolTotal::oversubscribed).count();
        w.write("<section id=\"totals\"><h2>总览</h2>\n<div class=\"cards\" data-v=\"\">\n");
        card(w, "读入记录", span("cases.records", num(c.records())), "");
        card(w, "已评估", span("cases.evaluated", num(c.evaluated())), "");
        card(w, "被拒绝", span("cases.rejected", num(c.rejected())),
                c.rejected() == 0 ? "" : "其中 caseId 重复 " + span("cases.duplicates", num(c.duplicates())) + " 条；原因见 errors.jsonl");
        card(w, "有符合项的主体", span("applicants.withEligible", num(a.withEligible())), "");
        card(w, "有待定项的主体", span("applicants.withUndetermined", num(a.withUndetermined())), "补充材料后才能判定");
        moneyCards(w, "totals", t, s);
        card(w, "超出预算的资金池", String.valueOf(over), over == 0 ? "" : "见“资金池”");
        w.write("</div>\n");
        List<BatchSummary.DepartmentTotal> ds = departmentTotals(s);
        for (int i = 0; i < ds.size(); i++) {
            BatchSummary.DepartmentTotal d = ds.get(i);
            String p = "departments[" + i + "]";
            String key = String.valueOf(department(d.department()));
            long deptOver = s.pools().stream().filter(pt -> pt.oversubscribed() && has(poolKeys(pt), key)).count();
            w.write("<div class=\"cards\" data-v=\"" + key + "\" hidden>\n<p class=\"scope\">牵头单位 " + esc(d.department())
                    + " 负责的" + clauseList(d.clauses()) + "（共评估 " + num(c.evaluated()) + " 个案例）：</p>\n");
            card(w, "有符合项的主体", span(p + ".applicantsEligible", num(d.applicantsEligible())), "在本单位负责的条款中");
            card(w, "有待定项的主体", span(p + ".applicantsUndetermined", num(d.applicantsUndetermined())), "补充材料后才能判定");
            moneyCards(w, p + ".totals", d.totals(), s);
            card(w, "超出预算的资金池", String.valueOf(deptOver), deptOver == 0 ? "" : "见“资金池”");
            w.write("</div>\n");
        }
        w.write("</section>\n");
    }

    private static boolean has(String keys, String key) {
        return (" " + keys + " ").contains(" " + key + " ");
    }

    /** "第8、9、12条" (at most 12 numbers, then how many). */
    private static String clauseList(List<String> clauses) {
        if (clauses == null || clauses.isEmpty()) {
            return "条款";
        }
        List<String> shown = clauses.subList(0, Math.min(12, clauses.size()));
        return "第" + esc(String.join("、", shown)) + "条" + (clauses.size() > shown.size() ? "等 " + clauses.size() + " 个条款" : "");
    }

    /**
     * The money cards of some totals, three things apart: cash with an amount (summed), cash whose amount is still
     * to be set (counted), no money (counted by kind) — never a total of 0 where nothing is priced.
     */
    private static void moneyCards(Writer w, String p, BatchSummary.Totals t, BatchSummary s) throws IOException {
        card(w, "相关政策（项）", span(p + ".relevant", num(t.relevant())), "鼓励、支持、优先等，不是确定的奖补或资格，不计入金额");
        if (t.cashEligible() > 0) {
            card(w, "资金奖补 · 金额已定（万元）", span(p + ".eligibleAmountWan", money(t.eligibleAmountWan())),
                    span(p + ".cashEligible", num(t.cashEligible())) + " 项符合的资金奖补金额已知，合计如上"
                    + (t.cashEligibleUnpriced() > 0 ? "；另有待定金额的资金奖补，见右" : ""));
        } else {
            card(w, "资金奖补 · 金额已定", t.cashEligibleUnpriced() > 0 ? "金额均待配套细则确定" : "无符合的资金奖补",
                    t.cashEligibleUnpriced() > 0 ? "符合的资金奖补都还没有金额标准，所以这里没有合计（不是 0 元）" : "");
        }
        card(w, "资金奖补 · 金额待配套细则确定（项）", span(p + ".cashEligibleUnpriced", num(t.cashEligibleUnpriced())),
                "符合条件、涉及资金，金额待各部门的配套细则确定：只计项数，不计金额");
        StringBuilder kinds = new StringBuilder();
        t.nonCashEligibleByKind().forEach((kind, n) -> kinds.append(kinds.length() == 0 ? "" : "，").append(esc(kind)).append(" ")
                .append(span(p + ".nonCashEligibleByKind." + kind, num(n))));
        card(w, "不涉及资金的符合项（项）", span(p + ".nonCashEligible", num(t.nonCashEligible())),
                kinds.length() == 0 ? "税收优惠、要素保障、资格与推荐等" : kinds + "（税收优惠、要素保障、资格与推荐等，没有金额）");
        if ("pro-rata".equals(s.allocation())) {
            card(w, "按比例核定后（万元）", t.cashEligible() > 0 ? span(p + ".allocatedAmountWan", money(t.allocatedAmountWan()))
                    : "无金额已定的资金奖补", "");
        }
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

    private void areas(Writer w, RuleSet rules, BatchSummary s) throws IOException {
        Map<String, Set<String>> keysByArea = new HashMap<>();
        if (rules != null) {
            for (RuleDefinition r : rules.rules()) {
                if (!r.isTargetRule()) {
                    keysByArea.computeIfAbsent(r.area().displayName(), k -> new java.util.LinkedHashSet<>())
                            .addAll(List.of(keys(r.department()).split(" ")));
                }
            }
        }
        w.write("<section id=\"areas\"><h2>各领域</h2>\n<table><thead><tr><th>领域</th><th>有符合项的主体</th><th>有待定项的主体</th>"
                + "<th>符合</th><th>待定</th>" + (s.allOutcomes() ? "<th>不符合</th>" : "") + "<th>相关政策</th>"
                + "<th>资金奖补金额（万元）</th><th>金额待定的资金奖补</th><th>不涉及资金</th></tr></thead><tbody>\n");
        for (int i = 0; i < s.areas().size(); i++) {
            BatchSummary.AreaTotal t = s.areas().get(i);
            String p = "areas[" + i + "]";
            w.write("<tr data-d=\"" + String.join(" ", keysByArea.getOrDefault(t.area(), Set.of())) + "\"><td>" + esc(t.area())
                    + "</td><td class=\"num\">" + span(p + ".applicantsEligible", num(t.applicantsEligible()))
                    + "</td><td class=\"num\">" + span(p + ".applicantsUndetermined", num(t.applicantsUndetermined())) + "</td>"
                    + totalsCells(p + ".totals", t.totals(), s.allOutcomes()) + "</tr>\n");
        }
        w.write("</tbody></table>\n</section>\n");
    }

    /** Each lead department's own figures: the outcomes of the clauses it leads. */
    private void departments(Writer w, BatchSummary s) throws IOException {
        List<BatchSummary.DepartmentTotal> ds = departmentTotals(s);
        w.write("<section id=\"departments\"><h2>各牵头单位</h2>\n<p>每个牵头单位负责的条款的结论与金额；两个单位共同牵头的条款在两者下各计一次，"
                + "所以各单位相加可能多于全批。</p>\n<table><thead><tr><th>牵头单位</th><th>负责的条款</th><th>有符合项的主体</th>"
                + "<th>有待定项的主体</th><th>符合</th><th>待定</th>" + (s.allOutcomes() ? "<th>不符合</th>" : "") + "<th>相关政策</th>"
                + "<th>资金奖补金额（万元）</th><th>金额待定的资金奖补</th><th>不涉及资金</th></tr></thead><tbody>\n");
        for (int i = 0; i < ds.size(); i++) {
            BatchSummary.DepartmentTotal d = ds.get(i);
            String p = "departments[" + i + "]";
            w.write("<tr data-d=\"" + department(d.department()) + "\"><td>" + esc(d.department()) + "</td><td>" + clauseList(d.clauses())
                    + "</td><td class=\"num\">" + span(p + ".applicantsEligible", num(d.applicantsEligible()))
                    + "</td><td class=\"num\">" + span(p + ".applicantsUndetermined", num(d.applicantsUndetermined())) + "</td>"
                    + totalsCells(p + ".totals", d.totals(), s.allOutcomes()) + "</tr>\n");
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

    private void clauses(Writer w, RuleSet rules, BatchSummary s) throws IOException {
        Map<Integer, String> words = ClauseWords.of(rules);
        Map<String, Set<String>> keysByClause = new HashMap<>();
        if (rules != null) {
            for (RuleDefinition r : rules.rules()) {
                if (!r.isTargetRule()) {
                    keysByClause.computeIfAbsent(r.clause(), k -> new java.util.LinkedHashSet<>())
                            .addAll(List.of(keys(r.department()).split(" ")));
                }
            }
        }
        w.write("<section id=\"clauses\"><h2>各条款</h2>\n<p>点击政策名称展开该条款的原文（规则文件所引用的文字，“……”为未编码为条件的部分）。</p>\n"
                + "<table><thead><tr><th>条款</th><th>政策</th><th>领域</th><th>牵头单位</th>"
                + "<th>符合</th><th>待定</th>" + (s.allOutcomes() ? "<th>不符合</th>" : "") + "<th>相关政策</th>"
                + "<th>资金奖补金额（万元）</th><th>金额待定的资金奖补</th><th>不涉及资金</th></tr></thead><tbody>\n");
        for (int i = 0; i < s.clauses().size(); i++) {
            BatchSummary.ClauseTotal t = s.clauses().get(i);
            String titles = String.join("；", t.rules().stream().map(BatchSummary.RuleTotal::title).distinct().toList());
            String text = words.get(parse(t.clause()));
            if (text == null && rules != null) {
                text = rules.data().clause(parse(t.clause())).map(c -> "第" + c.number() + "条 " + c.title()
                        + "（规则文件未引用本条原文）").orElse(null);
            }
            String keys = keysByClause.containsKey(t.clause()) ? String.join(" ", keysByClause.get(t.clause())) : keys(t.department());
            w.write("<tr data-d=\"" + keys + "\" id=\"clause-" + esc(t.clause()) + "\"><td>第" + esc(t.clause()) + "条</td><td>"
                    + (text == null ? esc(titles) : "<details class=\"words\"><summary>" + esc(titles) + "</summary><p>" + esc(text)
                    + "</p></details>") + "</td><td>" + esc(t.area()) + "</td><td>"
                    + esc(t.department()) + "</td>" + totalsCells("clauses[" + i + "].totals", t.totals(), s.allOutcomes()) + "</tr>\n");
        }
        w.write("</tbody></table>\n</section>\n");
    }

    private static int parse(String clause) {
        try {
            return Integer.parseInt(clause);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The departments of a pool: of the rules paid from it or from a pool under it; a pool no rule pays from, the
     * department of its clause's area.
     */
    private String poolKeys(BatchSummary.PoolTotal p) {
        if (poolKeys == null) {
            poolKeys = new HashMap<>();
            if (rules != null) {
                Map<String, String> parents = new HashMap<>();
                for (PolicyData.BudgetPool b : rules.data().budgets()) {
                    parents.put(b.id(), b.parent());
                }
                for (RuleDefinition r : rules.rules()) {
                    Set<String> seenPools = new HashSet<>();
                    for (String id = r.pool(); id != null && seenPools.add(id); id = parents.get(id)) {
                        poolKeys.computeIfAbsent(id, k -> new java.util.LinkedHashSet<>()).addAll(List.of(keys(r.department()).split(" ")));
                    }
                }
                for (PolicyData.BudgetPool b : rules.data().budgets()) {
                    if (!poolKeys.containsKey(b.id()) && b.clause() != null) {
                        rules.document().areaOf(parse(b.clause())).ifPresent(a ->
                                poolKeys.put(b.id(), new java.util.LinkedHashSet<>(List.of(keys(a.department()).split(" ")))));
                    }
                }
            }
        }
        Set<String> k = poolKeys.get(p.id());
        return k == null ? "" : String.join(" ", k);
    }

    private Map<String, Set<String>> poolKeys;

    private void pools(Writer w, RuleSet rules, BatchSummary s) throws IOException {
        w.write("<section id=\"pools\"><h2>资金池使用情况</h2>\n");
        w.write("<p>符合项中金额已知者按资金池（含下级资金池）合计，与2023年预算比较。金额按配套细则确定的符合项只计数、不计金额。"
                + ("pro-rata".equals(s.allocation()) ? "超出预算的资金池已按比例核减。" : "超出预算的资金池以红色标出（可用 --allocate pro-rata 按比例核减）。")
                + "按牵头单位筛选时，只显示由该单位负责的条款支付的资金池。</p>\n");
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

    private void poolRows(Writer w, List<BatchSummary.PoolTotal> pools, BatchSummary s) throws IOException {
        for (BatchSummary.PoolTotal p : pools) {
            String k = "pools[" + p.id() + "]";
            // no award: "—", not a requested amount of 0; awards whose amounts are all still to be set: in words
            String requested = p.awards() == 0 ? "—" : p.awards() == p.unpricedAwards() ? "金额待定"
                    : span(k + ".requestedWan", money(p.requestedWan()));
            w.write("<tr data-d=\"" + poolKeys(p) + "\"" + (p.oversubscribed() ? " class=\"over\"" : "") + "><td>" + esc(p.id())
                    + "</td><td>" + esc(p.name())
                    + "</td><td>" + esc(p.parent() == null ? "" : p.parent()) + "</td><td class=\"num\">"
                    + (p.budgetWan() == null ? "文件未给出" : span(k + ".budgetWan", money(p.budgetWan()))) + "</td><td class=\"num\">"
                    + span(k + ".awards", num(p.awards())) + "</td><td class=\"num\">" + span(k + ".unpricedAwards", num(p.unpricedAwards()))
                    + "</td><td class=\"num\">" + requested + "</td><td class=\"num\">"
                    + (p.utilisationPercent() == null ? "—" : span(k + ".utilisationPercent", p.utilisationPercent().toPlainString()) + "%")
                    + "</td><td class=\"num\">" + (p.overWan() == null ? "" : "<strong>" + span(k + ".overWan", money(p.overWan())) + "</strong>")
                    + "</td>"
                    + ("pro-rata".equals(s.allocation()) ? "<td class=\"num\">" + (p.awards() == 0 ? "—"
                    : span(k + ".allocatedWan", money(p.allocatedWan())))
                    + "</td><td class=\"num\">" + (p.ratio() == null ? "" : esc(p.ratio())) + "</td>" : "")
                    + "</tr>\n");
        }
    }

    /** Horizontal bars: each pool's requested amount as a share of its budget; a line at 100%. */
    private String chart(List<BatchSummary.PoolTotal> pools) {
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
            s.append("<g data-pool=\"").append(esc(p.id())).append("\" data-d=\"").append(poolKeys(p)).append("\"><title>").append(esc(p.name())).append("：申请 ")
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

    /**
     * The page's one script: shows the department filter and, when a department is chosen, hides what is not
     * that department's ({@code data-d} without its index) and shows that department's figures ({@code data-v}
     * equal to its index) in place of the whole batch's; and it opens the full explanation of the case a link
     * leads to. Allowed by its hash ({@link #SCRIPT_HASH}); nothing in it comes from the input.
     */
    static final String SCRIPT = """
            (function () {
              var select = document.getElementById('dept');
              var box = document.getElementById('dept-filter');
              var note = document.getElementById('dept-note');
              function apply() {
                var v = select.value;
                var items = document.querySelectorAll('[data-d]');
                for (var i = 0; i < items.length; i++) {
                  var keys = ' ' + items[i].getAttribute('data-d') + ' ';
                  items[i].classList.toggle('off', v !== '' && keys.indexOf(' ' + v + ' ') < 0);
                }
                var alts = document.querySelectorAll('[data-v]');
                for (var j = 0; j < alts.length; j++) {
                  alts[j].hidden = alts[j].getAttribute('data-v') !== v;
                }
                note.hidden = v === '';
                note.textContent = v === '' ? '' : '只显示牵头单位「' + select.options[select.selectedIndex].text
                    + '」负责的条款、领域、资金池与案例，金额与项数也只计该单位的；选择“全部”显示全批。';
              }
              function openTarget() {
                var id = decodeURIComponent(location.hash.slice(1));
                var target = id ? document.getElementById(id) : null;
                var details = target ? target.querySelector('details.explain') : null;
                if (details && !details.open) {
                  details.open = true;
                  target.scrollIntoView(); // near the end of the page the opened text makes room to scroll further
                }
              }
              if (select && box && note) {
                box.hidden = false;
                select.addEventListener('change', apply);
                apply();
              }
              window.addEventListener('hashchange', openTarget);
              openTarget();
            })();
            """;

    /** {@code sha256-…} of {@link #SCRIPT}, for the Content-Security-Policy's {@code script-src}. */
    static final String SCRIPT_HASH = "sha256-" + sha256(SCRIPT);

    private static String sha256(String s) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
            .off, [hidden] { display: none !important; }
            #clauses td:first-child { white-space: nowrap; }
            nav label { margin-left: 16px; }
            .scope { font-size: 13px; color: #5b6675; flex-basis: 100%; margin: 4px 0; }
            #dept-note { background: #fff8e1; border: 1px solid #e8d48b; padding: 4px 8px; }
            .hint { font-size: 13px; color: #5b6675; }
            details.words p { margin: 4px 0; max-width: 560px; color: #37414d; }
            details.explain pre { white-space: pre-wrap; font-size: 12px; background: #f7f9fb; border: 1px solid #d8dee6;
                                  padding: 8px; }
            """;
}
