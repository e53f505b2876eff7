package com.subsidyevaluator.targets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.targets.Indicators.Period;
import com.subsidyevaluator.targets.TargetEvaluator.Evidence;
import com.subsidyevaluator.targets.TargetReport.TargetResult;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Data tests of the target rules, written by policy staff in {@code targets/tests/*.yaml}. Each test judges one
 * target — a target of targets.yaml by id, or one written out in full — against an actual figure (or none) and
 * states what is expected:
 *
 * <pre>
 * tests:
 *   - name: 增长 7.5% 恰在“8%左右”的容差下限上，算达到
 *     target: a3-industrial-value-added
 *     actual: 7.5
 *     expect: { verdict: MET, rule: 在目标左右（越高越好）, margin: -0.5 }
 * </pre>
 *
 * {@code actual} is omitted for a target without a figure; {@code period: {from, to}} gives the figure's period
 * when it is not the target's. {@code expect} holds {@code verdict} (MET, NOT_MET, NO_DATA) and optionally
 * {@code rule} (the rule's title), {@code margin} (actual minus target), {@code headline} (the whole sentence),
 * {@code note} and {@code condition} (text that a note, or a condition, must contain).
 */
public final class TargetDataTests {

    public static final String FOLDER = "targets/tests";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    private static final Set<String> TEST_KEYS = Set.of("name", "target", "actual", "period", "expect");
    private static final Set<String> EXPECT_KEYS = Set.of("verdict", "rule", "margin", "headline", "note", "condition");

    private TargetDataTests() {
    }

    /** One test, with the file and line of its name. */
    public record Test(String file, int line, String name, PolicyData.Target target, BigDecimal actual, Period period,
                       JsonNode expect) {
        public String location() {
            return file + ":" + line;
        }
    }

    /** A test file that cannot be read. */
    public static final class BadTestFile extends Exception {
        private static final long serialVersionUID = 1L;

        public BadTestFile(String message) {
            super(message);
        }
    }

    /** Every test in the rule set's {@code targets/tests} folder, file by file in name order. */
    public static List<Test> loadAll(Path ruleSetDir, PolicyData data) throws IOException, BadTestFile {
        Path folder = ruleSetDir.resolve(FOLDER);
        List<Test> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path f : files) {
            out.addAll(load(FOLDER + "/" + f.getFileName(), Files.readString(f, StandardCharsets.UTF_8), data));
        }
        return out;
    }

    static List<Test> load(String file, String text, PolicyData data) throws BadTestFile {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadTestFile(file + ":" + (e.getLocation() == null ? 0 : e.getLocation().getLineNr())
                    + ": 无法读取测试文件: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("tests").isArray()) {
            throw new BadTestFile(file + ":1: 测试文件须有 tests: 列表");
        }
        List<String> lines = text.lines().toList();
        List<Test> out = new ArrayList<>();
        int from = 0;
        for (JsonNode t : root.get("tests")) {
            String name = t.path("name").asText(null);
            int line = 0;
            for (int i = from; name != null && i < lines.size(); i++) {
                if (lines.get(i).contains("name:") && lines.get(i).contains(name)) {
                    line = i + 1;
                    from = line;
                    break;
                }
            }
            String where = file + ":" + line;
            if (name == null || name.isBlank()) {
                throw new BadTestFile(where + ": 测试缺少 name（用一句话说明期望的结果）");
            }
            unknownKeys(where, name, t, TEST_KEYS);
            JsonNode expect = t.get("expect");
            if (expect == null || !expect.isObject() || !expect.has("verdict")) {
                throw new BadTestFile(where + ": 测试「" + name + "」缺少 expect: { verdict: MET | NOT_MET | NO_DATA, … }");
            }
            unknownKeys(where, name, expect, EXPECT_KEYS);
            try {
                Verdict.valueOf(expect.get("verdict").asText());
            } catch (IllegalArgumentException e) {
                throw new BadTestFile(where + ": 测试「" + name + "」的 verdict 须为 MET、NOT_MET 或 NO_DATA");
            }
            PolicyData.Target target = target(where, name, t.get("target"), data);
            BigDecimal actual = null;
            if (t.has("actual") && !t.get("actual").isNull()) {
                if (!t.get("actual").isNumber()) {
                    throw new BadTestFile(where + ": 测试「" + name + "」的 actual 须为数字（以目标的单位计）");
                }
                actual = t.get("actual").decimalValue();
            }
            Period period = null;
            if (t.has("period")) {
                try {
                    period = YAML.treeToValue(t.get("period"), Period.class);
                } catch (JsonProcessingException e) {
                    throw new BadTestFile(where + ": 测试「" + name + "」的 period 须为 {from: YYYY-MM-DD, to: YYYY-MM-DD}");
                }
            }
            out.add(new Test(file, line, name, target, actual, period, expect));
        }
        return out;
    }

    private static PolicyData.Target target(String where, String name, JsonNode node, PolicyData data) throws BadTestFile {
        if (node != null && node.isTextual()) {
            return data.targets().stream().filter(x -> x.id().equals(node.asText())).findFirst().orElseThrow(() ->
                    new BadTestFile(where + ": 测试「" + name + "」的目标 '" + node.asText() + "' 不在 targets.yaml 中"));
        }
        if (node == null || !node.isObject()) {
            throw new BadTestFile(where + ": 测试「" + name + "」须有 target：targets.yaml 中的目标 id，或写出目标 "
                    + "{indicator, value, unit, comparison, direction}");
        }
        ObjectNode full = ((ObjectNode) node).deepCopy();
        if (!full.has("id")) {
            full.put("id", "test");
        }
        try {
            PolicyData.Target t = YAML.treeToValue(full, PolicyData.Target.class);
            if (t.indicator() == null || t.value() == null || t.unit() == null || t.comparison() == null
                    || t.direction() == null) {
                throw new BadTestFile(where + ": 测试「" + name + "」的目标须写出 indicator、value、unit、comparison、direction");
            }
            return t;
        } catch (JsonProcessingException e) {
            throw new BadTestFile(where + ": 测试「" + name + "」的目标无法读取: " + e.getOriginalMessage());
        }
    }

    private static void unknownKeys(String where, String name, JsonNode node, Set<String> allowed) throws BadTestFile {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new BadTestFile(where + ": 测试「" + name + "」有未知的键 '" + k + "'，允许: " + String.join(", ", allowed));
            }
        }
    }

    /** Runs one test; the differences between what happened and what was expected, empty when it passes. */
    public static List<String> run(TargetEvaluator evaluator, Test test) {
        PolicyData.Target t = test.target();
        Period target = evaluator.periodOf(t);
        Evidence evidence = test.actual() == null ? Evidence.none(List.of())
                : new Evidence(test.actual(), test.period() == null ? target : test.period(),
                new TargetReport.Actual(test.actual(), t.unit(), Figures.text(test.actual(), t.unit()), null, null,
                        List.of()), List.of());
        LocalDate asOf = target.to();
        TargetResult r = evaluator.judge(List.of(t), Map.of(t.id(), evidence), asOf).get(0);
        List<String> diffs = new ArrayList<>();
        JsonNode e = test.expect();
        String got = r.verdict() + "（" + r.headline() + "；" + String.join("；", r.conditions()) + "）";
        if (!r.verdict().name().equals(e.get("verdict").asText())) {
            diffs.add("期望 " + e.get("verdict").asText() + "，实际 " + got);
        }
        if (e.has("rule") && !e.get("rule").asText().equals(r.ruleTitle())) {
            diffs.add("期望由规则「" + e.get("rule").asText() + "」判断，实际是「" + r.ruleTitle() + "」");
        }
        if (e.has("margin")) {
            if (r.margin() == null) {
                diffs.add("期望差距 " + e.get("margin").asText() + "，实际没有差距（无数据）");
            } else if (e.get("margin").decimalValue().compareTo(r.margin().value()) != 0) {
                diffs.add("期望差距 " + e.get("margin").asText() + "，实际 " + r.margin().value().toPlainString()
                        + "（" + r.margin().text() + "）");
            }
        }
        if (e.has("headline") && !e.get("headline").asText().equals(r.headline())) {
            diffs.add("期望「" + e.get("headline").asText() + "」，实际「" + r.headline() + "」");
        }
        if (e.has("note") && r.notes().stream().noneMatch(n -> n.contains(e.get("note").asText()))) {
            diffs.add("期望说明中有「" + e.get("note").asText() + "」，实际说明: " + r.notes());
        }
        if (e.has("condition") && r.conditions().stream().noneMatch(c -> c.contains(e.get("condition").asText()))) {
            diffs.add("期望条件中有「" + e.get("condition").asText() + "」，实际: " + r.conditions());
        }
        return diffs;
    }
}
