package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.batch.BatchSummary;
import com.subsidyevaluator.batch.CompactResults;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleCatalogue;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.Json;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * report.html as staff use it, in real headless Chromium driven by Selenium through {@code /usr/bin/chromedriver}
 * (both named explicitly: Selenium Manager downloads nothing): the department filter narrows every table, the money
 * cards and the case list to the department chosen; a click on a case id shows that case's full explanation, the
 * text {@code subsidy explain OUTDIR CASEID} prints; without JavaScript the page shows every table and no filter; a
 * hostile case id and name stay text. The batch and {@code explain} are run as a user runs them (the CLI).
 *
 * <p>Without chromium or chromedriver every test fails, unless {@code SUBSIDY_ALLOW_NO_BROWSER=1} (see
 * {@code ReportRenderTest}) makes them skipped.
 */
class ReportInBrowserTest {

    static final String HOSTILE_ID = "\"><img src=x onerror=alert(1)>";
    static final String HOSTILE_NAME = "<script>alert('名')</script>乐清&公司";

    @TempDir
    static Path dir;
    static Path out;
    static String chromium;
    static String chromedriver;
    static JsonNode summary;
    /** The listed cases' results, read back from the batch's compact results.jsonl, by case id. */
    static Map<String, EvaluationResult> results = new LinkedHashMap<>();
    static WebDriver browser;
    static WebDriver noScript;

    @BeforeAll
    static void batch() throws Exception {
        chromium = executable("SUBSIDY_CHROMIUM", "/usr/bin/chromium", "chromium");
        chromedriver = executable("SUBSIDY_CHROMEDRIVER", "/usr/bin/chromedriver", "chromedriver");
        Path in = dir.resolve("in");
        Files.createDirectories(in);
        try (var s = Files.list(TestSupport.samplesDir())) {
            for (Path p : s.filter(com.subsidyevaluator.io.CaseFiles::isCaseFile).toList()) {
                Files.copy(p, in.resolve(p.getFileName()));
            }
        }
        ObjectNode hostile = (ObjectNode) Json.mapper().readTree(
                TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toFile());
        hostile.put("caseId", HOSTILE_ID);
        ((ObjectNode) hostile.get("enterprise")).put("name", HOSTILE_NAME);
        Files.writeString(in.resolve("a00-hostile.json"), Json.mapper().writeValueAsString(hostile), StandardCharsets.UTF_8);
        Path population = dir.resolve("population.jsonl");
        Run g = TestSupport.cli("generate", "--count", "300", "--seed", "16", "--out", population.toString());
        assertEquals(ExitCode.OK, g.exitCode(), g.err());
        out = dir.resolve("out");
        Run b = TestSupport.cli("batch", in.toString(), population.toString(), "--out", out.toString(), "--rules",
                TestSupport.rulesDir().toString(), "--report-cases", "120");
        assertEquals(ExitCode.OK, b.exitCode(), b.err());
        summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
        CompactResults compact = new CompactResults(Json.mapper().readValue(out.resolve("rules.json").toFile(),
                RuleCatalogue.File.class));
        for (String line : Files.readAllLines(out.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
            EvaluationResult r = compact.read(Json.mapper().readTree(line));
            results.put(r.caseId(), r);
        }
        if (chromium != null && chromedriver != null) {
            browser = start(true);
            noScript = start(false);
        }
    }

    @AfterAll
    static void stop() {
        for (WebDriver d : new WebDriver[] {browser, noScript}) {
            if (d != null) {
                d.quit();
            }
        }
    }

    private static WebDriver start(boolean javascript) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium);
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1280,900",
                "--user-data-dir=" + dir.resolve(javascript ? "profile-js" : "profile-nojs"));
        if (!javascript) {
            o.setExperimentalOption("prefs", Map.of("profile.managed_default_content_settings.javascript", 2));
        }
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    private static void needBrowser() {
        if (browser != null) {
            return;
        }
        String why = "chromium and chromedriver are needed to drive report.html (Debian packages chromium and chromium-driver)";
        if (noBrowserAllowed()) {
            Assumptions.abort(why + "; skipped, as allowed (SUBSIDY_ALLOW_NO_BROWSER=1)");
        }
        fail(why + ". To build without a browser, set SUBSIDY_ALLOW_NO_BROWSER=1: these tests are then skipped.");
    }

    /** As in {@code ReportRenderTest}: only when asked for, and never under {@code SUBSIDY_REQUIRE_CHROMIUM=1}. */
    static boolean noBrowserAllowed() {
        if ("1".equals(System.getenv("SUBSIDY_REQUIRE_CHROMIUM"))) {
            return false;
        }
        return "1".equals(System.getenv("SUBSIDY_ALLOW_NO_BROWSER"))
                || Boolean.parseBoolean(System.getProperty("subsidy.allowNoBrowser", "false"));
    }

    private static String executable(String variable, String standard, String name) {
        String configured = System.getenv(variable);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (Files.isExecutable(Path.of(standard))) {
            return standard;
        }
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, name))) {
                return Path.of(d, name).toString();
            }
        }
        return null;
    }

    private static void open(WebDriver d) {
        d.get(out.resolve("report.html").toUri().toString());
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }

    /** The rows of a table (by its section's id) the browser draws, each as its first cell's text. */
    @SuppressWarnings("unchecked")
    private static List<String> shownRows(String section) {
        return (List<String>) js("return Array.from(document.querySelectorAll('#' + arguments[0] + ' tr[data-d]'))"
                + ".filter(r => r.getClientRects().length > 0).map(r => r.cells[0].textContent.trim());", section);
    }

    /** Of the case list, each row the browser draws: case id → [符合, 待定, 金额] as shown. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> shownCases() {
        List<List<String>> rows = (List<List<String>>) js("return Array.from(document.querySelectorAll('table.list tr[data-d]'))"
                + ".filter(r => r.getClientRects().length > 0).map(r => [r.cells[0].textContent, r.cells[2].innerText.trim(),"
                + " r.cells[3].innerText.trim(), r.cells[4].innerText.trim()]);");
        Map<String, List<String>> m = new LinkedHashMap<>();
        rows.forEach(r -> m.put(r.get(0), r.subList(1, 4)));
        return m;
    }

    @Test
    void choosingALeadDepartmentNarrowsEveryTableTheCardsAndTheCaseListToIt() {
        needBrowser();
        open(browser);
        WebElement control = browser.findElement(By.id("dept"));
        assertTrue(control.isDisplayed(), "with JavaScript the filter is shown");
        Select select = new Select(control);
        List<String> names = select.getOptions().stream().map(WebElement::getText).toList();
        List<String> expected = new ArrayList<>(List.of("全部"));
        summary.get("departments").forEach(d -> expected.add(d.get("department").asText()));
        assertEquals(expected, names, "the select lists the lead departments of summary.json");
        assertTrue(names.contains("市科技局") && names.contains("市农业农村局") && names.contains("市发改局"),
                "a clause two departments lead jointly (市农业农村局、市发改局) is under each");
        int allClauses = shownRows("clauses").size();
        int allCases = shownCases().size();
        assertEquals(summary.get("clauses").size(), allClauses);
        assertEquals(120, allCases);

        for (int i = 0; i < summary.get("departments").size(); i++) {
            JsonNode d = summary.get("departments").get(i);
            String name = d.get("department").asText();
            select.selectByVisibleText(name);
            // the clauses: exactly those the department leads
            Set<String> clauses = new TreeSet<>();
            d.get("clauses").forEach(c -> clauses.add("第" + c.asText() + "条"));
            assertEquals(clauses, new TreeSet<>(shownRows("clauses")), name + ": the clause rows");
            assertTrue(shownRows("clauses").size() < allClauses, name + " leads some clauses, not all");
            // the departments table: its own row only
            assertEquals(List.of(name), shownRows("departments"), name + ": the departments table");
            // the areas: those of its clauses
            for (String area : shownRows("areas")) {
                assertTrue(hasClauseInArea(d, area), name + " leads no clause of " + area);
            }
            // the cards: the department's figures only, from summary.json
            Map<String, String> cards = shownFigures("totals");
            assertFalse(cards.isEmpty(), name + ": cards are shown");
            for (Map.Entry<String, String> c : cards.entrySet()) {
                assertTrue(c.getKey().startsWith("departments[" + i + "]."), name + ": card " + c.getKey());
            }
            assertEquals(d.get("applicantsEligible").asText(), cards.get("departments[" + i + "].applicantsEligible"));
            assertMoneyCardIsHonest(name, d.get("totals"));
            // the cases: those listed with an outcome of the department, each with that department's counts
            Map<String, List<String>> shown = shownCases();
            Map<String, List<String>> want = new LinkedHashMap<>();
            for (String id : listedCases()) {
                List<Outcome> own = results.get(id).outcomes().stream()
                        .filter(o -> BatchSummary.departments(o.department()).contains(name)).toList();
                if (!own.isEmpty()) {
                    want.put(id, List.of(String.valueOf(own.stream().filter(o -> o.status() == Status.ELIGIBLE).count()),
                            String.valueOf(own.stream().filter(o -> o.status() == Status.UNDETERMINED).count())));
                }
            }
            assertEquals(want.keySet(), shown.keySet(), name + ": the cases listed");
            want.forEach((id, counts) -> assertEquals(counts, shown.get(id).subList(0, 2), name + ": counts of case " + id));
            shown.values().forEach(v -> assertFalse(v.get(2).matches("0(\\.0+)?"), name + ": a case shows no amount of 0"));
            // the note says which department is shown
            assertTrue(browser.findElement(By.id("dept-note")).getText().contains(name));
        }
        select.selectByVisibleText("全部");
        assertEquals(allClauses, shownRows("clauses").size(), "全部 shows every clause again");
        assertEquals(allCases, shownCases().size());
        assertFalse(browser.findElement(By.id("dept-note")).isDisplayed());
        assertTrue(shownFigures("totals").containsKey("cases.records"), "and the whole batch's cards");
    }

    /** The money card of a department never reads 0 where nothing is priced (the shipped rules price nothing). */
    private static void assertMoneyCardIsHonest(String name, JsonNode totals) {
        String text = browser.findElement(By.id("totals")).getText();
        if (totals.get("cashEligible").asLong() == 0) {
            assertTrue(text.contains(totals.get("cashEligibleUnpriced").asLong() > 0 ? "金额均待配套细则确定" : "无符合的资金奖补"),
                    name + ": the card says in words that no amount is known");
        }
        assertFalse(shownFigures("totals").entrySet().stream()
                .anyMatch(e -> e.getKey().endsWith("eligibleAmountWan") && e.getValue().equals("0")), name + ": no total of 0");
    }

    private static boolean hasClauseInArea(JsonNode department, String area) {
        for (JsonNode c : summary.get("clauses")) {
            if (c.get("area").asText().equals(area)) {
                for (JsonNode n : department.get("clauses")) {
                    if (n.asText().equals(c.get("clause").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The figures (data-summary) the browser draws in a section: path → text. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> shownFigures(String section) {
        List<List<String>> l = (List<List<String>>) js("return Array.from(document.querySelectorAll('#' + arguments[0]"
                + " + ' [data-summary]')).filter(e => e.getClientRects().length > 0)"
                + ".map(e => [e.getAttribute('data-summary'), e.textContent]);", section);
        Map<String, String> m = new LinkedHashMap<>();
        l.forEach(e -> m.put(e.get(0), e.get(1).replace(",", "")));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<String> listedCases() {
        return (List<String>) js("return Array.from(document.querySelectorAll('table.list a')).map(a => a.textContent);");
    }

    @Test
    void clickingACaseIdShowsItsFullExplanationAsSubsidyExplainPrintsIt() {
        needBrowser();
        open(browser);
        List<String> listed = listedCases();
        for (String id : List.of(listed.get(0), "S01", listed.get(listed.size() - 1))) {
            browser.findElement(By.xpath("//table[@class='list']//a[text()=" + xpathLiteral(id) + "]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.getCurrentUrl().contains("#case-"));
            String anchor = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf('#') + 1);
            WebElement section = browser.findElement(By.id(anchor));
            assertTrue(section.isDisplayed());
            assertTrue(section.findElement(By.tagName("h3")).getText().startsWith(id), "the link leads to case " + id);
            // scrolled to the case: its top at the window's top, or as near as the end of the page lets it
            Boolean there = (Boolean) js("var top = arguments[0].getBoundingClientRect().top;"
                    + " return Math.abs(top) < 5 || (top > 0 && top < innerHeight"
                    + " && Math.ceil(scrollY + innerHeight) >= document.documentElement.scrollHeight);", section);
            assertTrue(there, "the browser scrolled to case " + id + ": " + js("return [arguments[0].getBoundingClientRect().top,"
                    + " scrollY, innerHeight, document.documentElement.scrollHeight];", section));
            WebElement pre = section.findElement(By.cssSelector("details.explain pre"));
            assertTrue(pre.isDisplayed(), "the link opened the full explanation");
            Run explain = TestSupport.cli("explain", out.toString(), id);
            assertEquals(ExitCode.OK, explain.exitCode(), explain.err());
            assertEquals(explain.out().strip(), pre.getText().strip(), "the explanation of " + id + " is what subsidy explain prints");
        }
        assertTrue(browser.findElement(By.id("cases")).getText().contains("subsidy explain OUTDIR 案例编号"),
                "the page says how to get the explanation of a case it does not list");
        assertTrue(results.size() > listed.size(), "some cases are not listed");
    }

    @Test
    void aHostileCaseIdAndNameStayTextAndItsLinkStillWorks() {
        needBrowser();
        open(browser);
        assertEquals(0L, js("return document.querySelectorAll('img').length;"), "no element made from input");
        assertEquals(1L, js("return document.scripts.length;"), "only the page's own script");
        try {
            browser.switchTo().alert();
            fail("an alert ran");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
        WebElement link = browser.findElement(By.xpath("//table[@class='list']//a[text()=" + xpathLiteral(HOSTILE_ID) + "]"));
        link.click();
        String anchor = browser.getCurrentUrl().substring(browser.getCurrentUrl().indexOf('#') + 1);
        WebElement section = browser.findElement(By.id(anchor));
        assertTrue(section.getText().contains(HOSTILE_ID + " · " + HOSTILE_NAME), section.getText());
        assertTrue(section.findElement(By.cssSelector("details.explain pre")).getText().contains(HOSTILE_NAME));
    }

    @Test
    void withoutJavaScriptThePageShowsEveryTableAndNoFilter() {
        needBrowser();
        open(noScript);
        assertFalse(noScript.findElement(By.id("dept")).isDisplayed(), "no control that would do nothing");
        int rows = noScript.findElements(By.cssSelector("#clauses tr[data-d]")).size();
        assertEquals(summary.get("clauses").size(), rows);
        long shown = noScript.findElements(By.cssSelector("tr[data-d]")).stream().filter(WebElement::isDisplayed).count();
        long inClosedDetails = noScript.findElements(By.cssSelector("details:not(.words):not(.explain) tr[data-d]")).size();
        assertEquals(noScript.findElements(By.cssSelector("tr[data-d]")).size() - inClosedDetails
                - noScript.findElements(By.cssSelector("details.explain tr[data-d]")).size(), shown,
                "every row outside a closed <details> is shown");
        List<WebElement> cards = noScript.findElements(By.cssSelector("#totals .cards"));
        assertEquals(1, cards.stream().filter(WebElement::isDisplayed).count(), "the whole batch's cards, and no department's");
        // the clause's words open with a click, without a script
        WebElement words = noScript.findElement(By.cssSelector("#clauses details.words"));
        assertFalse(words.findElement(By.tagName("p")).isDisplayed());
        words.findElement(By.tagName("summary")).click();
        assertTrue(words.findElement(By.tagName("p")).isDisplayed());
        assertTrue(words.findElement(By.tagName("p")).getText().startsWith("第"), "the clause's own words");
    }

    @Test
    void eachClauseRowShowsTheClausesOwnWordsWhenOpened() {
        needBrowser();
        open(browser);
        WebElement row = browser.findElement(By.id("clause-12"));
        WebElement words = row.findElement(By.cssSelector("details.words"));
        words.findElement(By.tagName("summary")).click();
        String text = words.findElement(By.tagName("p")).getText();
        assertTrue(text.startsWith("第12条 实施企业研发投入奖补政策。"), text);
        assertTrue(text.contains("按照相应标准实施研发后补助"), "the words the rule file quotes: " + text);
        Map<Integer, String> all = com.subsidyevaluator.engine.ClauseWords.of(TestSupport.rulesDir());
        for (JsonNode c : summary.get("clauses")) {
            int n = c.get("clause").asInt();
            assertNotNull(all.get(n), "the rule files quote clause " + n);
        }
        assertEquals(summary.get("clauses").size(), browser.findElements(By.cssSelector("#clauses details.words")).size(),
                "every clause row has its words");
    }

    private static String xpathLiteral(String s) {
        if (!s.contains("'")) {
            return "'" + s + "'";
        }
        if (!s.contains("\"")) {
            return "\"" + s + "\"";
        }
        StringBuilder b = new StringBuilder("concat(");
        String[] parts = s.split("'", -1);
        for (int i = 0; i < parts.length; i++) {
            b.append(i == 0 ? "" : ", \"'\", ").append("'").append(parts[i]).append("'");
        }
        return b.append(")").toString();
    }

}
