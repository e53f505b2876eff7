package com.subsidyevaluator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;

/**
 * The clause browser, rendered on the server as plain HTML (it works with JavaScript off): {@code /clauses} lists the
 * document's areas and their clauses with each clause's words, kinds and rules; {@code /clauses/{n}} shows one clause
 * with its rules (their DRL, highlighted), data tests, parameters and budget pools. It reads the same JSON that
 * {@code /api/document}, {@code /api/clauses} and {@code /api/clauses/{n}} return ({@link Catalog}), so the page and
 * the API never disagree. Every value from a rule or data file is escaped ({@link Html#text}).
 */
final class ClauseBrowser {

    /** The words of a clause kind, in Chinese then English. */
    private static final Map<String, String> KINDS = Map.of(
            "ENTITLEMENT", "申请人可享受的政策 · entitlement",
            "GUIDANCE", "相关政策（引导、鼓励） · guidance",
            "BUDGET", "资金安排 · budget",
            "TARGET", "工作目标 · target",
            "GOVERNMENT_ACTION", "政府工作 · government action");
    private static final Map<String, String> STATUS = Map.of(
            "ELIGIBLE", "符合", "NOT_ELIGIBLE", "不符合", "UNDETERMINED", "待定", "RELEVANT", "相关政策");
    private static final Set<String> DRL_KEYWORDS = Set.of("rule", "when", "then", "end", "exists", "not", "and", "or",
            "in", "from", "eval", "forall", "accumulate", "collect", "import", "package", "global", "declare",
            "function", "query", "extends", "salience", "true", "false", "null", "matches", "memberOf", "contains",
            "soundslike", "str", "this", "new", "return", "if", "else");

    private ClauseBrowser() {
    }

    /** {@code /clauses}: the document, its areas and every clause. */
    static String index(Catalog catalog) {
        JsonNode doc = tree(catalog.document());
        JsonNode clauses = tree(catalog.clauses());
        Html h = new Html();
        String title = "条款浏览 · " + doc.path("number").asText();
        h.head(title, "clauses");
        h.raw("<header><nav><a href=\"/\">政策计算器</a> · <a href=\"/clauses\" aria-current=\"page\">条款浏览</a></nav>");
        h.raw("<h1>").text(doc.path("issuer").asText()).raw(" ").text(doc.path("number").asText()).raw("<br><small>《")
                .text(doc.path("title").asText()).raw("》</small></h1>");
        h.raw("<p class=\"meta\">有效期 ").text(doc.path("validFrom").asText()).raw(" 至 ").text(doc.path("validTo").asText())
                .raw("；共 ").text(doc.path("clauses").asText()).raw(" 条，").text(doc.path("areas").size() + "").raw(" 个领域。规则集 ")
                .raw("<code>").text(doc.path("ruleSet").path("hash").asText()).raw("</code></p>");
        h.raw("<p class=\"meta\">").text(doc.path("source").asText()).raw("</p></header>");
        h.raw("<nav class=\"toc\" aria-label=\"领域\"><ol>");
        for (JsonNode a : doc.path("areas")) {
            h.raw("<li><a href=\"#area-").text(a.path("number").asText()).raw("\">").text(a.path("name").asText())
                    .raw("</a> <span class=\"meta\">第").text(a.path("firstClause").asText()).raw("–")
                    .text(a.path("lastClause").asText()).raw("条</span></li>");
        }
        h.raw("</ol></nav><main>");
        for (JsonNode a : doc.path("areas")) {
            int first = a.path("firstClause").asInt();
            int last = a.path("lastClause").asInt();
            h.raw("<section class=\"area\" id=\"area-").text(a.path("number").asText()).raw("\"><h2>")
                    .text(chineseNumber(a.path("number").asInt()) + "、" + a.path("name").asText()).raw("</h2>");
            h.raw("<p class=\"meta\">牵头部门：").text(a.path("department").asText()).raw("</p>");
            for (JsonNode c : clauses) {
                int n = c.path("number").asInt();
                if (n < first || n > last) {
                    continue;
                }
                h.raw("<article class=\"clause\" id=\"clause-").text(n + "").raw("\"><h3><a href=\"/clauses/").text(n + "")
                        .raw("\">第").text(n + "").raw("条 ").text(c.path("title").asText()).raw("</a></h3>");
                kinds(h, c);
                words(h, c);
                int rules = c.path("rules").asInt();
                h.raw("<p class=\"meta\">");
                if (rules > 0) {
                    h.raw("<a href=\"/clauses/").text(n + "").raw("\">").text(rules + " 条规则").raw("</a>");
                } else {
                    h.text("没有面向申请人的规则");
                }
                h.raw("</p>");
                noRule(h, c);
                h.raw("</article>");
            }
            h.raw("</section>");
        }
        h.raw("</main>");
        return h.end();
    }

    /** {@code /clauses/{n}}: one clause in full. */
    static String clause(Catalog catalog, JsonNode c, int total) {
        JsonNode doc = tree(catalog.document());
        int n = c.path("number").asInt();
        Html h = new Html();
        h.head("第" + n + "条 " + c.path("title").asText() + " · " + doc.path("number").asText(), "clause");
        h.raw("<header><nav><a href=\"/\">政策计算器</a> · <a href=\"/clauses\">条款浏览</a> · <a href=\"/clauses#area-")
                .text(areaNumber(doc, n)).raw("\">").text(c.path("area").asText()).raw("</a></nav>");
        h.raw("<h1>第").text(n + "").raw("条 ").text(c.path("title").asText()).raw("</h1>");
        h.raw("<p class=\"meta\">").text(doc.path("number").asText()).raw(" 《").text(doc.path("title").asText()).raw("》 · ")
                .text(c.path("area").asText()).raw("</p></header><main>");
        h.raw("<nav class=\"pager\">");
        if (n > 1) {
            h.raw("<a rel=\"prev\" href=\"/clauses/").text((n - 1) + "").raw("\">← 第").text((n - 1) + "").raw("条</a> ");
        }
        if (n < total) {
            h.raw("<a rel=\"next\" href=\"/clauses/").text((n + 1) + "").raw("\">第").text((n + 1) + "").raw("条 →</a>");
        }
        h.raw("</nav>");
        kinds(h, c);
        words(h, c);
        noRule(h, c);

        JsonNode rules = c.path("rules");
        h.raw("<section id=\"rules\"><h2>规则 <small>rules (").text(rules.size() + "").raw(")</small></h2>");
        if (rules.isEmpty()) {
            h.raw("<p>这一条没有面向申请人的规则。</p>");
        }
        for (JsonNode r : rules) {
            boolean guidance = "guidance".equals(r.path("tier").asText());
            h.raw("<article class=\"rule\"><h3>").text(r.path("rule").asText()).raw("</h3><dl class=\"facts\">");
            dt(h, "层级 tier", guidance ? "相关政策（guidance）：只提示，不作为符合或不符合" : "权益（entitlement）：符合 / 不符合 / 待定");
            dt(h, "名称", r.path("title").asText(null));
            dt(h, "主体 subject", r.path("subject").asText(null));
            dt(h, "支持方式", r.path("benefit").asText(null));
            dt(h, "金额（万元）", r.path("amountWan").isNull() ? null : r.path("amountWan").asText());
            dt(h, "金额参数", r.path("amountParameter").asText(null));
            dt(h, "金额说明", r.path("amountNote").asText(null));
            dt(h, "资金池 pool", r.path("pool").asText(null));
            dt(h, "互斥组", r.path("exclusiveGroup").asText(null));
            dt(h, "部门", r.path("department").asText(null));
            dt(h, "有效期", r.path("validFrom").asText("") + " 至 " + r.path("validTo").asText(""));
            dt(h, "位置", r.path("file").asText() + ":" + r.path("line").asText());
            h.raw("</dl>");
            String source = r.path("source").asText(null);
            if (source != null) {
                h.raw("<pre class=\"drl\"><code>");
                highlight(h, source);
                h.raw("</code></pre>");
            }
            h.raw("</article>");
        }
        h.raw("</section>");

        JsonNode tests = c.path("tests");
        h.raw("<section id=\"tests\"><h2>数据测试 <small>data tests (").text(tests.size() + "").raw(")</small></h2>");
        if (c.hasNonNull("testsProblem")) {
            h.raw("<p class=\"error\">").text("数据测试无法读取：" + c.path("testsProblem").asText()).raw("</p>");
        }
        if (tests.isEmpty()) {
            h.raw("<p>没有针对这一条的数据测试。</p>");
        } else {
            h.raw("<table><thead><tr><th>测试</th><th>评估日期</th><th>预期</th><th>位置</th></tr></thead><tbody>");
            for (JsonNode t : tests) {
                h.raw("<tr><td>").text(t.path("name").asText()).raw("</td><td>").text(t.path("asOf").asText(""))
                        .raw("</td><td><ul>");
                for (JsonNode e : t.path("expect")) {
                    String s = e.path("status").asText();
                    h.raw("<li><span class=\"status status-").text(s).raw("\">").text(STATUS.getOrDefault(s, s)).raw("</span> ")
                            .text(e.path("title").asText(e.path("rule").asText("")));
                    if (e.hasNonNull("subject")) {
                        h.raw(" <code>").text(e.path("subject").asText()).raw("</code>");
                    }
                    h.raw("</li>");
                }
                h.raw("</ul></td><td><code>").text(t.path("file").asText() + ":" + t.path("line").asText()).raw("</code></td></tr>");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");

        JsonNode params = c.path("parameters");
        h.raw("<section id=\"parameters\"><h2>参数 <small>parameters (").text(params.size() + "").raw(")</small></h2>");
        if (params.isEmpty()) {
            h.raw("<p>这一条没有参数。</p>");
        }
        for (JsonNode p : params) {
            h.raw("<h3><code>").text(p.path("id").asText()).raw("</code> ").text(p.path("description").asText("")).raw("</h3>");
            h.raw("<table><thead><tr><th>起始日期</th><th>值</th><th>依据</th></tr></thead><tbody>");
            for (JsonNode v : p.path("values")) {
                h.raw("<tr><td>").text(v.path("from").asText("")).raw("</td><td>")
                        .text(v.path("value").isNull() ? "未公布（按配套细则）" : v.path("value").asText() + " " + p.path("unit").asText(""))
                        .raw("</td><td>").text(v.path("source").asText("")).raw("</td></tr>");
            }
            h.raw("</tbody></table>");
        }
        h.raw("</section>");

        JsonNode pools = c.path("budgetPools");
        if (!pools.isEmpty()) {
            h.raw("<section id=\"budgets\"><h2>资金池 <small>budget pools</small></h2><table><thead><tr><th>资金池</th>"
                    + "<th>名称</th><th>金额（万元）</th><th>原文</th></tr></thead><tbody>");
            for (JsonNode b : pools) {
                h.raw("<tr><td><code>").text(b.path("id").asText()).raw("</code></td><td>").text(b.path("name").asText(""))
                        .raw("</td><td>").text(b.path("amountWan").isNull() ? "" : b.path("amountWan").asText()).raw("</td><td>")
                        .text(b.path("quote").asText("")).raw("</td></tr>");
            }
            h.raw("</tbody></table></section>");
        }
        h.raw("<p class=\"meta\">同样的数据：<a href=\"/api/clauses/").text(n + "").raw("\">/api/clauses/").text(n + "")
                .raw("</a></p></main>");
        return h.end();
    }

    /** A page that says why there is nothing to show (no such clause, rules not loaded). */
    static String problem(String title, String zh, String en) {
        Html h = new Html();
        h.head(title, "problem");
        h.raw("<header><nav><a href=\"/\">政策计算器</a> · <a href=\"/clauses\">条款浏览</a></nav><h1>").text(title)
                .raw("</h1></header><main><p class=\"error\">").text(zh).raw("</p><p class=\"meta\" lang=\"en\">").text(en)
                .raw("</p></main>");
        return h.end();
    }

    private static void kinds(Html h, JsonNode c) {
        h.raw("<p class=\"kinds\">");
        for (JsonNode k : c.path("kinds")) {
            h.raw("<span class=\"kind kind-").text(k.asText()).raw("\">").text(KINDS.getOrDefault(k.asText(), k.asText()))
                    .raw("</span> ");
        }
        h.raw("</p>");
    }

    private static void words(Html h, JsonNode c) {
        if (c.hasNonNull("text")) {
            h.raw("<blockquote class=\"words\">").text(c.path("text").asText()).raw("</blockquote>");
        } else {
            h.raw("<p class=\"meta\">（规则文件未引用这一条的原文）</p>");
        }
    }

    private static void noRule(Html h, JsonNode c) {
        if (c.hasNonNull("noRule")) {
            h.raw("<p class=\"norule\"><strong>为什么没有申请人规则：</strong>").text(c.path("noRule").asText()).raw("</p>");
        }
    }

    private static void dt(Html h, String term, String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        h.raw("<dt>").text(term).raw("</dt><dd>").text(value).raw("</dd>");
    }

    private static String areaNumber(JsonNode doc, int clause) {
        for (JsonNode a : doc.path("areas")) {
            if (clause >= a.path("firstClause").asInt() && clause <= a.path("lastClause").asInt()) {
                return a.path("number").asText();
            }
        }
        return "";
    }

    private static String chineseNumber(int n) {
        String[] d = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};
        if (n >= 0 && n <= 10) {
            return d[n];
        }
        if (n < 20) {
            return "十" + d[n - 10];
        }
        return Integer.toString(n);
    }

    /**
     * DRL as HTML: comments, strings, annotations, keywords and numbers in spans of their own class, everything
     * escaped. A small scanner, not a parser: it only colours what it sees.
     */
    static void highlight(Html h, String drl) {
        int i = 0;
        int n = drl.length();
        while (i < n) {
            char ch = drl.charAt(i);
            int j;
            String cls;
            if (ch == '/' && i + 1 < n && drl.charAt(i + 1) == '/') {
                j = drl.indexOf('\n', i);
                j = j < 0 ? n : j;
                cls = "com";
            } else if (ch == '/' && i + 1 < n && drl.charAt(i + 1) == '*') {
                j = drl.indexOf("*/", i + 2);
                j = j < 0 ? n : j + 2;
                cls = "com";
            } else if (ch == '"' || ch == '\'') {
                j = i + 1;
                while (j < n && drl.charAt(j) != ch && drl.charAt(j) != '\n') {
                    j += drl.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(n, j + 1);
                cls = "str";
            } else if (ch == '@' || Character.isJavaIdentifierStart(ch)) {
                j = i + 1;
                while (j < n && Character.isJavaIdentifierPart(drl.charAt(j))) {
                    j++;
                }
                String word = drl.substring(i, j);
                cls = ch == '@' ? "ann" : ch == '$' ? "var" : DRL_KEYWORDS.contains(word) ? "kw"
                        : Character.isUpperCase(ch) ? "type" : null;
            } else if (Character.isDigit(ch)) {
                j = i + 1;
                while (j < n && (Character.isDigit(drl.charAt(j)) || drl.charAt(j) == '.')) {
                    j++;
                }
                cls = "num";
            } else {
                j = i + 1;
                cls = null;
            }
            if (cls == null) {
                h.text(drl.substring(i, j));
            } else {
                h.raw("<span class=\"").raw(cls).raw("\">").text(drl.substring(i, j)).raw("</span>");
            }
            i = j;
        }
    }

    private static JsonNode tree(byte[] json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An HTML page being written: markup the page's own ({@link #raw}), data always escaped ({@link #text}). */
    static final class Html {
        private final StringBuilder s = new StringBuilder(16_384);

        Html raw(String markup) {
            s.append(markup);
            return this;
        }

        /** Text from a case, rule or data file: escaped, so that it can only ever be text. */
        Html text(String value) {
            if (value == null) {
                return this;
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '<' -> s.append("&lt;");
                    case '>' -> s.append("&gt;");
                    case '&' -> s.append("&amp;");
                    case '"' -> s.append("&quot;");
                    case '\'' -> s.append("&#39;");
                    default -> s.append(c);
                }
            }
            return this;
        }

        void head(String title, String page) {
            raw("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
                    + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>").text(title)
                    .raw("</title><link rel=\"stylesheet\" href=\"/assets/pages.css\"></head><body class=\"page-").raw(page)
                    .raw("\">");
        }

        String end() {
            return s.append("</body></html>\n").toString();
        }
    }
}
