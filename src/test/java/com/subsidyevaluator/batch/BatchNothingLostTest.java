package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.cli.ExitCode;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is lost: whatever an input directory holds, every record gives one line of results.jsonl or one line of
 * errors.jsonl, the batch completes and writes its five reports, and the command exits 4 (some rejected), never with
 * a stack trace. One test per reproducer of the issue, and one that probes the class with generated odd inputs.
 */
class BatchNothingLostTest {

    @TempDir
    Path dir;

    private static final List<String> REPORTS = List.of("results.jsonl", "awards.csv", "errors.jsonl", "summary.json",
            "report.html");

    private static String valid(String caseId, String name) {
        return "{\"caseId\":\"" + caseId + "\",\"asOf\":\"2023-06-30\",\"enterprise\":{\"name\":\"" + name
                + "\",\"kind\":\"ENTERPRISE\",\"aboveDesignatedSize\":true}}";
    }

    private static String deep(String caseId, int levels) {
        return "{\"caseId\":\"" + caseId + "\",\"asOf\":\"2023-06-30\",\"enterprise\":{\"name\":\"乙\",\"kind\":\"ENTERPRISE\"},"
                + "\n\"x\":" + "[".repeat(levels) + "]".repeat(levels) + "}";
    }

    private Run batch(Path input, Path out) {
        return TestSupport.cli("batch", input.toString(), "--out", out.toString(), "--rules",
                TestSupport.rulesDir().toString());
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            out.add(Json.mapper().readTree(l));
        }
        return out;
    }

    private static void assertReports(Path out) {
        for (String f : REPORTS) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " is written");
        }
    }

    private static void assertNoTrace(Run r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    @Test
    void aCaseFileNestedDeeperThan64LevelsIsALocatedErrorRecordAndTheBatchCompletes() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.json"), valid("A1", "甲公司"));
        Files.writeString(in.resolve("deep.json"), deep("D1", 70));
        Path out = dir.resolve("out");
        Run r = batch(in, out);
        assertEquals(ExitCode.SOME_REJECTED, r.exitCode(), r.err());
        assertNoTrace(r);
        assertEquals("2 个案例：1 个已评估，1 个被拒绝" + System.lineSeparator(), r.out());
        assertReports(out);
        List<JsonNode> errors = jsonLines(out.resolve("errors.jsonl"));
        assertEquals(1, errors.size());
        JsonNode e = errors.get(0);
        assertEquals(in.resolve("deep.json").toString(), e.get("file").asText());
        assertEquals(2, e.get("line").asInt(), "the line of the bracket past the limit");
        assertEquals(4 + 64, e.get("column").asInt(), "the column of the 65th level: " + e);
        assertTrue(e.get("reason").asText().startsWith("超出读取限制：嵌套层数过深（最多 64 层）(nested deeper than 64 levels)"), e.toString());
        assertEquals(1, Files.readAllLines(out.resolve("results.jsonl")).size());

        // exactly 64 levels is within the limit: the case is read (and refused for its unknown field)
        Files.writeString(in.resolve("deep.json"), deep("D1", 63));
        Run ok = batch(in, dir.resolve("out2"));
        assertNoTrace(ok);
        assertFalse(Files.readString(dir.resolve("out2/errors.jsonl")).contains("嵌套层数过深"));
    }

    @Test
    void aLoneSurrogateInTheEnterpriseNameIsRefusedAtReadingWithItsPlaceAndEveryReportIsWritten() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.json"), valid("A1", "甲公司"));
        Files.writeString(in.resolve("s.json"), valid("S1", "A\\ud800"));
        Path jsonl = Files.writeString(dir.resolve("p.jsonl"),
                valid("S2", "A\\ud800") + "\n" + valid("S3", "\\udc00B") + "\n" + valid("S4", "A\\ud83d\\ude00") + "\n");
        RuleSet rules = TestSupport.shippedRules();
        for (BatchOptions.Engine engine : BatchOptions.Engine.values()) {
            Path out = dir.resolve("out-" + engine);
            BatchOptions o = new BatchOptions(List.of(in, jsonl), out, null, 2, BatchOptions.Allocate.NONE, false,
                    BatchOptions.DEFAULT_REPORT_CASES, engine);
            BatchRunner.Result result = BatchFixtures.run(rules, o);
            assertEquals(5, result.records(), engine.name());
            assertEquals(3, result.rejected(), engine.name());
            assertReports(out);
            List<JsonNode> errors = jsonLines(out.resolve("errors.jsonl"));
            assertEquals(List.of("S1", "S2", "S3"), List.of(id(errors.get(0)), id(errors.get(1)), id(errors.get(2))),
                    engine.name());
            assertEquals(List.of(2L, 3L, 4L), errors.stream().map(e -> e.get("record").asLong()).toList());
            for (JsonNode e : errors) {
                assertEquals("$.enterprise.name", e.get("path").asText(), e.toString());
                assertTrue(e.get("line").asInt() > 0, e.toString());
                assertTrue(e.get("column").asInt() > 0, e.toString());
                assertTrue(e.get("reason").asText().contains("不成对的代理项字符"), e.toString());
            }
            // a proper pair (an emoji) is text like any other
            List<JsonNode> results = jsonLines(out.resolve("results.jsonl"));
            assertEquals("A😀", results.get(results.size() - 1).get("applicant").asText(), engine.name());
        }
    }

    /** The caseId a refused record had in its file (the errors name file and line, the test wrote them in order). */
    private static String id(JsonNode e) {
        String file = e.get("file").asText();
        if (file.endsWith("s.json")) {
            return "S1";
        }
        return "S" + (e.get("line").asInt() + 1); // lines 1, 2 of p.jsonl: S2, S3
    }

    @Test
    void theHtmlReportWritesALoneSurrogateAsTheReplacementCharacter() {
        assertEquals("A\uFFFDB", HtmlReport.esc("A\uD800B"));
        assertEquals("\uFFFD", HtmlReport.esc("\uDC00"));
        assertEquals("A😀&lt;", HtmlReport.esc("A😀<"));
    }

    @Test
    void aSymbolicLinkToADirectoryIsFollowed() throws Exception {
        Path target = Files.createDirectories(dir.resolve("cases"));
        Files.writeString(target.resolve("a.json"), valid("A1", "甲公司"));
        Files.createDirectories(target.resolve("sub"));
        Files.writeString(target.resolve("sub/b.json"), valid("B1", "乙公司"));
        Path link;
        try {
            link = Files.createSymbolicLink(dir.resolve("link"), target);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "symbolic links: " + e);
            return;
        }
        Path out = dir.resolve("out");
        Run r = batch(link, out);
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertEquals("2 个案例：2 个已评估，0 个被拒绝" + System.lineSeparator(), r.out());
        List<JsonNode> results = jsonLines(out.resolve("results.jsonl"));
        assertEquals(List.of("A1", "B1"), results.stream().map(n -> n.get("caseId").asText()).toList());
        // named under the link, as given
        assertTrue(Files.readString(out.resolve("report.html")).contains(link.resolve("sub/b.json").toString()));
    }

    @Test
    void aBrokenLinkAFifoAndADirectoryNamedJsonAreErrorRecordsSayingWhy() throws Exception {
        Path in = Files.createDirectories(dir.resolve("in"));
        Files.writeString(in.resolve("a.json"), valid("A1", "甲公司"));
        Files.createSymbolicLink(in.resolve("broken.json"), in.resolve("nowhere.json"));
        boolean fifo = TestSupport.mkfifo(in.resolve("pipe.json"));
        Path named = Files.createDirectories(in.resolve("folder.json"));
        Files.writeString(named.resolve("inside.json"), valid("I1", "丙公司"));
        Path out = dir.resolve("out");
        Run r = batch(in, out);
        assertEquals(ExitCode.SOME_REJECTED, r.exitCode(), r.err());
        assertNoTrace(r);
        int rejected = fifo ? 3 : 2;
        assertEquals((2 + rejected) + " 个案例：2 个已评估，" + rejected + " 个被拒绝" + System.lineSeparator(), r.out());
        assertEquals("", r.err(), "told in errors.jsonl, not passed over on stderr");
        JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
        assertEquals(rejected, summary.at("/cases/rejected").asInt());
        Map<String, String> why = new HashMap<>();
        for (JsonNode e : jsonLines(out.resolve("errors.jsonl"))) {
            why.put(e.get("file").asText(), e.get("reason").asText());
        }
        assertEquals(rejected, why.size(), why.toString());
        assertEquals("符号链接指向的文件不存在（指向 " + in.resolve("nowhere.json") + "），未读取 (a broken symbolic link to "
                + in.resolve("nowhere.json") + "; not read)", why.get(in.resolve("broken.json").toString()));
        assertEquals("是目录，不是案例文件；目录名以 .json 结尾，其中的 *.json 文件照常作为案例读取"
                + " (a directory, not a case file; the *.json files in it are read as cases)", why.get(named.toString()));
        if (fifo) {
            assertEquals("不是普通文件（命名管道 FIFO），未读取；案例须为普通文件 (not a regular file: a named pipe; not read)",
                    why.get(in.resolve("pipe.json").toString()));
        }
        List<JsonNode> results = jsonLines(out.resolve("results.jsonl"));
        assertEquals(Set.of("A1", "I1"), Set.of(results.get(0).get("caseId").asText(), results.get(1).get("caseId").asText()));
    }

    /**
     * Generated odd inputs in nested directories — valid cases, deep nesting, lone surrogates, empty files, bytes that
     * are not UTF-8, truncated JSON, broken links, links to files, FIFOs, directories named *.json, non-case files —
     * and every record is accounted for: records = results + errors, each *.json name exactly once.
     */
    @Test
    void everyRecordOfAnOddDirectoryIsAccountedFor() throws Exception {
        Random random = new Random(6);
        Path in = Files.createDirectories(dir.resolve("odd"));
        Set<String> expectedEvaluated = new HashSet<>();
        Set<String> expectedRejected = new HashSet<>();
        boolean fifos = true;
        for (int i = 0; i < 120; i++) {
            Path d = in;
            for (int depth = random.nextInt(3); depth > 0; depth--) {
                d = d.resolve("d" + random.nextInt(4));
            }
            Files.createDirectories(d);
            Path f = d.resolve("f" + i + ".json");
            String id = "C" + i;
            switch (random.nextInt(11)) {
                case 0 -> Files.writeString(f, deep(id, 65 + random.nextInt(200)));
                case 1 -> Files.writeString(f, valid(id, "A\\ud800"));
                case 2 -> Files.write(f, new byte[0]);
                case 3 -> Files.write(f, new byte[] {'{', (byte) 0xC3, '}'});
                case 4 -> Files.writeString(f, valid(id, "甲").substring(0, 30));
                case 5 -> Files.createSymbolicLink(f, d.resolve("missing-" + i + ".json"));
                case 6 -> {
                    if (fifos && !TestSupport.mkfifo(f)) {
                        fifos = false;
                    }
                    if (!fifos) {
                        Files.write(f, new byte[0]);
                    }
                }
                case 7 -> Files.createDirectories(f);
                case 8 -> {
                    Path real = Files.createDirectories(in.resolve("real")).resolve("r" + i + ".txt");
                    Files.writeString(real, valid(id, "链接公司"));
                    Files.createSymbolicLink(f, real);
                    expectedEvaluated.add(f.toString());
                    continue;
                }
                case 9 -> {
                    Files.writeString(d.resolve("notes" + i + ".txt"), "不是案例");
                    Files.writeString(f, valid(id, "公司" + i));
                    expectedEvaluated.add(f.toString());
                    continue;
                }
                default -> {
                    Files.writeString(f, valid(id, "公司" + i));
                    expectedEvaluated.add(f.toString());
                    continue;
                }
            }
            expectedRejected.add(f.toString());
        }
        Path out = dir.resolve("out");
        Run r = batch(in, out);
        assertEquals(expectedRejected.isEmpty() ? ExitCode.OK : ExitCode.SOME_REJECTED, r.exitCode(), r.err());
        assertNoTrace(r);
        assertReports(out);
        JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
        long records = summary.at("/cases/records").asLong();
        List<String> results = Files.readAllLines(out.resolve("results.jsonl"));
        List<JsonNode> errors = jsonLines(out.resolve("errors.jsonl"));
        assertEquals(records, results.size() + errors.size(), "records = results + errors");
        assertEquals(expectedEvaluated.size() + expectedRejected.size(), records);
        assertEquals(expectedRejected.size(), summary.at("/cases/rejected").asLong());
        Set<String> rejected = new HashSet<>();
        for (JsonNode e : errors) {
            assertNotNull(e.get("reason"), e.toString());
            assertTrue(rejected.add(e.get("file").asText()), "once: " + e);
        }
        assertEquals(expectedRejected, rejected);
        assertEquals(expectedEvaluated.size(), results.size());
    }
}
