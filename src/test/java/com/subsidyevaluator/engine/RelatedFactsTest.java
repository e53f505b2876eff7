package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.model.CaseFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules over related facts: {@code exists Type( … )} and {@code not Type( … )} after the subject. The candidates are
 * the facts of the subject's own case, also when many cases share one session; the explanation names the fact that
 * met the condition, the nearest candidate, or the absence of any; a candidate lacking a fact leaves it undetermined.
 */
class RelatedFactsTest {

    @TempDir
    Path dir;

    private static final String DRL = """
            rule "第23条 入选雄鹰行动并申报省重大项目的企业获资金补助（测试）"
                @clause("23") @tier("entitlement") @title("雄鹰申报") @benefit("资金奖补")
                @interpretation("申报读作申报中或已列入")
            when
                $r : Recognition( kind == RecognitionKind.XIONGYING, stage == RecognitionStage.RECOGNISED )
                exists Project( provincialMajorStatus in (ProvincialMajorStatus.APPLYING, ProvincialMajorStatus.LISTED)
                                || provincialServiceMajorStatus in (ProvincialMajorStatus.APPLYING, ProvincialMajorStatus.LISTED) )
            then
                outcome.eligible($r);
            end

            rule "第18条 没有工业用地项目的规上企业获入园支持（测试）"
                @clause("18") @tier("entitlement") @title("无自身用地") @benefit("要素保障")
            when
                $e : Enterprise( aboveDesignatedSize == true )
                not Project( kind == ProjectKind.INDUSTRIAL, industrialLand == true )
            then
                outcome.eligible($e);
            end
            """;

    private RuleSet rules() throws Exception {
        return RuleSet.load(MiniRuleSet.write(dir.resolve("r"), DRL));
    }

    private static CaseFile xiongying(String id, String projects) {
        return MiniRuleSet.caseOf("{\"caseId\":\"" + id + "\",\"asOf\":\"2023-07-01\",\"enterprise\":{\"name\":\"甲" + id
                + "\",\"kind\":\"ENTERPRISE\"},\"recognitions\":[{\"kind\":\"XIONGYING\",\"level\":\"PROVINCIAL\","
                + "\"year\":2022,\"stage\":\"RECOGNISED\"}]" + (projects == null ? "" : ",\"projects\":" + projects) + "}");
    }

    private static Outcome titled(EvaluationResult r, String title) {
        return r.outcomes().stream().filter(o -> o.title().equals(title)).findFirst()
                .orElseThrow(() -> new AssertionError("no outcome " + title + " in " + r.outcomes()));
    }

    private static ConditionResult related(List<ConditionResult> results) {
        return results.stream().filter(c -> "Project".equals(c.field())).findFirst()
                .orElseThrow(() -> new AssertionError("no related-fact condition in " + results));
    }

    @Test
    void aSelectedEnterpriseThatAppliedForAProvincialMajorProjectIsEligibleAndTheProjectIsNamed() throws Exception {
        EvaluationResult r = rules().evaluate(xiongying("A", "[{\"name\":\"智慧物流园\",\"kind\":\"LOGISTICS\","
                + "\"provincialServiceMajorStatus\":\"APPLYING\"}]"));
        Outcome o = titled(r, "雄鹰申报");
        assertEquals(Status.ELIGIBLE, o.status(), o.explanation());
        assertTrue(o.explanation().endsWith("。本规则含解读：申报读作申报中或已列入。"), o.explanation());
        ConditionResult c = related(o.met());
        assertTrue(c.text().contains("智慧物流园") && c.text().contains("$.projects[0]"), c.text());
    }

    @Test
    void aSelectedEnterpriseWithNoProjectIsNotEligibleAndTheExplanationSaysTheCaseHasNone() throws Exception {
        Outcome o = titled(rules().evaluate(xiongying("B", null)), "雄鹰申报");
        assertEquals(Status.NOT_ELIGIBLE, o.status());
        ConditionResult c = related(o.unmet());
        assertTrue(c.text().contains("案例中没有项目"), c.text());
        assertTrue(o.explanation().contains("没有满足") && o.explanation().endsWith("本规则含解读：申报读作申报中或已列入。"),
                o.explanation());
    }

    @Test
    void aProjectThatWasNotAppliedForIsTheNearestCandidateWithItsFailingCondition() throws Exception {
        Outcome o = titled(rules().evaluate(xiongying("C", "[{\"name\":\"仓库\",\"kind\":\"LOGISTICS\","
                + "\"provincialMajorStatus\":\"NONE\",\"provincialServiceMajorStatus\":\"NONE\"}]")), "雄鹰申报");
        assertEquals(Status.NOT_ELIGIBLE, o.status());
        ConditionResult c = related(o.unmet());
        assertTrue(c.text().contains("最接近的是") && c.text().contains("仓库"), c.text());
    }

    @Test
    void aProjectWhoseApplicationIsNotStatedLeavesTheOutcomeUndeterminedWithItsPath() throws Exception {
        Outcome o = titled(rules().evaluate(xiongying("D", "[{\"name\":\"园区\",\"kind\":\"LOGISTICS\"}]")), "雄鹰申报");
        assertEquals(Status.UNDETERMINED, o.status(), o.explanation());
        assertTrue(o.missing().stream().anyMatch(m -> m.path().equals("$.projects[0].provincialServiceMajorStatus")),
                o.missing().toString());
        // what the related fact must be, in words, for the line that names the missing fact
        String words = Explainer.missingRequirement(o.subject(), o.missing().get(0));
        assertTrue(words != null && words.contains("申报中") && !words.contains("ProvincialMajorStatus"), words);
    }

    @Test
    void aCaseNeverMatchesAnotherCasesProjectInOneSession() throws Exception {
        RuleSet rules = rules();
        List<CaseFile> cases = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cases.add(i % 2 == 0 ? xiongying("N" + i, null)
                    : xiongying("Y" + i, "[{\"kind\":\"INDUSTRIAL\",\"provincialMajorStatus\":\"LISTED\"}]"));
        }
        for (SessionStrategy strategy : SessionStrategy.values()) {
            try (BatchEvaluator batch = rules.newBatchEvaluator(strategy)) {
                List<EvaluationResult> results = batch.evaluate(cases, true);
                for (int i = 0; i < results.size(); i++) {
                    Status expected = i % 2 == 0 ? Status.NOT_ELIGIBLE : Status.ELIGIBLE;
                    assertEquals(expected, titled(results.get(i), "雄鹰申报").status(),
                            strategy + " case " + results.get(i).caseId());
                }
            }
        }
        List<EvaluationResult> together = rules.evaluateAll(cases);
        assertEquals(Status.NOT_ELIGIBLE, titled(together.get(0), "雄鹰申报").status());
        assertEquals(Status.ELIGIBLE, titled(together.get(1), "雄鹰申报").status());
    }

    private static CaseFile enterprise(String projects) {
        return MiniRuleSet.caseOf("{\"caseId\":\"E\",\"asOf\":\"2023-07-01\",\"enterprise\":{\"name\":\"乙\","
                + "\"kind\":\"ENTERPRISE\",\"aboveDesignatedSize\":true}" + (projects == null ? "" : ",\"projects\":" + projects) + "}");
    }

    @Test
    void notIsMetWhenTheCaseHasNoSuchFactAndSaysSo() throws Exception {
        RuleSet rules = rules();
        Outcome none = titled(rules.evaluate(enterprise(null)), "无自身用地");
        assertEquals(Status.ELIGIBLE, none.status());
        assertTrue(related(none.met()).text().startsWith("没有满足"), related(none.met()).text());
        // a project of another kind is not a candidate
        Outcome other = titled(rules.evaluate(enterprise("[{\"kind\":\"LOGISTICS\",\"industrialLand\":true}]")), "无自身用地");
        assertEquals(Status.ELIGIBLE, other.status());
    }

    @Test
    void notFailsOnTheFactThatShouldNotBeThereAndNamesIt() throws Exception {
        Outcome o = titled(rules().evaluate(enterprise("[{\"name\":\"厂房\",\"kind\":\"INDUSTRIAL\",\"industrialLand\":true}]")),
                "无自身用地");
        assertEquals(Status.NOT_ELIGIBLE, o.status());
        ConditionResult c = related(o.unmet());
        assertTrue(c.text().contains("须没有") && c.text().contains("厂房") && c.text().contains("$.projects[0]"), c.text());
    }

    @Test
    void notWithACandidateLackingTheFactIsUndeterminedThoughTheEngineAloneWouldFire() throws Exception {
        Outcome o = titled(rules().evaluate(enterprise("[{\"name\":\"厂房\",\"kind\":\"INDUSTRIAL\"}]")), "无自身用地");
        assertEquals(Status.UNDETERMINED, o.status(), o.explanation());
        assertEquals("$.projects[0].industrialLand", o.missing().get(0).path());
        // and it is still reported when not-eligible outcomes are not wanted
        assertTrue(rules().evaluate(enterprise("[{\"kind\":\"INDUSTRIAL\"}]")).visible(false).outcomes().stream()
                .anyMatch(x -> x.title().equals("无自身用地") && x.status() == Status.UNDETERMINED));
    }

    @Test
    void withoutNotEligibleOutcomesTheSameEntitlementsRemain() throws Exception {
        RuleSet rules = rules();
        for (CaseFile c : List.of(xiongying("B", null), xiongying("D", "[{\"kind\":\"LOGISTICS\"}]"),
                enterprise("[{\"kind\":\"INDUSTRIAL\",\"industrialLand\":true}]"))) {
            try (BatchEvaluator batch = rules.newBatchEvaluator()) {
                EvaluationResult fast = batch.evaluate(List.of(c), false).get(0);
                assertEquals(rules.evaluate(c).visible(false).outcomes(), fast.outcomes(), c.caseId());
            }
        }
    }

    @Test
    void theCanonicalTextDrawsRelatedFactsFromTheSubjectsCaseOnly() throws Exception {
        RuleSet rules = rules();
        String canonical = String.join("\n", RuleSetLoader.compiledTexts(rules.directory()).values());
        assertTrue(canonical.contains("exists ( com.subsidyevaluator.model.Project( ") && canonical.contains(
                " from outcome.related($r) )"), canonical);
        assertTrue(canonical.contains("not ( com.subsidyevaluator.model.Project( "), canonical);
        RuleDefinition d = rules.rules().stream().filter(x -> x.title().equals("雄鹰申报")).findFirst().orElseThrow();
        assertEquals(1, d.related().size());
        assertEquals(Related.Kind.EXISTS, d.related().get(0).kind());
    }

    @Test
    void relatedFactConditionsAreCheckedLikeAnyOther() throws Exception {
        String bad = """
                rule "第23条 相关事实中的类型错误（测试）"
                    @clause("23") @tier("entitlement") @title("类型错误") @benefit("资金奖补")
                when
                    $r : Recognition( kind == RecognitionKind.XIONGYING )
                    exists Project( investmentWan >= "一亿" )
                then
                    outcome.eligible($r);
                end
                """;
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(MiniRuleSet.write(dir.resolve("b"), bad)));
        assertTrue(e.problems().stream().anyMatch(p -> p.line() == 8 && p.message().contains("investmentWan")), e.getMessage());
        String unknown = bad.replace("investmentWan >= \"一亿\"", "turnoverWan >= 1");
        e = assertThrows(RuleSetException.class, () -> RuleSet.load(MiniRuleSet.write(dir.resolve("c"), unknown)));
        assertFalse(e.problems().isEmpty());
    }
}
