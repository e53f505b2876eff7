package com.subsidyevaluator.server;

import com.subsidyevaluator.io.RuleJson;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.ClauseWords;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import com.subsidyevaluator.engine.PolicyData.ClauseInfo;
import com.subsidyevaluator.engine.PolicyData.Parameter;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.testing.DataTest;
import com.subsidyevaluator.testing.DataTestFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the read-only routes show of one rule set: the document, its clauses (with their words where a rule file
 * quotes them, their rules with the DRL source, their data tests, parameters and budget pools), the rules and the
 * parameters. Built once per rule set (when it is loaded, so that the DRL sources are those it was compiled
 * from), then served as prepared bytes.
 */
final class Catalog {

    private static final ObjectMapper M = Json.mapper();
    /** A comment that starts a clause's words: "// 第12条 实施企业研发投入奖补政策。……". */

    private final byte[] document;
    private final byte[] clauses;
    private final Map<Integer, byte[]> clause = new HashMap<>();
    private final byte[] rules;
    private final byte[] parameters;

    Catalog(RuleSet ruleSet) {
        Map<Integer, String> words = ClauseWords.of(ruleSet.directory());
        Map<String, String> sources = new HashMap<>();
        for (RuleDefinition r : ruleSet.rules()) {
            sources.put(r.location(), source(ruleSet.directory(), r));
        }
        List<DataTest> tests;
        String testsProblem = null;
        try {
            tests = DataTestFile.loadAll(ruleSet.directory());
        } catch (IOException | DataTestFile.BadTestFile e) {
            tests = List.of();
            testsProblem = e.getMessage();
        }

        ObjectNode doc = M.valueToTree(ruleSet.document());
        doc.set("ruleSet", ruleSetId(ruleSet));
        this.document = bytes(doc);

        ArrayNode all = M.createArrayNode();
        PolicyData data = ruleSet.data();
        for (ClauseInfo c : data.clauses()) {
            List<RuleDefinition> of = ruleSet.rules().stream()
                    .filter(r -> !r.isTargetRule() && r.clauseNumber() == c.number()).toList();
            ObjectNode summary = clauseHead(ruleSet, c, words.get(c.number()));
            summary.put("rules", of.size());
            all.add(summary);

            ObjectNode full = clauseHead(ruleSet, c, words.get(c.number()));
            ArrayNode rs = full.putArray("rules");
            Set<String> pools = new LinkedHashSet<>();
            for (RuleDefinition r : of) {
                ObjectNode n = rule(r);
                n.put("source", sources.get(r.location()));
                rs.add(n);
                if (r.pool() != null) {
                    pools.add(r.pool());
                }
            }
            ArrayNode ts = full.putArray("tests");
            String number = Integer.toString(c.number());
            for (DataTest t : tests) {
                List<DataTest.Expectation> mine = t.expect().stream().filter(e -> number.equals(e.clause())).toList();
                if (mine.isEmpty()) {
                    continue;
                }
                ObjectNode n = ts.addObject();
                n.put("name", t.name());
                n.put("file", t.file());
                n.put("line", t.line());
                n.put("asOf", t.asOf() == null ? null : t.asOf().toString());
                ArrayNode ex = n.putArray("expect");
                for (DataTest.Expectation e : mine) {
                    ObjectNode x = ex.addObject();
                    x.put("status", e.status());
                    if (e.title() != null) {
                        x.put("title", e.title());
                    }
                    if (e.rule() != null) {
                        x.put("rule", e.rule());
                    }
                    if (e.subject() != null) {
                        x.put("subject", e.subject());
                    }
                }
            }
            if (testsProblem != null) {
                full.put("testsProblem", testsProblem);
            }
            ArrayNode ps = full.putArray("parameters");
            for (Parameter p : data.parameters()) {
                if (number.equals(p.clause())) {
                    ps.add(M.<JsonNode>valueToTree(p));
                }
            }
            ArrayNode bs = full.putArray("budgetPools");
            for (BudgetPool b : data.budgets()) {
                if (number.equals(b.clause()) || pools.contains(b.id())) {
                    bs.add(M.<JsonNode>valueToTree(b));
                }
            }
            clause.put(c.number(), bytes(full));
        }
        this.clauses = bytes(all);

        ArrayNode list = M.createArrayNode();
        for (RuleDefinition r : ruleSet.rules()) {
            list.add(rule(r));
        }
        this.rules = bytes(list);
        this.parameters = bytes(M.valueToTree(data.parameters()));
    }

    byte[] document() {
        return document;
    }

    byte[] clauses() {
        return clauses;
    }

    /** The clause's detail, or null when the document has no such clause. */
    byte[] clause(int number) {
        return clause.get(number);
    }

    byte[] rules() {
        return rules;
    }

    byte[] parameters() {
        return parameters;
    }

    static ObjectNode ruleSetId(RuleSet rs) {
        ObjectNode n = M.createObjectNode();
        n.put("id", rs.document().id());
        n.put("document", rs.document().number());
        n.put("hash", rs.hash());
        return n;
    }

    private static ObjectNode clauseHead(RuleSet rs, ClauseInfo c, String words) {
        ObjectNode n = M.createObjectNode();
        n.put("number", c.number());
        n.put("title", c.title());
        rs.document().areaOf(c.number()).ifPresent(a -> n.put("area", a.displayName()));
        n.put("text", words);
        ArrayNode kinds = n.putArray("kinds");
        c.kinds().forEach(k -> kinds.add(k.name()));
        n.put("noRule", c.noRule());
        return n;
    }

    /** A rule as {@code subsidy rules --format json} lists it. */
    static ObjectNode rule(RuleDefinition r) {
        return RuleJson.rule(r);
    }

    /** The DRL of a rule as written: from its {@code rule} line to its {@code end}. */
    static String source(Path dir, RuleDefinition r) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(r.file()), StandardCharsets.UTF_8);
            StringBuilder s = new StringBuilder();
            for (int i = r.line() - 1; i >= 0 && i < lines.size(); i++) {
                s.append(lines.get(i)).append('\n');
                if (lines.get(i).strip().equals("end")) {
                    return s.toString();
                }
            }
            return s.length() == 0 ? null : s.toString();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    static byte[] bytes(JsonNode n) {
        try {
            return (Json.pretty().writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Integer> numbers(RuleSet rs) {
        List<Integer> n = new ArrayList<>();
        rs.data().clauses().forEach(c -> n.add(c.number()));
        return n;
    }
}
