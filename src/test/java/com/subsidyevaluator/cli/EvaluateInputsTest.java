package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.io.Json;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One way to give cases: {@code evaluate} takes files, directories and JSON Lines as {@code batch} does, tells what
 * it passes over, and refuses what cannot be a case — an indicators file, a huge file, a device, a named pipe, a date
 * that is not a date, text that is not Unicode — with one located line and exit code 2 (batch: 4, and the record in
 * errors.jsonl), never a trace and never a hang.
 */
class EvaluateInputsTest {

    @TempDir
    Path dir;

    private static final Path SAMPLES = TestSupport.samplesDir();
    private static final Path INDICATORS = SAMPLES.resolve("yueqing-2023-indicators.json");
    private static final String INDICATORS_SKIPPED = INDICATORS + ": 跳过：这是指标数字文件（城市的实际数字），不是申请案例；"
            + "请用 subsidy targets 读取它 (an indicators file, not a case: read it with subsidy targets)";

    private static String rules() {
        return TestSupport.rulesDir().toString();
    }

    private static Run evaluate(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "evaluate";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--rules";
        all[args.length + 2] = rules();
        return TestSupport.cli(all);
    }

    private static long cases(Run r) {
        return r.out().lines().filter(l -> l.startsWith("案例 ")).count();
    }

    private static void assertNoTrace(Run r) {
        assertFalse(r.err().contains("Exception") || r.err().contains("\tat ") || r.err().contains("Error:"),
                "no stack trace: " + r.err());
    }

    /** Exit code 2 and exactly this one line on err. */
    private static void assertRefused(Run r, String line) {
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertEquals(line, r.err().strip());
        assertNoTrace(r);
    }

    /** The sample case as one line of JSON. */
    private static String line(String sample) throws IOException {
        return Json.compact().writeValueAsString(Json.mapper().readTree(SAMPLES.resolve(sample).toFile()));
    }

    private Path jsonl(String name, String... lines) throws IOException {
        return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private static long sampleCases() throws IOException {
        try (var s = Files.list(SAMPLES)) {
            return s.filter(p -> p.toString().endsWith(".json") && !p.equals(INDICATORS)).count();
        }
    }

    @Test
    void evaluateReadsADirectoryAsBatchDoesAndSaysThatItSkipsTheIndicatorsFile() throws Exception {
        Run r = evaluate(SAMPLES.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals(sampleCases(), cases(r), "every sample case");
        assertTrue(r.out().contains("案例 S01 · "), r.out());
        assertEquals(INDICATORS_SKIPPED, r.err().strip(), "one line, Chinese first, pointing to subsidy targets");
        assertFalse(r.err().contains("Is a directory"), r.err());
    }

    @Test
    void evaluateReadsAJsonLinesFileOneCasePerLineWhereItWasToldToUseJsonl() throws Exception {
        Path f = jsonl("two.jsonl", line("s01-smart-electrical-manufacturer.json"), "", line("s02-hightech-startup-in-incubator.json"));
        Run r = evaluate(f.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals(2, cases(r));
        assertTrue(r.out().contains("案例 S01 · ") && r.out().contains("案例 S02 · "), r.out());
        assertFalse(r.err().contains("多个案例请用 JSONL"), r.err());

        JsonNode json = Json.mapper().readTree(evaluate(f.toString(), "--format", "json").out());
        assertTrue(json.isArray() && json.size() == 2, "JSON Lines give an array: " + json);
        JsonNode one = Json.mapper().readTree(evaluate(SAMPLES.resolve("s01-smart-electrical-manufacturer.json").toString(),
                "--format", "json").out());
        assertTrue(one.isObject(), "one case file gives an object, as before");
    }

    @Test
    void aBadRecordOfAJsonLinesFileIsRefusedWithItsLineAndTheOthersAreEvaluated() throws Exception {
        Path f = jsonl("mixed.jsonl", line("s01-smart-electrical-manufacturer.json"),
                "{\"caseId\":\"B\",\"asOf\":\"2023-12-31\",\"enterprise\":{\"name\":\"乙\",\"kind\":\"ENTERPRISE\",\"revenueWan\":\"很多\"}}");
        Run r = evaluate(f.toString());
        assertRefused(r, f + ":2:95: $.enterprise.revenueWan: 应为数字（万元），实际为文本");
        assertEquals(1, cases(r));
    }

    @Test
    void anIndicatorsFileGivenAsACaseIsRefusedWithExitCodeTwoAndPointsToSubsidyTargets() {
        Run r = evaluate(INDICATORS.toString());
        assertRefused(r, INDICATORS + ":1:1: $: 这是指标数字文件（城市的实际数字，有 indicators 而没有案例的字段），不是申请案例；"
                + "请用 subsidy targets 读取它");
    }

    @Test
    void aTwoGigabyteSparseFileIsRefusedWithExitCodeTwoInsteadOfRunningOutOfMemory() throws Exception {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(2L << 30);
        }
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> evaluate(big.toString()));
        assertRefused(r, big + ": 文件过大（2147483648 字节，单个案例最多 8388608 字节）");
    }

    @Test
    void devZeroAndANamedPipeAreRefusedWithExitCodeTwoInsteadOfHanging() {
        assumeTrue(Files.exists(Path.of("/dev/zero")), "a POSIX system");
        Run zero = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> evaluate("/dev/zero"));
        assertRefused(zero, "/dev/zero: 不是普通文件（字符设备），未读取；案例须为普通文件");
        Path fifo = dir.resolve("f.json");
        assumeTrue(TestSupport.mkfifo(fifo), "mkfifo is available");
        Run pipe = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> evaluate(fifo.toString()));
        assertRefused(pipe, fifo + ": 不是普通文件（命名管道 FIFO），未读取；案例须为普通文件");
    }

    @Test
    void aDirectoryPassesOverANamedPipeAJsonLinesFileAndAnIndicatorsFileSayingWhyOneLineEach() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.json"), Files.readString(SAMPLES.resolve("s01-smart-electrical-manufacturer.json")));
        Files.copy(INDICATORS, in.resolve("city-indicators.json"));
        jsonl("in/pop.jsonl", line("s02-hightech-startup-in-incubator.json"));
        Files.writeString(in.resolve("notes.txt"), "不是案例");
        boolean fifo = TestSupport.mkfifo(in.resolve("p.json"));
        Run r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> evaluate(in.toString()));
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals(1, cases(r));
        List<String> err = r.err().strip().lines().toList();
        assertEquals(in.resolve("city-indicators.json") + ": 跳过：这是指标数字文件（城市的实际数字），不是申请案例；"
                + "请用 subsidy targets 读取它 (an indicators file, not a case: read it with subsidy targets)", err.get(0));
        if (fifo) {
            assertEquals(in.resolve("p.json") + ": 跳过：不是普通文件（命名管道 FIFO），未读取 (not a regular file: a named pipe)",
                    err.get(1));
        }
        assertEquals(in.resolve("pop.jsonl") + ": 跳过：目录中只读取 *.json 案例文件；JSON Lines 文件须直接给出（batch、evaluate）"
                + " (only *.json case files are read from a directory; batch and evaluate read a JSON Lines file given itself)",
                err.get(err.size() - 1));
        assertEquals(fifo ? 3 : 2, err.size(), "notes.txt is not a case and not mentioned: " + err);

        Files.delete(in.resolve("a.json"));
        Run none = evaluate(in.toString());
        assertEquals(ExitCode.BAD_INPUT, none.exitCode(), none.err());
        List<String> lines = none.err().strip().lines().toList();
        assertEquals(in + ": 目录中没有案例文件（*.json）(no case files in the directory)", lines.get(lines.size() - 1));
        assertNoTrace(none);
    }

    @Test
    void anEvaluationDateThatIsNotAnIsoDateOrOutsideTheYears1990To2100IsRefusedWithExitCodeTwo() throws Exception {
        String s01 = Files.readString(SAMPLES.resolve("s01-smart-electrical-manufacturer.json"), StandardCharsets.UTF_8);
        String[][] cases = {
                {"[2023,7,15]", "应为存在的日期，格式 YYYY-MM-DD，实际为数组"},
                {"\"2023-07-15T10:00:00\"", "值 \"2023-07-15T10:00:00\" 无效，应为存在的日期，格式 YYYY-MM-DD"},
                {"\"2300-07-15\"", "「评估日期」为 2300-07-15，年份须在 1990 至 2100 之间"},
        };
        for (String[] c : cases) {
            Path f = Files.writeString(dir.resolve("asof.json"), s01.replace("\"2023-09-30\"", c[0]), StandardCharsets.UTF_8);
            assertRefused(evaluate(f.toString()), f + ":3:11: $.asOf: " + c[1]);
        }
    }

    @Test
    void aLoneSurrogateOrANulInACaseIdIsRefusedByEvaluateAndRejectedByBatchIntoErrorsJsonlWithItsPlace() throws Exception {
        String s01 = Files.readString(SAMPLES.resolve("s01-smart-electrical-manufacturer.json"), StandardCharsets.UTF_8);
        Path f = Files.writeString(dir.resolve("s.json"), s01.replace("\"S01\"", "\"S\\ud800\""), StandardCharsets.UTF_8);
        assertRefused(evaluate(f.toString()),
                f + ":2:13: $.caseId: 「案例编号」含有不成对的代理项字符（U+D800，第 2 个字符）；文本须为有效的 Unicode（代理项须成对出现）"
                        + " (an unpaired surrogate U+D800 at character 2; text must be valid Unicode)");

        String good = line("s01-smart-electrical-manufacturer.json");
        Path pop = jsonl("pop.jsonl", good, good.replace("\"S01\"", "\"S\\ud800\""), good.replace("\"S01\"", "\"S\\udbff\""),
                good.replace("\"S01\"", "\"S\\u0000\""));
        Path out = dir.resolve("out");
        Run b = TestSupport.cli("batch", pop.toString(), "--out", out.toString(), "--rules", rules());
        assertEquals(ExitCode.SOME_REJECTED, b.exitCode(), b.err());
        assertEquals("4 个案例：1 个已评估，3 个被拒绝", b.out().strip(), "two broken ids no longer collide as \"S?\"");
        List<String> errors = Files.readAllLines(out.resolve("errors.jsonl"), StandardCharsets.UTF_8);
        assertEquals(3, errors.size());
        String[] reasons = {"含有不成对的代理项字符（U+D800", "含有不成对的代理项字符（U+DBFF", "含有空字符（U+0000"};
        for (int i = 0; i < 3; i++) {
            JsonNode e = Json.mapper().readTree(errors.get(i));
            assertEquals(pop.toString(), e.path("file").asText());
            assertEquals(i + 2, e.path("line").asInt());
            assertEquals(11, e.path("column").asInt());
            assertEquals("$.caseId", e.path("path").asText());
            assertTrue(e.path("reason").asText().startsWith("「案例编号」" + reasons[i]), e.toString());
        }
    }

    @Test
    void batchSaysWhichFilesItSkipsAndWhyWithoutCountingThem() throws Exception {
        Path out = dir.resolve("out");
        Run r = TestSupport.cli("batch", SAMPLES.toString(), "--out", out.toString(), "--rules", rules());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals(sampleCases() + " 个案例：" + sampleCases() + " 个已评估，0 个被拒绝", r.out().strip());
        assertEquals(INDICATORS_SKIPPED, r.err().strip());
        assertEquals(0, Files.size(out.resolve("errors.jsonl")), "the indicators file is not an error record");
    }

    @Test
    void batchGivenAnIndicatorsFileItselfRejectsItIntoErrorsJsonlPointingToSubsidyTargets() throws Exception {
        Path out = dir.resolve("out");
        Run r = TestSupport.cli("batch", INDICATORS.toString(), "--out", out.toString(), "--rules", rules());
        assertEquals(ExitCode.SOME_REJECTED, r.exitCode(), r.err());
        JsonNode e = Json.mapper().readTree(Files.readAllLines(out.resolve("errors.jsonl")).get(0));
        assertEquals("$", e.path("path").asText());
        assertTrue(e.path("reason").asText().contains("请用 subsidy targets 读取它"), e.toString());
    }

    @Test
    void diffSaysWhichFilesItSkipsAndWhy() {
        Run r = TestSupport.cli("diff", SAMPLES.toString(), "--rules", rules(), "--against", rules());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals(INDICATORS_SKIPPED, r.err().strip());
    }

}
