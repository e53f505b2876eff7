package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.io.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Explanations are words for staff, never the rule's code: field and enum labels, units, 不低于 / 应为…之一 / 有… /
 * 是 or 否 for the operators, the text of a string without its quotes; and the sentence of an outcome does not repeat
 * the conditions listed beside it.
 */
class ExplanationWordingTest {

    @TempDir
    static Path dir;

    static RuleSet rules;

    private static final String DRL = """
            rule "第6条 引进的科技人才（测试规则）"
                @clause("6") @tier("entitlement") @title("人才") @benefit("资金奖补")
            when
                $t : Talent( role in (TalentRole.SCI_TECH_LEADER, TalentRole.INNOVATION_TEAM, TalentRole.YOUNG_SCI_TECH,
                             TalentRole.EXCELLENT_ENGINEER), fullTime == true )
            then
                outcome.eligible($t);
            end

            rule "第11条 有研发费用的企业（测试规则）"
                @clause("11") @tier("entitlement") @title("研发费用") @benefit("税收优惠")
            when
                $e : Enterprise( kind == ApplicantKind.ENTERPRISE, rdExpenseWan > 0 )
            then
                outcome.eligible($e);
            end

            rule "第4条 规下企业腾出用能空间并经确权（测试规则）"
                @clause("4") @tier("entitlement") @title("用能空间") @benefit("要素保障")
            when
                $e : Enterprise( kind == ApplicantKind.ENTERPRISE, aboveDesignatedSize == false, freedEnergySpaceConfirmed == true )
            then
                outcome.eligible($e);
            end

            rule "第37条 名为“共富工坊”示范点的主体（测试规则）"
                @clause("37") @tier("entitlement") @title("名称") @benefit("其他支持")
            when
                $e : Enterprise( kind == ApplicantKind.ENTERPRISE, name == "“共富工坊”示范点" )
            then
                outcome.eligible($e);
            end

            rule "第13条 收入扣除研发费用后不少于100万元或名称含电气（测试规则）"
                @clause("13") @tier("entitlement") @title("组合条件") @benefit("资金奖补")
            when
                $e : Enterprise( kind == ApplicantKind.ENTERPRISE, revenueWan - rdExpenseWan >= 100 || name contains "电气",
                                 !(highTech && smallMicro == false) )
            then
                outcome.eligible($e);
            end

            rule "第12条 研发投入强度达到3.1%（测试规则）"
                @clause("12") @tier("entitlement") @title("研发强度") @benefit("资金奖补")
            when
                $e : Enterprise( kind == ApplicantKind.ENTERPRISE, hasRdInstitution == true, rdIntensityPercent >= 3.1 )
            then
                outcome.eligible($e);
            end
            """;

    @BeforeAll
    static void load() throws Exception {
        rules = RuleSet.load(MiniRuleSet.write(dir.resolve("r"), DRL));
    }

    private static EvaluationResult evaluate(String enterprise, String talents) {
        return rules.evaluate(MiniRuleSet.caseOf("{\"caseId\":\"X\",\"asOf\":\"2023-06-01\",\"enterprise\":" + enterprise
                + (talents == null ? "" : ",\"talents\":" + talents) + "}"));
    }

    private static Outcome outcome(EvaluationResult r, String clause) {
        return r.outcomes().stream().filter(o -> o.clause().equals(clause)).findFirst().orElseThrow(
                () -> new AssertionError("no outcome for 第" + clause + "条 in " + r.outcomes()));
    }

    /** Every sentence staff read about an outcome: its conditions, its missing facts' requirements, its explanation. */
    private static List<String> sentences(Outcome o) {
        List<String> s = new ArrayList<>();
        o.met().forEach(c -> s.add(c.text()));
        o.unmet().forEach(c -> s.add(c.text()));
        o.met().forEach(c -> s.add(c.required()));
        o.unmet().forEach(c -> s.add(c.required()));
        for (MissingFact m : o.missing()) {
            String required = Explainer.missingRequirement(o.subject(), m);
            assertTrue(required != null && !required.isEmpty(), "words for " + m);
            s.add(required);
        }
        s.add(o.explanation());
        return s;
    }

    private static void assertNoCode(Outcome o) {
        for (String s : sentences(o)) {
            for (String code : List.of("==", "!=", ">=", "<=", ">", "<", "&&", "||", "!", " in (", "contains", "\"", "\\",
                    "$.", "TalentRole", "Enterprise", "rdExpenseWan", "revenueWan", "true", "false", "()")) {
                assertFalse(s.contains(code), "'" + code + "' in: " + s);
            }
        }
    }

    @Test
    void aMissingEnumConditionSaysWhichValuesWouldDo() {
        Outcome o = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\"}",
                "[{\"id\":\"T1\",\"name\":\"吴工\",\"category\":\"D\",\"fullTime\":true}]"), "6");
        assertEquals(Status.UNDETERMINED, o.status());
        MissingFact m = o.missing().get(0);
        assertEquals("$.talents[0].role", m.path());
        assertEquals("人才类型", m.label());
        assertTrue(m.condition().startsWith("role in (TalentRole.SCI_TECH_LEADER"), "the JSON keeps the rule's text: " + m);
        assertEquals("应为科技领军人才、创新团队、青年科技人才、卓越工程师之一", Explainer.missingRequirement(o.subject(), m));
        assertEquals("第6条「人才」待定：人才「吴工」（D类）缺少「人才类型」，补充后才能判定；其余条件均已满足。", o.explanation());
        assertNoCode(o);
    }

    @Test
    void anAmountThatMustBeAboveZeroReadsAsHavingIt() {
        Outcome none = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"rdExpenseWan\":0}", null), "11");
        assertEquals(Status.NOT_ELIGIBLE, none.status());
        ConditionResult unmet = none.unmet().get(0);
        assertEquals("没有研发费用（0 万元）", unmet.text());
        assertEquals("应有研发费用", unmet.required());
        assertNull(unmet.gap(), "no gap to a bound that is not reached by being more");
        assertEquals("不符合第11条「研发费用」：甲，没有研发费用（0 万元）。", none.explanation());
        assertNoCode(none);

        Outcome some = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"rdExpenseWan\":85}", null), "11");
        assertEquals(Status.ELIGIBLE, some.status());
        assertEquals("有研发费用：85 万元", some.met().get(0).text());

        Outcome missing = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\"}", null), "11");
        assertEquals("应有研发费用", Explainer.missingRequirement(missing.subject(), missing.missing().get(0)));
    }

    @Test
    void aYesNoConditionIsAnsweredWithYesOrNo() {
        Outcome o = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"aboveDesignatedSize\":true}", null), "4");
        assertEquals(Status.NOT_ELIGIBLE, o.status());
        assertEquals("规模以上企业（规上）：是，应为否", o.unmet().get(0).text());
        assertEquals("应为是", Explainer.missingRequirement(o.subject(), o.missing().get(0)));
        assertNoCode(o);

        Outcome met = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"aboveDesignatedSize\":false}", null), "4");
        assertEquals(Status.UNDETERMINED, met.status());
        assertEquals("规模以上企业（规上）：否", met.met().get(0).text());
        assertEquals("腾出的用能空间已经第三方机构确权", met.missing().get(0).label());
    }

    @Test
    void aTextWithQuotesIsShownAsTheTextItself() throws Exception {
        Outcome o = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\"}", null), "37");
        assertEquals(Status.NOT_ELIGIBLE, o.status());
        assertEquals("名称：甲，应为“共富工坊”示范点", o.unmet().get(0).text());
        assertEquals("应为“共富工坊”示范点", o.unmet().get(0).required());
        assertNoCode(o);
        String json = Json.compact().writeValueAsString(o.explanation());
        assertFalse(json.substring(1, json.length() - 1).contains("\\"), "nothing to escape in JSON: " + json);
    }

    @Test
    void aConditionThatIsNotAPlainComparisonIsReadIntoWords() {
        Outcome o = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"revenueWan\":50,\"rdExpenseWan\":10,"
                + "\"highTech\":true,\"smallMicro\":false}", null), "13");
        assertEquals(Status.NOT_ELIGIBLE, o.status());
        List<String> unmet = o.unmet().stream().map(ConditionResult::text).toList();
        assertEquals(List.of("不满足条件「营业收入减研发费用不低于 100 万元或名称包含“电气”」（营业收入：50 万元，研发费用：10 万元，名称：甲）",
                "不满足条件「不是国家高新技术企业或小微企业」（国家高新技术企业：是，小微企业：否）"), unmet);
        assertNoCode(o);

        Outcome missing = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"highTech\":false}", null), "13");
        assertEquals(Status.UNDETERMINED, missing.status());
        assertEquals("要求营业收入减研发费用不低于 100 万元或名称包含“电气”",
                Explainer.missingRequirement(missing.subject(), missing.missing().get(0)));
        assertNoCode(missing);
    }

    @Test
    void aFactNeededToComputeAnotherSaysWhatTheComputedValueMustBe() {
        Outcome o = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"hasRdInstitution\":true,\"revenueWan\":1000}",
                null), "12");
        assertEquals(Status.UNDETERMINED, o.status());
        MissingFact m = o.missing().get(0);
        assertEquals("$.enterprise.rdExpenseWan", m.path());
        assertEquals("要求研发费用占营业收入比重不低于 3.1%", Explainer.missingRequirement(o.subject(), m));
    }

    @Test
    void theSentenceOfAnOutcomeDoesNotRepeatTheConditionsMet() {
        Outcome eligible = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"hasRdInstitution\":true,"
                + "\"revenueWan\":1000,\"rdExpenseWan\":40}", null), "12");
        assertEquals(Status.ELIGIBLE, eligible.status());
        assertEquals(2, eligible.met().size());
        for (ConditionResult c : eligible.met()) {
            assertFalse(eligible.explanation().contains(c.text()), c.text() + " repeated in " + eligible.explanation());
        }
        assertTrue(eligible.explanation().startsWith("符合第12条「研发强度」：甲满足全部条件，可享受资金奖补"),
                eligible.explanation());

        Outcome undetermined = outcome(evaluate("{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"hasRdInstitution\":true}", null), "12");
        assertEquals(Status.UNDETERMINED, undetermined.status());
        assertEquals("有成立研发机构：是", undetermined.met().get(0).text());
        assertEquals("第12条「研发强度」待定：甲缺少「研发费用」、「营业收入」，补充后才能判定；其余条件均已满足。",
                undetermined.explanation());
    }
}
