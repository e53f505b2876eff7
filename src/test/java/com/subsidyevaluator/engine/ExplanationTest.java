package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a failed condition is explained: the value, the requirement and how far apart they are, from the rule itself. */
class ExplanationTest {

    @TempDir
    Path dir;

    private static final String DRL = """
            rule "第12条 研发投入强度达到3.1%且营业收入不少于5亿元的企业（测试规则）"
                @clause("12") @tier("entitlement") @title("测试") @benefit("资金奖补")
            when
                $e : Enterprise( kind == ApplicantKind.ENTERPRISE, rdIntensityPercent >= 3.1, revenueWan >= 50000,
                                 specialisedLevel in (SpecialisedLevel.PROVINCIAL, SpecialisedLevel.NATIONAL) )
            then
                outcome.eligible($e);
            end
            """;

    private EvaluationResult evaluate(String enterprise) throws Exception {
        RuleSet rules = RuleSet.load(MiniRuleSet.write(dir.resolve("r"), DRL));
        return rules.evaluate(MiniRuleSet.caseOf("{\"caseId\":\"X\",\"asOf\":\"2023-06-01\",\"enterprise\":" + enterprise + "}"));
    }

    @Test
    void aNumberShortOfItsThresholdSaysByHowMuchInItsUnit() throws Exception {
        Outcome o = evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"revenueWan\":46000,\"rdExpenseWan\":1104,"
                + "\"specialisedLevel\":\"NONE\"}").outcomes().get(0);
        assertEquals(Status.NOT_ELIGIBLE, o.status());
        List<String> texts = o.unmet().stream().map(Outcome.ConditionResult::text).toList();
        assertTrue(texts.contains("研发费用占营业收入比重：2.4%，应不低于 3.1%，差 0.7 个百分点"), texts.toString());
        assertTrue(texts.contains("营业收入：46000 万元（4.6 亿元），应不低于 50000 万元（5 亿元），差 4000 万元"), texts.toString());
        assertTrue(texts.contains("专精特新等级：非专精特新企业，应为省级专精特新中小企业、国家级专精特新“小巨人”企业之一"),
                texts.toString());
        assertEquals("差 0.7 个百分点", o.unmet().get(0).gap());
    }

    @Test
    void aDerivedValueThatCannotBeComputedNamesTheFactsItNeeds() throws Exception {
        Outcome o = evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"revenueWan\":60000,\"specialisedLevel\":\"NATIONAL\"}")
                .outcomes().get(0);
        assertEquals(Status.UNDETERMINED, o.status());
        assertEquals(List.of("$.enterprise.rdExpenseWan"), o.missing().stream().map(Outcome.MissingFact::path).toList());
    }

    @Test
    void metConditionsShowValueAndThreshold() throws Exception {
        Outcome o = evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"revenueWan\":60000,\"rdExpenseWan\":2400,"
                + "\"specialisedLevel\":\"NATIONAL\"}").outcomes().get(0);
        assertEquals(Status.ELIGIBLE, o.status());
        assertTrue(o.met().stream().anyMatch(c -> c.text().equals("研发费用占营业收入比重：4%（应不低于 3.1%）")), o.met().toString());
        assertTrue(o.explanation().startsWith("符合第12条「测试」"), o.explanation());
    }

    @Test
    void aKnownFailureWinsOverMissingData() throws Exception {
        Outcome o = evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"revenueWan\":1000}").outcomes().get(0);
        assertEquals(Status.NOT_ELIGIBLE, o.status(), "revenue fails whatever the missing facts say");
        assertEquals(1, o.unmet().size());
        assertEquals(2, o.missing().size());
    }

    @Test
    void aFactOutsideTheRulesScopeGetsNoOutcome() throws Exception {
        assertTrue(evaluate("{\"name\":\"某村\",\"kind\":\"VILLAGE_COLLECTIVE\"}").outcomes().isEmpty());
    }
}
