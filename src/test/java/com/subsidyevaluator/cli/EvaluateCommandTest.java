package com.subsidyevaluator.cli;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The evaluate command as a user meets it: outputs, formats and exit codes. */
class EvaluateCommandTest {

    @TempDir
    Path dir;

    private static String sample(String name) {
        return TestSupport.samplesDir().resolve(name).toString();
    }

    private static String rules() {
        return TestSupport.rulesDir().toString();
    }

    @Test
    void printsEligibleOutcomesWithTheirReasonsInChinese() {
        Run r = TestSupport.cli("evaluate", sample("s01-smart-electrical-manufacturer.json"), "--rules", rules());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("[符合] 第12条 研发后补助"), r.out());
        assertTrue(r.out().contains("✓ 统计年报在统：是"), r.out());
        assertTrue(r.out().contains("金额按配套细则") || r.out().contains("按照相应标准"), r.out());
        assertFalse(r.out().contains("[不符合]"), "not-eligible outcomes only with --all");
    }

    @Test
    void allAlsoListsNotEligibleOutcomesWithTheFailedCondition() {
        Run r = TestSupport.cli("evaluate", sample("s05-rd-institution-not-reported.json"), "--rules", rules(), "--all");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("[不符合] 第12条 研发后补助"), r.out());
        assertTrue(r.out().contains("✗ 已录入统计联网直报平台：否，应为是"), r.out());
    }

    @Test
    void missingDataGivesUndeterminedWithTheMissingFacts() {
        Run r = TestSupport.cli("evaluate", sample("s06-incomplete-data.json"), "--rules", rules());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("[待定] 第12条 研发后补助"), r.out());
        assertTrue(r.out().contains("? 缺少「统计年报在统」（应为是）（$.enterprise.inStatistics）"), r.out());
        assertFalse(r.out().contains("[不符合] 第12条"), r.out());
    }

    @Test
    void jsonOutputHasTheStableFields() throws Exception {
        Run r = TestSupport.cli("evaluate", sample("s01-smart-electrical-manufacturer.json"), "--rules", rules(),
                "--format", "json", "--all");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode doc = Json.mapper().readTree(r.out());
        for (String f : new String[] {"caseId", "asOf", "ruleSet", "outcomes"}) {
            assertTrue(doc.has(f), f);
        }
        assertEquals("yueqing-2023", doc.at("/ruleSet/id").asText());
        assertTrue(doc.at("/ruleSet/hash").asText().startsWith("sha256:"));
        assertEquals("2023-09-30", doc.get("asOf").asText());
        JsonNode o = doc.get("outcomes").get(0);
        for (String f : new String[] {"clause", "rule", "title", "area", "department", "subject", "status", "benefit",
                "met", "unmet", "missing", "explanation"}) {
            assertTrue(o.has(f), "outcome field " + f);
        }
        for (String f : new String[] {"kind", "amountWan", "note"}) {
            assertTrue(o.get("benefit").has(f), "benefit field " + f);
        }
        boolean nullAmountForUnstated = false;
        for (JsonNode x : doc.get("outcomes")) {
            if (x.get("clause").asText().equals("12") && x.get("status").asText().equals("ELIGIBLE")) {
                nullAmountForUnstated = x.at("/benefit/amountWan").isNull() && x.at("/benefit/note").asText().contains("配套细则");
            }
        }
        assertTrue(nullAmountForUnstated, "an amount the document does not state is null with a note");
    }

    @Test
    void asOfOutsideTheValidityPeriodGivesNoBenefitAndSaysWhy() {
        Run r = TestSupport.cli("evaluate", sample("s01-smart-electrical-manufacturer.json"), "--rules", rules(),
                "--as-of", "2024-03-01", "--all");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("不在政策有效期内"), r.out());
        assertFalse(r.out().contains("[符合]"), r.out());
        assertTrue(r.out().contains("评估日期 2024-03-01 不在政策有效期 2023-01-01 至 2023-12-31 内"), r.out());
    }

    private Run badInput(String content) throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return TestSupport.cli("evaluate", f.toString(), "--rules", rules());
    }

    private static void assertOneLineError(Run r, String... fragments) {
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat "), "no stack trace: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "missing '" + f + "' in: " + r.err());
        }
    }

    @Test
    void malformedJsonIsABadInputWithItsLocation() throws Exception {
        Run r = badInput("{ \"caseId\": \"X\",\n  \"asOf\": \"2023-05-01\" \"enterprise\": {} }");
        assertOneLineError(r, "bad.json:2:", "JSON 格式错误");
    }

    @Test
    void anUnknownFieldIsABadInputWithASuggestion() throws Exception {
        Run r = badInput("{ \"caseId\": \"X\", \"asOf\": \"2023-05-01\",\n \"enterprise\": { \"name\": \"甲\", \"kind\": \"ENTERPRISE\", \"hightech\": true } }");
        assertOneLineError(r, "bad.json:2:", "$.enterprise.hightech", "是否指 'highTech'");
    }

    @Test
    void aWrongTypeIsABadInput() throws Exception {
        Run r = badInput("{ \"caseId\": \"X\", \"asOf\": \"2023-05-01\",\n \"enterprise\": { \"name\": \"甲\", \"kind\": \"ENTERPRISE\", \"revenueWan\": \"3000\" } }");
        assertOneLineError(r, "bad.json:2:", "$.enterprise.revenueWan", "应为数字（万元）");
    }

    @Test
    void aNegativeValueIsABadInput() throws Exception {
        Run r = badInput("{ \"caseId\": \"X\", \"asOf\": \"2023-05-01\",\n \"enterprise\": { \"name\": \"甲\", \"kind\": \"ENTERPRISE\", \"rdExpenseWan\": -20 } }");
        assertOneLineError(r, "bad.json:2:", "$.enterprise.rdExpenseWan", "不能为负数");
    }

    @Test
    void aMissingFileIsABadInput() {
        Run r = TestSupport.cli("evaluate", dir.resolve("absent.json").toString(), "--rules", rules());
        assertOneLineError(r, "absent.json", "文件不存在");
    }

    @Test
    void aCaseWithoutADateNeedsAsOf() throws Exception {
        Run r = badInput("{ \"caseId\": \"X\", \"enterprise\": { \"name\": \"甲\", \"kind\": \"ENTERPRISE\" } }");
        assertOneLineError(r, "$.asOf", "--as-of");
    }

    @Test
    void goodFilesAreStillEvaluatedWhenAnotherIsBad() throws Exception {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{", StandardCharsets.UTF_8);
        Run r = TestSupport.cli("evaluate", sample("s02-hightech-startup-in-incubator.json"), bad.toString(), "--rules", rules());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.out().contains("案例 S02"), r.out());
    }

    @Test
    void aBrokenRuleFileIsBadRulesWithFileAndLine() throws Exception {
        Path copy = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("rules"));
        Path drl = copy.resolve("02-science-and-technology.drl");
        String text = Files.readString(drl, StandardCharsets.UTF_8);
        Files.writeString(drl, text.replace("inStatistics == true", "inStatistic == true"), StandardCharsets.UTF_8);
        int line = 0;
        String[] lines = Files.readString(drl, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains("inStatistic == true")) {
                line = i + 1;
            }
        }
        Run r = TestSupport.cli("evaluate", sample("s01-smart-electrical-manufacturer.json"), "--rules", copy.toString());
        assertEquals(ExitCode.BAD_RULES, r.exitCode(), r.err());
        assertTrue(r.err().contains("02-science-and-technology.drl:" + line + ":"), r.err());
        assertTrue(r.err().contains("没有字段 'inStatistic'，是否指 'inStatistics'"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }

    @Test
    void aMissingRuleDirectoryIsAnOptionThatPointsNowhere() {
        for (String command : new String[] {"evaluate", "validate", "rules", "test"}) {
            Run r = command.equals("evaluate")
                    ? TestSupport.cli(command, sample("s01-smart-electrical-manufacturer.json"), "--rules", dir.resolve("none").toString())
                    : TestSupport.cli(command, "--rules", dir.resolve("none").toString());
            assertEquals(ExitCode.BAD_INPUT, r.exitCode(), command + ": " + r.out() + r.err());
            assertTrue(r.err().contains("--rules " + dir.resolve("none") + "：目录不存在 (no such directory)"), r.err());
        }
    }

    @Test
    void rulesForAClauseBeyondTheDocumentSaysHowManyClausesThereAre() {
        Run r = TestSupport.cli("rules", "--clause", "99");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("乐政发〔2023〕6号 共 57 条"), r.err());
        Run noRule = TestSupport.cli("rules", "--clause", "1");
        assertEquals(ExitCode.BAD_INPUT, noRule.exitCode(), noRule.err());
        assertTrue(noRule.err().contains("第1条没有规则：31.5亿元由市财政统筹安排"), noRule.err());
    }

    @Test
    void helpListsTheExitCodesAndVersionNamesTheEngine() {
        Run help = TestSupport.cli("evaluate", "--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("退出码") && help.out().contains("3  规则有误"), help.out());
        Run version = TestSupport.cli("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().contains("Drools 10.2.0"), version.out());
    }

    @Test
    void anUnknownOptionIsABadInput() {
        Run r = TestSupport.cli("evaluate", "--colour", "x.json");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertTrue(r.err().contains("--colour"), r.err());
    }

    @Test
    void schemaPrintsTheCaseFormatWithUnits() throws Exception {
        Run r = TestSupport.cli("schema");
        assertEquals(0, r.exitCode());
        JsonNode schema = Json.mapper().readTree(r.out());
        assertEquals("万元", schema.at("/$defs/Enterprise/properties/revenueWan/x-unit").asText());
        assertEquals(false, schema.at("/$defs/Enterprise/additionalProperties").asBoolean(true));
    }
}
