package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.CaseReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What validation reports for the mistakes policy staff make, and that it accepts what they should write. */
class RuleValidatorTest {

    private static final String HEADER = """
            package yueqing2023.check;

            import com.subsidyevaluator.model.*;
            import java.math.BigDecimal;

            global com.subsidyevaluator.engine.OutcomeRecorder outcome;

            """;

    @TempDir
    Path tmp;

    /** The shipped rule set with one more rule file. */
    private Path withFile(String name, String body) throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        Files.writeString(dir.resolve(name), HEADER + body, StandardCharsets.UTF_8);
        return dir;
    }

    private static int lineOf(String body, String needle) {
        List<String> lines = (HEADER + body).lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError("no line with " + needle);
    }

    private static RuleProblem find(RuleValidator.Report r, String text) {
        return r.problems().stream().filter(p -> p.message().contains(text)).findFirst().orElseThrow(() ->
                new AssertionError("no problem saying " + text + " in:\n"
                        + r.problems().stream().map(RuleProblem::format).collect(Collectors.joining("\n"))));
    }

    @Test
    void theShippedRuleSetIsValid() {
        RuleValidator.Report r = RuleValidator.validate(TestSupport.rulesDir());
        assertTrue(r.valid(), () -> r.problems().stream().map(RuleProblem::format).collect(Collectors.joining("\n")));
        assertNotNull(r.ruleSet());
    }

    @Test
    void unknownFieldInsideAComplexExpressionNamesTheNearestField() throws Exception {
        String body = """
                rule "检查 复杂条件中的未知字段"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE, rdExpence > 0 && revenueWan > 0 )
                then
                    outcome.eligible($e);
                end
                """;
        RuleValidator.Report r = RuleValidator.validate(withFile("90-check.drl", body));
        RuleProblem p = find(r, "没有字段 'rdExpence'，是否指 'rdExpenseWan'?");
        assertEquals("90-check.drl", p.file());
        assertEquals(lineOf(body, "rdExpence"), p.line());
        assertEquals("    $e : Enterprise( kind == ApplicantKind.ENTERPRISE, ".length() + 1, p.column());
        assertEquals("检查 复杂条件中的未知字段", p.rule());
        assertTrue(p.format().startsWith("90-check.drl:" + p.line() + ":" + p.column() + "  rule \"检查 复杂条件中的未知字段\"  "));
    }

    @Test
    void unknownEnumConstantAndFactTypeAreNamedWithSuggestions() throws Exception {
        String body = """
                rule "检查 枚举取值"
                    @clause("9") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $r : Recognition( level == Level.PROVINCAL )
                then
                    outcome.eligible($r);
                end

                rule "检查 事实类型"
                    @clause("9") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $r : Recogniton( year == 2023 )
                then
                    outcome.eligible($r);
                end
                """;
        RuleValidator.Report r = RuleValidator.validate(withFile("90-check.drl", body));
        assertEquals(lineOf(body, "PROVINCAL"), find(r, "Level 没有取值 'PROVINCAL'，是否指 'PROVINCIAL'?").line());
        assertEquals(lineOf(body, "Recogniton("), find(r, "未知的事实类型 'Recogniton'，是否指 'Recognition'?").line());
    }

    @Test
    void syntaxErrorsAreExplainedInPlainChinese() throws Exception {
        String body = """
                rule "检查 缺逗号"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE hasRdInstitution == true )
                then
                    outcome.eligible($e);
                end
                """;
        RuleValidator.Report r = RuleValidator.validate(withFile("90-check.drl", body));
        RuleProblem p = find(r, "两个条件之间缺少逗号");
        assertEquals(lineOf(body, "hasRdInstitution"), p.line());
        assertNotNull(p.engineText(), "the engine's own words follow");
        assertTrue(p.format().contains("引擎原文: "), p.format());

        String unclosed = """
                rule "检查 括号"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE
                then
                    outcome.eligible($e);
                end
                """;
        r = RuleValidator.validate(withFile("91-check.drl", unclosed));
        assertEquals(lineOf(unclosed, "then"), find(r, "括号没有闭合").line());

        String fullWidth = """
                rule "检查 全角逗号"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE， highTech == true )
                then
                    outcome.eligible($e);
                end
                """;
        Path dir = tmp.resolve("rules");
        Files.delete(dir.resolve("90-check.drl"));
        Files.delete(dir.resolve("91-check.drl"));
        r = RuleValidator.validate(withFile("92-check.drl", fullWidth));
        assertEquals(lineOf(fullWidth, "，"), find(r, "全角符号 '，' 应为英文 ','").line());
    }

    @Test
    void metadataMistakesAreReported() throws Exception {
        String body = """
                rule "检查 缺少条款"
                    @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE )
                then
                    outcome.eligible($e);
                end

                rule "检查 条款号不存在"
                    @clause("99") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE )
                then
                    outcome.eligible($e);
                end

                rule "检查 条款号不存在"
                    @clause("12") @tier("entitlement") @title(检查) @benefit("资金奖补") @pool("no-such-pool") @exclusive("no-such-group")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE )
                then
                    outcome.eligible($e);
                end
                """;
        RuleValidator.Report r = RuleValidator.validate(withFile("90-check.drl", body));
        assertEquals(lineOf(body, "rule \"检查 缺少条款\""), find(r, "缺少 @clause").line());
        // a metadata problem is reported at the line of its metadata, a rule's own at the line of the rule
        assertEquals(lineOf(body, "@clause(\"99\") @tier(\"entitlement\")"), find(r, "条款号 \"99\" 不存在").line());
        int third = lineOf(body, "@title(检查)");
        assertEquals(third - 1, find(r, "规则名称重复").line());
        assertEquals(third, find(r, "元数据 @title 的值须加英文双引号").line());
        assertEquals(third, find(r, "@pool 引用的资金池 'no-such-pool' 未在 budgets.yaml 中声明").line());
        assertEquals(third, find(r, "@exclusive 引用的不重复享受组 'no-such-group' 未在 groups.yaml 中声明").line());
        assertFalse(r.valid());
    }

    @Test
    void problemsAreSortedByFileAndLine() throws Exception {
        String body = """
                rule "检查 排序一"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE, revenu > 0 )
                then
                    outcome.eligible($e);
                end

                rule "检查 排序二"
                    @clause("99") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE )
                then
                    outcome.eligible($e);
                end
                """;
        Path dir = withFile("90-check.drl", body);
        Files.writeString(dir.resolve("80-check.drl"), HEADER + body.replace("检查 排序", "另一 排序"), StandardCharsets.UTF_8);
        RuleValidator.Report r = RuleValidator.validate(dir);
        List<RuleProblem> sorted = r.problems().stream().sorted(Comparator.comparing(RuleProblem::file)
                .thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column)).toList();
        assertEquals(sorted, r.problems());
        assertEquals("80-check.drl", r.errors().get(0).file());
        assertTrue(r.problems().size() >= 4);
    }

    @Test
    void aClauseWithRulesButNoDataTestsIsAWarning() throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        Files.delete(dir.resolve("tests/13-international-cooperation.yaml"));
        RuleValidator.Report r = RuleValidator.validate(dir);
        assertTrue(r.valid(), "a warning does not make the rule set invalid");
        RuleProblem w = find(r, "第13条有规则但没有数据测试");
        assertEquals(RuleProblem.Severity.WARNING, w.severity());
        assertEquals("02-science-and-technology.drl", w.file());
        RuleDefinition rule13 = r.ruleSet().rules().stream().filter(d -> d.clause().equals("13")).findFirst().orElseThrow();
        assertEquals(rule13.line(), w.line());
    }

    @Test
    void aMalformedTestFileIsAnErrorWithItsLine() throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        Files.writeString(dir.resolve("tests/99-broken.yaml"), """
                tests:
                  - name: 缺少日期的测试
                    input: {}
                    expect:
                      - {clause: "12", status: ELIGIBLE}
                """, StandardCharsets.UTF_8);
        RuleValidator.Report r = RuleValidator.validate(dir);
        RuleProblem p = find(r, "asOf 须为 YYYY-MM-DD 日期");
        assertEquals("tests/99-broken.yaml", p.file());
        assertEquals(2, p.line());
        assertFalse(r.valid());
    }

    @Test
    void whatTheSandboxAllowsCompilesAndComputesAnAmount() throws Exception {
        String body = """
                rule "检查 按营业收入的百分之一计算，最多50万元"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE, revenueWan >= 100,
                                     name.length() > 2, specialisedLevel in (SpecialisedLevel.PROVINCIAL, SpecialisedLevel.NATIONAL),
                                     rdExpenseWan > 0 )
                then
                    outcome.eligible($e, $e.revenueWan().multiply(new BigDecimal("0.01")).min(new BigDecimal("50"))
                            .setScale(2, java.math.RoundingMode.HALF_UP));
                end
                """;
        // The fully-qualified RoundingMode is refused ...
        RuleValidator.Report refused = RuleValidator.validate(withFile("90-check.drl", body));
        assertEquals(lineOf(body, "RoundingMode.HALF_UP"), find(refused, "完整的类名 'java.math.RoundingMode'").line());
        // ... the imported one is allowed, and the amount is computed exactly.
        Path dir = tmp.resolve("rules");
        Files.writeString(dir.resolve("90-check.drl"), HEADER.replace("import java.math.BigDecimal;",
                "import java.math.BigDecimal;\nimport java.math.RoundingMode;")
                + body.replace("java.math.RoundingMode", "RoundingMode"), StandardCharsets.UTF_8);
        RuleSet rs = RuleSet.load(dir);
        EvaluationResult result = rs.evaluate(CaseReader.read(TestSupport.samplesDir()
                .resolve("s01-smart-electrical-manufacturer.json")));
        Outcome o = result.outcomes().stream().filter(x -> x.rule().startsWith("检查")).findFirst().orElseThrow();
        assertEquals(Status.ELIGIBLE, o.status(), o.explanation());
        assertEquals(0, new BigDecimal("50").compareTo(o.benefit().amountWan()));
    }

    @Test
    void aNotInConditionAndAnOrConditionEachLoadAsOneCondition() throws Exception {
        String body = """
                rule "检查 不在所列行业且为高新或专精特新"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE, industry not in (Industry.NEW_ENERGY, Industry.NEW_MATERIALS),
                                     highTech == true || specialisedLevel == SpecialisedLevel.NATIONAL )
                then
                    outcome.eligible($e);
                end
                """;
        RuleValidator.Report r = RuleValidator.validate(withFile("90-check.drl", body));
        assertTrue(r.valid(), () -> r.errors().stream().map(RuleProblem::format).collect(Collectors.joining("\n")));
        RuleDefinition rule = r.ruleSet().rules().stream().filter(d -> d.name().startsWith("检查")).findFirst().orElseThrow();
        assertEquals(3, rule.conditions().size());
        assertEquals("not in", rule.conditions().get(1).operator());
        EvaluationResult result = r.ruleSet().evaluate(CaseReader.read(TestSupport.samplesDir()
                .resolve("s01-smart-electrical-manufacturer.json")));
        Outcome o = result.outcomes().stream().filter(x -> x.rule().startsWith("检查")).findFirst().orElseThrow();
        assertEquals(Status.ELIGIBLE, o.status(), o.explanation());
    }

    @Test
    void loadRefusesWhatValidateReportsWithTheSameMessages() throws Exception {
        String body = """
                rule "检查 一致"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE, rdExpence > 0 )
                then
                    outcome.eligible($e);
                end
                """;
        Path dir = withFile("90-check.drl", body);
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(dir));
        RuleValidator.Report r = RuleValidator.validate(dir);
        assertEquals(r.errors().stream().map(RuleProblem::format).sorted().toList(),
                e.problems().stream().map(RuleProblem::format).sorted().toList());
    }
    @Test
    void commonStructuralMistakesGetPlainMessages() throws Exception {
        String good = """
                rule "检查 结构"
                    @clause("12") @tier("entitlement") @title("检查") @benefit("资金奖补")
                when
                    $e : Enterprise( kind == ApplicantKind.ENTERPRISE )
                then
                    outcome.eligible($e);
                end
                """;
        Object[][] cases = {
            {good.replace("end\n", ""), "文件在规则结束前就结束了"},
            {good.replace("when\n", ""), "规则缺少 when"},
            {good.replace("then\n", ""), "规则缺少 then"},
            {good.replace("@title(\"检查\")", "@title(\"检查)"), "字符串缺少结尾的引号"},
            {good.replace("ENTERPRISE )", "ENTERPRISE ))"), "多余的 ')'"},
            {good.replace("outcome.eligible($e);", "outcome.eligible($e);\n    $e.name();"), "结论只能有一句"},
        };
        int n = 0;
        for (Object[] c : cases) {
            Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules" + n++));
            Files.writeString(dir.resolve("90-check.drl"), HEADER + c[0], StandardCharsets.UTF_8);
            RuleValidator.Report r = RuleValidator.validate(dir);
            RuleProblem p = find(r, (String) c[1]);
            assertEquals("90-check.drl", p.file());
            assertTrue(p.line() > 0, p.format());
            assertEquals("检查 结构", p.rule(), p.format());
        }
    }
}
