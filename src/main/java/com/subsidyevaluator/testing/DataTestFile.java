package com.subsidyevaluator.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.subsidyevaluator.testing.DataTest.Expectation;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the data tests of a rule set: every {@code *.yaml} (or {@code *.json}) file in its {@code tests}
 * folder. A file holds {@code tests:}, a list of tests, each with {@code name}, {@code asOf}, {@code input}
 * and {@code expect}.
 */
public final class DataTestFile {

    public static final String FOLDER = "tests";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Set<String> TEST_KEYS = Set.of("name", "asOf", "input", "expect");
    private static final Set<String> EXPECT_KEYS = Set.of("clause", "rule", "title", "subject", "status", "amountWan",
            "unmet", "missing", "met");
    private static final Set<String> STATUSES = Set.of("ELIGIBLE", "NOT_ELIGIBLE", "UNDETERMINED", "RELEVANT", "NO_OUTCOME");

    private DataTestFile() {
    }

    /** A data-test file that cannot be read, with its file and line. */
    public static final class BadTestFile extends Exception {
        private static final long serialVersionUID = 1L;

        private final String file;
        private final int line;
        private final String problem;

        /** A problem at {@code file:line}; the message is "file:line: problem". */
        public BadTestFile(String file, int line, String problem) {
            super(file + ":" + line + ": " + problem);
            this.file = file;
            this.line = line;
            this.problem = problem;
        }

        /** The test file, relative to the rule-set directory. */
        public String file() {
            return file;
        }

        /** The 1-based line, 0 when unknown. */
        public int line() {
            return line;
        }

        /** What is wrong, without the place. */
        public String problem() {
            return problem;
        }
    }

    /** The test files of the rule set in {@code rulesDir}, sorted by name. */
    public static List<Path> files(Path rulesDir) throws IOException {
        Path folder = rulesDir.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
            }).sorted().toList();
        }
    }

    /** Every test of the rule set in {@code rulesDir}. */
    public static List<DataTest> loadAll(Path rulesDir) throws IOException, BadTestFile {
        List<DataTest> all = new ArrayList<>();
        for (Path f : files(rulesDir)) {
            all.addAll(load(rulesDir, f));
        }
        return all;
    }

    /** The tests of one file. */
    public static List<DataTest> load(Path rulesDir, Path file) throws IOException, BadTestFile {
        String rel = rulesDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
                .replace('\\', '/');
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new BadTestFile(rel, line, "无法读取测试文件：" + com.subsidyevaluator.engine.YamlErrors.message(e));
        }
        if (root == null || !root.isObject() || !root.path("tests").isArray()) {
            throw new BadTestFile(rel, 1, "测试文件须有 tests: 列表");
        }
        String defaultClause = text(root.get("clause"));
        List<String> lines = text.lines().toList();
        List<DataTest> out = new ArrayList<>();
        int searchFrom = 0;
        for (JsonNode t : root.get("tests")) {
            String name = text(t.get("name"));
            int line = lineOf(lines, name, searchFrom);
            if (line > 0) {
                searchFrom = line;
            }
                        if (name == null || name.isBlank()) {
                throw new BadTestFile(rel, line, "测试缺少 name（用一句话说明期望的结果）");
            }
            for (Iterator<String> it = t.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!TEST_KEYS.contains(k)) {
                    throw new BadTestFile(rel, line, "测试「" + name + "」有未知的键 '" + k + "'，允许: name, asOf, input, expect");
                }
            }
            LocalDate asOf;
            try {
                asOf = LocalDate.parse(text(t.get("asOf")));
            } catch (DateTimeParseException | NullPointerException e) {
                throw new BadTestFile(rel, line, "测试「" + name + "」的 asOf 须为 YYYY-MM-DD 日期");
            }
            if (!(t.get("input") instanceof ObjectNode input)) {
                throw new BadTestFile(rel, line, "测试「" + name + "」缺少 input（案例事实）");
            }
            if (!t.path("expect").isArray() || t.get("expect").isEmpty()) {
                throw new BadTestFile(rel, line, "测试「" + name + "」缺少 expect 列表");
            }
            List<Expectation> expect = new ArrayList<>();
            for (JsonNode e : t.get("expect")) {
                expect.add(expectation(rel, line, name, e, defaultClause));
            }
            out.add(new DataTest(rel, line, name, asOf, input, List.copyOf(expect)));
        }
        return out;
    }

    private static Expectation expectation(String rel, int line, String name, JsonNode e, String defaultClause)
            throws BadTestFile {
        for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!EXPECT_KEYS.contains(k)) {
                throw new BadTestFile(rel, line, "测试「" + name + "」的期望有未知的键 '" + k + "'，允许: " + String.join(", ", EXPECT_KEYS));
            }
        }
        String clause = e.has("clause") ? text(e.get("clause")) : defaultClause;
        String status = text(e.get("status"));
        if (clause == null) {
            throw new BadTestFile(rel, line, "测试「" + name + "」的期望缺少 clause");
        }
        if (status == null || !STATUSES.contains(status)) {
            java.util.List<String> near = status == null ? java.util.List.of()
                    : com.subsidyevaluator.engine.Suggestions.nearest(status, STATUSES, 1);
            throw new BadTestFile(rel, line, "测试「" + name + "」的期望 status 须为 " + String.join("、", new java.util.TreeSet<>(STATUSES))
                    + (near.isEmpty() ? "" : "，是否指 " + near.get(0) + "?"));
        }
        BigDecimal amount = null;
        if (e.has("amountWan") && !e.get("amountWan").isNull()) {
            amount = e.get("amountWan").decimalValue();
        }
        return new Expectation(clause, text(e.get("rule")), text(e.get("title")), text(e.get("subject")), status,
                e.has("amountWan"), amount, list(e.get("unmet")), list(e.get("missing")),
                list(e.get("met")));
    }

    private static List<String> list(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        if (n.isArray()) {
            n.forEach(x -> out.add(x.asText()));
        } else {
            out.add(n.asText());
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }

    private static int lineOf(List<String> lines, String name, int from) {
        if (name == null) {
            return 0;
        }
        for (int i = from; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.contains("name:") && l.contains(name)) {
                return i + 1;
            }
        }
        return 0;
    }
}
