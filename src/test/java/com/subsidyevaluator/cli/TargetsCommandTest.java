package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code subsidy targets}: the report in text, JSON and HTML, and the exit codes for bad figures and bad rules. */
class TargetsCommandTest {

    private static final String SAMPLE = TestSupport.samplesDir().resolve("yueqing-2023-indicators.json").toString();
    private static final String RULES = TestSupport.rulesDir().toString();

    private static Run targets(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "targets";
        System.arraycopy(args, 0, all, 1, args.length);
        return TestSupport.cli(all);
    }

    @Test
    void printsEveryTargetClauseByClauseWithItsVerdict() {
        Run r = targets("--rules", RULES, SAMPLE);
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("[达到] 领域目标 规上工业增加值增长：目标 8% 左右，实际 12.7%，超出 4.7 个百分点"), out);
        assertTrue(out.contains("[达到] 第18条 工业用地（用海）供应量：目标 不低于 1500 亩，实际 1541 亩，超出 41 亩"), out);
        assertTrue(out.contains("[无数据] 第3条 全市供应建设用地：目标 不低于 5000 亩，无数据"), out);
        assertTrue(out.contains("计算：79000 万元 ÷ 5380 万元 ≈ 14.68 倍"), out);
        assertTrue(out.contains("消费券（第34条，34-vouchers）：预算 4580 万元，实际 5380 万元，执行率 117.5%（5380 ÷ 4580），超出预算 800 万元"), out);
        assertTrue(out.contains("合计：目标 93 项，达到 8 项，未达到 0 项，无数据 85 项"), out);
        assertEquals(93, out.lines().filter(l -> l.matches("\\[(达到|未达到|无数据)] .*")).count());
        assertTrue(out.indexOf("一、扩大有效投资政策") < out.indexOf("八、保障和改善民生政策"));
        assertTrue(out.indexOf("领域目标 规上工业企业数") < out.indexOf("第16条 重点产业发展母基金规模"),
                "area headlines come first");
    }

    @Test
    void jsonHasEveryTargetAndTheBudgetExecution() throws Exception {
        Run r = targets("--rules", RULES, "--format", "json", SAMPLE);
        assertEquals(0, r.exitCode(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(93, doc.path("summary").path("targets").asInt());
        assertEquals(8, doc.path("areas").size());
        int n = 0;
        for (JsonNode area : doc.path("areas")) {
            for (JsonNode t : area.path("targets")) {
                n++;
                assertFalse(t.path("target").path("quote").asText().isBlank());
                assertTrue(t.path("verdict").asText().matches("MET|NOT_MET|NO_DATA"));
            }
        }
        assertEquals(93, n);
        JsonNode budget = doc.path("budgets").get(0);
        assertEquals("117.5", budget.path("executionPercent").asText());
        assertEquals("800", budget.path("overrunWan").asText());
        assertTrue(r.out().contains("\"value\" : 14.68401486988847583643"), "the quotient is written exactly");
    }

    @Test
    void htmlIsOneSelfContainedPage() {
        Run r = targets("--rules", RULES, "--format", "html", SAMPLE);
        assertEquals(0, r.exitCode(), r.err());
        String html = r.out();
        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<meta charset=\"utf-8\">"));
        assertTrue(html.contains("<style>"));
        for (String forbidden : new String[] {"<script", "http://", "https://", "<link", "src=", "@import", "url("}) {
            assertFalse(html.contains(forbidden), "no " + forbidden);
        }
        Matcher rows = Pattern.compile("<tr id=\"[a-z0-9-]+\">").matcher(html);
        int count = 0;
        while (rows.find()) {
            count++;
        }
        assertEquals(93, count);
        assertTrue(html.contains("规上工业增加值增长"));
        assertTrue(html.contains("117.5%"));
        assertTrue(html.trim().endsWith("</html>"));
    }

    @Test
    void aBadIndicatorsFileExitsWith2NamingPathLineAndColumn(@TempDir Path tmp) throws Exception {
        String json = Files.readString(Path.of(SAMPLE), StandardCharsets.UTF_8).replace("\"value\": 12.7,", "\"value\": \"12.7\",");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, json, StandardCharsets.UTF_8);
        Run r = targets("--rules", RULES, bad.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().startsWith(bad + ":11:"), r.err());
        assertTrue(r.err().contains("$.indicators[0].value"), r.err());
        assertEquals("", r.out());
        Run missing = targets("--rules", RULES, tmp.resolve("none.json").toString());
        assertEquals(ExitCode.BAD_INPUT, missing.exitCode());
        assertTrue(missing.err().contains("文件不存在"), missing.err());
    }

    @Test
    void brokenTargetRulesExitWith3(@TempDir Path tmp) throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        Path drl = dir.resolve("targets/targets.drl");
        Files.writeString(drl, Files.readString(drl, StandardCharsets.UTF_8).replace("actual >= target", "actual >= targt"),
                StandardCharsets.UTF_8);
        Run r = targets("--rules", dir.toString(), SAMPLE);
        assertEquals(ExitCode.BAD_RULES, r.exitCode(), r.err());
        assertTrue(r.err().matches("(?s).*targets/targets\\.drl:\\d+:\\d+ .*没有字段 'targt'，是否指 'target'.*"), r.err());
    }

    @Test
    void aTargetNoRuleJudgesExitsWith3(@TempDir Path tmp) throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        Path drl = dir.resolve("targets/targets.drl");
        String text = Files.readString(drl, StandardCharsets.UTF_8);
        int from = text.indexOf("rule \"在目标左右（越高越好）");
        int to = text.indexOf("end", from) + 3;
        Files.writeString(drl, text.substring(0, from) + text.substring(to), StandardCharsets.UTF_8);
        Run r = targets("--rules", dir.toString(), SAMPLE);
        assertEquals(ExitCode.BAD_RULES, r.exitCode(), r.err());
        assertTrue(r.err().contains("a3-industrial-value-added（ABOUT，UP）没有适用的目标规则"), r.err());
        assertTrue(r.err().matches("(?s).*targets\\.yaml:\\d+ .*"), r.err());
    }

    @Test
    void inconsistentTargetDataOrTolerancesExitWith3(@TempDir Path tmp) throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        Path targets = dir.resolve("targets.yaml");
        Files.writeString(targets, Files.readString(targets, StandardCharsets.UTF_8).replace(
                "value: 1.75, unit: 倍, comparison: AT_MOST, direction: DOWN", "value: 1.75, unit: 倍, comparison: AT_MOST, direction: UP"),
                StandardCharsets.UTF_8);
        Run r = targets("--rules", dir.toString(), SAMPLE);
        assertEquals(ExitCode.BAD_RULES, r.exitCode(), r.err());
        assertTrue(r.err().contains("a7-income-ratio：AT_MOST 的目标方向应为 DOWN"), r.err());

        Path other = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules2"));
        Files.writeString(other.resolve("targets/tolerances.yaml"), "about:\n  percentagePoints: -1\n  relativePercent: 10\n",
                StandardCharsets.UTF_8);
        Run t = targets("--rules", other.toString(), SAMPLE);
        assertEquals(ExitCode.BAD_RULES, t.exitCode(), t.err());
        assertTrue(t.err().contains("targets/tolerances.yaml"), t.err());
    }

    @Test
    void theCommandIsListedAndDocumented() {
        Run help = TestSupport.cli("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("targets"), help.out());
        Run own = targets("--help");
        assertEquals(0, own.exitCode());
        assertTrue(own.out().contains("--format") && own.out().contains("退出码"), own.out());
        Run badFormat = targets("--rules", RULES, "--format", "pdf", SAMPLE);
        assertEquals(ExitCode.BAD_INPUT, badFormat.exitCode());
    }
}
