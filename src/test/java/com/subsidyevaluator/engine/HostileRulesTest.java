package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

/**
 * Every file in src/test/resources/hostile-rules tries to reach the process, files, network, threads, reflection
 * or static state from a rule file. Each must be refused with the line that does it (marked {@code // REFUSED}),
 * before Drools compiles anything, and loading it must have had no effect.
 */
class HostileRulesTest {

    private static final String MARKER = "// REFUSED";

    @TempDir
    Path tmp;

    static Path hostileDir() throws URISyntaxException {
        return Path.of(HostileRulesTest.class.getResource("/hostile-rules").toURI());
    }

    static List<Path> hostileFiles() throws IOException, URISyntaxException {
        try (Stream<Path> s = Files.list(hostileDir())) {
            return s.filter(p -> p.toString().endsWith(".drl")).sorted().toList();
        }
    }

    /** A rule set with the shipped document data and only the hostile file as rules. */
    private Path ruleSetWith(Path hostile, Path target) throws IOException {
        Path dir = tmp.resolve(hostile.getFileName().toString().replace(".drl", ""));
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Files.createDirectories(dir);
        try (Stream<Path> s = Files.list(TestSupport.rulesDir())) {
            for (Path p : s.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName().toString()));
            }
        }
        String text = Files.readString(hostile, StandardCharsets.UTF_8).replace("@TARGET@", target.toString());
        Files.writeString(dir.resolve(hostile.getFileName().toString()), text, StandardCharsets.UTF_8);
        return dir;
    }

    @Test
    void thereAreEnoughHostileFiles() throws Exception {
        assertTrue(hostileFiles().size() >= 12, "at least 12 hostile rule files");
    }

    @TestFactory
    Stream<DynamicTest> eachHostileFileIsRefusedAtItsLineWithoutEffect() throws Exception {
        return hostileFiles().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Path target = tmp.resolve("written-by-" + file.getFileName() + ".txt");
            Path dir = ruleSetWith(file, target);
            String name = file.getFileName().toString();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<Integer> marked = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(MARKER)) {
                    marked.add(i + 1);
                }
            }
            assertFalse(marked.isEmpty(), name + " marks the refused lines with " + MARKER);

            // Refused within seconds: nothing in a rule file is evaluated while it is checked (a bound, not a
            // timing test: the bound is far above the fraction of a second it takes).
            RuleSetException e = assertTimeout(java.time.Duration.ofSeconds(60),
                    () -> assertThrows(RuleSetException.class, () -> RuleSet.load(dir)));
            String all = e.problems().stream().map(RuleProblem::format).collect(Collectors.joining("\n"));
            for (int line : marked) {
                assertTrue(e.problems().stream().anyMatch(p -> p.file().equals(name) && p.line() == line
                                && p.engineText() == null),
                        name + ":" + line + " is refused by the sandbox; problems were:\n" + all);
            }
            // Refused before Drools compiled anything: the file parsed, and no problem comes from the compiler.
            assertTrue(e.problems().stream().noneMatch(p -> p.message().startsWith("语法错误")), all);
            assertTrue(e.problems().stream().noneMatch(p -> p.engineText() != null), all);

            // No effect: nothing written, no property set, no static field changed, and this JVM still runs.
            assertFalse(Files.exists(target), "file written by " + name);
            assertEquals(List.of(), System.getProperties().stringPropertyNames().stream()
                    .filter(k -> k.startsWith("subsidy.hostile.")).toList());
            assertNull(HostileTarget.touched);

            // The same file through the validator: the same refusal, exit code 3 on the command line.
            RuleValidator.Report report = RuleValidator.validate(dir);
            assertFalse(report.valid());
            TestSupport.Run run = TestSupport.cli("validate", "--rules", dir.toString());
            assertEquals(3, run.exitCode(), run.out() + run.err());
            assertTrue(run.out().contains(name + ":" + marked.get(0) + ":"), run.out());
            assertFalse(Files.exists(target));
            assertNull(HostileTarget.touched);
        }));
    }

    /**
     * The danger is real: built by Drools directly, without the sandbox, the unquoted metadata of h12 runs
     * while the rules are compiled. (A property of its own name is used, and cleared.)
     */
    @Test
    void withoutTheSandboxDroolsRunsUnquotedMetadataWhileBuilding() throws Exception {
        String text = Files.readString(hostileDir().resolve("h12-unquoted-metadata-property.drl"), StandardCharsets.UTF_8)
                .replace("subsidy.hostile.metadata", "subsidy.control.metadata");
        try {
            KnowledgeBuilder kb = KnowledgeBuilderFactory.newKnowledgeBuilder();
            kb.add(ResourceFactory.newByteArrayResource(text.getBytes(StandardCharsets.UTF_8)), ResourceType.DRL);
            assertEquals("1", System.getProperty("subsidy.control.metadata"));
        } finally {
            System.clearProperty("subsidy.control.metadata");
        }
    }

    @Test
    void messagesSayWhatIsRefusedInPlainWords() throws Exception {
        assertMessage("h01-system-exit-in-consequence.drl", "'System'");
        assertMessage("h05-nio-files-write.drl", "不允许导入 'java.nio.file.*'");
        assertMessage("h11-unquoted-metadata-exit.drl", "元数据 @clause 的值不能是表达式");
        assertMessage("h13-function.drl", "不能定义函数");
        assertMessage("h14-import-static.drl", "import static");
        assertMessage("h16-fully-qualified-system-in-constraint.drl", "完整的类名 'java.lang.System'");
        assertMessage("h17-from-clause.drl", "from");
        assertMessage("h18-engine-access.drl", "'drools'");
        assertMessage("h22-salience-expression.drl", "规则属性 'salience'");
        assertMessage("h23-unicode-escape-in-comment.drl", "\\u");
        assertMessage("h27-single-quoted-metadata-runs-code.drl", "元数据 @title 的值不能是表达式");
        assertMessage("h28-single-quoted-condition-runs-code.drl", "不允许使用完整的类名 'java.lang.Runtime'");
        assertMessage("h29-single-quoted-amount-runs-code.drl", "金额中只能写 new BigDecimal(\"数字\")");
        assertMessage("h30-catastrophic-regex.drl", "不支持 matches");
        assertMessage("h31-unbounded-decimals.drl", "不允许对数字（万元）调用 'setScale'");
        assertMessage("h31-unbounded-decimals.drl", "条件中不能创建对象（new）");
        assertMessage("h31-unbounded-decimals.drl", "数字 '1e200000000' 须写成普通的十进制数");
        assertMessage("h32-allocation-and-runtime-errors.drl", "除数须是写在规则中的非零数字");
        assertMessage("h32-allocation-and-runtime-errors.drl", "不允许对文本调用 'substring'");
        assertMessage("h33-unbounded-amount.drl", "setScale 的位数须是 0 到 4 的整数");
        assertMessage("h33-unbounded-amount.drl", "BigDecimal.valueOf 的参数须是非负的数字");
        assertMessage("h34-number-compared-with-text.drl", "revenueWan 是数字（万元），不能与文本 \"一亿\" 比较");
        assertMessage("h35-yes-no-compared-with-text.drl", "manufacturing 是“是/否”（true/false），不能与文本 \"是\" 比较；应写 manufacturing == true");
        assertMessage("h36-enum-compared-with-text-and-ordered.drl", "应写 Industry.SMART_ELECTRICAL");
        assertMessage("h36-enum-compared-with-text-and-ordered.drl", "'>' 只能比较数字");
        assertMessage("h37-amount-values.drl", "@amount 须为以万元计的非负数");
        assertMessage("h37-amount-values.drl", "超过政策文件最大的资金池");
        assertMessage("h38-period-backwards.drl", "@validTo 2023-01-01 早于 @validFrom 2023-12-31");
    }

    /**
     * The three escapes of the lexer's quote rewrite and a type error, each added alone to a copy of the shipped
     * rules: every command that loads rules refuses the rule set with exit code 3, and nothing ran.
     */
    @TestFactory
    Stream<DynamicTest> everyCommandRefusesTheRuleSetWithExitCode3() throws Exception {
        return Stream.of("h27-single-quoted-metadata-runs-code.drl", "h28-single-quoted-condition-runs-code.drl",
                "h29-single-quoted-amount-runs-code.drl", "h34-number-compared-with-text.drl").map(name ->
                DynamicTest.dynamicTest(name, () -> {
                    Path target = tmp.resolve("pwned-by-" + name);
                    Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("with-" + name));
                    Files.writeString(dir.resolve(name), Files.readString(hostileDir().resolve(name), StandardCharsets.UTF_8)
                            .replace("@TARGET@", target.toString()), StandardCharsets.UTF_8);
                    String sample = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString();
                    List<String[]> commands = List.of(
                            new String[] {"validate", "--rules", dir.toString(), "--no-rule-cache"},
                            new String[] {"evaluate", "--rules", dir.toString(), sample},
                            new String[] {"test", "--rules", dir.toString()},
                            new String[] {"batch", "--rules", dir.toString(), sample, "--out", tmp.resolve("out-" + name).toString()},
                            new String[] {"diff", "--rules", TestSupport.rulesDir().toString(), "--against", dir.toString(), sample});
                    for (String[] command : commands) {
                        TestSupport.Run run = TestSupport.cli(command);
                        assertEquals(3, run.exitCode(), String.join(" ", command) + "\n" + run.out() + run.err());
                        assertTrue((run.out() + run.err()).contains(name + ":"), run.out() + run.err());
                        assertFalse(Files.exists(target), "code ran: " + target);
                    }
                }));
    }

    /** What Drools is given is the canonical text printed from the checked rules: quoted metadata, no code. */
    @Test
    void theShippedRulesCompileFromCanonicalTextOnly() throws Exception {
        java.util.Map<String, String> compiled = RuleSetLoader.compiledTexts(TestSupport.rulesDir());
        assertEquals(8, compiled.size());
        for (java.util.Map.Entry<String, String> e : compiled.entrySet()) {
            String text = e.getValue();
            assertFalse(text.contains("//"), e.getKey() + " keeps no comments");
            assertFalse(text.contains("'"), e.getKey() + " has no single-quoted strings");
            assertFalse(text.contains("\\"), e.getKey() + " has no escapes");
            long rules = text.lines().filter(l -> l.startsWith("rule \"")).count();
            long consequences = text.lines().filter(l -> l.strip().matches("outcome\\.eligible\\(\\$[a-z]+\\);")).count();
            assertEquals(rules, consequences, e.getKey() + ": every consequence is outcome.eligible($x);");
        }
    }

    private void assertMessage(String file, String expected) throws Exception {
        Path dir = ruleSetWith(hostileDir().resolve(file), tmp.resolve("unused"));
        RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(dir));
        assertTrue(e.problems().stream().anyMatch(p -> p.message().contains(expected)),
                file + " should say " + expected + ":\n" + e.getMessage());
    }
}
