package com.subsidyevaluator.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.io.RegisterSchema.Column;
import com.subsidyevaluator.io.RegisterSchema.Kind;
import com.subsidyevaluator.io.RegisterSchema.Sheet;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhatim.fastexcel.Range;
import org.dhatim.fastexcel.VisibilityState;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes a register workbook ({@code .xlsx}) as {@link RegisterSchema} lays it out: the main sheet 案例, one sheet per
 * list and single fact, a sheet 说明 that explains every column, and a hidden sheet 选项 whose lists feed the drop-down
 * lists (data validation) of every enumeration and yes/no column. Empty, it is the template staff fill
 * ({@code subsidy template}); with cases, each case's facts are written as staff would (是/否, the enumerations'
 * labels), which {@link RegisterReader} reads back to the same cases.
 */
public final class RegisterWriter {

    /** Rows the drop-down lists cover (the sheet's every row under the header). */
    private static final int LAST_ROW = Worksheet.MAX_ROWS - 1;

    private RegisterWriter() {
    }

    /** Rows written to a sheet before they are flushed to the file (so that memory does not grow with the register). */
    private static final int FLUSH_ROWS = 4096;

    /**
     * The cases a workbook is filled with, read once per sheet: each sheet is written in one pass over the cases and
     * flushed as it goes, so a register of 220,000 applicants is written in constant memory.
     */
    @FunctionalInterface
    public interface Cases {
        /** Calls {@code each} for every case, in order: case-file JSON objects. */
        void forEach(CaseConsumer each) throws IOException;
    }

    /** Receives one case. */
    @FunctionalInterface
    public interface CaseConsumer {
        void accept(JsonNode c) throws IOException;
    }

    /** A sheet would have more rows than a worksheet holds (1,048,576 with the header). */
    public static final class TooManyRows extends IOException {
        public TooManyRows(String sheet) {
            super("工作表「" + sheet + "」超过 Excel 的行数上限（" + Worksheet.MAX_ROWS + " 行，含表头）；请分成几个登记表 "
                    + "(the sheet " + sheet + " would exceed Excel's " + Worksheet.MAX_ROWS + " rows; split the register)");
        }
    }

    /** Writes the workbook with the cases' facts ({@code cases}: case-file JSON objects; empty for a template). */
    public static void write(OutputStream out, List<JsonNode> cases) throws IOException {
        write(out, each -> {
            for (JsonNode c : cases) {
                each.accept(c);
            }
        });
    }

    /** Writes the workbook with the cases' facts, reading them once per sheet. */
    public static void write(OutputStream out, Cases cases) throws IOException {
        Workbook wb = new Workbook(out, "subsidy-evaluator", "1.0");
        List<Sheet> sheets = RegisterSchema.sheets();
        Map<String, Worksheet> ws = new LinkedHashMap<>();
        for (Sheet s : sheets) {
            ws.put(s.label(), wb.newWorksheet(s.label()));
        }
        Worksheet help = wb.newWorksheet(RegisterSchema.HELP_SHEET);
        Worksheet choices = wb.newWorksheet(RegisterSchema.CHOICES_SHEET);
        choices.setVisibilityState(VisibilityState.HIDDEN);
        Map<String, Range> lists = new LinkedHashMap<>();

        for (Sheet s : sheets) {
            Worksheet w = ws.get(s.label());
            List<Column> cols = s.templateColumns();
            for (int c = 0; c < cols.size(); c++) {
                Column col = cols.get(c);
                w.value(0, c, col.header());
                w.style(0, c).bold().fillColor("DDEBF7").set();
                w.width(c, Math.max(10, Math.min(40, col.header().length() * 2.2)));
                if (col.annotation() != null && !col.description().isEmpty()) {
                    w.comment(0, c, col.description());
                }
                List<String> values = col.choices();
                if (!values.isEmpty()) {
                    String key = col.type().getName();
                    Range list = lists.get(key);
                    if (list == null) {
                        int k = lists.size();
                        choices.value(0, k, col.type() == Boolean.class ? "是/否" : RegisterSchema.typeLabel(col.type())
                                .equals(col.type().getSimpleName()) ? col.label() : col.type().getSimpleName());
                        for (int i = 0; i < values.size(); i++) {
                            choices.value(i + 1, k, values.get(i));
                        }
                        list = choices.range(1, k, values.size(), k);
                        lists.put(key, list);
                    }
                    w.range(1, c, LAST_ROW, c).validateWithList(list).allowBlank(true).showErrorMessage(true)
                            .errorStyle(org.dhatim.fastexcel.DataValidationErrorStyle.STOP)
                            .errorTitle("不是可选的值").error("请从下拉列表中选择（说明见「说明」表）");
                }
            }
            w.freezePane(s.kind() == Kind.MAIN ? 1 : 2, 1);
        }

        // the cases: one pass per sheet, each sheet finished before the next is written
        for (Sheet s : sheets) {
            Worksheet w = ws.get(s.label());
            List<Column> cols = s.templateColumns();
            int[] row = {1};
            cases.forEach(c -> {
                String caseId = c.path("caseId").asText(null);
                String credit = c.path("enterprise").path("creditCode").asText(null);
                List<JsonNode> objects = new ArrayList<>();
                if (s.kind() == Kind.MAIN) {
                    objects.add(c);
                } else if (c.path(s.field()).isArray()) {
                    c.path(s.field()).forEach(objects::add);
                } else if (c.path(s.field()).isObject()) {
                    objects.add(c.path(s.field()));
                }
                for (JsonNode o : objects) {
                    if (row[0] > LAST_ROW) {
                        throw new TooManyRows(s.label());
                    }
                    for (int k = 0; k < cols.size(); k++) {
                        Column col = cols.get(k);
                        JsonNode v;
                        if (col == RegisterSchema.CASE_KEY) {
                            v = caseId == null ? null : c.path("caseId");
                        } else if (col == RegisterSchema.CREDIT_KEY) {
                            v = credit == null ? null : c.path("enterprise").path("creditCode");
                        } else if (s.kind() == Kind.MAIN && "enterprise".equals(col.parent())) {
                            v = c.path("enterprise").get(col.field());
                        } else {
                            v = o.get(col.field());
                        }
                        cell(w, row[0], k, col, v);
                    }
                    row[0]++;
                    if (row[0] % FLUSH_ROWS == 0) {
                        w.flush();
                    }
                }
            });
            w.finish();
        }

        // 说明
        String[] head = {"工作表", "表头", "字段", "单位", "类型", "允许的值", "说明"};
        for (int c = 0; c < head.length; c++) {
            help.value(0, c, head[c]);
            help.style(0, c).bold().fillColor("DDEBF7").set();
        }
        double[] widths = {14, 30, 28, 10, 14, 40, 60};
        for (int c = 0; c < widths.length; c++) {
            help.width(c, widths[c]);
        }
        int r = 1;
        for (Sheet s : sheets) {
            for (Column col : s.templateColumns()) {
                help.value(r, 0, s.label());
                help.value(r, 1, col.header());
                help.value(r, 2, col.field());
                help.value(r, 3, col.unit());
                help.value(r, 4, col.typeName());
                help.value(r, 5, RegisterSchema.allowed(col));
                String d = col == RegisterSchema.CASE_KEY || col == RegisterSchema.CREDIT_KEY
                        ? "本行所属案例（填案例编号或统一社会信用代码之一）" : col.description();
                help.value(r, 6, d);
                r++;
            }
        }
        r++;
        for (String note : List.of(
                "每个案例在「" + RegisterSchema.MAIN_SHEET + "」表占一行；认定、项目、人才等列表在同名工作表中，每个元素一行，用案例编号或统一社会信用代码对应到案例。",
                "表头可写中文名（可带或不带单位，如 营业收入（万元） 或 营业收入）或字段名（如 revenueWan）。",
                "是/否 列填 是 或 否；选项列填下拉列表中的中文名（也可填代码）。不知道的事实留空（结论为待定，而不是不符合）。",
                "评估日期可留空，由 subsidy batch --as-of 给出。没有案例编号列时，以统一社会信用代码为案例编号。")) {
            help.value(r++, 0, note);
        }
        wb.finish();
    }

    private static void cell(Worksheet w, int row, int col, Column c, JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return;
        }
        if (v.isBoolean()) {
            w.value(row, col, v.booleanValue() ? RegisterSchema.YES : RegisterSchema.NO);
        } else if (v.isNumber()) {
            w.value(row, col, new BigDecimal(v.asText()));
        } else if (c.type().isEnum()) {
            String text = v.asText();
            for (Object k : c.type().getEnumConstants()) {
                if (((Enum<?>) k).name().equals(text)) {
                    text = RegisterSchema.label(k);
                }
            }
            w.value(row, col, text);
        } else {
            w.value(row, col, v.asText());
        }
    }
}
