package com.subsidyevaluator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.io.RegisterSchema;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pages of {@code subsidy serve} in a real headless Chromium (WebDriver), against a real server on a random
 * port with the shipped rule set: the calculator is filled in as an applicant would, and what it shows is read back
 * from the page. Screenshots are left in target/screenshots/.
 */
class CalculatorBrowserTest {

    static final String HOSTILE = "<img src=x onerror=alert(1)>";

    @TempDir
    static Path dir;
    static SubsidyServer server;
    static String base;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server = SubsidyServer.start(ServerConfig.defaults(TestSupport.rulesDir()).withPort(0));
        server.awaitRules();
        base = "http://127.0.0.1:" + server.port();
        if (Browser.present()) {
            browser = Browser.open(true, Files.createDirectories(dir.resolve("profile")));
        } else if (Browser.noBrowserAllowed()) {
            System.err.println("WARNING: CalculatorBrowserTest: " + Browser.missing() + "; its tests are skipped, as allowed");
        }
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    // -------------------------------------------------------------------------------------------- the calculator

    @Test
    void anEnterpriseThatMeetsClause12IsShownEligibleBesideTheClausesWords() {
        Browser.need();
        calculator();
        type("f-asOf", "2023-06-30");
        type("f-enterprise-name", "子电气有限公司");
        choose("f-enterprise-kind", "ENTERPRISE");
        choose("f-enterprise-inStatistics", "true");
        choose("f-enterprise-hasRdInstitution", "true");
        choose("f-enterprise-directReporting", "true");
        browser.findElement(By.id("evaluate")).click();

        WebElement card = waitFor(By.cssSelector("#group-eligible article[data-clause='12']"));
        assertTrue(card.getText().contains("第12条"), card.getText());
        assertTrue(card.findElement(By.tagName("h4")).getText().contains("研发后补助"), card.getText());
        String words = card.findElement(By.cssSelector("blockquote.words")).getText();
        assertTrue(words.startsWith("第12条 实施企业研发投入奖补政策") && words.contains("统计年报在统、有成立研发机构"), words);
        assertTrue(card.getText().contains("统计年报在统：是"), "the conditions met, in words: " + card.getText());
        assertEquals(List.of(), browser.findElements(By.cssSelector("#group-not-eligible article[data-clause='12'],"
                + " #group-undetermined article[data-clause='12']")), "clause 12 is in one group only");
        assertTrue(browser.findElement(By.id("results-summary")).getText().contains("申请主体：子电气有限公司"));
        Browser.screenshot(browser, "calculator-eligible-12");
    }

    @Test
    void aFactLeftEmptyIsUndeterminedAndItsLinkTakesTheApplicantToTheField() {
        Browser.need();
        calculator();
        type("f-asOf", "2023-06-30");
        type("f-enterprise-name", "辰电子元件厂");
        choose("f-enterprise-kind", "ENTERPRISE");
        choose("f-enterprise-hasRdInstitution", "true");
        browser.findElement(By.id("add-projects")).click();
        choose("f-projects-0-kind", "INDUSTRIAL");
        browser.findElement(By.id("evaluate")).click();

        WebElement card = waitFor(By.cssSelector("#group-undetermined article[data-clause='12']"));
        WebElement link = card.findElement(By.cssSelector("a.field-link[data-path='$.enterprise.inStatistics']"));
        assertEquals("统计年报在统", link.getText());
        assertTrue(link.getDomAttribute("href").endsWith("#f-enterprise-inStatistics"), link.getDomAttribute("href"));
        Browser.screenshot(browser, "calculator-undetermined-12");
        link.click();
        assertEquals("f-enterprise-inStatistics", focused(), "the link focuses the field of the missing fact");
        Browser.screenshot(browser, "calculator-undetermined-field-focused");

        // a fact of a list item: its link finds the item's field
        WebElement project = browser.findElement(By.cssSelector(
                "#group-undetermined a.field-link[data-path='$.projects[0].provincialMajorStatus']"));
        project.click();
        assertEquals("f-projects-0-provincialMajorStatus", focused());

        // filling the fact in decides the clause
        choose("f-enterprise-inStatistics", "true");
        choose("f-enterprise-directReporting", "true");
        browser.findElement(By.id("evaluate")).click();
        waitFor(By.cssSelector("#group-eligible article[data-clause='12']"));
    }

    @Test
    void aBadValueShowsTheReadersErrorBesideItsField() {
        Browser.need();
        calculator();
        type("f-asOf", "2023-06-30");
        type("f-enterprise-name", "丑新能源有限公司");
        choose("f-enterprise-kind", "ENTERPRISE");
        type("f-enterprise-revenueWan", "很多");
        browser.findElement(By.id("evaluate")).click();

        WebElement error = browser.findElement(By.id("f-enterprise-revenueWan-error"));
        new WebDriverWait(browser, Browser.WAIT).until(d -> !error.getText().isBlank());
        assertTrue(error.getText().contains("应为数字"), error.getText());
        assertTrue(error.getText().contains("$.enterprise.revenueWan"), error.getText());
        assertEquals("true", browser.findElement(By.id("f-enterprise-revenueWan")).getDomAttribute("aria-invalid"));
        assertEquals("f-enterprise-revenueWan", focused(), "the field with the error is focused");
        String box = browser.findElement(By.id("form-error")).getText();
        assertTrue(box.contains("$.enterprise.revenueWan") && box.matches("(?s).*第 \\d+ 行第 \\d+ 列.*"), box);
        assertTrue(box.contains("the case is not valid at $.enterprise.revenueWan"), "and in English: " + box);
        assertTrue(browser.findElement(By.id("results")).getDomAttribute("hidden") != null, "no results for a bad case");
        Browser.screenshot(browser, "calculator-bad-value");

        // the number as written reaches the server: exact, not a JavaScript double
        type("f-enterprise-revenueWan", "123456789012345.12345678");
        browser.findElement(By.id("evaluate")).click();
        waitFor(By.cssSelector("#results:not([hidden])"));
        assertTrue(browser.findElement(By.id("case-json")).getDomProperty("textContent")
                .contains("\"revenueWan\": 123456789012345.12345678"), browser.findElement(By.id("case-json")).getDomProperty("textContent"));
        assertEquals("", browser.findElement(By.id("f-enterprise-revenueWan-error")).getText(), "the error is gone");
    }

    @Test
    void aHostileNameIsShownAsTextAndNeverRuns() {
        Browser.need();
        calculator();
        type("f-asOf", "2023-06-30");
        type("f-enterprise-name", HOSTILE);
        choose("f-enterprise-kind", "ENTERPRISE");
        browser.findElement(By.id("add-projects")).click();
        choose("f-projects-0-kind", "INDUSTRIAL");
        type("f-projects-0-name", "<script>alert(2)</script>");
        browser.findElement(By.id("evaluate")).click();

        waitFor(By.cssSelector("#results:not([hidden])"));
        assertTrue(browser.findElement(By.id("results-summary")).getText().contains("申请主体：" + HOSTILE),
                browser.findElement(By.id("results-summary")).getText());
        assertEquals(List.of(), browser.findElements(By.tagName("img")), "no element was made from the name");
        assertEquals(1, browser.findElements(By.tagName("script")).size(), "only the calculator's own script");
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
        Browser.screenshot(browser, "calculator-hostile-name");
    }

    @Test
    void aCaseFileUploadedFillsTheFormAndIsEvaluated() throws Exception {
        Browser.need();
        calculator();
        Path sample = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json");
        JsonNode c = Json.mapper().readTree(sample.toFile());
        browser.findElement(By.id("upload")).sendKeys(sample.toString());
        new WebDriverWait(browser, Browser.WAIT).until(d -> d.findElement(By.id("paste-message")).getText().contains("已读取文件"));
        assertEquals(c.path("enterprise").path("name").asText(), value("f-enterprise-name"));
        assertEquals(c.path("asOf").asText(), value("f-asOf"));
        assertEquals(c.path("projects").size(), browser.findElements(By.cssSelector("[data-list='projects'] > fieldset")).size());
        assertEquals(c.path("enterprise").path("revenueWan").asText(), value("f-enterprise-revenueWan"));
        browser.findElement(By.id("evaluate")).click();
        waitFor(By.cssSelector("#group-eligible article[data-clause='12']"));
        Browser.screenshot(browser, "calculator-uploaded-s01");
    }

    @Test
    void aPastedCaseWithAnUnknownFieldIsEvaluatedAsWrittenAndItsErrorSaysWhere() {
        Browser.need();
        calculator();
        paste("{\n  \"caseId\": \"P1\",\n  \"asOf\": \"2023-06-30\",\n  \"enterprise\": {\"name\": \"卯电子有限公司\", \"kind\": \"ENTERPRISE\", \"revnueWan\": 1}\n}\n");
        browser.findElement(By.id("evaluate-paste")).click();
        WebElement message = browser.findElement(By.id("paste-message"));
        new WebDriverWait(browser, Browser.WAIT).until(d -> message.getText().contains("$.enterprise.revnueWan"));
        assertTrue(message.getText().contains("第 4 行"), message.getText());
        assertTrue(message.getText().contains("revenueWan"), "the nearest field is suggested: " + message.getText());
    }

    @Test
    void aRegisterRowPastedFromTheSpreadsheetBecomesTheCaseInTheForm() {
        Browser.need();
        calculator();
        List<RegisterSchema.Column> main = RegisterSchema.sheets().get(0).columns();
        List<String> fields = List.of("caseId", "asOf", "name", "kind", "revenueWan", "inStatistics", "hasRdInstitution", "directReporting");
        List<String> values = List.of("R1", "2023-06-30", "寅配件有限公司", "企业", "42000.50", "是", "是", "是");
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            header.append(i == 0 ? "" : "\t").append(main.stream().filter(col -> col.field().equals(f)).findFirst().orElseThrow().header());
            row.append(i == 0 ? "" : "\t").append(values.get(i));
        }
        paste(header + "\r\n" + row + "\r\n");
        browser.findElement(By.id("fill")).click();
        new WebDriverWait(browser, Browser.WAIT).until(d -> value("f-enterprise-name").equals("寅配件有限公司"));
        assertEquals("42000.5", value("f-enterprise-revenueWan"), "the number the register reader read");
        assertEquals("ENTERPRISE", value("f-enterprise-kind"));
        assertEquals("true", value("f-enterprise-directReporting"));
        assertEquals("R1", value("f-caseId"));
        browser.findElement(By.id("evaluate")).click();
        waitFor(By.cssSelector("#group-eligible article[data-clause='12']"));
        Browser.screenshot(browser, "calculator-register-row");

        paste(header.toString().replace("名称", "名字") + "\n" + row + "\n");
        browser.findElement(By.id("fill")).click();
        WebElement message = browser.findElement(By.id("paste-message"));
        new WebDriverWait(browser, Browser.WAIT).until(d -> message.getText().contains("名字"));
        assertTrue(message.getText().contains("名称"), "the reader's suggestion: " + message.getText());
    }

    // ------------------------------------------------------------------------------------------ the clause browser

    @Test
    void theClauseBrowserShowsClause14sWordsAndItsRulesHighlighted() throws Exception {
        Browser.need();
        JsonNode api = Json.mapper().readTree(http("/api/clauses/14").body());
        browser.get(base + "/clauses/14");
        assertTrue(browser.findElement(By.tagName("h1")).getText().startsWith("第14条 实施双创载体激励政策"));
        String words = browser.findElement(By.cssSelector("blockquote.words")).getText();
        assertEquals(api.path("text").asText(), words);
        List<WebElement> rules = browser.findElements(By.cssSelector("article.rule"));
        assertEquals(api.path("rules").size(), rules.size());
        for (int i = 0; i < rules.size(); i++) {
            JsonNode r = api.path("rules").get(i);
            assertEquals(r.path("rule").asText(), rules.get(i).findElement(By.tagName("h3")).getText());
            WebElement drl = rules.get(i).findElement(By.cssSelector("pre.drl"));
            assertEquals(r.path("source").asText().strip(), drl.getText().strip(), "the DRL as written");
            assertTrue(drl.findElements(By.cssSelector(".kw")).stream().anyMatch(k -> k.getText().equals("when")));
            assertTrue(drl.findElements(By.cssSelector(".str")).stream().anyMatch(k -> k.getText().startsWith("\"第14条")));
            assertTrue(drl.findElements(By.cssSelector(".ann")).stream().anyMatch(k -> k.getText().equals("@clause")));
        }
        String tests = browser.findElement(By.id("tests")).getText();
        for (JsonNode t : api.path("tests")) {
            assertTrue(tests.contains(t.path("name").asText()), t.path("name").asText());
        }
        String parameters = browser.findElement(By.id("parameters")).getText();
        for (JsonNode p : api.path("parameters")) {
            assertTrue(parameters.contains(p.path("id").asText()), p.path("id").asText());
        }
        Browser.screenshot(browser, "clause-14");
    }

    @Test
    void theClauseListWorksWithJavaScriptOff() throws Exception {
        Browser.need();
        HttpResponse<String> plain = http("/clauses");
        assertEquals(200, plain.statusCode());
        assertTrue(plain.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertTrue(plain.body().contains("第14条 实施双创载体激励政策"), "a plain GET has the text");
        ChromeDriver off = Browser.open(false, Files.createDirectories(dir.resolve("profile-no-js")));
        try {
            off.get(base + "/");
            assertTrue(off.findElement(By.tagName("noscript")).isDisplayed() || off.getPageSource().contains("需要 JavaScript"));
            assertEquals("正在载入表单……", off.findElement(By.id("form-loading")).getText(), "scripts are off in this browser");
            off.get(base + "/clauses");
            WebElement clause = off.findElement(By.id("clause-14"));
            assertTrue(clause.getText().contains("第14条 实施双创载体激励政策"), clause.getText());
            assertTrue(clause.findElement(By.cssSelector("blockquote.words")).getText().contains("给予新认定（备案）为国家级"));
            assertEquals(8, off.findElements(By.cssSelector("section.area")).size(), "the eight areas");
            assertEquals(57, off.findElements(By.cssSelector("article.clause")).size(), "every clause");
            Browser.screenshot(off, "clauses-without-javascript");
            clause.findElement(By.cssSelector("h3 a")).click();
            new WebDriverWait(off, Browser.WAIT).until(ExpectedConditions.urlToBe(base + "/clauses/14"));
            assertEquals(4, off.findElements(By.cssSelector("article.rule")).size());
        } finally {
            off.quit();
        }
    }

    // -------------------------------------------------------------------------------------------------- helpers

    static void calculator() {
        browser.get(base + "/");
        new WebDriverWait(browser, Browser.WAIT).until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThrows(NoAlertPresentException.class, () -> browser.switchTo().alert());
    }

    static void type(String id, String text) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    static void choose(String id, String value) {
        new Select(browser.findElement(By.id(id))).selectByValue(value);
    }

    static String value(String id) {
        return browser.findElement(By.id(id)).getDomProperty("value");
    }

    /** Puts text into the paste box as a paste does (sendKeys would move the focus on a tab). */
    static void paste(String text) {
        WebElement box = browser.findElement(By.id("paste"));
        browser.executeScript("arguments[0].value = arguments[1];", box, text);
    }

    static String focused() {
        return browser.switchTo().activeElement().getDomAttribute("id");
    }

    static WebElement waitFor(By by) {
        return new WebDriverWait(browser, Browser.WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    static HttpResponse<String> http(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
