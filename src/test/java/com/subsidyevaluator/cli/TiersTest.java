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
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Entitlements and guidance apart, in every output a user reads: guidance (相关政策) is listed after the
 * entitlements by evaluate, has status RELEVANT in JSON, its own section in the report, its own count in the
 * summary, and is never an award.
 */
class TiersTest {

    @TempDir
    Path dir;

    private static final String DRL = """
            package test.tiers;
            import com.subsidyevaluator.model.*;
            global com.subsidyevaluator.engine.OutcomeRecorder outcome;

            // 第22条 ……支持2023年度打造1家温州市级现代服务业创新发展区……给予创建单位资金补助。
            rule "第22条 2023年创建现代服务业创新发展区的单位获资金补助（测试）"
                @clause("22") @tier("entitlement") @title("创建资金补助") @benefit("资金奖补") @amount("30")
            when
                $r : Recognition( kind == RecognitionKind.SERVICE_INNOVATION_ZONE, year == 2023 )
            then
                outcome.eligible($r);
            end

            // 第22条 ……优先安排国家中央预算内投资、专项债及政策性金融工具等资金。
            rule "第22条 现代服务业创新发展区优先安排上级资金（测试）"
                @clause("22") @tier("guidance") @title("优先安排上级资金") @benefit("金融支持")
            when
                $r : Recognition( kind == RecognitionKind.SERVICE_INNOVATION_ZONE, level == Level.PROVINCIAL )
            then
                outcome.eligible($r);
            end
            """;

    private Path ruleSet(String drl) throws Exception {
        Path r = dir.resolve("rules");
        Files.createDirectories(r);
        Files.copy(TestSupport.rulesDir().resolve("document.yaml"), r.resolve("document.yaml"), StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(r.resolve("rules.drl"), drl, StandardCharsets.UTF_8);
        return r;
    }

    private Path zone(String name, String level, Integer year) throws Exception {
        Path c = dir.resolve(name + ".json");
        Files.writeString(c, "{\"caseId\":\"" + name + "\",\"asOf\":\"2023-07-01\",\"enterprise\":{\"name\":\"" + name
                + "发展区管委会\",\"kind\":\"PLATFORM_OPERATOR\"},\"recognitions\":[{\"kind\":\"SERVICE_INNOVATION_ZONE\",\"level\":\""
                + level + "\"" + (year == null ? "" : ",\"year\":" + year) + ",\"stage\":\"APPLYING\"}]}", StandardCharsets.UTF_8);
        return c;
    }

    @Test
    void evaluateListsGuidanceAfterTheEntitlementsAndCountsItApart() throws Exception {
        Path rules = ruleSet(DRL);
        Run r = TestSupport.cli("evaluate", zone("Z1", "PROVINCIAL", 2023).toString(), "--rules", rules.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        int entitlement = r.out().indexOf("[符合] 第22条 创建资金补助");
        int section = r.out().indexOf("相关政策（1 项");
        int guidance = r.out().indexOf("[相关政策] 第22条 优先安排上级资金");
        assertTrue(entitlement >= 0 && section > entitlement && guidance > section, r.out());
        assertTrue(r.out().contains("合计：符合 1 项，待定 0 项，不符合 0 项；相关政策 1 项"), r.out());
        assertFalse(r.out().contains("[符合] 第22条 优先安排上级资金"), r.out());
    }

    @Test
    void guidanceThatDoesNotApplyIsNotReportedAtAllNotEvenWithAll() throws Exception {
        Path rules = ruleSet(DRL);
        Run r = TestSupport.cli("evaluate", zone("Z2", "WENZHOU", null).toString(), "--rules", rules.toString(), "--all",
                "--format", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        JsonNode outcomes = Json.mapper().readTree(r.out()).get("outcomes");
        assertEquals(1, outcomes.size(), r.out());
        assertEquals("UNDETERMINED", outcomes.get(0).get("status").asText());
    }

    @Test
    void jsonGivesGuidanceItsOwnStatus() throws Exception {
        Path rules = ruleSet(DRL);
        Run r = TestSupport.cli("evaluate", zone("Z3", "PROVINCIAL", 2022).toString(), "--rules", rules.toString(),
                "--format", "json");
        JsonNode outcomes = Json.mapper().readTree(r.out()).get("outcomes");
        boolean relevant = false;
        for (JsonNode o : outcomes) {
            if (o.get("title").asText().equals("优先安排上级资金")) {
                assertEquals("RELEVANT", o.get("status").asText());
                relevant = true;
            }
        }
        assertTrue(relevant, r.out());
    }

    @Test
    void batchNeverCountsGuidanceAsAnAwardAndReportsItInItsOwnSection() throws Exception {
        Path rules = ruleSet(DRL);
        zone("B1", "PROVINCIAL", 2023);
        zone("B2", "PROVINCIAL", 2021);
        Path cases = dir.resolve("cases");
        Files.createDirectories(cases);
        Files.move(dir.resolve("B1.json"), cases.resolve("B1.json"));
        Files.move(dir.resolve("B2.json"), cases.resolve("B2.json"));
        Path out = dir.resolve("out");
        Run r = TestSupport.cli("batch", cases.toString(), "--out", out.toString(), "--rules", rules.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        String awards = Files.readString(out.resolve("awards.csv"), StandardCharsets.UTF_8);
        assertTrue(awards.contains("创建资金补助"), awards);
        assertFalse(awards.contains("优先安排上级资金"), awards);
        JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
        JsonNode totals = summary.get("areas").get(0).get("totals");
        assertEquals(1, totals.get("eligible").asLong(), summary.toString());
        assertEquals(2, totals.get("relevant").asLong(), summary.toString());
        assertEquals(0, new java.math.BigDecimal("30").compareTo(totals.get("eligibleAmountWan").decimalValue()));
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("<h4>相关政策"), "the report has a guidance section");
        assertTrue(html.contains("<th>相关政策</th>"), "the report counts guidance apart");
        // compact lines name the rule by id; its title is in rules.json
        java.util.Map<String, String> titles = new java.util.HashMap<>();
        for (JsonNode rule : Json.mapper().readTree(out.resolve("rules.json").toFile()).get("rules")) {
            titles.put(rule.get("id").asText(), rule.get("title").asText());
        }
        int guidance = 0;
        for (String line : Files.readAllLines(out.resolve("results.jsonl"))) {
            JsonNode result = Json.mapper().readTree(line);
            for (JsonNode o : result.get("outcomes")) {
                if (titles.get(o.get("rule").asText()).equals("优先安排上级资金")) {
                    guidance++;
                    assertEquals("RELEVANT", o.get("status").asText());
                }
            }
        }
        assertTrue(guidance > 0, "the guidance outcomes are in results.jsonl");
    }

    @Test
    void aRuleMustSayWhatItGivesAndGuidanceHasNoAmount() throws Exception {
        Path rules = ruleSet(DRL.replace("@tier(\"entitlement\") ", "")
                .replace("@tier(\"guidance\") @title(\"优先安排上级资金\") @benefit(\"金融支持\")",
                        "@tier(\"guidance\") @title(\"优先安排上级资金\") @benefit(\"金融支持\") @amount(\"10\")"));
        Run r = TestSupport.cli("validate", "--rules", rules.toString(), "--no-rule-cache");
        assertEquals(ExitCode.BAD_RULES, r.exitCode(), r.out() + r.err());
        String all = r.out() + r.err();
        assertTrue(all.contains("rules.drl:6:1") && all.contains("缺少 @tier"), all);
        assertTrue(all.contains("相关政策（@tier(\"guidance\")）不给确定的利益，不写 @amount"), all);
        Path wrong = ruleSet(DRL.replace("@tier(\"guidance\")", "@tier(\"encouragement\")"));
        Run w = TestSupport.cli("validate", "--rules", wrong.toString(), "--no-rule-cache");
        assertTrue((w.out() + w.err()).contains("未知的层级 @tier(\"encouragement\")"), w.out() + w.err());
    }
}
