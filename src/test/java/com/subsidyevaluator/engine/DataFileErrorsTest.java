package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mistake in a rule set's data files is one error, at its line and column, in words, with its cause first. */
class DataFileErrorsTest {

    @TempDir
    Path tmp;

    private Path ruleSetWith(String file, String from, String to) throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        String text = Files.readString(dir.resolve(file), StandardCharsets.UTF_8);
        assertTrue(text.contains(from), file + " has " + from);
        Files.writeString(dir.resolve(file), text.replaceFirst(java.util.regex.Pattern.quote(from), to), StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void aTypoInParametersYamlIsOneErrorNamingTheFieldItMeant() throws Exception {
        Path dir = ruleSetWith("parameters.yaml", "value: null", "valu: 20");
        RuleValidator.Report r = RuleValidator.validate(dir);
        assertFalse(r.valid());
        List<RuleProblem> errors = r.errors();
        assertEquals(1, errors.size(), errors.toString());
        RuleProblem p = errors.get(0);
        assertEquals("parameters.yaml", p.file());
        assertTrue(p.line() > 0 && p.column() > 0, p.format());
        assertTrue(p.message().startsWith("parameters[0].values[0]：未知的字段 'valu'，是否指 'value'?"), p.message());
        TestSupport.Run run = TestSupport.cli("validate", "--rules", dir.toString(), "--no-rule-cache");
        assertEquals(3, run.exitCode());
        assertTrue(run.out().indexOf("parameters.yaml:") < run.out().indexOf("引擎原文"), run.out());
    }

    @Test
    void aWrongTypeInBudgetsYamlSaysWhatWasExpected() throws Exception {
        Path dir = ruleSetWith("budgets.yaml", "amountWan: ", "amountWan: 很多 #");
        List<RuleProblem> errors = RuleValidator.validate(dir).errors();
        assertEquals(1, errors.size(), errors.toString());
        assertTrue(errors.get(0).message().contains("不是数字"), errors.get(0).message());
    }

    @Test
    void aMisspelledStatusInATestFileGetsASuggestion() throws Exception {
        Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        Files.writeString(dir.resolve("tests/99-typo.yaml"), """
                tests:
                  - name: 拼错的结论
                    asOf: 2023-06-30
                    input:
                      enterprise: { name: 甲, kind: ENTERPRISE }
                    expect:
                      - { clause: "12", status: ELIGABLE }
                """, StandardCharsets.UTF_8);
        TestSupport.Run run = TestSupport.cli("test", "--rules", dir.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue((run.out() + run.err()).contains("是否指 ELIGIBLE?"), run.out() + run.err());
    }
}
