package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code subsidy explain OUTDIR CASEID}: the text of {@code subsidy evaluate}, made from a batch's two files. */
class ExplainCommandTest {

    @TempDir
    static Path dir;
    static Path all;
    static Path visible;

    /** Samples of every kind: clause 23's related fact (s27, s10), guidance only (s38), missing facts (s06), exclusivity (s18). */
    static final List<String> SAMPLES = List.of("s01-smart-electrical-manufacturer", "s06-incomplete-data",
            "s10-smart-electrical-provincial-major-project", "s18-software-information-service",
            "s27-xiongying-service-enterprise", "s38-featured-town-operator", "s40-machinery-maker-agri-research-not-insured");

    private static String rules() {
        return TestSupport.rulesDir().toString();
    }

    @BeforeAll
    static void batches() {
        all = dir.resolve("all");
        visible = dir.resolve("visible");
        Run a = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--out", all.toString(), "--rules", rules(), "--all");
        assertEquals(ExitCode.OK, a.exitCode(), a.err());
        Run v = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--out", visible.toString(), "--rules", rules());
        assertEquals(ExitCode.OK, v.exitCode(), v.err());
    }

    private static String caseId(String sample) throws Exception {
        return com.subsidyevaluator.io.Json.mapper().readTree(TestSupport.samplesDir().resolve(sample + ".json").toFile())
                .get("caseId").asText();
    }

    @Test
    void explainPrintsWhatEvaluatePrintsByteForByte() throws Exception {
        for (String sample : SAMPLES) {
            String file = TestSupport.samplesDir().resolve(sample + ".json").toString();
            String id = caseId(sample);
            Run evaluate = TestSupport.cli("evaluate", file, "--rules", rules());
            Run explain = TestSupport.cli("explain", all.toString(), id);
            assertEquals(ExitCode.OK, explain.exitCode(), explain.err());
            assertEquals(evaluate.out(), explain.out(), sample);
            Run evaluateAll = TestSupport.cli("evaluate", file, "--rules", rules(), "--all");
            Run explainAll = TestSupport.cli("explain", all.toString(), id, "--all");
            assertEquals(evaluateAll.out(), explainAll.out(), sample + " --all");
        }
        String xiongying = TestSupport.cli("explain", all.toString(), caseId("s27-xiongying-service-enterprise")).out();
        assertTrue(xiongying.contains("第23条"), "clause 23 with its related fact");
        assertTrue(TestSupport.cli("explain", all.toString(), caseId("s38-featured-town-operator")).out()
                .contains("相关政策（"), "guidance");
    }

    @Test
    void withoutBatchAllTheOutcomesAreTheSameAndTheClosingLineSaysWhatIsNotThere() throws Exception {
        String sample = "s01-smart-electrical-manufacturer";
        Run evaluate = TestSupport.cli("evaluate", TestSupport.samplesDir().resolve(sample + ".json").toString(), "--rules", rules());
        Run explain = TestSupport.cli("explain", visible.toString(), caseId(sample));
        assertEquals(ExitCode.OK, explain.exitCode(), explain.err());
        String e = evaluate.out().strip();
        String x = explain.out().strip();
        assertEquals(e.substring(0, e.lastIndexOf('\n')), x.substring(0, x.lastIndexOf('\n')), "every line but the last");
        assertTrue(x.substring(x.lastIndexOf('\n')).contains("不符合的结论未写入结果（batch 加 --all 时写入）"), x);
    }

    @Test
    void anUnknownCaseIdIsExitCodeSix() {
        Run r = TestSupport.cli("explain", all.toString(), "NO-SUCH-CASE");
        assertEquals(ExitCode.NOT_FOUND, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("案例 NO-SUCH-CASE 不在 ") && r.err().contains("(case id not found in results.jsonl)"), r.err());
    }

    @Test
    void missingFilesAreExitCodeTwo() throws Exception {
        Run r = TestSupport.cli("explain", dir.resolve("nowhere").toString(), "S01");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("找不到 ") && r.err().contains("(no results.jsonl"), r.err());
        Path noRules = dir.resolve("no-rules");
        Files.createDirectories(noRules);
        Files.copy(all.resolve("results.jsonl"), noRules.resolve("results.jsonl"));
        r = TestSupport.cli("explain", noRules.toString(), "S01");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith("找不到 ") && r.err().contains("(no rules.json beside"), r.err());
    }

    @Test
    void resultsOfAnotherRuleSetAreRefused() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        Files.copy(all.resolve("rules.json"), other.resolve("rules.json"));
        String results = Files.readString(all.resolve("results.jsonl"), StandardCharsets.UTF_8)
                .replaceAll("\"ruleSet\":\"sha256:[0-9a-f]{64}\"", "\"ruleSet\":\"sha256:" + "0".repeat(64) + "\"");
        Files.writeString(other.resolve("results.jsonl"), results, StandardCharsets.UTF_8);
        Run r = TestSupport.cli("explain", other.toString(), "S01");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("与 rules.json 的规则集") && r.err().contains("(the results were written with another rule set"),
                r.err());
    }

    @Test
    void fullResultsNeedNoExplain() {
        Path full = dir.resolve("full");
        TestSupport.cli("batch", TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString(),
                "--out", full.toString(), "--rules", rules(), "--full-results");
        Run r = TestSupport.cli("explain", full.toString(), "S01");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("--full-results") && r.err().contains("(results written with --full-results"), r.err());
    }
}
