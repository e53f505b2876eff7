package com.subsidyevaluator.server;

import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.RegisterReader;
import com.subsidyevaluator.io.RegisterSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One row of the register's main sheet (案例), pasted as a spreadsheet program copies it — the header row and one data
 * row, cells separated by tabs, a cell with a tab, a line break or a quote in double quotes — turned into the case
 * file it stands for by the same {@link RegisterReader} that {@code subsidy batch register.xlsx} uses (the same column
 * labels, 是/否, option labels and errors). Only the main sheet: the lists (项目, 认定, …) are sheets of their own.
 */
final class RegisterRow {

    /** The name a pasted row has in the reader's messages. */
    static final String NAME = "粘贴的登记表行.csv";
    /** The 案例编号 of a pasted row that has neither it nor a 统一社会信用代码. */
    static final String UNNAMED = "登记表行";

    /** A paste that is not a header and one row. */
    static final class BadRow extends Exception {
        private static final long serialVersionUID = 1L;
        final String zh;
        final String en;

        BadRow(String zh, String en) {
            super(en);
            this.zh = zh;
            this.en = en;
        }
    }

    private RegisterRow() {
    }

    /** The case file (compact JSON, numbers as written) of a pasted header and row. */
    static byte[] toCase(String tsv) throws BadRow, CaseFormatException {
        List<List<String>> rows = new ArrayList<>();
        for (List<String> r : parse(tsv.startsWith("\uFEFF") ? tsv.substring(1) : tsv)) {
            if (r.stream().anyMatch(c -> !c.isBlank())) {
                rows.add(r);
            }
        }
        if (rows.size() < 2) {
            throw new BadRow("应粘贴两行：登记表「案例」表的表头行和一行数据（单元格以制表符分隔，如从 Excel 复制）",
                    "paste two lines: the header row of the register's sheet 案例 and one data row, tab-separated (as Excel copies them)");
        }
        if (rows.size() > 2) {
            throw new BadRow("只能粘贴一行数据（收到 " + (rows.size() - 1) + " 行）；多行请用 subsidy batch 评估整张登记表",
                    "paste one data row only (got " + (rows.size() - 1) + "); evaluate a whole register with subsidy batch");
        }
        if (rows.get(0).size() < 2 && rows.get(1).size() < 2) {
            throw new BadRow("没有找到制表符：请从登记表复制表头行和一行数据（单元格以制表符分隔）",
                    "no tab found: copy the header row and one data row from the register (cells separated by tabs)");
        }
        if (!names(rows.get(0), "caseId") && !names(rows.get(0), "creditCode")) {
            // a row copied without its key columns: the case still needs a name (the register keys it by 案例编号)
            rows.get(0).add(0, RegisterSchema.CASE_KEY.label());
            rows.get(1).add(0, UNNAMED);
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("subsidy-register-row");
            Path csv = dir.resolve(NAME);
            StringBuilder s = new StringBuilder();
            for (List<String> r : rows) {
                for (int i = 0; i < r.size(); i++) {
                    s.append(i == 0 ? "" : ",").append('"').append(r.get(i).replace("\"", "\"\"")).append('"');
                }
                s.append("\r\n");
            }
            Files.writeString(csv, s, StandardCharsets.UTF_8);
            byte[][] out = new byte[1][];
            String[] error = new String[1];
            RegisterReader.read(csv, NAME, StandardCharsets.UTF_8, (row, json, problem) -> {
                if (out[0] == null && error[0] == null) {
                    out[0] = json;
                    error[0] = problem;
                }
            });
            if (error[0] != null) {
                throw new CaseFormatException(NAME, null, 0, 0, error[0]);
            }
            if (out[0] == null) {
                throw new BadRow("这一行没有数据", "the row is empty");
            }
            return out[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadRow("转换被中断", "the conversion was interrupted");
        } finally {
            delete(dir);
        }
    }

    /** Tab-separated rows; a cell that starts with a double quote runs to its closing quote ("" is one quote). */
    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean start = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && start) {
                quoted = true;
                start = false;
            } else if (c == '\t') {
                row.add(cell.toString());
                cell.setLength(0);
                start = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
                start = true;
            } else {
                cell.append(c);
                start = false;
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }

    /** Whether a header row has the column of this field of the main sheet (a header it does not know is left to the reader). */
    private static boolean names(List<String> headers, String field) {
        List<RegisterSchema.Column> columns;
        try {
            columns = RegisterSchema.resolve(RegisterSchema.sheets().get(0), headers);
        } catch (IllegalArgumentException e) {
            return true;
        }
        return columns.stream().anyMatch(c -> c != null && c.field().equals(field));
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
