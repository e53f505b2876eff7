package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lists per department ({@code departments/<牵头单位>.xlsx}): one workbook per lead department of the rule set,
 * read back with a spreadsheet reader and checked against the batch's other reports: 汇总 against summary.json (the
 * three kinds of money apart), 符合 against awards.csv, 待定 against the missing facts of results.jsonl, and the
 * split into numbered sheets at the row limit.
 */
class DepartmentWorkbooksTest {

    @TempDir
    static Path dir;
    static RuleSet rules;
    static Path population;
    static Path out;

    @BeforeAll
    static void batch() throws Exception {
        rules = BatchFixtures.ruleSetWithAmounts(dir.resolve("rules"), AllocationTest.AMOUNTS);
        population = BatchFixtures.population(dir.resolve("population.jsonl"), 11, 3000);
        out = dir.resolve("out");
        BatchFixtures.run(rules, BatchOptions.of(List.of(population, TestSupport.samplesDir()), out)
                .withAllocate(BatchOptions.Allocate.PRO_RATA));
    }

    /** The departments the rule set names, each once. */
    static Set<String> departments(RuleSet rules) {
        Set<String> out = new LinkedHashSet<>();
        for (RuleDefinition r : rules.rules()) {
            out.addAll(DepartmentWorkbooks.names(r.department()));
        }
        return out;
    }

    @Test
    void everyLeadDepartmentHasAWorkbookWithItsSheets() throws Exception {
        Set<String> expected = departments(rules);
        assertTrue(expected.containsAll(List.of("市发改局", "市科技局", "市经信局", "市交通运输局", "市商务局", "市农业农村局",
                "市人力社保局")), "the areas' departments, 市农业农村局、市发改局 as two: " + expected);
        Path folder = out.resolve(BatchRunner.DEPARTMENTS);
        try (Stream<Path> files = Files.list(folder)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(expected.stream().map(d -> d + ".xlsx").sorted().toList(), names,
                    "one workbook per department and nothing else (no temporary file left)");
        }
        for (String d : expected) {
            Map<String, List<List<String>>> wb = read(folder.resolve(d + ".xlsx"));
            assertEquals(List.of("汇总", "符合", "待定", "相关政策"), new ArrayList<>(wb.keySet()), d);
            assertEquals(d + " · 政策直达清单", wb.get("汇总").get(0).get(0));
            assertEquals(List.of(DepartmentWorkbooks.ELIGIBLE_HEADER), wb.get("符合").get(0));
            assertEquals(List.of(DepartmentWorkbooks.UNDETERMINED_HEADER), wb.get("待定").get(0));
            assertEquals(List.of(DepartmentWorkbooks.RELEVANT_HEADER), wb.get("相关政策").get(0));
        }
    }

    /** Per department, what summary.json says of its rules (an area led by two departments counts for each). */
    static Map<String, Map<String, BigDecimal>> expectedFigures(RuleSet rules, Path out) throws IOException {
        JsonNode summary = Json.mapper().readTree(out.resolve(BatchRunner.SUMMARY).toFile());
        Map<String, String> departmentOf = new HashMap<>();
        for (RuleDefinition r : rules.rules()) {
            departmentOf.put(r.name(), r.department());
        }
        Map<String, Map<String, BigDecimal>> figures = new TreeMap<>();
        for (JsonNode clause : summary.path("clauses")) {
            for (JsonNode rule : clause.path("rules")) {
                JsonNode t = rule.path("totals");
                for (String d : DepartmentWorkbooks.names(departmentOf.get(rule.path("rule").asText()))) {
                    Map<String, BigDecimal> f = figures.computeIfAbsent(d, k -> new TreeMap<>());
                    for (String k : List.of("eligible", "undetermined", "relevant", "cashEligible", "cashEligibleUnpriced",
                            "nonCashEligible", "eligibleAmountWan", "allocatedAmountWan")) {
                        f.merge(k, t.path(k).decimalValue(), BigDecimal::add);
                    }
                    t.path("nonCashEligibleByKind").fields().forEachRemaining(e ->
                            f.merge("kind:" + e.getKey(), e.getValue().decimalValue(), BigDecimal::add));
                }
            }
        }
        return figures;
    }

    /** The same figures as 汇总 shows them. */
    static Map<String, BigDecimal> shownFigures(List<List<String>> summary) {
        Map<String, BigDecimal> f = new TreeMap<>();
        String section = "";
        for (List<String> row : summary) {
            String a = cell(row, 0);
            if (a.startsWith("一、") || a.startsWith("二、") || a.startsWith("三、")) {
                section = a.substring(0, 2);
                continue;
            }
            if (a.equals("其他")) {
                section = "其他";
                continue;
            }
            if (cell(row, 2).isEmpty() || !cell(row, 2).matches("-?[0-9.]+")) {
                continue;
            }
            BigDecimal n = new BigDecimal(cell(row, 2));
            switch (section) {
                case "一、" -> {
                    if (a.equals("合计")) {
                        f.put("cashEligible", n);
                        f.put("eligibleAmountWan", new BigDecimal(cell(row, 3)));
                        f.put("allocatedAmountWan", new BigDecimal(cell(row, 4)));
                    }
                }
                case "二、" -> {
                    if (a.equals("合计")) {
                        f.put("cashEligibleUnpriced", n);
                    }
                }
                case "三、" -> {
                    if (a.equals("合计")) {
                        f.put("nonCashEligible", n);
                    } else {
                        f.put("kind:" + a, n);
                    }
                }
                case "其他" -> {
                    if (a.startsWith("符合项合计")) {
                        f.put("eligible", n);
                    } else if (a.startsWith("待定项")) {
                        f.put("undetermined", n);
                    } else if (a.startsWith("相关政策")) {
                        f.put("relevant", n);
                    }
                }
                default -> { }
            }
        }
        return f;
    }

    @Test
    void theSummarySheetShowsTheFiguresOfSummaryJsonForItsDepartment() throws Exception {
        Map<String, Map<String, BigDecimal>> expected = expectedFigures(rules, out);
        boolean priced = false;
        for (String d : departments(rules)) {
            Map<String, List<List<String>>> wb = read(out.resolve(BatchRunner.DEPARTMENTS).resolve(d + ".xlsx"));
            Map<String, BigDecimal> shown = shownFigures(wb.get("汇总"));
            Map<String, BigDecimal> want = new TreeMap<>(expected.getOrDefault(d, Map.of()));
            want.entrySet().removeIf(e -> e.getKey().startsWith("kind:") && e.getValue().signum() == 0);
            assertEquals(strip(want), strip(shown), d);
            assertEquals(want.get("eligible"), want.get("cashEligible").add(want.get("cashEligibleUnpriced"))
                    .add(want.get("nonCashEligible")), "eligible = the three kinds (" + d + ")");
            priced |= want.get("eligibleAmountWan").signum() > 0;
            // the rows: 符合 one per eligible outcome, 相关政策 one per guidance outcome
            assertEquals(want.get("eligible").intValue(), wb.get("符合").size() - 1, d);
            assertEquals(want.get("relevant").intValue(), wb.get("相关政策").size() - 1, d);
        }
        assertTrue(priced, "the fixture gives some cash awards an amount");
        assertTrue(expected.get("市科技局").get("allocatedAmountWan").compareTo(expected.get("市科技局").get("eligibleAmountWan")) < 0,
                "the science pools are oversubscribed and scaled");
    }

    private static Map<String, String> strip(Map<String, BigDecimal> m) {
        Map<String, String> s = new TreeMap<>();
        m.forEach((k, v) -> s.put(k, v.stripTrailingZeros().toPlainString()));
        return s;
    }

    @Test
    void theEligibleRowsAreTheDepartmentsAwardsWithTheirAmountsAsNumbers() throws Exception {
        List<List<String>> awards = csv(out.resolve(BatchRunner.AWARDS));
        List<String> head = awards.get(0);
        int caseId = head.indexOf("案例编号");
        int clause = head.indexOf("条款");
        int title = head.indexOf("标题");
        int dept = head.indexOf("牵头单位");
        int status = head.indexOf("状态");
        int path = head.indexOf("对象位置");
        int amount = head.indexOf("金额（万元）");
        int paid = head.indexOf("核定金额（万元）");
        int money = head.indexOf("资金");
        boolean sawNumber = false;
        for (String d : departments(rules)) {
            List<String> expected = new ArrayList<>();
            for (List<String> r : awards.subList(1, awards.size())) {
                if (r.get(status).equals("符合") && DepartmentWorkbooks.names(r.get(dept)).contains(d)) {
                    String a = r.get(money).equals(AwardsCsv.NO_MONEY) ? "非资金"
                            : r.get(amount).isEmpty() ? "按配套细则" : plain(r.get(amount));
                    expected.add(String.join("|", r.get(caseId), "第" + r.get(clause) + "条", r.get(title), r.get(path), a,
                            r.get(paid).isEmpty() || r.get(amount).isEmpty() ? "" : plain(r.get(paid))));
                }
            }
            Path file = out.resolve(BatchRunner.DEPARTMENTS).resolve(d + ".xlsx");
            List<String> shown = new ArrayList<>();
            try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile())) {
                List<Row> rows = wb.findSheet("符合").orElseThrow().read();
                for (Row r : rows.subList(1, rows.size())) {
                    Cell a = r.getCell(8);
                    if (a.getType() == CellType.NUMBER) {
                        sawNumber = true;
                        assertEquals(CellType.NUMBER, r.getCell(9).getType(), "the amount paid is a number too");
                    }
                    shown.add(String.join("|", text(r, 0), text(r, 3), text(r, 4), text(r, 7),
                            a.getType() == CellType.NUMBER ? plain(a.asNumber().toPlainString()) : a.getText(),
                            r.getCellCount() > 9 && r.getCell(9) != null && r.getCell(9).getType() == CellType.NUMBER
                                    ? plain(r.getCell(9).asNumber().toPlainString()) : ""));
                    assertFalse(text(r, 1).isEmpty(), "the applicant");
                }
            }
            assertEquals(expected, shown, d + ": the eligible rows of awards.csv of the department, in the same order");
        }
        assertTrue(sawNumber, "amounts are number cells");
    }

    @Test
    void theListOfFactsToAskForHasOneRowPerApplicantAndMissingFact() throws Exception {
        JsonNode catalogue = Json.mapper().readTree(out.resolve(BatchRunner.RULES).toFile());
        Map<String, JsonNode> byId = new HashMap<>();
        catalogue.path("rules").forEach(r -> byId.put(r.path("id").asText(), r));
        // per department: caseId|path → the clauses waiting on it, from results.jsonl
        Map<String, Map<String, Set<String>>> expected = new TreeMap<>();
        for (String line : Files.readAllLines(out.resolve(BatchRunner.RESULTS), StandardCharsets.UTF_8)) {
            JsonNode r = Json.mapper().readTree(line);
            for (JsonNode o : r.path("outcomes")) {
                if (!o.path("status").asText().equals("UNDETERMINED")) {
                    continue;
                }
                JsonNode rule = byId.get(o.path("rule").asText());
                for (String d : DepartmentWorkbooks.names(rule.path("department").asText())) {
                    for (JsonNode m : o.path("missing")) {
                        expected.computeIfAbsent(d, k -> new TreeMap<>())
                                .computeIfAbsent(r.path("caseId").asText() + "|" + m.path("path").asText(),
                                        k -> new java.util.TreeSet<>())
                                .add("第" + rule.path("clause").asText() + "条");
                    }
                }
            }
        }
        assertFalse(expected.isEmpty());
        for (String d : departments(rules)) {
            List<List<String>> rows = read(out.resolve(BatchRunner.DEPARTMENTS).resolve(d + ".xlsx")).get("待定");
            Map<String, Set<String>> shown = new TreeMap<>();
            for (List<String> r : rows.subList(1, rows.size())) {
                String key = cell(r, 0) + "|" + cell(r, 5);
                assertFalse(shown.containsKey(key), "one row per applicant and fact: " + key);
                shown.put(key, new java.util.TreeSet<>(List.of(cell(r, 7).split("、"))));
                assertFalse(cell(r, 3).isEmpty(), "the fact's label: " + r);
                assertFalse(cell(r, 6).isEmpty(), "why it is needed: " + r);
                for (String c : cell(r, 7).split("、")) {
                    assertTrue(cell(r, 6).contains(c) && cell(r, 8).contains(c), "each clause waiting is explained: " + r);
                }
            }
            assertEquals(expected.getOrDefault(d, Map.of()), shown, d);
        }
        // a fact in words, with where the register takes it (S06 lacks its talent's 高层次科技人才 flag)
        List<List<String>> science = read(out.resolve(BatchRunner.DEPARTMENTS).resolve("市科技局.xlsx")).get("待定");
        List<String> s06 = science.stream().filter(r -> cell(r, 0).equals("S06") && cell(r, 5).equals("$.talents[0].highLevelSciTech"))
                .findFirst().orElseThrow();
        assertEquals("高层次科技人才", cell(s06, 3));
        assertEquals("人才 表「高层次科技人才」列（本案例第 1 行）", cell(s06, 4));
        assertEquals("第8条「推荐纳入温州市人才院“编制池”」：应为是", cell(s06, 6));
        assertEquals("第8条", cell(s06, 7));
    }

    @Test
    void aSheetPastTheRowLimitGoesOnInNumberedSheets() throws Exception {
        Path whole = dir.resolve("whole");
        Path split = dir.resolve("split");
        BatchOptions o = BatchOptions.of(List.of(TestSupport.samplesDir()), whole);
        BatchFixtures.run(TestSupport.shippedRules(), o);
        int limit = DepartmentWorkbooks.maxRows;
        try {
            DepartmentWorkbooks.maxRows = 6; // a header and five rows per sheet
            BatchFixtures.run(TestSupport.shippedRules(), o.withOut(split));
        } finally {
            DepartmentWorkbooks.maxRows = limit;
        }
        Map<String, List<List<String>>> a = read(whole.resolve(BatchRunner.DEPARTMENTS).resolve("市科技局.xlsx"));
        Map<String, List<List<String>>> b = read(split.resolve(BatchRunner.DEPARTMENTS).resolve("市科技局.xlsx"));
        for (String kind : List.of("符合", "待定", "相关政策")) {
            List<List<String>> rows = new ArrayList<>();
            List<String> sheets = new ArrayList<>();
            for (Map.Entry<String, List<List<String>>> e : b.entrySet()) {
                if (e.getKey().equals(kind) || e.getKey().startsWith(kind + " (")) {
                    sheets.add(e.getKey());
                    assertEquals(a.get(kind).get(0), e.getValue().get(0), "each sheet has the header");
                    assertTrue(e.getValue().size() <= 6, e.getKey() + " holds at most the limit");
                    rows.addAll(e.getValue().subList(1, e.getValue().size()));
                }
            }
            int n = a.get(kind).size() - 1;
            assertTrue(n > 10, kind + " has rows enough to split: " + n);
            assertEquals((n + 4) / 5, sheets.size(), kind + ": " + sheets);
            assertEquals(kind + " (2)", sheets.get(1));
            assertEquals(a.get(kind).subList(1, n + 1), rows, kind + ": the same rows in the same order");
            String notes = b.get("汇总").toString();
            assertTrue(notes.contains("「" + kind + "」的行数超过一张工作表的上限（5 行，另有表头），续在「" + kind + " (2)」"),
                    "汇总 names the sheets it goes on in: " + notes);
        }
    }

    @Test
    void theSameInputGivesTheSameWorkbooksByteForByte() throws Exception {
        Path a = dir.resolve("again-a");
        Path b = dir.resolve("again-b");
        BatchFixtures.run(TestSupport.shippedRules(), BatchOptions.of(List.of(TestSupport.samplesDir()), a).withThreads(1));
        BatchFixtures.run(TestSupport.shippedRules(), BatchOptions.of(List.of(TestSupport.samplesDir()), b).withThreads(2));
        for (String d : departments(TestSupport.shippedRules())) {
            assertArrayEquals(Files.readAllBytes(a.resolve(BatchRunner.DEPARTMENTS).resolve(d + ".xlsx")),
                    Files.readAllBytes(b.resolve(BatchRunner.DEPARTMENTS).resolve(d + ".xlsx")), d);
        }
    }

    @Test
    void noDepartmentsWritesNoneAndRemovesAnEarlierRunsWorkbooks() throws Exception {
        Path o = dir.resolve("off");
        BatchFixtures.run(TestSupport.shippedRules(), BatchOptions.of(List.of(TestSupport.samplesDir()), o));
        Path folder = o.resolve(BatchRunner.DEPARTMENTS);
        assertTrue(Files.isRegularFile(folder.resolve("市科技局.xlsx")));
        Files.writeString(folder.resolve("staff notes.txt"), "kept");
        Files.writeString(folder.resolve("市旧部门.xlsx"), "from an older rule set");
        BatchFixtures.run(TestSupport.shippedRules(), BatchOptions.of(List.of(TestSupport.samplesDir()), o));
        assertFalse(Files.exists(folder.resolve("市旧部门.xlsx")), "a workbook this run did not write is removed");
        BatchFixtures.run(TestSupport.shippedRules(), BatchOptions.of(List.of(TestSupport.samplesDir()), o)
                .withDepartments(false));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("staff notes.txt"), files.map(p -> p.getFileName().toString()).toList(),
                    "no workbook is left to describe other results; other files stay");
        }
        assertTrue(Files.isRegularFile(o.resolve(BatchRunner.RESULTS)));
    }

    @Test
    void theCommandWritesThemUnlessToldNotTo() throws Exception {
        Path on = dir.resolve("cli-on");
        Path off = dir.resolve("cli-off");
        String rulesDir = TestSupport.rulesDir().toString();
        TestSupport.Run a = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--out", on.toString(), "--rules", rulesDir);
        TestSupport.Run b = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--out", off.toString(), "--rules", rulesDir,
                "--no-departments");
        assertEquals(0, a.exitCode(), a.err());
        assertEquals(0, b.exitCode(), b.err());
        assertEquals(a.out(), b.out());
        assertTrue(Files.isRegularFile(on.resolve("departments/市人力社保局.xlsx")));
        assertFalse(Files.exists(off.resolve("departments")));
        assertArrayEquals(Files.readAllBytes(on.resolve(BatchRunner.RESULTS)), Files.readAllBytes(off.resolve(BatchRunner.RESULTS)),
                "the other reports do not depend on it");
        assertArrayEquals(Files.readAllBytes(on.resolve(BatchRunner.SUMMARY)), Files.readAllBytes(off.resolve(BatchRunner.SUMMARY)));
        TestSupport.Run help = TestSupport.cli("batch", "--help");
        assertTrue(help.out().contains("--no-departments"), help.out());
    }

    @Test
    void departmentNamesFromTheRuleSetMakeSafeFileNames() throws Exception {
        assertEquals(List.of("市农业农村局", "市发改局"), DepartmentWorkbooks.names("市农业农村局、市发改局"));
        assertEquals(List.of("甲局", "乙局", "丙局"), DepartmentWorkbooks.names(" 甲局，乙局; 丙局 、甲局"));
        assertEquals(List.of(DepartmentWorkbooks.NO_DEPARTMENT), DepartmentWorkbooks.names(null));
        assertEquals(List.of(DepartmentWorkbooks.NO_DEPARTMENT), DepartmentWorkbooks.names(" 、 "));
        assertEquals("市科技局.xlsx", DepartmentWorkbooks.fileName("市科技局"));
        assertEquals("_.._etc_passwd.xlsx", DepartmentWorkbooks.fileName("/../etc/passwd"));
        assertEquals("a_b_c_d_e_f_g_h_i.xlsx", DepartmentWorkbooks.fileName("a/b\\c:d*e?f\"g<h>i"));
        assertEquals("_.xlsx", DepartmentWorkbooks.fileName("..."));
        assertEquals("_CON.xlsx", DepartmentWorkbooks.fileName("CON"));
        assertEquals("x_y.xlsx", DepartmentWorkbooks.fileName("x\u0000y"));
        assertEquals(80 + ".xlsx".length(), DepartmentWorkbooks.fileName("局".repeat(200)).length());
        for (String hostile : List.of("../../x", "..", "a/../../b", "\\\\server\\share")) {
            String f = DepartmentWorkbooks.fileName(hostile);
            assertFalse(f.contains("/") || f.contains("\\") || f.startsWith("."), f);
            assertEquals(Path.of(f).getFileName().toString(), f);
        }
    }

    @Test
    void aDepartmentNamedWithPathCharactersStaysInTheFolder() throws Exception {
        Path copy = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("hostile-rules"));
        Path doc = copy.resolve("document.yaml");
        Files.writeString(doc, Files.readString(doc, StandardCharsets.UTF_8).replace("department: 市科技局",
                "department: ../../市科技局"), StandardCharsets.UTF_8);
        RuleSet hostile = RuleSet.load(copy);
        Path o = dir.resolve("hostile-out");
        BatchFixtures.run(hostile, BatchOptions.of(List.of(TestSupport.samplesDir()), o));
        Path folder = o.resolve(BatchRunner.DEPARTMENTS);
        assertEquals("_.._市科技局.xlsx", DepartmentWorkbooks.fileName("../../市科技局"));
        assertTrue(Files.isRegularFile(folder.resolve("_.._市科技局.xlsx")), "the workbook is in departments/");
        assertNotNull(read(folder.resolve("_.._市科技局.xlsx")).get("符合"));
        for (Path near : List.of(o, dir, dir.getParent())) {
            try (Stream<Path> files = Files.list(near)) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith("市科技局.xlsx")),
                        "nothing written outside departments/: " + near);
            }
        }
        assertEquals("../../市科技局 · 政策直达清单",
                read(folder.resolve("_.._市科技局.xlsx")).get("汇总").get(0).get(0),
                "the department's own name is kept inside the workbook");
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Every sheet of a workbook, in tab order, as rows of cell texts (numbers in plain notation). */
    static Map<String, List<List<String>>> read(Path xlsx) {
        Map<String, List<List<String>>> out = new LinkedHashMap<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(xlsx.toFile())) {
            for (Sheet s : wb.getSheets().toList()) {
                List<List<String>> rows = new ArrayList<>();
                for (Row r : s.read()) {
                    List<String> cells = new ArrayList<>();
                    for (int i = 0; i < r.getCellCount(); i++) {
                        cells.add(text(r, i));
                    }
                    while (!cells.isEmpty() && cells.get(cells.size() - 1).isEmpty()) {
                        cells.remove(cells.size() - 1);
                    }
                    rows.add(cells);
                }
                out.put(s.getName(), rows);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    static String text(Row r, int i) {
        if (i >= r.getCellCount()) {
            return "";
        }
        Cell c = r.getCell(i);
        if (c == null || c.getType() == CellType.EMPTY) {
            return "";
        }
        return c.getType() == CellType.NUMBER ? plain(c.asNumber().toPlainString()) : c.getText();
    }

    static String cell(List<String> row, int i) {
        return i < row.size() ? row.get(i) : "";
    }

    static String plain(String number) {
        BigDecimal b = new BigDecimal(number).stripTrailingZeros();
        return (b.scale() < 0 ? b.setScale(0) : b).toPlainString();
    }

    /** An RFC 4180 file (awards.csv: UTF-8 with a byte-order mark, CRLF). */
    static List<List<String>> csv(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        if (s.startsWith("\uFEFF")) {
            s = s.substring(1);
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    f.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    f.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                row.add(f.toString());
                f.setLength(0);
            } else if (c == '\r') {
                // CRLF
            } else if (c == '\n') {
                row.add(f.toString());
                f.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else {
                f.append(c);
            }
        }
        if (!row.isEmpty() || !f.isEmpty()) {
            row.add(f.toString());
            rows.add(row);
        }
        return rows;
    }
}
