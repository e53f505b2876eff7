package com.subsidyevaluator.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.FactModel;
import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The synthetic population: reproducible, readable by the strict reader, covering every fact type and field, with
 * the documented shares, and rich enough that every rule of the shipped rule set fires somewhere. When a new rule
 * never fires, extend the distributions in {@link Population} (and docs/batch.md) so that its applicants exist.
 */
class PopulationTest {

    static final int COUNT = 20_000;
    static RuleSet rules;
    static List<CaseFile> cases = new ArrayList<>();
    static List<JsonNode> json = new ArrayList<>();

    @BeforeAll
    static void generate() throws Exception {
        rules = TestSupport.shippedRules();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Population(2023, RuleHints.of(rules)).write(COUNT, out);
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(COUNT, lines.length);
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            cases.add(CaseReader.parse("population", b, 0, b.length, 0));
            json.add(Json.mapper().readTree(line));
        }
    }

    @Test
    void theSameSeedGivesTheSameBytes() throws Exception {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        ByteArrayOutputStream c = new ByteArrayOutputStream();
        new Population(42, RuleHints.of(rules)).write(500, a);
        new Population(42, RuleHints.of(rules)).write(500, b);
        new Population(43, RuleHints.of(rules)).write(500, c);
        assertArrayEquals(a.toByteArray(), b.toByteArray());
        assertFalse(java.util.Arrays.equals(a.toByteArray(), c.toByteArray()));
        assertEquals(new Population(42, RuleHints.none()).generate(17), new Population(42, RuleHints.none()).generate(17),
                "case i depends only on the seed and i");
    }

    @Test
    void everyFactTypeAndEveryFieldOccurs() {
        Set<String> seen = new HashSet<>();
        Set<String> fields = new HashSet<>();
        for (CaseFile c : cases) {
            for (CaseFile.LocatedFact lf : c.facts()) {
                String type = lf.fact().getClass().getSimpleName();
                seen.add(type);
                for (FieldInfo f : FactModel.type(lf.fact().getClass()).fields().values()) {
                    if (!f.derived() && f.read(lf.fact()) != null) {
                        fields.add(type + "." + f.name());
                    }
                }
            }
        }
        assertEquals(new TreeSet<>(Population.factTypes()), new TreeSet<>(seen), "every fact type of the model");
        Set<String> missing = new TreeSet<>();
        for (Class<?> t : FactModel.FACT_TYPES) {
            for (FieldInfo f : FactModel.type(t).fields().values()) {
                if (!f.derived() && !fields.contains(t.getSimpleName() + "." + f.name())) {
                    missing.add(t.getSimpleName() + "." + f.name());
                }
            }
        }
        assertTrue(missing.isEmpty(), "fields never given a value: " + missing);
    }

    @Test
    void everyRuleOfTheShippedRuleSetFiresSomewhere() {
        Map<String, Integer> eligible = new HashMap<>();
        try (BatchEvaluator e = rules.newBatchEvaluator()) {
            for (int i = 0; i < cases.size(); i += 256) {
                for (EvaluationResult r : e.evaluate(cases.subList(i, Math.min(cases.size(), i + 256)), false)) {
                    for (Outcome o : r.outcomes()) {
                        if (o.status() == Status.ELIGIBLE || o.status() == Status.RELEVANT) {
                            eligible.merge(o.rule(), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        List<String> never = new ArrayList<>();
        for (RuleDefinition r : rules.rules()) {
            if (!eligible.containsKey(r.name())) {
                never.add(r.location() + " " + r.name());
            }
        }
        assertTrue(never.isEmpty(), "rules no generated applicant is eligible for or relevant to (extend the distributions in "
                + "synthetic/Population.java and docs/batch.md):\n  " + String.join("\n  ", never));
    }

    @Test
    void theSharesFollowTheDocumentedDistributions() {
        Map<String, Integer> kinds = new HashMap<>();
        int enterprises = 0;
        int highTech = 0;
        int ports = 0;
        int farms = 0;
        for (JsonNode c : json) {
            String kind = c.path("enterprise").path("kind").asText();
            kinds.merge(kind, 1, Integer::sum);
            if (kind.equals("ENTERPRISE")) {
                enterprises++;
                if (c.path("enterprise").path("highTech").asBoolean(false)) {
                    highTech++;
                }
            }
            if (c.has("portOperations")) {
                ports++;
            }
            if (c.has("farms")) {
                farms++;
            }
        }
        assertBetween("share of enterprises", kinds.get("ENTERPRISE") / (double) COUNT, 0.89, 0.94);
        assertBetween("share of family farms", kinds.get("FAMILY_FARM") / (double) COUNT, 0.04, 0.06);
        assertBetween("share of high-tech enterprises", highTech / (double) enterprises, 0.005, 0.03);
        assertBetween("share of port users", ports / (double) COUNT, 0.025, 0.055);
        assertBetween("share with farms", farms / (double) COUNT, 0.07, 0.12);
    }

    private static void assertBetween(String what, double v, double low, double high) {
        assertTrue(v >= low && v <= high, what + " = " + v + ", documented between " + low + " and " + high);
    }
}
