package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.CaseReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The text report of evaluate as staff read it: words, not code; paths only as hints at the end of a line. */
class ExplanationTextReportTest {

    private static String report(String sample, boolean all) throws Exception {
        RuleSet rules = TestSupport.shippedRules();
        EvaluationResult r = rules.evaluate(CaseReader.read(TestSupport.samplesDir().resolve(sample)));
        StringWriter s = new StringWriter();
        try (PrintWriter out = new PrintWriter(s)) {
            TextReport.print(out, r, all, rules.data());
        }
        return s.toString();
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void theClosingSummaryWithoutAllSaysHowManyAreNotEligibleOfWhichClausesAndThatAllShowsThem() throws Exception {
        String text = report("s01-smart-electrical-manufacturer.json", false);
        assertFalse(text.contains("[不符合]"), text);
        assertEquals("合计：符合 8 项，待定 0 项；另有 3 项不符合（第10、13、14条），加 --all 查看；相关政策 4 项", lastLine(text));
        assertEquals("合计：符合 8 项，待定 0 项，不符合 3 项；相关政策 4 项",
                lastLine(report("s01-smart-electrical-manufacturer.json", true)));
    }

    @Test
    void theClosingSummaryNamesAtMostTenClausesAndCountsTheRest() {
        TreeSet<String> clauses = new TreeSet<>(java.util.Comparator.comparingInt(Integer::parseInt));
        for (int i = 2; i <= 14; i++) {
            clauses.add(Integer.toString(i));
        }
        assertEquals("合计：符合 0 项，待定 1 项；另有 20 项不符合（第2、3、4、5、6、7、8、9、10、11条等 13 个条款），加 --all 查看",
                TextReport.summary(0, 1, 20, clauses, false));
        assertEquals("合计：符合 2 项，待定 20 项，不符合 0 项", TextReport.summary(2, 20, 0, new TreeSet<>(), false));
    }

    @Test
    void aMissingFactIsNamedWithTheRequirementInWordsAndItsPathAtTheEnd() throws Exception {
        String text = report("s06-incomplete-data.json", false);
        assertTrue(text.contains("    ? 缺少「高层次科技人才」（应为是）（$.talents[0].highLevelSciTech）"), text);
        assertTrue(text.contains("    ? 缺少「专精特新等级」（应为省级专精特新中小企业、国家级专精特新“小巨人”企业之一）"
                + "（$.enterprise.specialisedLevel）"), text);
        assertTrue(text.contains("    ? 缺少「统计年报在统」（应为是）（$.enterprise.inStatistics）"), text);
        assertTrue(text.contains("    ✓ 有研发费用：85 万元"), text);
        for (String code : List.of("==", ">=", "> 0", " in (", "TalentRole", "SpecialisedLevel", "&&", "，条件 ", "要求：")) {
            assertFalse(text.contains(code), "'" + code + "' in the report:\n" + text);
        }
    }

    @Test
    void theExplanationLineDoesNotRepeatTheConditionsMetAboveIt() throws Exception {
        String text = report("s01-smart-electrical-manufacturer.json", false);
        String[] lines = text.split("\n");
        int checked = 0;
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("    说明：")) {
                continue;
            }
            for (int j = i - 1; j >= 0 && lines[j].startsWith("    "); j--) {
                if (lines[j].startsWith("    ✓ ")) {
                    String met = lines[j].substring("    ✓ ".length());
                    assertFalse(lines[i].contains(met), "说明 repeats「" + met + "」: " + lines[i]);
                    checked++;
                }
            }
        }
        assertTrue(checked > 10, "conditions checked: " + checked);
    }
}
