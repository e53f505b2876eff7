package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch mixing valid cases with every kind of bad record: truncated lines, wrong types, huge numbers, deep
 * nesting, empty files, bytes that are not UTF-8, megabyte-long strings, a line longer than any record, a
 * duplicate caseId. The counts add up, every bad record has its error naming file and line, and the valid cases'
 * results are exactly those of a clean run.
 */
class BatchBadInputTest {

    @TempDir
    Path dir;

    /** Where a bad record is, and what its error must mention. */
    private record Bad(String file, Integer line, String mentions) {
    }

    @Test
    void everyBadRecordIsRejectedWithItsPlaceAndTheRestEqualACleanRun() throws Exception {
        RuleSet rules = TestSupport.shippedRules();
        Path population = BatchFixtures.population(dir.resolve("population.jsonl"), 99, 1200);
        List<String> valid = Files.readAllLines(population, StandardCharsets.UTF_8);

        Path inputs = Files.createDirectories(dir.resolve("inputs"));
        Path mixed = inputs.resolve("mixed.jsonl");
        Path json = Files.createDirectories(inputs.resolve("files"));
        List<Bad> bad = new ArrayList<>();
        List<String> cleanLines = new ArrayList<>();

        ByteArrayOutputStream m = new ByteArrayOutputStream();
        int line = 0;
        int v = 0;
        String mixedName = mixed.toString();
        for (int block = 0; v < valid.size(); block++) {
            for (int k = 0; k < 40 && v < valid.size(); k++) {
                String s = valid.get(v++);
                m.writeBytes((s + "\n").getBytes(StandardCharsets.UTF_8));
                line++;
                cleanLines.add(s);
            }
            String first = valid.get(block % valid.size());
            String badLine;
            String mentions;
            switch (block % 11) {
                case 0 -> { // truncated
                    badLine = first.substring(0, first.length() / 2);
                    mentions = "JSON";
                }
                case 1 -> { // wrong type
                    badLine = "{\"caseId\":\"W" + block + "\",\"asOf\":\"2023-12-31\",\"enterprise\":{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"revenueWan\":\"很多\"}}";
                    mentions = "revenueWan";
                }
                case 2 -> { // huge number
                    badLine = "{\"caseId\":\"H" + block + "\",\"asOf\":\"2023-12-31\",\"enterprise\":{\"name\":\"乙\",\"kind\":\"ENTERPRISE\",\"revenueWan\":1e1000000000}}";
                    mentions = "过大";
                }
                case 3 -> { // number too long to read
                    badLine = "{\"caseId\":\"N" + block + "\",\"asOf\":\"2023-12-31\",\"enterprise\":{\"name\":\"丙\",\"kind\":\"ENTERPRISE\",\"rdExpenseWan\":"
                            + "9".repeat(200) + "}}";
                    mentions = "限制";
                }
                case 4 -> { // deep nesting
                    badLine = "{\"caseId\":\"D" + block + "\",\"description\":" + "[".repeat(5000) + "]".repeat(5000) + "}";
                    mentions = "description";
                }
                case 5 -> { // not UTF-8
                    badLine = null;
                    byte[] head = ("{\"caseId\":\"U" + block + "\",\"asOf\":\"2023-12-31\",\"enterprise\":{\"name\":\"").getBytes(StandardCharsets.UTF_8);
                    byte[] tail = "\",\"kind\":\"ENTERPRISE\"}}\n".getBytes(StandardCharsets.UTF_8);
                    m.writeBytes(head);
                    m.write(0xC3);
                    m.write(0x28);
                    m.write(0xFF);
                    m.writeBytes(tail);
                    mentions = "UTF-8";
                }
                case 6 -> { // a megabyte-long string
                    badLine = "{\"caseId\":\"L" + block + "\",\"asOf\":\"2023-12-31\",\"description\":\"" + "长".repeat(1_200_000)
                            + "\",\"enterprise\":{\"name\":\"丁\",\"kind\":\"ENTERPRISE\"}}";
                    mentions = "限制";
                }
                case 7 -> { // duplicate caseId: an earlier valid line again
                    badLine = valid.get(0);
                    mentions = "重复";
                }
                case 8 -> { // not an object
                    badLine = "[1, 2, 3]";
                    mentions = "";
                }
                case 9 -> { // unknown field and wrong enum
                    badLine = "{\"caseId\":\"E" + block + "\",\"asOf\":\"2023-12-31\",\"enterprise\":{\"name\":\"戊\",\"kind\":\"SPACESHIP\"}}";
                    mentions = "kind";
                }
                default -> { // missing asOf
                    badLine = "{\"caseId\":\"A" + block + "\",\"enterprise\":{\"name\":\"己\",\"kind\":\"ENTERPRISE\"}}";
                    mentions = "asOf";
                }
            }
            if (badLine != null) {
                m.writeBytes((badLine + "\n").getBytes(StandardCharsets.UTF_8));
            }
            line++;
            bad.add(new Bad(mixedName, line, mentions));
            if (block % 5 == 0) {
                m.writeBytes("\n   \r\n".getBytes(StandardCharsets.UTF_8)); // blank lines are not records
                line += 2;
            }
        }
        // a line longer than any record may be (8 MiB): rejected without being held
        m.writeBytes(("{\"caseId\":\"X\",\"description\":\"" + "x".repeat(RecordReader.MAX_RECORD + 10) + "\"}\n")
                .getBytes(StandardCharsets.UTF_8));
        line++;
        bad.add(new Bad(mixedName, line, "过长"));
        // a last valid record without a line end
        String lastValid = valid.get(valid.size() - 1).replace("\"caseId\":\"", "\"caseId\":\"LAST-");
        m.writeBytes(lastValid.getBytes(StandardCharsets.UTF_8));
        cleanLines.add(lastValid);
        Files.write(mixed, m.toByteArray());

        // single-case files: an empty one, a valid one, a truncated one, one that is not UTF-8
        Path empty = Files.write(json.resolve("a-empty.json"), new byte[0]);
        bad.add(new Bad(empty.toString(), 1, "空"));
        String one = valid.get(1).replace("\"caseId\":\"", "\"caseId\":\"FILE-");
        Files.writeString(json.resolve("b-valid.json"), one, StandardCharsets.UTF_8);
        cleanLines.add(one);
        Path cut = Files.writeString(json.resolve("c-truncated.json"), "{\n  \"caseId\": \"T\",\n  \"enterprise\": {", StandardCharsets.UTF_8);
        bad.add(new Bad(cut.toString(), 3, "不完整"));
        Path latin = Files.write(json.resolve("d-latin1.json"), "{\"caseId\":\"Z\",\"enterprise\":{\"name\":\"Caf\u00e9\"}}"
                .getBytes(StandardCharsets.ISO_8859_1));
        bad.add(new Bad(latin.toString(), 1, "UTF-8"));
        Files.write(inputs.resolve("empty.jsonl"), new byte[0]);

        BatchRunner.Result r = BatchFixtures.run(rules, BatchOptions.of(List.of(mixed, json, inputs.resolve("empty.jsonl")),
                dir.resolve("out")).withThreads(3));

        assertEquals(cleanLines.size() + bad.size(), r.records(), "every record is counted once");
        assertEquals(cleanLines.size(), r.evaluated());
        assertEquals(bad.size(), r.rejected());
        assertEquals(r.records(), r.evaluated() + r.rejected());

        List<String> errors = BatchFixtures.lines(dir.resolve("out").resolve(BatchRunner.ERRORS));
        assertEquals(bad.size(), errors.size(), "one error record per bad record");
        Map<String, JsonNode> byPlace = new TreeMap<>();
        for (String e : errors) {
            JsonNode n = Json.mapper().readTree(e);
            assertFalse(n.path("reason").asText().isBlank(), e);
            assertTrue(n.path("record").asLong() > 0, e);
            String key = n.path("file").asText() + ":" + (n.hasNonNull("line") ? n.path("line").asInt() : "-");
            byPlace.put(key, n);
        }
        for (Bad b : bad) {
            String key = b.file() + ":" + (b.line() == null ? "-" : b.line());
            JsonNode n = byPlace.get(key);
            assertNotNull(n, "an error for " + key + " among " + byPlace.keySet());
            assertTrue(n.path("reason").asText().contains(b.mentions()) || n.path("path").asText().contains(b.mentions()),
                    key + " should mention '" + b.mentions() + "': " + n);
        }

        Path clean = dir.resolve("clean.jsonl");
        Files.write(clean, cleanLines, StandardCharsets.UTF_8);
        BatchFixtures.run(rules, BatchOptions.of(List.of(clean), dir.resolve("clean-out")));
        assertEquals(BatchFixtures.lines(dir.resolve("clean-out").resolve(BatchRunner.RESULTS)),
                BatchFixtures.lines(dir.resolve("out").resolve(BatchRunner.RESULTS)),
                "the valid records give the results of a clean run");
    }

    @Test
    void theSameBadBatchGivesTheSameBytesWhateverTheThreads() throws IOException {
        RuleSet rules = TestSupport.shippedRules();
        Path f = dir.resolve("small.jsonl");
        Files.writeString(f, """
                {"caseId":"A","asOf":"2023-12-31","enterprise":{"name":"甲","kind":"ENTERPRISE","highTech":true}}
                {"caseId":"B","asOf":"2023-12-31","enterprise":{"name":"乙","kind":"ENTERPRISE","highTech":"yes"}}
                {"caseId":"A","asOf":"2023-12-31","enterprise":{"name":"丙","kind":"ENTERPRISE"}}
                {"caseId":"C","asOf":"2023-12-31","enterprise":{"name":"丁","kind":"ENTERPRISE","rdExpenseWan":-5}}
                """, StandardCharsets.UTF_8);
        BatchFixtures.run(rules, BatchOptions.of(List.of(f), dir.resolve("o1")).withThreads(1));
        BatchFixtures.run(rules, BatchOptions.of(List.of(f), dir.resolve("o2")).withThreads(4));
        for (String name : List.of(BatchRunner.RESULTS, BatchRunner.ERRORS, BatchRunner.SUMMARY, BatchRunner.AWARDS)) {
            assertEquals(Files.readString(dir.resolve("o1").resolve(name)), Files.readString(dir.resolve("o2").resolve(name)), name);
        }
        List<String> errors = Files.readAllLines(dir.resolve("o1").resolve(BatchRunner.ERRORS));
        assertEquals(3, errors.size());
        assertTrue(errors.get(0).contains("\"line\":2") && errors.get(0).contains("highTech"), errors.get(0));
        assertTrue(errors.get(1).contains("\"line\":3") && errors.get(1).contains("重复") && errors.get(1).contains("\"caseId\":\"A\""),
                errors.get(1));
        assertTrue(errors.get(2).contains("\"line\":4") && errors.get(2).contains("负数"), errors.get(2));
    }
}
