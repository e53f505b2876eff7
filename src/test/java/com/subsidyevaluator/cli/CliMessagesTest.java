package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes on the command line as a user meets them: one line in Chinese and then in English naming what is wrong
 * (with the nearest command or option for a misspelt one), a pointer to --help, exit code 2 and never a stack trace;
 * and each command's help listing the exit codes it can return.
 */
class CliMessagesTest {

    private static final String SAMPLE = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString();
    private static final String SAMPLES = TestSupport.samplesDir().toString();

    @TempDir
    Path dir;

    /** A mistake: exit code 2, the message and the pointer to the command's help, nothing else, no trace. */
    private static void mistake(Run r, String command, String message) {
        String all = r.out() + r.err();
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), all);
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
        assertEquals(List.of(r.err().lines().toList().get(0), "用 " + command + " --help 查看用法 (see --help)"),
                r.err().lines().toList(), r.err());
        assertEquals("", r.out());
        assertFalse(all.contains("Exception") || all.contains("\tat ") || all.contains("    at "), "no stack trace: " + all);
    }

    @Test
    void aDateThatDoesNotExistIsNamedWithTheOptionAndTheFormat() {
        Run r = TestSupport.cli("evaluate", "--as-of", "2023-13-45", SAMPLE);
        mistake(r, "subsidy evaluate", "--as-of 2023-13-45：不是有效的日期");
        assertTrue(r.err().contains("应为 YYYY-MM-DD (invalid date"), r.err());
        assertTrue(r.err().contains("没有 13 月"), r.err());
        mistake(TestSupport.cli("evaluate", "--as-of", "2023-02-29", SAMPLE), "subsidy evaluate",
                "--as-of 2023-02-29：不是有效的日期（2023 年 2 月只有 28 天），应为 YYYY-MM-DD (invalid date: 2023-02 has 28 days)");
        mistake(TestSupport.cli("evaluate", "--as-of=2023/06/30", SAMPLE), "subsidy evaluate",
                "--as-of 2023/06/30：不是有效的日期，应为 YYYY-MM-DD (invalid date: expected YYYY-MM-DD)");
        mistake(TestSupport.cli("evaluate", "--as-of=", SAMPLE), "subsidy evaluate", "--as-of ''：不是有效的日期");
    }

    @Test
    void theDateMessageIsTheSameForEveryCommandWithADateOption() {
        mistake(TestSupport.cli("batch", SAMPLES, "--out", dir.resolve("out").toString(), "--as-of", "2023-13-45"),
                "subsidy batch", "--as-of 2023-13-45：不是有效的日期");
        mistake(TestSupport.cli("diff", "--against", TestSupport.rulesDir().toString(), "--as-of", "2023-13-45", SAMPLE),
                "subsidy diff", "--as-of 2023-13-45：不是有效的日期");
        assertFalse(Files.exists(dir.resolve("out")), "nothing is run after a mistake on the command line");
    }

    @Test
    void aValidDateIsStillAccepted() {
        Run r = TestSupport.cli("evaluate", "--as-of", "2024-02-29", SAMPLE, "--rules", TestSupport.rulesDir().toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
    }

    @Test
    void aCountThatIsNotANumberSaysSoInsteadOfNamingAJavaType() {
        Run r = TestSupport.cli("generate", "--count", "abc");
        mistake(r, "subsidy generate", "--count abc：不是整数 (not a whole number)");
        assertFalse(r.err().contains("long"), r.err());
    }

    @Test
    void aNumberTooLargeForTheOptionGivesItsRange() {
        mistake(TestSupport.cli("batch", "--threads", "99999999999", "--out", dir.resolve("out").toString(), SAMPLES),
                "subsidy batch", "--threads 99999999999：超出范围，应在 -2147483648 到 2147483647 之间 (out of range: ");
    }

    @Test
    void aValueNotAmongTheChoicesListsThem() {
        mistake(TestSupport.cli("evaluate", "--format", "xml", SAMPLE), "subsidy evaluate",
                "--format xml：应为 text、json 之一 (expected one of text, json)");
    }

    @Test
    void aCommandsOwnConverterKeepsItsChineseMessage() {
        mistake(TestSupport.cli("batch", "--allocate", "half", "--out", dir.resolve("out").toString(), SAMPLES),
                "subsidy batch", "--allocate 应为 none 或 pro-rata，而不是 'half'");
    }

    @Test
    void anUnknownOptionSuggestsTheNearestOption() {
        mistake(TestSupport.cli("evaluate", "--a-of", "2023-06-30", SAMPLE), "subsidy evaluate",
                "未知的选项 --a-of，是否指 --as-of? (unknown option)");
        mistake(TestSupport.cli("evaluate", "--a-of=2023-06-30", SAMPLE), "subsidy evaluate",
                "未知的选项 --a-of，是否指 --as-of? (unknown option)");
    }

    @Test
    void anOptionOfOtherCommandsNamesThem() {
        mistake(TestSupport.cli("evaluate", "--out", "x", SAMPLE), "subsidy evaluate",
                "未知的选项 --out，只有 subsidy batch、subsidy generate、subsidy diff、subsidy template 有此选项 (unknown option)");
    }

    @Test
    void anOptionBeforeTheCommandSaysWhereItGoes() {
        mistake(TestSupport.cli("--as-of", "2023-06-30", "evaluate", SAMPLE), "subsidy",
                "未知的选项 --as-of，它是命令的选项，应写在命令之后，如 subsidy evaluate --as-of … (unknown option)");
    }

    @Test
    void anUnknownOptionWithNothingNearIsNamed() {
        mistake(TestSupport.cli("schema", "--colour"), "subsidy schema", "未知的选项 --colour (unknown option)");
    }

    @Test
    void anUnknownCommandSuggestsTheNearestCommand() {
        mistake(TestSupport.cli("evalute"), "subsidy", "未知的命令 evalute，是否指 evaluate? (unknown command)");
        mistake(TestSupport.cli("covrage", "--format", "json"), "subsidy", "未知的命令 covrage，是否指 coverage? (unknown command)");
    }

    @Test
    void anUnknownCommandWithNothingNearListsTheCommands() {
        mistake(TestSupport.cli("frobnicate"), "subsidy", "未知的命令 frobnicate；命令有 evaluate、batch、explain、generate、validate、"
                + "test、rules、diff、coverage、targets、schema、template、serve (unknown command)");
        mistake(TestSupport.cli("help"), "subsidy", "未知的命令 help，是否指 subsidy --help? (unknown command)");
        mistake(TestSupport.cli(SAMPLE), "subsidy", "是否指 subsidy evaluate " + SAMPLE + "? (unknown command)");
    }

    @Test
    void aMissingRequiredOptionIsNamedWithItsValue() {
        mistake(TestSupport.cli("batch", SAMPLES), "subsidy batch", "缺少必需的选项 --out DIR (missing required option --out)");
        mistake(TestSupport.cli("diff", SAMPLES), "subsidy diff",
                "缺少必需的选项 --against DIR (missing required option --against)");
        mistake(TestSupport.cli("generate"), "subsidy generate", "缺少必需的选项 --count N (missing required option --count)");
    }

    @Test
    void aMissingParameterIsNamed() {
        String label = label("evaluate");
        mistake(TestSupport.cli("evaluate"), "subsidy evaluate", "缺少参数 " + label + " (missing parameter " + label + ")");
        mistake(TestSupport.cli("diff"), "subsidy diff",
                "缺少必需的选项 --against DIR 和参数 INPUT (missing required option --against and parameter INPUT)");
    }

    @Test
    void anOptionWithoutItsValueSaysWhatIsMissing() {
        mistake(TestSupport.cli("evaluate", SAMPLE, "--as-of"), "subsidy evaluate",
                "选项 --as-of 缺少值 DATE (missing value for --as-of)");
        mistake(TestSupport.cli("evaluate", "--as-of", "--all", SAMPLE), "subsidy evaluate",
                "选项 --as-of 缺少值 DATE，其后是 --all (missing value for --as-of)");
    }

    @Test
    void anOptionGivenTwiceIsNamed() {
        mistake(TestSupport.cli("evaluate", "--as-of", "2023-06-30", "--as-of", "2023-07-01", SAMPLE), "subsidy evaluate",
                "选项 --as-of 只能给一次 (--as-of given more than once)");
    }

    @Test
    void anExtraArgumentIsNamed() {
        mistake(TestSupport.cli("schema", "extra"), "subsidy schema", "多余的参数 extra (unexpected argument)");
        mistake(TestSupport.cli("targets", "a.json", "b.json"), "subsidy targets", "多余的参数 b.json (unexpected argument)");
    }

    @Test
    void subsidyWithoutACommandPrintsTheHelpAsAMistake() {
        Run r = TestSupport.cli();
        assertEquals(ExitCode.BAD_INPUT, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("Usage: subsidy"), r.err());
        assertTrue(r.err().contains("Commands:") && r.err().contains("evaluate"), r.err());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), codes(r.err()), r.err());
    }

    @Test
    void theHelpOfSubsidyListsEveryExitCode() {
        Run r = TestSupport.cli("--help");
        assertEquals(ExitCode.OK, r.exitCode());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6), codes(r.out()), r.out());
        assertTrue(r.out().contains("案例评估超时"), r.out());
    }

    /** The exit codes each command can return, read from its code. */
    private static final Map<String, List<Integer>> CODES = Map.ofEntries(
            Map.entry("evaluate", List.of(0, 1, 2, 3)),
            Map.entry("batch", List.of(0, 1, 2, 3, 4)),
            Map.entry("explain", List.of(0, 1, 2, 6)),
            Map.entry("generate", List.of(0, 1, 2, 3)),
            Map.entry("validate", List.of(0, 1, 2, 3)),
            Map.entry("test", List.of(0, 1, 2, 3, 5)),
            Map.entry("rules", List.of(0, 1, 2, 3)),
            Map.entry("diff", List.of(0, 1, 2, 3)),
            Map.entry("coverage", List.of(0, 1, 2, 3, 5)),
            Map.entry("targets", List.of(0, 1, 2, 3)),
            Map.entry("schema", List.of(0, 1, 2)), Map.entry("template", List.of(0, 1, 2)),
            Map.entry("serve", List.of(0, 1, 2, 3)));

    @Test
    void eachCommandsHelpListsExactlyTheExitCodesItCanReturn() {
        assertEquals(new TreeSet<>(CODES.keySet()), new TreeSet<>(commands()), "every command has its list");
        for (Map.Entry<String, List<Integer>> e : CODES.entrySet()) {
            Run r = TestSupport.cli(e.getKey(), "--help");
            assertEquals(ExitCode.OK, r.exitCode(), r.err());
            assertEquals(e.getValue(), codes(r.out()), e.getKey() + " --help:\n" + r.out());
        }
    }

    @Test
    void everyCommandHasHelpAndVersion() {
        for (String command : commands()) {
            for (String help : List.of("--help", "-h")) {
                Run r = TestSupport.cli(command, help);
                assertEquals(ExitCode.OK, r.exitCode(), command + " " + help + ": " + r.err());
                assertTrue(r.out().startsWith("Usage: subsidy " + command), r.out());
            }
            for (String version : List.of("--version", "-V")) {
                Run r = TestSupport.cli(command, version);
                assertEquals(ExitCode.OK, r.exitCode(), command + " " + version + ": " + r.err());
                assertTrue(r.out().startsWith("subsidy-evaluator ") && r.out().contains("Drools "), r.out());
            }
        }
    }

    @Test
    void anOutputFileThatCannotBeWrittenIsABadInputNotACrash() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Run r = TestSupport.cli("generate", "--count", "1", "--no-rule-hints", "--out", file.resolve("g.jsonl").toString());
        String all = r.out() + r.err();
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), all);
        assertTrue(r.err().startsWith("subsidy generate: " + file + "：是文件，不是目录 (a file, not a directory)"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(all.contains("Exception") || all.contains("    at "), all);
    }

    /** The names of the commands, as subsidy has them. */
    private static List<String> commands() {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return new ArrayList<>(SubsidyCommand.commandLine(sink, sink).getSubcommands().keySet());
    }

    /** The label of a command's first positional parameter, as its help shows it. */
    private static String label(String command) {
        PrintWriter sink = new PrintWriter(new StringWriter());
        return SubsidyCommand.commandLine(sink, sink).getSubcommands().get(command).getCommandSpec()
                .positionalParameters().get(0).paramLabel();
    }

    private static final Pattern CODE = Pattern.compile("(?m)^  (\\d)  ");

    /** The exit codes listed after the heading "退出码 (exit codes):". */
    private static List<Integer> codes(String help) {
        int at = help.indexOf("退出码 (exit codes):");
        assertTrue(at >= 0, "no exit codes in: " + help);
        List<Integer> codes = new ArrayList<>();
        Matcher m = CODE.matcher(help.substring(at));
        while (m.find()) {
            codes.add(Integer.parseInt(m.group(1)));
        }
        return codes;
    }
}
