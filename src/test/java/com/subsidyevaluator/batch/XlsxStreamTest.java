package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming workbook writer of the department lists, read back with a spreadsheet reader. */
class XlsxStreamTest {

    @TempDir
    Path dir;

    private byte[] write() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        XlsxStream wb = new XlsxStream(bytes, "test", 1);
        XlsxStream.Sheet list = wb.sheet("列表", new double[] {10, 20, 30, 12}, -1, true);
        list.row().text("编号", XlsxStream.HEADER).text("名称", XlsxStream.HEADER).text("说明", XlsxStream.HEADER)
                .text("金额", XlsxStream.HEADER);
        list.row().text("A&B <1>").shared("乐清市").text("  有空格  ").number(new BigDecimal("12.5000"));
        list.row().empty().empty().recurring("第三列").number(3);
        list.row().text("控制\u0001字符\uFFFE与\uD800落单代理").text("𠀀𝄞（两个补充平面字符）").shared("乐清市")
                .number(new BigDecimal("1E+3"));
        list.end();
        XlsxStream.Sheet first = wb.sheet("汇总", null, 0, false);
        first.row().text("最后写、排在最前", XlsxStream.TITLE);
        first.end();
        wb.finish();
        return bytes.toByteArray();
    }

    @Test
    void cellsReadBackAsWritten() throws Exception {
        Path f = dir.resolve("t.xlsx");
        Files.write(f, write());
        try (ReadableWorkbook wb = new ReadableWorkbook(f.toFile())) {
            assertEquals(List.of("汇总", "列表"), wb.getSheets().map(s -> s.getName()).toList(), "the tab given, not the order written");
            List<Row> rows = wb.findSheet("列表").orElseThrow().read();
            assertEquals(4, rows.size());
            assertEquals("编号", rows.get(0).getCellText(0));
            Row r = rows.get(1);
            assertEquals("A&B <1>", r.getCellText(0));
            assertEquals("乐清市", r.getCellText(1));
            assertEquals("  有空格  ", r.getCellText(2), "spaces at the ends are kept");
            assertEquals(CellType.NUMBER, r.getCell(3).getType());
            assertEquals(0, new BigDecimal("12.5").compareTo(r.getCell(3).asNumber()));
            Row gap = rows.get(2);
            assertEquals("第三列", gap.getCellText(2), "a cell after empty ones is in its own column");
            assertEquals(0, new BigDecimal(3).compareTo(gap.getCell(3).asNumber()));
            Row odd = rows.get(3);
            assertEquals("控制字符与落单代理", odd.getCellText(0), "characters XML does not allow are left out");
            assertEquals("𠀀𝄞（两个补充平面字符）", odd.getCellText(1));
            assertEquals("乐清市", odd.getCellText(2));
            assertEquals(0, new BigDecimal(1000).compareTo(odd.getCell(3).asNumber()));
            assertEquals("最后写、排在最前", wb.findSheet("汇总").orElseThrow().read().get(0).getCellText(0));
        }
    }

    @Test
    void theSameCellsGiveTheSameBytes() throws Exception {
        assertArrayEquals(write(), write());
    }

    @Test
    void oneSheetAtATime() throws Exception {
        XlsxStream wb = new XlsxStream(new ByteArrayOutputStream(), "test", 1);
        XlsxStream.Sheet a = wb.sheet("a", null, -1, false);
        assertThrows(IllegalStateException.class, () -> wb.sheet("b", null, -1, false));
        assertThrows(IllegalStateException.class, wb::finish);
        a.end();
        assertThrows(IllegalStateException.class, a::row);
        wb.finish();
        assertEquals("A", XlsxStream.column(0));
        assertEquals("Z", XlsxStream.column(25));
        assertEquals("AA", XlsxStream.column(26));
        assertEquals("AZ", XlsxStream.column(51));
        assertEquals("XFD", XlsxStream.column(16383));
    }
}
