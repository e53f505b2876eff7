package com.subsidyevaluator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pages over plain HTTP (no browser): their headers, the server-rendered clause browser, the register-row route. */
class PagesTest {

    static SubsidyServer server;
    static String base;
    static HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = SubsidyServer.start(ServerConfig.defaults(TestSupport.rulesDir()).withPort(0));
        server.awaitRules();
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyPageHasTheContentSecurityPolicyAndLoadsNothingButItsOwnFiles() throws Exception {
        Pattern inlineScript = Pattern.compile("<script(?![^>]*\\ssrc=\"/assets/)");
        Pattern foreign = Pattern.compile("(src|href)=\"(https?:)?//");
        for (String path : List.of("/", "/clauses", "/clauses/14", "/clauses/999")) {
            HttpResponse<String> r = get(path);
            assertEquals(path.equals("/clauses/999") ? 404 : 200, r.statusCode(), path);
            assertEquals(Pages.CSP, r.headers().firstValue("Content-Security-Policy").orElse(null), path);
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), path);
            assertFalse(inlineScript.matcher(r.body()).find(), path + " has an inline script");
            assertFalse(r.body().contains(" style="), path + " has an inline style");
            assertFalse(foreign.matcher(r.body()).find(), path + " loads something from elsewhere");
        }
        assertTrue(get("/assets/calculator.js").headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
        assertTrue(get("/assets/pages.css").headers().firstValue("Content-Type").orElse("").startsWith("text/css"));
        String script = get("/assets/calculator.js").body();
        assertFalse(script.contains("innerHTML") || script.contains("insertAdjacentHTML") || script.contains("document.write"),
                "the calculator never writes HTML");
    }

    @Test
    void everyClausePageShowsTheWordsRulesAndTestsThatApiClausesGives() throws Exception {
        JsonNode all = Json.mapper().readTree(get("/api/clauses").body());
        assertEquals(57, all.size());
        String index = get("/clauses").body();
        for (JsonNode c : all) {
            int n = c.path("number").asInt();
            assertTrue(index.contains("href=\"/clauses/" + n + "\""), "the list links clause " + n);
            JsonNode api = Json.mapper().readTree(get("/api/clauses/" + n).body());
            String page = get("/clauses/" + n).body();
            if (api.hasNonNull("text")) {
                assertTrue(index.contains(escaped(api.path("text").asText())), "the list has the words of clause " + n);
                assertTrue(page.contains(escaped(api.path("text").asText())), "clause " + n + " has its words");
            }
            for (JsonNode r : api.path("rules")) {
                assertTrue(page.contains("<h3>" + escaped(r.path("rule").asText()) + "</h3>"), r.path("rule").asText());
            }
            for (JsonNode t : api.path("tests")) {
                assertTrue(page.contains(escaped(t.path("name").asText())), t.path("name").asText());
            }
            if (api.hasNonNull("noRule")) {
                assertTrue(page.contains(escaped(api.path("noRule").asText())), "clause " + n + " says why it has no rule");
            }
        }
    }

    @Test
    void textFromRuleFilesIsEscapedAndTheHighlighterKeepsEveryCharacter() {
        ClauseBrowser.Html h = new ClauseBrowser.Html();
        h.text("<img src=x onerror=alert(1)>&\"'");
        assertEquals("&lt;img src=x onerror=alert(1)&gt;&amp;&quot;&#39;</body></html>\n", h.end());
        String drl = "rule \"第1条 <script>alert(1)</script>\"\n    @clause(\"1\") // </pre><b>x</b>\nwhen\n"
                + "    $e : Enterprise( name == \"a\\\"<i>\", revenueWan > 10.5 ) /* <u> */\nthen\nend\n";
        ClauseBrowser.Html out = new ClauseBrowser.Html();
        ClauseBrowser.highlight(out, drl);
        String html = out.end();
        assertFalse(html.contains("<script") || html.contains("<b>") || html.contains("<i>") || html.contains("<u>")
                || html.contains("</pre>"), html);
        String text = html.replace("</body></html>\n", "").replaceAll("<span class=\"[a-z]+\">", "").replace("</span>", "")
                .replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
        assertEquals(drl, text, "the highlighted DRL reads as written");
        assertTrue(html.contains("<span class=\"kw\">when</span>") && html.contains("<span class=\"ann\">@clause</span>")
                && html.contains("<span class=\"com\">// &lt;/pre&gt;&lt;b&gt;x&lt;/b&gt;</span>")
                && html.contains("<span class=\"str\">&quot;a\\&quot;&lt;i&gt;&quot;</span>"), html);
    }

    @Test
    void aRegisterRowBecomesTheCaseTheRegisterReaderMakesOfIt() throws Exception {
        HttpResponse<String> r = post("案例编号\t名称\t主体类型\t营业收入（万元）\t统计年报在统\r\nR7\t卯电子有限公司\t企业\t1234.5600\t否\r\n");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode c = Json.mapper().readTree(r.body());
        assertEquals("R7", c.path("caseId").asText());
        assertEquals("ENTERPRISE", c.path("enterprise").path("kind").asText());
        assertEquals("卯电子有限公司", c.path("enterprise").path("name").asText());
        assertEquals(0, c.path("enterprise").path("revenueWan").decimalValue().compareTo(new java.math.BigDecimal("1234.56")));
        assertFalse(c.path("enterprise").path("inStatistics").asBoolean(true));

        JsonNode unnamed = Json.mapper().readTree(post("名称\t主体类型\n\"乐清\t电气\"\t企业\n").body());
        assertEquals(RegisterRow.UNNAMED, unnamed.path("caseId").asText(), "a row without its key columns is still a case");
        assertEquals("乐清\t电气", unnamed.path("enterprise").path("name").asText(), "a quoted cell keeps its tab");

        JsonNode bad = error(post("名称\t主体类型\t营业收入（万元）\nA\t企业\t很多\n"), 400, "bad_register_row");
        assertTrue(bad.path("message").asText().contains("营业收入（万元）") && bad.path("message").asText().contains("很多"), bad.toString());
        assertTrue(bad.path("messageEn").asText().contains("expected a number"), bad.toString());
        JsonNode header = error(post("名称\t主体类\nA\t企业\n"), 400, "bad_register_row");
        assertTrue(header.path("message").asText().contains("主体类型"), "the nearest header is suggested: " + header);
        error(post("名称\t主体类型\nA\t企业\nB\t企业\n"), 400, "bad_register_row");
        error(post("名称\t主体类型\n"), 400, "bad_register_row");
        HttpResponse<String> json = http.send(HttpRequest.newBuilder(URI.create(base + "/api/register-row"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        error(json, 415, "unsupported_media_type");
    }

    static String escaped(String s) {
        return new ClauseBrowser.Html().text(s).end().replace("</body></html>\n", "");
    }

    static JsonNode error(HttpResponse<String> r, int status, String code) throws Exception {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode n = Json.mapper().readTree(r.body());
        assertEquals(code, n.path("error").asText(), r.body());
        assertFalse(n.path("message").asText().isBlank());
        return n;
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String tsv) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/register-row"))
                .header("Content-Type", "text/tab-separated-values; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(tsv, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
