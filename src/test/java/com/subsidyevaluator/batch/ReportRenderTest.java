package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import java.io.File;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html in a real browser (headless Chromium, no network): it renders, every figure it shows from
 * summary.json equals summary.json, every case in its table links to that case's explanation, and it loads
 * nothing from outside the page.
 *
 * <p>Needs the {@code chromium} command (Debian package {@code chromium}, or the browser {@code SUBSIDY_CHROMIUM}
 * names); {@code .ci/run} installs it. Without it every test of this class fails, so that a build never passes
 * without having looked at the page. On a machine without a browser, {@code SUBSIDY_ALLOW_NO_BROWSER=1} (or
 * {@code -Dsubsidy.allowNoBrowser=true}) turns that into skipped tests, reported as skipped (never "Tests run: 0") and
 * with a warning on the console. {@code SUBSIDY_REQUIRE_CHROMIUM=1} (set by {@code .ci/run}) overrides that.
 */
class ReportRenderTest {

    @TempDir
    static Path dir;
    static Path out;
    static String chromium;

    /**
     * Whether a missing browser skips the tests instead of failing them: only when asked for, explicitly, and never
     * under {@code SUBSIDY_REQUIRE_CHROMIUM=1} ({@code .ci/run} sets it, so that no inherited setting weakens CI).
     */
    static boolean noBrowserAllowed() {
        if ("1".equals(System.getenv("SUBSIDY_REQUIRE_CHROMIUM"))) {
            return false;
        }
        return "1".equals(System.getenv("SUBSIDY_ALLOW_NO_BROWSER"))
                || Boolean.parseBoolean(System.getProperty("subsidy.allowNoBrowser", "false"));
    }

    static final String NO_BROWSER = "chromium is not installed, so report.html was not rendered in a browser"
            + " (install the Debian package chromium, or name a browser in SUBSIDY_CHROMIUM)";

    /**
     * Run first by every test: fails when there is no browser, or skips the test when {@link #noBrowserAllowed()}.
     * (In the test, not in {@code @BeforeAll}: a class aborted before its tests would be reported as "Tests run: 0".)
     */
    private static void needBrowser() {
        if (chromium != null) {
            return;
        }
        if (noBrowserAllowed()) {
            Assumptions.abort(NO_BROWSER + "; skipped, as allowed (SUBSIDY_ALLOW_NO_BROWSER=1 or -Dsubsidy.allowNoBrowser=true)");
        }
        fail(NO_BROWSER + ". To build without a browser, set SUBSIDY_ALLOW_NO_BROWSER=1: these tests are then skipped.");
    }

    @BeforeAll
    static void batch() throws Exception {
        chromium = findChromium();
        if (chromium == null) {
            if (noBrowserAllowed()) {
                System.err.println("WARNING: ReportRenderTest: " + NO_BROWSER + "; its tests are skipped, as allowed (SUBSIDY_ALLOW_NO_BROWSER=1 or -Dsubsidy.allowNoBrowser=true)");
            }
            return; // each test fails, or is skipped: needBrowser()
        }
        RuleSet rules = BatchFixtures.ruleSetWithAmounts(dir.resolve("rules"), AllocationTest.AMOUNTS);
        Path population = BatchFixtures.population(dir.resolve("population.jsonl"), 3, 4000);
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"caseId\":\"坏\",\"enterprise\":<script>}\n", StandardCharsets.UTF_8);
        out = dir.resolve("out");
        BatchFixtures.run(rules, BatchOptions.of(List.of(population, TestSupport.samplesDir(), bad), out)
                .withAllocate(BatchOptions.Allocate.PRO_RATA).withReportCases(300));
    }

    @Test
    void theReportRendersAndShowsTheFiguresOfSummaryJson() throws Exception {
        needBrowser();
        String dom = chromium("--dump-dom", out.resolve(BatchRunner.REPORT).toUri().toString());
        assertTrue(dom.contains("政策直达快享 · 批量评估报告"), "the page rendered: " + dom.substring(0, Math.min(300, dom.length())));
        for (String id : List.of("totals", "areas", "clauses", "pools", "cases")) {
            assertTrue(dom.contains("id=\"" + id + "\""), "section " + id);
        }
        assertTrue(dom.contains("<svg"), "the budget chart is inline SVG");

        JsonNode summary = Json.mapper().readTree(out.resolve(BatchRunner.SUMMARY).toFile());
        Matcher m = Pattern.compile("data-summary=\"([^\"]+)\">([^<]*)<").matcher(dom);
        int checked = 0;
        Set<String> paths = new HashSet<>();
        while (m.find()) {
            String path = m.group(1).replace("&amp;", "&");
            JsonNode expected = resolve(summary, path);
            assertFalse(expected.isMissingNode(), "summary.json has " + path);
            BigDecimal shown = new BigDecimal(m.group(2).replace(",", "").strip());
            assertEquals(0, expected.decimalValue().compareTo(shown), path + ": page shows " + m.group(2) + ", summary.json " + expected);
            paths.add(path);
            checked++;
        }
        assertTrue(checked > 100, "the page carries its figures (" + checked + ")");
        for (String p : List.of("cases.records", "cases.evaluated", "cases.rejected", "applicants.withEligible",
                "applicants.withUndetermined", "pools[6-platforms-rd].overWan", "pools[6-platforms-rd].allocatedWan",
                "pools[6-total].budgetWan", "clauses[0].totals.eligible", "areas[0].totals.nonCashEligible",
                "areas[1].totals.eligibleAmountWan", "areas[1].totals.cashEligibleUnpriced", "totals.eligibleAmountWan",
                "totals.cashEligible", "totals.cashEligibleUnpriced", "totals.nonCashEligible", "totals.relevant",
                "totals.allocatedAmountWan")) {
            assertTrue(paths.contains(p), "the page shows " + p);
        }
        assertTrue(summary.path("cases").path("rejected").asLong() == 1);
        // the money card shows the three things apart: each kind of benefit without money is shown with its count
        summary.at("/totals/nonCashEligibleByKind").fieldNames().forEachRemaining(kind ->
                assertTrue(paths.contains("totals.nonCashEligibleByKind." + kind), "the page shows the " + kind + " count"));
        assertTrue(summary.at("/totals/nonCashEligibleByKind").size() > 0);
        assertTrue(dom.contains("class=\"bar over\""), "an oversubscribed pool is drawn as such");
    }

    @Test
    void everyCaseOfTheTableLinksToItsExplanation() throws Exception {
        needBrowser();
        String dom = chromium("--dump-dom", out.resolve(BatchRunner.REPORT).toUri().toString());
        Matcher links = Pattern.compile("<a href=\"#(case-[^\"]+)\"").matcher(dom);
        List<String> targets = new ArrayList<>();
        while (links.find()) {
            targets.add(links.group(1));
        }
        assertEquals(300, targets.size(), "the first 300 cases with outcomes are listed");
        for (String t : targets) {
            int at = dom.indexOf("id=\"" + t + "\"");
            assertTrue(at > 0, "section " + t);
            int end = dom.indexOf("</section>", at);
            String section = dom.substring(at, end);
            assertTrue(section.contains("符合第") || section.contains("待定：") || section.contains("相关政策第"),
                    "section " + t + " explains its outcomes");
            assertTrue(section.contains("<details class=\"explain\"><summary>完整说明") && section.contains("<pre>案例 "),
                    "section " + t + " holds the case's full explanation");
        }
        assertFalse(dom.contains("<script>}"), "input text is escaped");
    }

    @Test
    void thePageIsSelfContainedAndAScreenshotCanBeTaken() throws Exception {
        needBrowser();
        String html = Files.readString(out.resolve(BatchRunner.REPORT), StandardCharsets.UTF_8);
        for (String forbidden : List.of("http://", "https://", "<link", " src=", "url(", "@import")) {
            assertFalse(html.contains(forbidden), "report.html contains " + forbidden);
        }
        assertTrue(html.contains("Content-Security-Policy") && html.contains("default-src 'none'"));
        // one script, the page's own, allowed by its hash and nothing else
        Matcher scripts = Pattern.compile("<script>(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(scripts.find(), "the department filter's script");
        String hash = "sha256-" + java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(scripts.group(1).getBytes(StandardCharsets.UTF_8)));
        assertTrue(html.contains("script-src '" + hash + "'\""), "the policy allows exactly that script");
        assertFalse(scripts.find(), "one script only");
        assertEquals(1, html.split("<script", -1).length - 1, "no other script tag");
        Path png = dir.resolve("report.png");
        chromium("--screenshot=" + png, "--window-size=1280,3000", out.resolve(BatchRunner.REPORT).toUri().toString());
        byte[] b = Files.readAllBytes(png);
        assertTrue(b.length > 10_000 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G', "a PNG screenshot");
    }

    private static JsonNode resolve(JsonNode root, String path) {
        JsonNode n = root;
        for (String part : path.split("\\.")) {
            Matcher m = Pattern.compile("(\\w+)\\[([^\\]]+)]").matcher(part);
            if (m.matches()) {
                JsonNode array = n.path(m.group(1));
                String key = m.group(2);
                if (key.matches("\\d+")) {
                    n = array.path(Integer.parseInt(key));
                } else {
                    JsonNode found = com.fasterxml.jackson.databind.node.MissingNode.getInstance();
                    for (JsonNode e : array) {
                        if (e.path("id").asText().equals(key)) {
                            found = e;
                        }
                    }
                    n = found;
                }
            } else {
                n = n.path(part);
            }
        }
        return n;
    }

    /** Runs headless Chromium without network access and returns what it printed. */
    private static String chromium(String... args) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile));
        cmd.addAll(List.of(args));
        Path stdout = Files.createTempFile(dir, "chromium", ".out");
        Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("chromium did not finish within 180 s: " + cmd);
        }
        assertEquals(0, p.exitValue(), "chromium exit status for " + cmd);
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    private static String findChromium() {
        String configured = System.getenv("SUBSIDY_CHROMIUM");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                Path p = Path.of(dirName, name);
                if (Files.isExecutable(p)) {
                    return p.toString();
                }
            }
        }
        return null;
    }
}
