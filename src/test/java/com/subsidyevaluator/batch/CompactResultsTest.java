package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleCatalogue;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compact results read back with rules.json give, line for line, the bytes --full-results writes: nothing of an
 * outcome is lost. Each line is checked against docs/results.schema.json.
 */
class CompactResultsTest {

    @TempDir
    static Path dir;
    static Path population;

    private static final ObjectMapper EXACT = Json.mapper().copy()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @BeforeAll
    static void population() {
        population = BatchFixtures.population(dir.resolve("population.jsonl"), 2023L, 1500);
    }

    /** Runs compact and full over the same input; every compact line read back is the full line, byte for byte. */
    private static List<String> sameAsFull(RuleSet rules, BatchOptions options, String name) throws Exception {
        Path compact = dir.resolve(name + "-compact");
        Path full = dir.resolve(name + "-full");
        BatchFixtures.run(rules, options.withOut(compact));
        BatchFixtures.run(rules, options.withOut(full).withFullResults(true));
        RuleCatalogue.File catalogue = Json.mapper().readValue(compact.resolve(BatchRunner.RULES).toFile(), RuleCatalogue.File.class);
        CompactResults reader = new CompactResults(catalogue);
        List<String> lines = BatchFixtures.lines(compact.resolve(BatchRunner.RESULTS));
        List<String> expected = BatchFixtures.lines(full.resolve(BatchRunner.RESULTS));
        assertEquals(expected.size(), lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String back = Json.compact().writeValueAsString(reader.read(EXACT.readTree(lines.get(i))));
            assertEquals(expected.get(i), back, "line " + (i + 1));
        }
        return lines;
    }

    @Test
    void compactLinesReadBackAsTheFullLines() throws Exception {
        List<String> lines = sameAsFull(TestSupport.shippedRules(),
                BatchOptions.of(List.of(population, TestSupport.samplesDir()), dir).withAll(true).withThreads(2), "all");
        long compact = lines.stream().mapToLong(String::length).sum();
        assertTrue(lines.stream().noneMatch(l -> l.contains("\"full\":")), "every outcome of the shipped rules is compact");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"RELEVANT\"")), "guidance");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"fact\":")), "related-fact conditions name the fact's path");
        assertTrue(compact > 0);
        sameAsFull(TestSupport.shippedRules(), BatchOptions.of(List.of(population), dir).withThreads(2), "visible");
    }

    @Test
    void allocationsAndDatedAmountsReadBack() throws Exception {
        RuleSet rules = BatchFixtures.ruleSetWithAmounts(dir.resolve("rules"), AllocationTest.AMOUNTS);
        List<String> lines = sameAsFull(rules, BatchOptions.of(List.of(population), dir)
                .withAllocate(BatchOptions.Allocate.PRO_RATA), "pro-rata");
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"allocation\":")), "some awards are scaled");
    }

    @Test
    void everyLineHasWhatTheSchemaRequires() throws Exception {
        Path out = dir.resolve("schema");
        BatchFixtures.run(TestSupport.shippedRules(), BatchOptions.of(List.of(population, TestSupport.samplesDir()), out)
                .withAll(true));
        JsonNode schema = Json.mapper().readTree(TestSupport.projectDir().resolve("docs")
                .resolve("results.schema.json").toFile());
        int n = 0;
        for (String line : BatchFixtures.lines(out.resolve(BatchRunner.RESULTS))) {
            List<String> problems = new ArrayList<>();
            check(schema, schema, Json.mapper().readTree(line), "$", problems);
            assertEquals(List.of(), problems, line);
            n++;
        }
        assertTrue(n > 1500);
        assertFalse(schema.path("required").isEmpty());
    }

    /**
     * The parts of JSON Schema docs/results.schema.json uses: $ref, oneOf, required, properties with
     * additionalProperties false or a schema, items, type, enum, const.
     */
    private static void check(JsonNode root, JsonNode s, JsonNode v, String at, List<String> problems) {
        if (s.has("$ref")) {
            String[] parts = s.get("$ref").asText().substring(2).split("/");
            JsonNode target = root;
            for (String p : parts) {
                target = target.get(p);
            }
            check(root, target, v, at, problems);
            return;
        }
        if (s.has("oneOf")) {
            int matching = 0;
            List<String> all = new ArrayList<>();
            for (JsonNode alt : s.get("oneOf")) {
                List<String> p = new ArrayList<>();
                check(root, alt, v, at, p);
                matching += p.isEmpty() ? 1 : 0;
                all.addAll(p);
            }
            if (matching != 1) {
                problems.add(at + ": matches " + matching + " of oneOf " + all);
            }
            return;
        }
        if (s.has("const") && !s.get("const").equals(v)) {
            problems.add(at + ": not " + s.get("const"));
        }
        if (s.has("enum")) {
            boolean found = false;
            for (JsonNode e : s.get("enum")) {
                found |= e.equals(v);
            }
            if (!found) {
                problems.add(at + ": not one of " + s.get("enum"));
            }
        }
        if (s.has("type")) {
            List<String> types = new ArrayList<>();
            s.get("type").forEach(t -> types.add(t.asText()));
            if (s.get("type").isTextual()) {
                types.add(s.get("type").asText());
            }
            String actual = v.isObject() ? "object" : v.isArray() ? "array" : v.isTextual() ? "string"
                    : v.isIntegralNumber() ? "integer" : v.isNumber() ? "number" : v.isBoolean() ? "boolean" : "null";
            if (!types.contains(actual) && !(actual.equals("integer") && types.contains("number"))) {
                problems.add(at + ": " + actual + ", not " + types);
                return;
            }
        }
        if (v.isObject()) {
            for (JsonNode r : s.path("required")) {
                if (!v.has(r.asText())) {
                    problems.add(at + ": lacks " + r.asText());
                }
            }
            JsonNode props = s.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (props.has(e.getKey())) {
                    check(root, props.get(e.getKey()), e.getValue(), at + "." + e.getKey(), problems);
                } else if (s.path("additionalProperties").isObject()) {
                    check(root, s.get("additionalProperties"), e.getValue(), at + "." + e.getKey(), problems);
                } else if (s.has("additionalProperties") && !s.get("additionalProperties").asBoolean()) {
                    problems.add(at + ": unknown property " + e.getKey());
                }
            }
        }
        if (v.isArray() && s.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(root, s.get("items"), v.get(i), at + "[" + i + "]", problems);
            }
        }
    }
}
