package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.PolicyData.Comparison;
import com.subsidyevaluator.targets.Direction;
import com.subsidyevaluator.targets.TargetFact;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target rules in a rule set's targets/ folder load with the same checks as case rules, leave the case rules
 * alone, and are explained by the same engine: comparisons of one field with another, units stated by the fact.
 */
class TargetRuleSetTest {

    private static final LocalDate END_2023 = LocalDate.of(2023, 12, 31);

    private static RuleSet targetRules() throws RuleSetException {
        return RuleSet.loadTargetRules(TestSupport.rulesDir(), TargetFact.class);
    }

    private static TargetFact fact(String unit, String target, String actual) {
        return new TargetFact("t", "18", "工业用地供应", Comparison.AT_LEAST, Direction.UP, unit, new BigDecimal(target),
                actual == null ? null : new BigDecimal(actual), null, null);
    }

    private static Outcome judge(RuleSet rules, TargetFact f) {
        List<Outcome> outcomes = rules.evaluateFacts(Map.of("t", f), END_2023);
        assertEquals(1, outcomes.size(), outcomes::toString);
        return outcomes.get(0);
    }

    @Test
    void targetRulesLoadBesideTheCaseRulesWithoutJoiningThem() throws Exception {
        RuleSet cases = TestSupport.shippedRules();
        assertFalse(cases.rules().isEmpty());
        for (RuleDefinition r : cases.rules()) {
            assertFalse(r.isTargetRule(), r.name());
            assertFalse(r.file().startsWith("targets/"), r.name());
        }
        RuleSet targets = targetRules();
        assertEquals(5, targets.rules().size());
        for (RuleDefinition r : targets.rules()) {
            assertTrue(r.isTargetRule(), r.name());
            assertNull(r.clause(), r.name());
            assertTrue(r.file().startsWith("targets/"), r.file());
            assertEquals(TargetFact.class, r.subjectType());
        }
        assertEquals(cases.data().targets(), targets.data().targets());
        assertFalse(cases.hash().equals(targets.hash()));
    }

    @Test
    void aFieldComparedWithAnotherFieldIsExplainedWithBothValuesAndTheGap() throws Exception {
        Outcome o = judge(targetRules(), fact("亩", "1500", "1400"));
        assertEquals(Status.NOT_ELIGIBLE, o.status());
        assertEquals("actual", o.unmet().get(0).field());
        assertEquals("实际值：1400 亩，应不低于目标值 1500 亩，差 100 亩", o.unmet().get(0).text());
        assertEquals("未达到目标：第18条「工业用地供应」，实际值：1400 亩，应不低于目标值 1500 亩，差 100 亩（规则「不低于目标」）。",
                o.explanation());
        assertNull(o.benefit());
        assertNull(o.area());
    }

    @Test
    void aDifferenceOfPercentagesIsInPercentagePoints() throws Exception {
        Outcome o = judge(targetRules(), fact("%", "8", "7.9"));
        assertEquals("实际值：7.9%，应不低于目标值 8%，差 0.1 个百分点", o.unmet().get(0).text());
    }

    @Test
    void aComputedQuotientIsShownRounded() throws Exception {
        BigDecimal q = new BigDecimal("79000").divide(new BigDecimal("5380"), 20, RoundingMode.HALF_EVEN);
        Outcome o = judge(targetRules(), fact("倍", "10", q.toPlainString()));
        assertEquals(Status.ELIGIBLE, o.status());
        assertEquals("实际值：≈14.68 倍（应不低于目标值 10 倍）", o.met().get(0).text());
    }

    @Test
    void aTargetWithoutAFigureIsUndeterminedNeverMissed() throws Exception {
        Outcome o = judge(targetRules(), fact("亩", "1500", null));
        assertEquals(Status.UNDETERMINED, o.status());
        assertEquals("t.actual", o.missing().get(0).path());
        assertTrue(o.explanation().startsWith("无数据："), o.explanation());
    }

    @Test
    void everyFactIsJudgedOnceInOneSession() throws Exception {
        Map<String, TargetFact> facts = new LinkedHashMap<>();
        facts.put("a", fact("亩", "1500", "1541"));
        facts.put("b", fact("亩", "1500", "1499"));
        facts.put("c", fact("亩", "1500", null));
        List<Outcome> outcomes = targetRules().evaluateFacts(facts, END_2023);
        assertEquals(List.of("a", "b", "c"), outcomes.stream().map(o -> o.subject().path()).toList());
        assertEquals(List.of(Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.UNDETERMINED),
                outcomes.stream().map(Outcome::status).toList());
    }

    // ---------------------------------------------------------------------------------------- loader checks

    private static RuleSetException broken(Path tmp, String extraRule) throws IOException {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        Path drl = dir.resolve("targets/targets.drl");
        Files.writeString(drl, Files.readString(drl, StandardCharsets.UTF_8) + "\n" + extraRule, StandardCharsets.UTF_8);
        return assertThrows(RuleSetException.class, () -> RuleSet.loadTargetRules(dir, TargetFact.class));
    }

    private static void assertProblem(RuleSetException e, String text) {
        assertTrue(e.problems().stream().anyMatch(p -> p.message().contains(text)
                        && p.file().equals("targets/targets.drl") && p.line() > 0),
                () -> e.problems().stream().map(RuleProblem::format).toList().toString());
    }

    @Test
    void aTargetRuleCitesNoClause(@TempDir Path tmp) throws Exception {
        RuleSetException e = broken(tmp, """
                rule "第18条 工业用地"
                    @clause("18") @title("工业用地")
                when
                    $t : TargetFact( actual >= target )
                then
                    outcome.eligible($t);
                end
                """);
        assertProblem(e, "不写 @clause");
    }

    @Test
    void aTargetRuleIsAboutTargetFactsOnly(@TempDir Path tmp) throws Exception {
        RuleSetException e = broken(tmp, """
                import com.subsidyevaluator.model.Enterprise;
                rule "企业"
                    @title("企业")
                when
                    $e : Enterprise( highTech == true )
                then
                    outcome.eligible($e);
                end
                """);
        assertProblem(e, "未知的事实类型 'Enterprise'");
    }

    @Test
    void aTargetRuleHasOnePatternAndATitle(@TempDir Path tmp) throws Exception {
        RuleSetException e = broken(tmp, """
                rule "两个模式"
                when
                    $t : TargetFact( actual >= target )
                    $u : TargetFact( actual < target )
                then
                    outcome.eligible($t);
                end
                """);
        assertProblem(e, "主体模式之后只能写相关事实条件");
        assertProblem(e, "缺少 @title");
    }

    @Test
    void aRuleSetWithoutATargetsFolderHasNoTargetRules(@TempDir Path tmp) throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        for (Path p : Files.walk(dir.resolve("targets")).sorted(java.util.Comparator.reverseOrder()).toList()) {
            Files.delete(p);
        }
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.loadTargetRules(dir, TargetFact.class));
        assertTrue(e.problems().get(0).message().contains("缺少目标规则目录"), e.getMessage());
        RuleSet.load(dir);
    }
}
