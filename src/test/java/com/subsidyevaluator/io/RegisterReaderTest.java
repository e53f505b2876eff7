package com.subsidyevaluator.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.model.CaseFile;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registers (.xlsx, .csv) read into the same cases as the JSON case files, and bad cells located. */
class RegisterReaderTest {

    @TempDir
    Path dir;

    private static final List<String> SAMPLES = List.of("s01-smart-electrical-manufacturer.json",
            "s02-hightech-startup-in-incubator.json", "s06-incomplete-data.json", "s10-smart-electrical-provincial-major-project.json",
            "s15-first-loan-listing-materials.json", "s25-culture-tourism-600m.json", "s36-village-collective.json");

    record Rec(int row, byte[] json, String error) {
    }

    static List<Rec> read(Path file, Charset cs) throws Exception {
        List<Rec> out = new ArrayList<>();
        RegisterReader.read(file, file.getFileName().toString(), cs, (row, json, error) -> out.add(new Rec(row, json, error)));
        return out;
    }

    /** Test helper: a register workbook filled from sample case files, as staff would fill the template. */
    static Path workbookOf(Path file, List<Path> cases) throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<JsonNode> nodes = new ArrayList<>();
        for (Path p : cases) {
            nodes.add(m.readTree(p.toFile()));
        }
        try (OutputStream o = Files.newOutputStream(file)) {
            RegisterWriter.write(o, nodes);
        }
        return file;
    }

    @Test
    void aWorkbookFilledFromSamplesGivesTheSamplesOutcomes() throws Exception {
        List<Path> samples = SAMPLES.stream().map(s -> TestSupport.samplesDir().resolve(s)).toList();
        List<Rec> recs = read(workbookOf(dir.resolve("r.xlsx"), samples), null);
        assertEquals(samples.size(), recs.size());
        RuleSet rules = TestSupport.shippedRules();
        com.fasterxml.jackson.databind.ObjectWriter out = Json.compact();
        for (int i = 0; i < samples.size(); i++) {
            Rec r = recs.get(i);
            assertNull(r.error(), r.error());
            assertEquals(i + 2, r.row());
            CaseFile fromRegister = CaseReader.parse("r.xlsx", r.json(), 0, r.json().length, 0);
            CaseFile fromJson = CaseReader.read(samples.get(i));
            assertEquals(out.writeValueAsString(rules.evaluate(fromJson)), out.writeValueAsString(rules.evaluate(fromRegister)),
                    samples.get(i).toString());
        }
    }

    /**
     * A number cell with a huge exponent (1e999999999 made the batch fail with an internal error, 1e99999999 kept it
     * busy for minutes writing out a hundred million digits) is an error record naming its cell, at once; so is every
     * number a case file could not hold. Generated cells probe the class: random mantissas and exponents, in a CSV
     * and in a workbook, each row read or refused within the time budget, none lost.
     */
    @Test
    void numbersOutOfEveryCasesRangeAreLocatedErrorsAtOnce() throws Exception {
        List<String> cells = new ArrayList<>(List.of("1e999999999", "1E+99999999", "-1e99999999", "1e-999999999",
                "9".repeat(400), "0." + "0".repeat(400) + "1", "99999999999999999", "0.123456789"));
        java.util.Random r = new java.util.Random(11);
        for (int i = 0; i < 60; i++) {
            String mantissa = (r.nextBoolean() ? "-" : "") + r.nextInt(1000) + (r.nextBoolean() ? "." + r.nextInt(1000) : "");
            cells.add(mantissa + (r.nextBoolean() ? "e" : "E") + (r.nextBoolean() ? "-" : r.nextBoolean() ? "+" : "")
                    + (long) Math.pow(10, r.nextInt(10)) * (1 + r.nextInt(9)));
        }
        StringBuilder csv = new StringBuilder("案例编号,名称,主体类型,营业收入（万元）\n");
        for (int i = 0; i < cells.size(); i++) {
            csv.append("N").append(i).append(",甲公司,企业,").append(cells.get(i)).append('\n');
        }
        Path file = dir.resolve("numbers.csv");
        Files.writeString(file, csv, StandardCharsets.UTF_8);
        List<Rec> recs = org.junit.jupiter.api.Assertions.assertTimeout(java.time.Duration.ofSeconds(30), () -> read(file, null));
        assertEquals(cells.size(), recs.size(), "every row read or refused");
        for (int i = 0; i < 8; i++) {
            Rec rec = recs.get(i);
            assertNotNull(rec.error(), cells.get(i));
            assertTrue(rec.error().contains("「营业收入（万元）」列"), rec.error());
            assertTrue(rec.error().contains("过大") || rec.error().contains("小数位数过多"), rec.error());
            assertTrue(rec.error().length() < 2000, "the message quotes the cell, not its digits written out");
        }
        for (Rec rec : recs) {
            if (rec.error() == null) {
                CaseReader.parse("numbers.csv", rec.json(), 0, rec.json().length, 0); // what is read is a valid case
            }
        }
    }

    @Test
    void badCellsAreLocatedAndOtherRowsRead() throws Exception {
        Path csv = dir.resolve("reg.csv");
        Files.writeString(csv, "案例编号,评估日期,名称,主体类型,所属行业,规模以上企业（规上）,营业收入（万元）\n"
                + "A1,2023-06-30,甲公司,企业,智能电气,是,1200\n"
                + "A2,2023-06-30,乙公司,企业,智能电器,也许,十万\n"
                + "A3,2023-06-30,丙公司,ENTERPRISE,SMART_ELECTRICAL,否,-5\n", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("reg.项目.csv"), "案例编号,项目名称,项目类别,总投资（万元）\nA1,一期,产业项目,abc\nZ9,孤儿,产业项目,1\n",
                StandardCharsets.UTF_8);
        List<Rec> recs = read(csv, null);
        assertEquals(4, recs.size(), "three main rows and one list row no case claims");
        // A1: the project's bad cell
        assertTrue(recs.get(0).error().contains("文件 reg.项目.csv 第 2 行「总投资（万元）」列：值「abc」应为数字（万元）"), recs.get(0).error());
        String a2 = recs.get(1).error();
        assertEquals(3, recs.get(1).row());
        assertTrue(a2.contains("文件 reg.csv 第 3 行「所属行业」列：值「智能电器」应为以下之一："), a2);
        assertTrue(a2.contains("「规模以上企业（规上）」列：值「也许」应为 是 或 否"), a2);
        assertTrue(a2.contains("「营业收入（万元）」列：值「十万」应为数字（万元）"), a2);
        assertTrue(a2.contains("(file reg.csv, row 3, column \"营业收入（万元）\": value \"十万\": expected a number, in 万元)"), a2);
        // A3: codes accepted; the validator's check located at the cell
        String a3 = recs.get(2).error();
        assertTrue(a3.startsWith("文件 reg.csv 第 4 行「营业收入（万元）」列：值「-5」："), a3);
        assertTrue(a3.contains("$.enterprise.revenueWan"), a3);
        assertTrue(recs.get(3).error().contains("文件 reg.项目.csv 第 3 行：案例编号「Z9」在主表中没有对应的案例"), recs.get(3).error());
    }


    @Test
    void gb18030AndUtf8WithBomAreRead() throws Exception {
        String text = "caseId,评估日期,名称,主体类型,所属行业,国家高新技术企业\nG1,2023-05-01,乐清电气有限公司,企业,智能电气,是\n";
        Path gb = dir.resolve("gb.csv");
        Files.write(gb, text.getBytes(Charset.forName("GB18030")));
        Path bom = dir.resolve("bom.csv");
        byte[] b = text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[b.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(b, 0, withBom, 3, b.length);
        Files.write(bom, withBom);
        for (Path p : List.of(gb, bom)) {
            List<Rec> recs = read(p, null);
            assertEquals(1, recs.size());
            assertNull(recs.get(0).error(), recs.get(0).error());
            CaseFile c = CaseReader.parse(p.toString(), recs.get(0).json(), 0, recs.get(0).json().length, 0);
            assertEquals("乐清电气有限公司", c.enterprise().name(), p.toString());
            assertEquals(Boolean.TRUE, c.enterprise().highTech());
            assertEquals("G1", c.caseId());
        }
        // the encoding given overrides the detection
        assertThrows(CaseFormatException.class, () -> read(gb, StandardCharsets.UTF_8));
    }

    @Test
    void anUnknownHeaderIsRefusedWithTheNearestLabel() throws Exception {
        Path csv = dir.resolve("u.csv");
        Files.writeString(csv, "案例编号,名称,营业收人\nA1,甲,1\n", StandardCharsets.UTF_8);
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> read(csv, null));
        assertTrue(e.problem().contains("第 3 列的表头「营业收人」不是案例的字段；是否指「营业收入（万元）」"), e.problem());
        assertTrue(e.problem().contains("did you mean \"营业收入（万元）\""), e.problem());
    }

    @Test
    void theTemplateExplainsEveryColumnAndHasDropDowns() throws Exception {
        Path t = workbookOf(dir.resolve("t.xlsx"), List.of());
        assertTrue(read(t, null).isEmpty());
        try (var zip = new java.util.zip.ZipFile(t.toFile())) {
            String main = new String(zip.getInputStream(zip.getEntry("xl/worksheets/sheet1.xml")).readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(main.contains("type=\"list\""), "drop-down lists on the main sheet");
            String book = new String(zip.getInputStream(zip.getEntry("xl/workbook.xml")).readAllBytes(), StandardCharsets.UTF_8);
            assertNotNull(book);
        }
    }
}
