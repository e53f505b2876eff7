package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseFiles;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code subsidy diff} over what batch reads, against a real edited copy of the shipped rules: one amount set
 * (研发后补助 from 按配套细则 to 30 万元) and one condition tightened (研发费用加计扣除 from any R&D spending to more than
 * 500 万元). What it must report is worked out here independently, by evaluating every sample under both versions.
 */
class DiffCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String AMOUNT_FROM = "@amount(\"param:rd-post-subsidy\")";
    private static final String AMOUNT_TO = "@amount(\"30\")";
    private static final String CONDITION_FROM = "rdExpenseWan > 0 )";
    private static final String CONDITION_TO = "rdExpenseWan > 500 )";

    @TempDir
    static Path tmp;

    static Path edited;
    static RuleSet before;
    static RuleSet after;
    static List<Path> sampleFiles;
    static List<CaseFile> cases;
    static Path jsonl;

    @BeforeAll
    static void editACopyOfTheRules() throws Exception {
        edited = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("edited"));
        Path drl = edited.resolve("02-science-and-technology.drl");
        String text = Files.readString(drl, StandardCharsets.UTF_8);
        assertTrue(text.contains(AMOUNT_FROM) && text.contains(CONDITION_FROM), "the shipped rules have what is edited");
        Files.writeString(drl, text.replace(AMOUNT_FROM, AMOUNT_TO).replace(CONDITION_FROM, CONDITION_TO),
                StandardCharsets.UTF_8);
        before = TestSupport.shippedRules();
        after = RuleSet.load(edited);
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            sampleFiles = s.filter(CaseFiles::isCaseFile).sorted().toList();
        }
        cases = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (Path p : sampleFiles) {
            cases.add(CaseReader.read(p));
            lines.append(JSON.writeValueAsString(JSON.readTree(p.toFile()))).append('\n');
        }
        jsonl = Files.writeString(tmp.resolve("samples.jsonl"), lines.toString(), StandardCharsets.UTF_8);
    }

    private static Run diff(String... args) {
        List<String> all = new ArrayList<>(List.of("diff", "--rules", TestSupport.rulesDir().toString(), "--against",
                edited.toString()));
        all.addAll(List.of(args));
        return TestSupport.cli(all.toArray(String[]::new));
    }

    /** "caseId|rule|subject|before|after|beforeAmount|afterAmount" of each outcome that differs, by kind. */
    private static Map<String, Set<String>> expectedChanges() {
        Map<String, Set<String>> out = Map.of("STATUS", new TreeSet<>(), "AMOUNT", new TreeSet<>());
        for (CaseFile c : cases) {
            Map<String, Outcome> a = index(before.evaluate(c));
            Map<String, Outcome> b = index(after.evaluate(c));
            Set<String> keys = new HashSet<>(a.keySet());
            keys.addAll(b.keySet());
            for (String k : keys) {
                Outcome x = a.get(k);
                Outcome y = b.get(k);
                Status sx = x == null ? null : x.status();
                Status sy = y == null ? null : y.status();
                BigDecimal mx = x == null ? null : x.benefit().amountWan();
                BigDecimal my = y == null ? null : y.benefit().amountWan();
                boolean sameAmount = mx == null ? my == null : my != null && mx.compareTo(my) == 0;
                String line = c.caseId() + "|" + k + "|" + sx + "|" + sy + "|" + plain(mx) + "|" + plain(my);
                if (sx != sy) {
                    out.get("STATUS").add(line);
                } else if (!sameAmount && (sy == Status.ELIGIBLE || sy == Status.UNDETERMINED)) {
                    out.get("AMOUNT").add(line);
                }
            }
        }
        return out;
    }

    private static Map<String, Outcome> index(EvaluationResult r) {
        Map<String, Outcome> m = new HashMap<>();
        for (Outcome o : r.outcomes()) {
            m.put(o.rule() + "|" + o.subject().path(), o);
        }
        return m;
    }

    private static String plain(BigDecimal b) {
        return b == null ? "null" : b.stripTrailingZeros().toPlainString();
    }

    private static String plain(JsonNode n) {
        return n == null || n.isNull() ? "null" : n.decimalValue().stripTrailingZeros().toPlainString();
    }

    private static String reported(JsonNode ch) {
        return ch.get("caseId").asText() + "|" + ch.get("rule").asText() + "|" + ch.get("subject").asText() + "|"
                + ch.get("before").asText() + "|" + ch.get("after").asText() + "|" + plain(ch.get("beforeAmountWan")) + "|"
                + plain(ch.get("afterAmountWan"));
    }

    /** The changes of the JSON report by kind, asserting that every status change comes before every amount change. */
    private static Map<String, Set<String>> reportedChanges(JsonNode root) {
        Map<String, Set<String>> out = Map.of("STATUS", new TreeSet<>(), "AMOUNT", new TreeSet<>());
        boolean amounts = false;
        for (JsonNode ch : root.get("changes")) {
            String kind = ch.get("kind").asText();
            amounts |= kind.equals("AMOUNT");
            assertFalse(amounts && kind.equals("STATUS"), "a status change after an amount change: " + ch);
            out.get(kind).add(reported(ch));
        }
        return out;
    }

    @Test
    void jsonLinesGiveExactlyTheChangesAnIndependentComparisonFindsStatusChangesFirst() throws Exception {
        Map<String, Set<String>> expected = expectedChanges();
        assertFalse(expected.get("STATUS").isEmpty(), "the tightened condition changes some status");
        assertFalse(expected.get("AMOUNT").isEmpty(), "the amount changes some award");

        Run r = diff(jsonl.toString(), "--format", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(expected, reportedChanges(root));
        assertEquals(cases.size(), root.get("cases").asInt());
        assertEquals(expected.get("STATUS").size(), root.get("statusChanges").asInt());
        assertEquals(expected.get("AMOUNT").size(), root.get("amountChanges").asInt());
        // each change names its line of the JSON Lines file, where that case is
        for (JsonNode ch : root.get("changes")) {
            int line = ch.get("line").asInt();
            assertEquals(jsonl.toString(), ch.get("file").asText());
            assertEquals(cases.get(line - 1).caseId(), ch.get("caseId").asText(), ch.toString());
        }

        // the text lists status changes, then amount changes, each change under its case
        Run text = diff(jsonl.toString(), "--limit", "0");
        assertEquals(ExitCode.OK, text.exitCode(), text.err());
        String out = text.out();
        int statusHeading = out.indexOf("一、结论变化 (status changes)：" + expected.get("STATUS").size() + " 处");
        int amountHeading = out.indexOf("二、金额变化 (amount changes, 万元)：" + expected.get("AMOUNT").size() + " 处");
        assertTrue(statusHeading >= 0 && amountHeading > statusHeading, out);
        assertEquals(-1, out.indexOf(" → 不符合", amountHeading), "no status change among the amount changes:\n" + out);
        assertTrue(out.indexOf("符合 → 不符合") > statusHeading && out.indexOf("符合 → 不符合") < amountHeading, out);
        assertTrue(out.indexOf("→ 符合 30 万元（+") < 0, "an amount that was 按配套细则 has no difference to show");
        assertTrue(out.indexOf("符合 无金额（按配套细则） → 符合 30 万元") > amountHeading, out);
        assertTrue(out.contains("（" + jsonl + ":1）"), "a case is shown with its file and line:\n" + out);
    }

    @Test
    void aRegisterAndADirectoryOfCaseFilesGiveTheSameChangesAsTheJsonLines() throws Exception {
        Run lines = diff(jsonl.toString(), "--format", "json");
        Run register = diff(TestSupport.samplesDir().resolve("register.xlsx").toString(), "--format", "json");
        Run directory = diff(TestSupport.samplesDir().toString(), "--format", "json");
        assertEquals(ExitCode.OK, register.exitCode(), register.err());
        assertEquals(ExitCode.OK, directory.exitCode(), directory.err());
        Map<String, Set<String>> expected = reportedChanges(JSON.readTree(lines.out()));
        JsonNode fromRegister = JSON.readTree(register.out());
        JsonNode fromDirectory = JSON.readTree(directory.out());
        // the register holds the samples with the facts a register has columns for: each of its changes is one of the
        // samples' own, and its cases are the samples'
        Map<String, Set<String>> reg = reportedChanges(fromRegister);
        assertEquals(cases.size(), fromRegister.get("cases").asInt());
        for (String kind : List.of("STATUS", "AMOUNT")) {
            assertFalse(reg.get(kind).isEmpty(), kind);
        }
        assertEquals(expected, reportedChanges(fromDirectory));
        for (JsonNode ch : fromRegister.get("changes")) {
            assertTrue(ch.get("file").asText().endsWith("register.xlsx"), ch.toString());
            assertTrue(ch.get("line").asInt() >= 2, "a row of the main sheet (the header is row 1): " + ch);
        }
        for (JsonNode ch : fromDirectory.get("changes")) {
            assertTrue(ch.get("file").asText().endsWith(".json"), ch.toString());
            assertTrue(ch.get("line") == null || ch.get("line").isNull(), "a case file has no line: " + ch);
        }
    }

    @Test
    void aBadRecordAmongGoodOnesIsReportedWithItsPlaceCountedAndTheOthersStillCompared() throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(jsonl, StandardCharsets.UTF_8));
        lines.add(2, "{\"caseId\": \"BAD-1\", \"asOf\": \"2023-06-30\", \"enterprise\": {\"name\": \"坏记录\", \"kind\": \"NO_SUCH_KIND\"}}");
        Path bad = Files.write(tmp.resolve("with-bad.jsonl"), lines, StandardCharsets.UTF_8);
        Path out = tmp.resolve("bad-out");

        Run r = diff(bad.toString(), "--format", "json", "--out", out.toString());
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains(bad + ":3"), "the bad record's file and line: " + r.err());
        assertTrue(r.err().contains("共 1 条记录无法评估"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(cases.size() + 1, root.get("records").asInt());
        assertEquals(cases.size(), root.get("cases").asInt());
        assertEquals(1, root.get("rejected").asInt());
        assertEquals(3, root.get("errors").get(0).get("line").asInt());
        assertEquals(expectedChanges(), reportedChanges(root), "the good records are compared as without the bad one");
        List<String> errors = Files.readAllLines(out.resolve("errors.jsonl"), StandardCharsets.UTF_8);
        assertEquals(1, errors.size(), errors.toString());
        JsonNode e = JSON.readTree(errors.get(0));
        assertEquals(bad.toString(), e.get("file").asText());
        assertEquals(3, e.get("line").asInt());
        assertEquals("$.enterprise.kind", e.get("path").asText());
    }

    @Test
    void aBadRowOfARegisterIsReportedWithItsFileAndRowAndTheOtherRowsCompared() throws Exception {
        Path csv = tmp.resolve("register.csv");
        Files.writeString(csv, "案例编号,评估日期,名称,主体类型,规模以上企业（规上）,研发费用（万元）\n"
                + "R1,2023-06-30,甲公司,企业,是,100\n"
                + "R2,2023-06-30,乙公司,企业,也许,100\n"
                + "R3,2023-06-30,丙公司,企业,否,800\n", StandardCharsets.UTF_8);
        Run r = diff(csv.toString(), "--format", "json");
        assertEquals(ExitCode.BAD_INPUT, r.exitCode(), r.err());
        assertTrue(r.err().contains("文件 register.csv 第 3 行「规模以上企业（规上）」列：值「也许」应为 是 或 否"), r.err());
        assertTrue(r.err().contains("共 1 条记录无法评估"), r.err());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(2, root.get("cases").asInt());
        assertEquals(1, root.get("rejected").asInt());
        assertEquals(3, root.get("errors").get(0).get("line").asInt());
        // R1 spends 100 万元 on R&D: more than 0, not more than 500 — its 加计扣除 goes; R3 (800) keeps it
        Set<String> status = new TreeSet<>();
        for (JsonNode ch : root.get("changes")) {
            if (ch.get("kind").asText().equals("STATUS")) {
                status.add(ch.get("caseId").asText() + " " + ch.get("clause").asText() + " " + ch.get("line").asInt());
            }
        }
        assertEquals(Set.of("R1 11 2"), status, r.out());
    }

    @Test
    void totalsPerClauseAndPerBudgetPoolAreTheSumsOfTheEligibleOutcomesUnderEachVersion() throws Exception {
        JsonNode root = JSON.readTree(diff(jsonl.toString(), "--format", "json").out());
        for (int side = 0; side < 2; side++) {
            RuleSet rules = side == 0 ? before : after;
            String name = side == 0 ? "before" : "after";
            // pool 6-total with the pools under it, and clause 12, summed from the outcomes themselves
            Set<String> underSix = new HashSet<>();
            for (BudgetPool p : rules.data().budgets()) {
                if (p.id().equals("6-total") || "6-total".equals(p.parent())) {
                    underSix.add(p.id());
                }
            }
            BigDecimal poolAmount = BigDecimal.ZERO;
            long poolPriced = 0;
            long poolUnpriced = 0;
            BigDecimal clauseAmount = BigDecimal.ZERO;
            long clauseEligible = 0;
            for (CaseFile c : cases) {
                for (Outcome o : rules.evaluate(c).outcomes()) {
                    if (o.status() != Status.ELIGIBLE) {
                        continue;
                    }
                    BigDecimal amount = o.benefit().amountWan();
                    if (underSix.contains(o.benefit().pool())) {
                        if (amount == null) {
                            poolUnpriced++;
                        } else {
                            poolPriced++;
                            poolAmount = poolAmount.add(amount);
                        }
                    }
                    if (o.clause().equals("12")) {
                        clauseEligible++;
                        clauseAmount = clauseAmount.add(amount == null ? BigDecimal.ZERO : amount);
                    }
                }
            }
            JsonNode pool = find(root.get("byPool"), "id", "6-total").get(name);
            assertEquals(0, poolAmount.compareTo(pool.get("amountWan").decimalValue()), name + " " + pool);
            assertEquals(poolPriced, pool.get("cashPriced").asLong(), name + " " + pool);
            assertEquals(poolUnpriced, pool.get("cashUnpriced").asLong(), name + " " + pool);
            JsonNode clause = find(root.get("byClause"), "clause", "12").get(name);
            assertEquals(clauseEligible, clause.get("eligible").asLong(), name + " " + clause);
            assertEquals(0, clauseAmount.compareTo(clause.get("amountWan").decimalValue()), name + " " + clause);
        }
        // 研发后补助 is 按配套细则 before and 30 万元 after: every eligible one moves from counted to summed
        JsonNode twelve = find(root.get("byClause"), "clause", "12");
        long n = twelve.get("before").get("eligible").asLong();
        assertTrue(n > 0, twelve.toString());
        assertEquals(n, twelve.get("before").get("cashUnpriced").asLong());
        assertEquals(0, twelve.get("before").get("amountWan").decimalValue().signum());
        assertEquals(0, new BigDecimal(30 * n).compareTo(twelve.get("after").get("amountWan").decimalValue()));
        // the tax preference of clause 11 involves no money: counted as non-cash under both versions
        JsonNode eleven = find(root.get("byClause"), "clause", "11");
        assertEquals(eleven.get("before").get("eligible").asLong(), eleven.get("before").get("nonCash").asLong());
        assertTrue(eleven.get("after").get("eligible").asLong() < eleven.get("before").get("eligible").asLong());

        String text = diff(jsonl.toString()).out();
        assertTrue(text.contains("按资金池合计"), text);
        assertTrue(text.contains("  6-platforms-rd "), text);
        assertTrue(text.contains("金额增加 +" + 30 * n + " 万元"), text);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + " = " + value + " in " + array);
    }

    @Test
    void theRulesWhoseTextChangedAreNamedWithTheirClauseAndWhatChanged() throws Exception {
        JsonNode rules = JSON.readTree(diff(jsonl.toString(), "--format", "json").out()).get("rules");
        Map<String, JsonNode> byClause = new HashMap<>();
        for (JsonNode r : rules) {
            assertEquals("CHANGED", r.get("kind").asText(), r.toString());
            byClause.put(r.get("clause").asText(), r);
        }
        assertEquals(Set.of("11", "12"), byClause.keySet(), rules.toString());
        assertEquals(name("11"), byClause.get("11").get("rule").asText());
        assertEquals("条件：rdExpenseWan > 0 → rdExpenseWan > 500", byClause.get("11").get("details").get(0).asText());
        assertEquals("@amount：param:rd-post-subsidy → 30", byClause.get("12").get("details").get(0).asText());

        // a rule renamed is the old name removed and the new one added
        Path renamed = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("renamed"));
        Path drl = renamed.resolve("02-science-and-technology.drl");
        String old = name("12");
        Files.writeString(drl, Files.readString(drl, StandardCharsets.UTF_8).replace("rule \"" + old + "\"",
                "rule \"" + old + "（改名）\""), StandardCharsets.UTF_8);
        Run r = TestSupport.cli("diff", "--rules", TestSupport.rulesDir().toString(), "--against", renamed.toString(),
                TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("三、规则文字的变化 (rules whose text changed)：2 条"), r.out());
        assertTrue(r.out().contains("新增  第12条 「" + old + "（改名）」"), r.out());
        assertTrue(r.out().contains("删除  第12条 「" + old + "」"), r.out());
    }

    @Test
    void aParameterGivenItsValueIsNamedAndChangesTheAmountsButNoRuleText() throws Exception {
        Path priced = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("priced"));
        Path yaml = priced.resolve("parameters.yaml");
        String from = "value: null, source: 市科技局研发后补助标准";
        String text = Files.readString(yaml, StandardCharsets.UTF_8);
        assertTrue(text.contains(from), "the shipped parameter has no value yet");
        Files.writeString(yaml, text.replace(from, "value: 20, source: 市科技局研发后补助标准"), StandardCharsets.UTF_8);
        Path s01 = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json");
        Run r = TestSupport.cli("diff", "--rules", TestSupport.rulesDir().toString(), "--against", priced.toString(),
                s01.toString(), "--format", "json");
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        JsonNode root = JSON.readTree(r.out());
        assertEquals(0, root.get("rules").size(), "no rule's text changed: " + root.get("rules"));
        JsonNode p = root.get("parameters");
        assertEquals(1, p.size(), p.toString());
        assertEquals("rd-post-subsidy", p.get(0).get("id").asText());
        assertEquals("2023-01-01 起 按配套细则", p.get(0).get("before").asText());
        assertEquals("2023-01-01 起 20 万元", p.get(0).get("after").asText());
        assertEquals(0, root.get("statusChanges").asInt());
        JsonNode ch = root.get("changes").get(0);
        assertEquals(List.of("AMOUNT", "12", "ELIGIBLE", "20"), List.of(ch.get("kind").asText(), ch.get("clause").asText(),
                ch.get("after").asText(), ch.get("afterAmountWan").asText()), ch.toString());
        assertTrue(ch.get("beforeAmountWan") == null || ch.get("beforeAmountWan").isNull(), ch.toString());
    }

    /** The name of the one rule of a clause in the shipped 02 file that the edit touches. */
    private static String name(String clause) {
        return before.rules().stream()
                .filter(r -> r.clause() != null && r.clause().equals(clause) && r.file().startsWith("02-"))
                .map(r -> r.name()).filter(Objects::nonNull).findFirst().orElseThrow();
    }

    @Test
    void outWritesEveryChangeAsCsvForExcelAndJsonLinesWhileTheScreenListsTheFirstOnes() throws Exception {
        Path out = tmp.resolve("out");
        Run r = diff(jsonl.toString(), "--limit", "1", "--out", out.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
        Map<String, Set<String>> expected = expectedChanges();
        int status = expected.get("STATUS").size();
        int amount = expected.get("AMOUNT").size();
        assertTrue(r.out().contains("一、结论变化 (status changes)：" + status + " 处，列出前 1 处"), r.out());
        assertTrue(r.out().contains("……另有 " + (amount - 1) + " 处金额变化未列出"), r.out());

        byte[] csv = Files.readAllBytes(out.resolve("changes.csv"));
        assertEquals((byte) 0xEF, csv[0]);
        assertEquals((byte) 0xBB, csv[1]);
        assertEquals((byte) 0xBF, csv[2]);
        List<String> rows = new String(csv, 3, csv.length - 3, StandardCharsets.UTF_8).lines().toList();
        assertTrue(rows.get(0).startsWith("变化类型,案例编号,申请主体,条款"), rows.get(0));
        assertEquals(1 + status + amount, rows.size());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).startsWith(i <= status ? "结论变化," : "金额变化,"), i + ": " + rows.get(i));
        }
        assertTrue(new String(csv, StandardCharsets.UTF_8).contains("\r\n"), "CRLF line ends");
        List<String> jsonLines = Files.readAllLines(out.resolve("changes.jsonl"), StandardCharsets.UTF_8);
        assertEquals(status + amount, jsonLines.size());
        Set<String> all = new TreeSet<>();
        for (String line : jsonLines) {
            all.add(reported(JSON.readTree(line)));
        }
        Set<String> both = new TreeSet<>(expected.get("STATUS"));
        both.addAll(expected.get("AMOUNT"));
        assertEquals(both, all);
        for (String f : List.of("clauses.csv", "pools.csv", "rules.csv", "summary.json", "errors.jsonl")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(0, Files.size(out.resolve("errors.jsonl")));
        JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(status, summary.get("statusChanges").asInt());
        assertTrue(Files.readString(out.resolve("rules.csv"), StandardCharsets.UTF_8).contains("@amount：param:rd-post-subsidy → 30"));
        try (Stream<Path> left = Files.list(out)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".part")).toList(),
                    "no part file is left behind");
        }
    }

    /**
     * changes.csv opened by a real spreadsheet program: LibreOffice reads it as UTF-8 CSV and saves it as a workbook;
     * the workbook has the Chinese headers and texts as written, and the amounts as numbers. Without LibreOffice the test
     * fails, unless SUBSIDY_ALLOW_NO_OFFICE=1 (see {@link com.subsidyevaluator.Office}).
     */
    @Test
    void aSpreadsheetProgramOpensChangesCsvWithItsChineseTextAndItsAmountsAsNumbers() throws Exception {
        Path soffice = Path.of(com.subsidyevaluator.Office.require());
        Path out = tmp.resolve("sheet-out");
        assertEquals(ExitCode.OK, diff(jsonl.toString(), "--out", out.toString()).exitCode());
        Path converted = Files.createDirectories(tmp.resolve("converted"));
        Process p = new ProcessBuilder(soffice.toString(), "-env:UserInstallation=" + tmp.resolve("lo-profile").toUri(),
                "--headless", "--infilter=CSV:44,34,76", "--convert-to", "xlsx", "--outdir", converted.toString(),
                out.resolve("changes.csv").toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS), "LibreOffice did not finish: " + log);
        Path xlsx = converted.resolve("changes.xlsx");
        assertTrue(Files.isRegularFile(xlsx), log);
        List<List<String>> rows = new ArrayList<>();
        boolean amountIsNumber = false;
        try (org.dhatim.fastexcel.reader.ReadableWorkbook wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(xlsx.toFile());
             Stream<org.dhatim.fastexcel.reader.Row> sheet = wb.getFirstSheet().openStream()) {
            for (org.dhatim.fastexcel.reader.Row row : sheet.toList()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.getCellCount(); i++) {
                    org.dhatim.fastexcel.reader.Cell c = row.getCell(i);
                    cells.add(c == null ? "" : c.getRawValue() == null ? "" : c.getText());
                    if (i == 11 && c != null && c.getType() == org.dhatim.fastexcel.reader.CellType.NUMBER
                            && c.asNumber().compareTo(new BigDecimal(30)) == 0) {
                        amountIsNumber = true;
                    }
                }
                rows.add(cells);
            }
        }
        assertEquals(List.of("变化类型", "案例编号", "申请主体", "条款"), rows.get(0).subList(0, 4));
        Map<String, Set<String>> expected = expectedChanges();
        assertEquals(1 + expected.get("STATUS").size() + expected.get("AMOUNT").size(), rows.size());
        List<String> first = rows.get(1);
        assertEquals("结论变化", first.get(0));
        assertEquals(cases.stream().filter(c -> c.caseId().equals(first.get(1))).findFirst().orElseThrow()
                .enterprise().name(), first.get(2), first.toString());
        assertEquals(List.of("符合", "不符合"), List.of(first.get(8), first.get(10)), first.toString());
        assertTrue(amountIsNumber, "修改后金额 30 is a number in the workbook");
    }
}
