package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.Office;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.io.RegisterSchema;
import com.subsidyevaluator.io.RegisterWriter;
import java.io.File;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workbooks the program writes open in LibreOffice Calc (headless, {@code soffice --convert-to csv}, every sheet)
 * and hold what they should, read back by LibreOffice itself: the register template of {@code subsidy template}, the
 * shipped {@code samples/register.xlsx}, and every department workbook of a batch ({@code departments/*.xlsx}),
 * whose every sheet LibreOffice must read cell for cell as the spreadsheet reader of the other tests does — Chinese
 * text, and amounts as numbers equal to summary.json's.
 *
 * <p>Needs the {@code soffice} command (Debian package {@code libreoffice-calc}, or the program {@code
 * SUBSIDY_SOFFICE} names); {@code .ci/run} installs it. Without it every test of this class fails, so that a build
 * never passes without having opened the workbooks. On a machine without LibreOffice, {@code SUBSIDY_ALLOW_NO_OFFICE=1}
 * (or {@code -Dsubsidy.allowNoOffice=true}) turns that into skipped tests, reported as skipped and with a warning on
 * the console; {@code SUBSIDY_REQUIRE_OFFICE=1} (set by {@code .ci/run}) overrides that. Each conversion runs with a
 * profile of its own ({@code -env:UserInstallation}), so that it neither uses nor disturbs a LibreOffice the user
 * has open, and two builds at once do not share one.
 */
class OfficeOpensWorkbooksTest {

    /** Every sheet to CSV, UTF-8, comma, double quotes, raw values (LibreOffice 7.2 and later). */
    static final String ALL_SHEETS_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1";

    @TempDir
    static Path dir;
    static String soffice;
    static Path out;
    static RuleSet rules;
    private static final AtomicInteger RUNS = new AtomicInteger();

    /** Run first by every test (not in @BeforeAll, so that the tests are reported as failed or skipped, not absent). */
    private static void needOffice() {
        if (soffice != null) {
            return;
        }
        if (Office.missingAllowed()) {
            Assumptions.abort(Office.MISSING + "; skipped, as allowed (SUBSIDY_ALLOW_NO_OFFICE=1 or -Dsubsidy.allowNoOffice=true)");
        }
        fail(Office.MISSING + ". To build without LibreOffice, set SUBSIDY_ALLOW_NO_OFFICE=1: these tests are then skipped.");
    }

    @BeforeAll
    static void setUp() throws Exception {
        soffice = Office.find();
        if (soffice == null) {
            if (Office.missingAllowed()) {
                System.err.println("WARNING: OfficeOpensWorkbooksTest: " + Office.MISSING
                        + "; its tests are skipped, as allowed (SUBSIDY_ALLOW_NO_OFFICE=1 or -Dsubsidy.allowNoOffice=true)");
            }
            return;
        }
        rules = BatchFixtures.ruleSetWithAmounts(dir.resolve("rules"), AllocationTest.AMOUNTS);
        Path population = BatchFixtures.population(dir.resolve("population.jsonl"), 5, 1500);
        out = dir.resolve("out");
        BatchFixtures.run(rules, BatchOptions.of(List.of(population, TestSupport.samplesDir()), out)
                .withAllocate(BatchOptions.Allocate.PRO_RATA));
    }

    @Test
    void theRegisterTemplateOpensWithItsHeadersInChinese() throws Exception {
        needOffice();
        Path template = dir.resolve("template.xlsx");
        try (OutputStream os = Files.newOutputStream(template)) {
            RegisterWriter.write(os, List.of());
        }
        Map<String, List<List<String>>> sheets = convert(template);
        List<String> names = new ArrayList<>();
        for (RegisterSchema.Sheet s : RegisterSchema.sheets()) {
            names.add(s.label());
        }
        names.add(RegisterSchema.HELP_SHEET);
        names.add(RegisterSchema.CHOICES_SHEET);
        assertEquals(names, new ArrayList<>(sheets.keySet()), "every sheet, in order");
        for (RegisterSchema.Sheet s : RegisterSchema.sheets()) {
            List<String> headers = s.templateColumns().stream().map(RegisterSchema.Column::header).toList();
            assertEquals(List.of(headers), sheets.get(s.label()), s.label() + ": the header row alone");
        }
        List<String> main = sheets.get(RegisterSchema.MAIN_SHEET).get(0);
        assertTrue(main.contains("营业收入（万元）") && main.contains("统一社会信用代码"), main.toString());
        List<List<String>> help = sheets.get(RegisterSchema.HELP_SHEET);
        assertEquals(List.of("工作表", "表头", "字段", "单位", "类型", "允许的值", "说明"), help.get(0));
        assertTrue(help.stream().anyMatch(r -> r.size() > 2 && r.get(1).equals("营业收入（万元）") && r.get(2).equals("revenueWan")
                && r.get(3).equals("万元")), "说明 explains 营业收入");
        assertTrue(sheets.get(RegisterSchema.CHOICES_SHEET).stream().anyMatch(r -> r.contains("智能电气")),
                "the drop-down lists' values");
    }

    @Test
    void theShippedRegisterOpensWithTheSamplesFacts() throws Exception {
        needOffice();
        Map<String, List<List<String>>> sheets = convert(TestSupport.samplesDir().resolve("register.xlsx"));
        List<List<String>> main = sheets.get(RegisterSchema.MAIN_SHEET);
        List<String> head = main.get(0);
        int id = head.indexOf("案例编号");
        int name = head.indexOf("名称");
        int credit = head.indexOf("统一社会信用代码");
        int revenue = head.indexOf("营业收入（万元）");
        Map<String, List<String>> byId = new LinkedHashMap<>();
        for (List<String> r : main.subList(1, main.size())) {
            byId.put(r.get(id), r);
        }
        int samples = 0;
        try (Stream<Path> files = Files.list(TestSupport.samplesDir())) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("s\\d+-.*\\.json")).sorted().toList()) {
                JsonNode c = Json.mapper().readTree(f.toFile());
                List<String> row = byId.get(c.path("caseId").asText());
                assertTrue(row != null, "the register has " + c.path("caseId").asText());
                JsonNode e = c.path("enterprise");
                assertEquals(e.path("name").asText(), row.get(name), f.getFileName().toString());
                assertEquals(e.path("creditCode").asText(""), DepartmentWorkbooksTest.cell(row, credit));
                if (e.hasNonNull("revenueWan")) {
                    assertEquals(0, e.path("revenueWan").decimalValue().compareTo(new BigDecimal(row.get(revenue))),
                            f.getFileName() + ": 营业收入 " + row.get(revenue));
                }
                samples++;
            }
        }
        assertEquals(samples, byId.size(), "one row per sample");
        assertTrue(byId.get("S01").get(name).equals("乐清正泰宏远电气股份有限公司"));
    }

    @Test
    void everyDepartmentWorkbookOpensAndReadsAsTheSpreadsheetReaderReadsIt() throws Exception {
        needOffice();
        Path folder = out.resolve(BatchRunner.DEPARTMENTS);
        List<Path> workbooks;
        try (Stream<Path> files = Files.list(folder)) {
            workbooks = files.filter(p -> p.toString().endsWith(".xlsx")).sorted().toList();
        }
        assertEquals(DepartmentWorkbooksTest.departments(rules).size(), workbooks.size());
        Map<Path, Map<String, List<List<String>>>> opened = convertAll(workbooks);
        Map<String, Map<String, BigDecimal>> expected = DepartmentWorkbooksTest.expectedFigures(rules, out);
        boolean sawAmount = false;
        for (Path wb : workbooks) {
            String department = wb.getFileName().toString().replaceFirst("\\.xlsx$", "");
            Map<String, List<List<String>>> office = opened.get(wb);
            Map<String, List<List<String>>> reader = DepartmentWorkbooksTest.read(wb);
            assertEquals(new ArrayList<>(reader.keySet()), new ArrayList<>(office.keySet()), department + ": the sheets");
            for (String sheet : reader.keySet()) {
                assertEquals(normal(reader.get(sheet)), normal(office.get(sheet)), department + " / " + sheet);
            }
            assertEquals(department + " · 政策直达清单", office.get("汇总").get(0).get(0));
            Map<String, BigDecimal> shown = DepartmentWorkbooksTest.shownFigures(office.get("汇总"));
            Map<String, BigDecimal> want = expected.get(department);
            for (String k : List.of("eligible", "undetermined", "relevant", "cashEligible", "cashEligibleUnpriced",
                    "nonCashEligible", "eligibleAmountWan", "allocatedAmountWan")) {
                assertEquals(0, want.get(k).compareTo(shown.get(k)), department + " 汇总 " + k + ": " + shown.get(k));
            }
            for (List<String> r : office.get("符合").subList(1, office.get("符合").size())) {
                String amount = DepartmentWorkbooksTest.cell(r, 8);
                if (amount.matches("[0-9.]+")) {
                    sawAmount = true;
                } else {
                    assertTrue(amount.equals(DepartmentWorkbooks.PRICED_LATER) || amount.equals(DepartmentWorkbooks.NO_MONEY),
                            department + ": " + r);
                }
            }
        }
        assertTrue(sawAmount, "LibreOffice reads the amounts");
        assertTrue(expected.get("市科技局").get("eligibleAmountWan").signum() > 0);
    }

    /** Rows without trailing empty cells, numbers in plain notation. */
    private static List<List<String>> normal(List<List<String>> rows) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> r : rows) {
            List<String> n = new ArrayList<>();
            for (String c : r) {
                n.add(c.matches("-?[0-9]+(\\.[0-9]+)?([eE]-?[0-9]+)?") ? DepartmentWorkbooksTest.plain(c) : c);
            }
            while (!n.isEmpty() && n.get(n.size() - 1).isEmpty()) {
                n.remove(n.size() - 1);
            }
            out.add(n);
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    private static Map<String, List<List<String>>> convert(Path xlsx) throws Exception {
        return convertAll(List.of(xlsx)).get(xlsx);
    }

    /** Every sheet of each workbook as LibreOffice reads it, by sheet name in tab order. */
    private static Map<Path, Map<String, List<List<String>>>> convertAll(List<Path> workbooks) throws Exception {
        int run = RUNS.incrementAndGet();
        Path profile = dir.resolve("lo-profile-" + run);
        Path csv = dir.resolve("lo-csv-" + run);
        Files.createDirectories(csv);
        // copies named simply: LibreOffice names each sheet's file after the workbook and the sheet
        Map<Path, String> stems = new LinkedHashMap<>();
        List<String> cmd = new ArrayList<>(List.of(soffice, "-env:UserInstallation=" + profile.toUri(), "--headless",
                "--norestore", "--nolockcheck", "--convert-to", ALL_SHEETS_CSV, "--outdir", csv.toString()));
        Path in = dir.resolve("lo-in-" + run);
        Files.createDirectories(in);
        int k = 0;
        for (Path wb : workbooks) {
            String stem = "wb" + (k++);
            Path copy = in.resolve(stem + ".xlsx");
            Files.copy(wb, copy);
            stems.put(wb, stem);
            cmd.add(copy.toString());
        }
        Path log = dir.resolve("lo-" + run + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("soffice did not finish within 300 s: " + cmd);
        }
        String said = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "soffice exit status: " + said);
        Map<Path, Map<String, List<List<String>>>> result = new LinkedHashMap<>();
        for (Map.Entry<Path, String> e : stems.entrySet()) {
            // "Writing sheet 汇总 -> …/wb0-汇总.csv": the order of the sheets is the order LibreOffice writes them in
            Map<String, List<List<String>>> sheets = new LinkedHashMap<>();
            for (String line : said.split("\n")) {
                String prefix = "Writing sheet ";
                int arrow = line.indexOf(" -> ");
                if (line.startsWith(prefix) && arrow > 0 && line.contains(File.separator + e.getValue() + "-")) {
                    String sheet = line.substring(prefix.length(), arrow);
                    Path file = Path.of(line.substring(arrow + 4).strip());
                    sheets.put(sheet, DepartmentWorkbooksTest.csv(file));
                }
            }
            if (sheets.isEmpty()) {
                // a workbook of one sheet: one file, named after the workbook
                Path single = csv.resolve(e.getValue() + ".csv");
                assertTrue(Files.isRegularFile(single), "LibreOffice converted " + e.getKey() + ": " + said);
                sheets.put("?", DepartmentWorkbooksTest.csv(single));
            }
            result.put(e.getKey(), sheets);
        }
        assertFalse(result.isEmpty());
        return result;
    }
}
