package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands policy staff use on the rules: validate, test, rules and diff. */
class StaffCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path copy() {
        return TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
    }

    private static void replace(Path file, String from, String to) throws Exception {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), file + " contains " + from);
        Files.writeString(file, text.replace(from, to), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------- validate

    @Test
    void validateAcceptsTheShippedRules() {
        Run r = TestSupport.cli("validate", "--rules", TestSupport.rulesDir().toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("规则集可以使用"), r.out());
    }

    @Test
    void validateReportsAnErrorWithFileLineRuleAndExitsThree() throws Exception {
        Path dir = copy();
        replace(dir.resolve("02-science-and-technology.drl"), "rdExpenseWan > 0 )", "rdExpence > 0 )");
        Run r = TestSupport.cli("validate", "--rules", dir.toString());
        assertEquals(ExitCode.BAD_RULES, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().matches("(?s).*02-science-and-technology\\.drl:\\d+:\\d+  rule \"第11条 有研发费用的企业享受研发费用加计扣除\"  "
                + "申请主体（Enterprise）没有字段 'rdExpence'，是否指 'rdExpenseWan'\\?.*"), r.out());
        assertTrue(r.out().contains("1 个错误"), r.out());

        Run json = TestSupport.cli("validate", "--rules", dir.toString(), "--format", "json");
        assertEquals(ExitCode.BAD_RULES, json.exitCode());
        JsonNode root = JSON.readTree(json.out());
        assertFalse(root.get("valid").asBoolean());
        assertEquals(1, root.get("errors").asInt());
        JsonNode p = null;
        for (JsonNode q : root.get("problems")) {
            if (p == null && q.get("severity").asText().equals("ERROR")) {
                p = q;
            }
        }
        assertEquals("ERROR", p.get("severity").asText());
        assertEquals("02-science-and-technology.drl", p.get("file").asText());
        assertTrue(p.get("line").asInt() > 0);
    }

    @Test
    void validateWithOnlyWarningsExitsZero() throws Exception {
        Path dir = copy();
        Files.delete(dir.resolve("tests/13-international-cooperation.yaml"));
        Run r = TestSupport.cli("validate", "--rules", dir.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out());
        assertTrue(r.out().contains("警告  rule \"第13条"), r.out());
        assertTrue(r.out().contains("第13条有规则但没有数据测试"), r.out());
    }

    // ---------------------------------------------------------------------------------------------- test

    @Test
    void testRunsTheDataTestsWithASummary() {
        Run r = TestSupport.cli("test", "--rules", TestSupport.rulesDir().toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("  ✓ tests/12-rd-post-subsidy.yaml:"), r.out());
        assertTrue(r.out().matches("(?s).*\\n(\\d+) 项测试：\\1 通过，0 失败\\s*"), r.out());
    }

    @Test
    void testFiltersByClauseFileOrName() {
        Run byClause = TestSupport.cli("test", "--rules", TestSupport.rulesDir().toString(), "12");
        assertEquals(ExitCode.OK, byClause.exitCode(), byClause.err());
        assertTrue(byClause.out().contains("tests/12-rd-post-subsidy.yaml"));
        assertFalse(byClause.out().contains("tests/14-"), byClause.out());
        Run byName = TestSupport.cli("test", "--rules", TestSupport.rulesDir().toString(), "联网直报");
        assertTrue(byName.out().matches("(?s).*\\n[1-9]\\d* 项测试.*"), byName.out());
        Run none = TestSupport.cli("test", "--rules", TestSupport.rulesDir().toString(), "no-such-test");
        assertEquals(ExitCode.BAD_INPUT, none.exitCode());
        assertTrue(none.err().contains("没有与 'no-such-test' 匹配的测试"), none.err());
    }

    @Test
    void aWrongExpectationFailsWithAReadableDifference() throws Exception {
        Path dir = copy();
        Files.writeString(dir.resolve("tests/99-wrong.yaml"), """
                clause: "12"
                tests:
                  - name: 未录入联网直报平台的企业被故意写成获研发后补助
                    asOf: 2023-06-30
                    input:
                      enterprise: {name: 甲公司, kind: ENTERPRISE, inStatistics: true, hasRdInstitution: true, directReporting: false}
                    expect:
                      - {status: ELIGIBLE}
                """, StandardCharsets.UTF_8);
        Run r = TestSupport.cli("test", "--rules", dir.toString(), "99-wrong");
        assertEquals(ExitCode.CHECK_FAILED, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("  ✗ tests/99-wrong.yaml:3  未录入联网直报平台的企业被故意写成获研发后补助"), r.out());
        assertTrue(r.out().contains("第12条「研发后补助」$.enterprise: 期望 符合（ELIGIBLE），实际 不符合（NOT_ELIGIBLE）"), r.out());
        assertTrue(r.out().contains("已录入统计联网直报平台"), "the failed condition is named: " + r.out());
        assertTrue(r.out().contains("1 项测试：0 通过，1 失败"), r.out());
    }

    @Test
    void aMalformedTestFileExitsTwoWithFileAndLine() throws Exception {
        Path dir = copy();
        Files.writeString(dir.resolve("tests/99-broken.yaml"), """
                tests:
                  - name: 一个没有期望的测试
                    asOf: 2023-06-30
                    input: {enterprise: {name: 甲, kind: ENTERPRISE}}
                """, StandardCharsets.UTF_8);
        Run r = TestSupport.cli("test", "--rules", dir.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("tests/99-broken.yaml:2: 测试「一个没有期望的测试」缺少 expect 列表"), r.err());
    }

    @Test
    void testOnBadRulesExitsThree() throws Exception {
        Path dir = copy();
        replace(dir.resolve("02-science-and-technology.drl"), "@clause(\"12\") @tier(\"entitlement\")", "@clause(\"120\") @tier(\"entitlement\")");
        Run r = TestSupport.cli("test", "--rules", dir.toString());
        assertEquals(ExitCode.BAD_RULES, r.exitCode(), r.out() + r.err());
        assertTrue(r.err().contains("条款号 \"120\" 不存在"), r.err());
    }

    // ---------------------------------------------------------------------------------------------- rules

    @Test
    void rulesListsTheCatalogue() throws Exception {
        RuleSet rs = TestSupport.shippedRules();
        Run r = TestSupport.cli("rules", "--rules", TestSupport.rulesDir().toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        for (RuleDefinition d : rs.rules()) {
            assertTrue(r.out().contains(d.name()), d.name());
            assertTrue(r.out().contains(d.location()), d.location());
        }
        assertTrue(r.out().contains(rs.rules().size() + " 条规则"), r.out());

        Run json = TestSupport.cli("rules", "--rules", TestSupport.rulesDir().toString(), "--format", "json");
        JsonNode list = JSON.readTree(json.out());
        assertEquals(rs.rules().size(), list.size());
        JsonNode first = list.get(0);
        for (String key : List.of("clause", "rule", "title", "department", "benefit", "pool", "file", "line")) {
            assertTrue(first.has(key), key);
        }
        RuleDefinition d0 = rs.rules().get(0);
        assertEquals(d0.clause(), first.get("clause").asText());
        assertEquals(d0.department(), first.get("department").asText());
        assertEquals(d0.benefitKind().label(), first.get("benefit").asText());
        assertEquals(d0.line(), first.get("line").asInt());

        Run one = TestSupport.cli("rules", "--rules", TestSupport.rulesDir().toString(), "--clause", "12");
        assertTrue(one.out().contains("1 条规则"), one.out());
    }

    // ---------------------------------------------------------------------------------------------- diff

    private record Key(String caseId, String rule, String subject) {
    }

    private record State(String status, BigDecimal amount) {
    }

    private static Map<Key, State> outcomes(RuleSet rs, List<CaseFile> cases) {
        Map<Key, State> m = new HashMap<>();
        for (CaseFile c : cases) {
            EvaluationResult r = rs.evaluate(c);
            for (Outcome o : r.outcomes()) {
                m.put(new Key(c.caseId(), o.rule(), o.subject().path()), new State(o.status().name(),
                        o.benefit().amountWan() == null ? null : o.benefit().amountWan().stripTrailingZeros()));
            }
        }
        return m;
    }

    @Test
    void diffReportsExactlyTheCasesAThresholdChangeAffects() throws Exception {
        Path edited = copy();
        replace(edited.resolve("02-science-and-technology.drl"), "rdExpenseWan > 0 )", "rdExpenseWan > 500 )");

        // Expected, computed independently: evaluate every sample under both rule sets and compare.
        List<CaseFile> cases;
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            cases = s.filter(com.subsidyevaluator.io.CaseFiles::isCaseFile).sorted().map(p -> {
                try {
                    return CaseReader.read(p);
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).toList();
        }
        Map<Key, State> before = outcomes(TestSupport.shippedRules(), cases);
        Map<Key, State> after = outcomes(RuleSet.load(edited), cases);
        Set<Key> keys = new java.util.HashSet<>(before.keySet());
        keys.addAll(after.keySet());
        Set<String> expected = new TreeSet<>();
        for (Key k : keys) {
            if (!Objects.equals(before.get(k), after.get(k))) {
                expected.add(k.caseId() + "|" + k.rule() + "|" + k.subject() + "|" + before.get(k).status() + "|"
                        + after.get(k).status());
            }
        }
        assertFalse(expected.isEmpty(), "the edit changes some sample");
        // And from the data itself: the enterprises spending more than 0 and at most 500 万元 on R&D.
        Set<String> bySpending = new TreeSet<>();
        for (CaseFile c : cases) {
            BigDecimal rd = c.enterprise() == null ? null : c.enterprise().rdExpenseWan();
            if (rd != null && rd.signum() > 0 && rd.compareTo(new BigDecimal("500")) <= 0) {
                bySpending.add(c.caseId());
            }
        }
        assertEquals(bySpending, new TreeSet<>(expected.stream().map(x -> x.substring(0, x.indexOf('|'))).toList()));

        Run r = TestSupport.cli("diff", "--rules", TestSupport.rulesDir().toString(), "--against", edited.toString(),
                TestSupport.samplesDir().toString(), "--format", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        JsonNode root = JSON.readTree(r.out());
        Set<String> reported = new TreeSet<>();
        for (JsonNode ch : root.get("changes")) {
            reported.add(ch.get("caseId").asText() + "|" + ch.get("rule").asText() + "|" + ch.get("subject").asText() + "|"
                    + ch.get("before").asText() + "|" + ch.get("after").asText());
        }
        assertEquals(expected, reported);
        assertEquals(cases.size(), root.get("cases").asInt());
        assertEquals(bySpending.size(), root.get("changedCases").asInt());
        // byClause has every clause with an outcome under either version; only clause 11 changed
        List<JsonNode> changed = new java.util.ArrayList<>();
        root.get("byClause").forEach(n -> {
            if (n.get("changedCases").asInt() > 0) {
                changed.add(n);
            }
        });
        assertEquals(1, changed.size(), changed.toString());
        JsonNode clause = changed.get(0);
        assertEquals("11", clause.get("clause").asText());
        assertEquals(bySpending.size(), clause.get("changedCases").asInt());
        assertEquals("ELIGIBLE→NOT_ELIGIBLE", clause.get("transitions").get(0).get("change").asText());

        Run text = TestSupport.cli("diff", "--rules", TestSupport.rulesDir().toString(), "--against", edited.toString(),
                TestSupport.samplesDir().toString());
        assertTrue(text.out().contains("第11条  " + bySpending.size() + " 个案例有变化：符合→不符合 " + bySpending.size()),
                text.out());
        for (String id : bySpending) {
            assertTrue(text.out().contains("案例 " + id), id);
        }
    }

    @Test
    void diffOfIdenticalRuleSetsSaysNothingChanged() {
        Run r = TestSupport.cli("diff", "--rules", TestSupport.rulesDir().toString(), "--against",
                TestSupport.rulesDir().toString(), TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("结论完全相同"), r.out());
    }

    @Test
    void diffWithBadRulesExitsThree() throws Exception {
        Path edited = copy();
        replace(edited.resolve("02-science-and-technology.drl"), "rdExpenseWan > 0 )", "rdExpenseWan >> 0 )");
        Run r = TestSupport.cli("diff", "--against", edited.toString(), "--rules", TestSupport.rulesDir().toString(),
                TestSupport.samplesDir().toString());
        assertEquals(ExitCode.BAD_RULES, r.exitCode(), r.out() + r.err());
    }
}
