package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code subsidy batch} and {@code subsidy generate} as a user runs them. */
class BatchCommandTest {

    @TempDir
    Path dir;

    private String rules() {
        return TestSupport.rulesDir().toString();
    }

    @Test
    void theSamplesDirectoryIsEvaluatedAndOnlyTheSummaryIsPrinted() throws Exception {
        Path out = dir.resolve("out");
        Run r = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--out", out.toString(), "--rules", rules());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        long samples;
        try (var files = Files.list(TestSupport.samplesDir())) {
            samples = files.filter(com.subsidyevaluator.io.CaseFiles::isCaseFile).count();
        }
        assertTrue(samples >= 24, "the shipped samples");
        assertEquals(samples + " 个案例：" + samples + " 个已评估，0 个被拒绝" + System.lineSeparator(), r.out());
        // nothing but the summary when not on a terminal, and the one line saying which file is not read and why
        assertEquals(TestSupport.samplesDir().resolve("yueqing-2023-indicators.json") + ": 跳过：这是指标数字文件（城市的实际数字），"
                + "不是申请案例；请用 subsidy targets 读取它 (an indicators file, not a case: read it with subsidy targets)"
                + System.lineSeparator(), r.err());
        for (String f : List.of("results.jsonl", "rules.json", "awards.csv", "errors.jsonl", "summary.json", "report.html")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (var s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary files are left");
        }
        assertEquals(samples, Files.readAllLines(out.resolve("results.jsonl")).size());
        assertEquals(0, Files.size(out.resolve("errors.jsonl")));
    }

    @Test
    void resultsHaveTheFieldsOfEvaluateFormatJson() throws Exception {
        Path out = dir.resolve("out");
        Path sample = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json");
        // --full-results: the self-contained lines (the compact ones are read back in ExplainCommandTest)
        TestSupport.cli("batch", sample.toString(), "--out", out.toString(), "--rules", rules(), "--full-results");
        assertFalse(Files.exists(out.resolve("rules.json")), "full lines need no catalogue");
        Run single = TestSupport.cli("evaluate", sample.toString(), "--format", "json", "--rules", rules());
        JsonNode expected = Json.mapper().readTree(single.out());
        JsonNode actual = Json.mapper().readTree(Files.readAllLines(out.resolve("results.jsonl")).get(0));
        assertEquals(expected, actual);
        assertFalse(single.out().contains("allocation"), "evaluate shows no allocation field");
    }

    @Test
    void rejectedRecordsGiveExitCodeFourAndErrorRecords() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, """
                {"caseId":"A","asOf":"2023-12-31","enterprise":{"name":"甲","kind":"ENTERPRISE","highTech":true}}
                {"caseId":"B","asOf":"2023-12-31","enterprise":{"name":"乙","kind":"ENTERPRISE","revenueWan":"很多"}}
                """, StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        Run r = TestSupport.cli("batch", in.toString(), "--out", out.toString(), "--rules", rules());
        assertEquals(ExitCode.SOME_REJECTED, r.exitCode());
        assertEquals("2 个案例：1 个已评估，1 个被拒绝" + System.lineSeparator(), r.out());
        JsonNode e = Json.mapper().readTree(Files.readAllLines(out.resolve("errors.jsonl")).get(0));
        assertEquals(in.toString(), e.path("file").asText());
        assertEquals(2, e.path("line").asInt());
        assertEquals("$.enterprise.revenueWan", e.path("path").asText());
        assertTrue(e.path("column").asInt() > 0);
        assertTrue(e.path("reason").asText().contains("数字"), e.toString());
    }

    @Test
    void mistakesOnTheCommandLineAreBadInputAndBadRulesAreBadRules() throws Exception {
        Run missing = TestSupport.cli("batch", dir.resolve("nope.jsonl").toString(), "--out", dir.resolve("o").toString(),
                "--rules", rules());
        assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
        assertTrue(missing.err().contains("nope.jsonl") && missing.err().contains("不存在"), missing.err());

        Run allocate = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--out", dir.resolve("o").toString(),
                "--allocate", "sometimes", "--rules", rules());
        assertEquals(ExitCode.BAD_INPUT, allocate.exitCode());
        assertTrue(allocate.err().contains("pro-rata"), allocate.err());

        Run noOut = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--rules", rules());
        assertEquals(ExitCode.BAD_INPUT, noOut.exitCode());

        Path badRules = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("bad-rules"));
        Files.writeString(badRules.resolve("02-science-and-technology.drl"), "rule \"broken\" when then", StandardCharsets.UTF_8);
        Run bad = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--out", dir.resolve("o").toString(),
                "--rules", badRules.toString());
        assertEquals(ExitCode.BAD_RULES, bad.exitCode());
    }

    @Test
    void awardsCsvOpensInExcelWithChineseAndQuotesWhatNeedsQuoting() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"caseId\":\"Q1\",\"asOf\":\"2023-12-31\",\"enterprise\":{\"name\":\"=甲,\\\"乙\\\"\\n公司\","
                + "\"kind\":\"ENTERPRISE\",\"highTech\":true}}\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        TestSupport.cli("batch", in.toString(), "--out", out.toString(), "--rules", rules());
        byte[] csv = Files.readAllBytes(out.resolve("awards.csv"));
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(csv, 3), "UTF-8 byte-order mark");
        String text = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("案例编号,申请主体,条款,标题,"), text);
        assertTrue(text.contains("\r\n"), "CRLF line ends");
        assertTrue(text.contains("Q1,\"'=甲,\"\"乙\"\"\n公司\",11,"), "quoted, quotes doubled, formula neutralised: " + text);
    }

    @Test
    void generateWritesTheSameCasesForTheSameSeed() throws Exception {
        Run a = TestSupport.cli("generate", "--count", "50", "--seed", "5", "--rules", rules());
        Run b = TestSupport.cli("generate", "--count", "50", "--seed", "5", "--rules", rules());
        Run c = TestSupport.cli("generate", "--count", "50", "--seed", "6", "--rules", rules());
        assertEquals(ExitCode.OK, a.exitCode(), a.err());
        assertEquals(a.out(), b.out());
        assertFalse(a.out().equals(c.out()));
        assertEquals(50, a.out().lines().count());
        Path file = dir.resolve("pop.jsonl");
        Run d = TestSupport.cli("generate", "--count", "50", "--seed", "5", "--out", file.toString(), "--rules", rules());
        assertEquals(ExitCode.OK, d.exitCode(), d.err());
        assertEquals(a.out().replace(System.lineSeparator(), "\n"), Files.readString(file, StandardCharsets.UTF_8));
        Run batch = TestSupport.cli("batch", file.toString(), "--out", dir.resolve("o").toString(), "--rules", rules());
        assertEquals("50 个案例：50 个已评估，0 个被拒绝" + System.lineSeparator(), batch.out());
    }

    @Test
    void outOntoAnExistingFileSaysWhyItCannotBeUsed() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("a-file.txt"), "x");
        com.subsidyevaluator.TestSupport.Run r = com.subsidyevaluator.TestSupport.cli("batch",
                com.subsidyevaluator.TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString(),
                "--out", file.toString());
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("已有同名的文件，不能用作输出目录"), r.err());
        assertEquals("x", java.nio.file.Files.readString(file), "the file is left as it was");
    }
}
