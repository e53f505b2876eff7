package com.subsidyevaluator.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.Suggestions;
import com.subsidyevaluator.io.RegisterSchema.CellException;
import com.subsidyevaluator.io.RegisterSchema.Column;
import com.subsidyevaluator.io.RegisterSchema.Kind;
import com.subsidyevaluator.io.RegisterSchema.Sheet;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * Reads a register — an Excel workbook ({@code .xlsx}) or CSV files ({@code .csv}) with one applicant per row, laid
 * out as {@link RegisterSchema} says — into case records: for each row of the main sheet the JSON of the case file it
 * stands for, checked by {@link CaseReader} (the same binder and validator as a JSON case file), or why it is not a
 * valid case, naming the file, the sheet, the row, the column's header and the value.
 *
 * <p>The main sheet is streamed (a register of 220,000 rows is read in constant memory); the list sheets are held
 * while it is read, to be joined to their cases by 案例编号 or 统一社会信用代码. A list row no case claims is an error record
 * of its own, so that every row read is accounted for.
 *
 * <p>CSV: the main file {@code NAME.csv}, its lists in {@code NAME.<list>.csv} beside it (the list's label or field
 * name: {@code NAME.项目.csv}, {@code NAME.projects.csv}). Text is UTF-8 (with or without a byte-order mark) when it is
 * valid UTF-8, else GB18030, unless an encoding is given.
 */
public final class RegisterReader {

    /** Receives each record: its row and either the case's JSON or why the row is not a valid case. */
    public interface Sink {
        void accept(int row, byte[] json, String error) throws InterruptedException;
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
    private static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

    private RegisterReader() {
    }

    /** Whether batch reads the file as a register ({@code .xlsx} or {@code .csv}). */
    public static boolean isRegister(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".xlsx") || n.endsWith(".csv");
    }

    /**
     * Reads a register and gives each record to {@code sink}, in row order (list rows no case claims last).
     *
     * @param encoding the CSV files' encoding, or null to detect it (UTF-8, else GB18030)
     * @throws CaseFormatException when the register as a whole cannot be read (not a workbook, an unknown sheet or
     *                             column header, an encoding error): nothing of it is a case
     */
    public static void read(Path file, String name, Charset encoding, Sink sink)
            throws CaseFormatException, InterruptedException {
        try {
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".xlsx")) {
                readWorkbook(file, name, sink);
            } else {
                readCsv(file, name, encoding, sink);
            }
        } catch (RegisterException e) {
            throw new CaseFormatException(name, null, 0, 0, e.getMessage());
        } catch (IOException | UncheckedIOException | org.dhatim.fastexcel.reader.ExcelReaderException e) {
            throw new CaseFormatException(name, null, 0, 0, "无法读取登记表：" + e.getMessage()
                    + " (the register cannot be read)");
        }
    }

    /** A problem of the whole register. */
    private static final class RegisterException extends Exception {
        private static final long serialVersionUID = 1L;

        RegisterException(String message) {
            super(message);
        }
    }

    /** A row of a table: its number (the header is row 1) and its cells (text, numbers, booleans or null). */
    private record TRow(int number, List<Object> cells) {
        Object cell(int i) {
            return i < cells.size() ? cells.get(i) : null;
        }

        boolean blank() {
            for (Object c : cells) {
                if (c != null && !(c instanceof String s && s.isBlank())) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A sheet or CSV file being read. */
    private static final class Table {
        final String where;
        final String whereEn;
        final Sheet sheet;
        final List<Column> columns;
        final List<String> headers;

        Table(String where, String whereEn, Sheet sheet, List<Object> header) throws RegisterException {
            this.where = where;
            this.whereEn = whereEn;
            this.sheet = sheet;
            this.headers = new ArrayList<>();
            for (Object h : header) {
                headers.add(h == null ? null : h instanceof BigDecimal b ? RegisterSchema.plain(b) : h.toString());
            }
            try {
                this.columns = RegisterSchema.resolve(sheet, headers);
            } catch (IllegalArgumentException e) {
                throw new RegisterException(where + "：" + e.getMessage());
            }
        }

        int index(Column c) {
            return columns.indexOf(c);
        }
    }

    /** The rows of a list or single sheet, by the key that joins them to their case. */
    private static final class Held {
        final Table table;
        final List<TRow> rows = new ArrayList<>();
        final Map<String, List<TRow>> byCase = new HashMap<>();
        final Map<String, List<TRow>> byCredit = new HashMap<>();
        final java.util.Set<TRow> used = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

        Held(Table table) {
            this.table = table;
        }

        void add(TRow r) {
            rows.add(r);
            String c = key(r, RegisterSchema.CASE_KEY);
            if (c != null) {
                byCase.computeIfAbsent(c, k -> new ArrayList<>()).add(r);
            } else {
                String u = key(r, RegisterSchema.CREDIT_KEY);
                if (u != null) {
                    byCredit.computeIfAbsent(u, k -> new ArrayList<>()).add(r);
                }
            }
        }

        String key(TRow r, Column k) {
            int i = table.index(k);
            Object v = i < 0 ? null : r.cell(i);
            String s = v == null ? null : v instanceof BigDecimal b ? RegisterSchema.plain(b) : v.toString().strip();
            return s == null || s.isEmpty() ? null : s;
        }

        /** The rows of a case, in row order, taken (each row belongs to one case). */
        List<TRow> take(String caseId, String credit) {
            List<TRow> out = new ArrayList<>();
            for (TRow r : caseId == null ? List.<TRow>of() : byCase.getOrDefault(caseId, List.of())) {
                if (used.add(r)) {
                    out.add(r);
                }
            }
            for (TRow r : credit == null ? List.<TRow>of() : byCredit.getOrDefault(credit, List.of())) {
                if (used.add(r)) {
                    out.add(r);
                }
            }
            out.sort(java.util.Comparator.comparingInt(TRow::number));
            return out;
        }
    }

    // ------------------------------------------------------------------------------------------- workbook

    private static void readWorkbook(Path file, String name, Sink sink)
            throws IOException, RegisterException, InterruptedException {
        try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile())) {
            List<org.dhatim.fastexcel.reader.Sheet> sheets = wb.getSheets().toList();
            org.dhatim.fastexcel.reader.Sheet main = null;
            List<Held> held = new ArrayList<>();
            for (org.dhatim.fastexcel.reader.Sheet s : sheets) {
                String n = s.getName();
                if (n.equals(RegisterSchema.HELP_SHEET) || n.equals(RegisterSchema.CHOICES_SHEET)) {
                    continue;
                }
                Sheet def = RegisterSchema.sheetNamed(n);
                if (def == null && main == null) {
                    main = s;
                    continue;
                }
                if (def == null) {
                    List<String> near = Suggestions.nearest(n, RegisterSchema.sheetNames(), 3);
                    throw new RegisterException("工作表「" + n + "」不是案例的列表（主表是第一张工作表「" + main.getName() + "」）"
                            + (near.isEmpty() ? "" : "；是否指「" + String.join("」或「", near) + "」？")
                            + " (sheet \"" + n + "\" is not a list of the case" + (near.isEmpty() ? ""
                            : "; did you mean \"" + String.join("\" or \"", near) + "\"?") + ")");
                }
                List<Row> rows = s.read();
                if (rows.isEmpty()) {
                    continue;
                }
                Table t = new Table("工作表「" + n + "」", "sheet " + n, def, cells(rows.get(0)));
                Held h = new Held(t);
                for (int i = 1; i < rows.size(); i++) {
                    TRow r = new TRow(rows.get(i).getRowNum(), cells(rows.get(i)));
                    if (!r.blank()) {
                        h.add(r);
                    }
                }
                held.add(h);
            }
            if (main == null) {
                throw new RegisterException("工作簿中没有主表（每个案例一行的工作表） (the workbook has no main sheet)");
            }
            try (Stream<Row> rows = main.openStream()) {
                Iterator<Row> it = rows.iterator();
                if (!it.hasNext()) {
                    return;
                }
                Row header = it.next();
                Table t = new Table("工作表「" + main.getName() + "」", "sheet " + main.getName(),
                        RegisterSchema.sheets().get(0), cells(header));
                Iterator<TRow> mapped = new Iterator<>() {
                    public boolean hasNext() {
                        return it.hasNext();
                    }

                    public TRow next() {
                        Row r = it.next();
                        return new TRow(r.getRowNum(), cells(r));
                    }
                };
                readMain(t, mapped, held, name, sink);
            }
        }
    }

    /** A number cell's value; its raw text when no BigDecimal holds it (1E+9999999999), refused where read. */
    private static Object number(Cell c) {
        try {
            return c.asNumber();
        } catch (NumberFormatException e) {
            return c.getRawValue();
        }
    }

    private static List<Object> cells(Row row) {
        List<Object> out = new ArrayList<>(row.getCellCount());
        for (int i = 0; i < row.getCellCount(); i++) {
            Cell c = row.getCell(i);
            out.add(c == null ? null : switch (c.getType()) {
                case NUMBER -> number(c);
                case BOOLEAN -> c.asBoolean();
                case STRING -> c.asString();
                case EMPTY -> null;
                default -> c.getRawValue() != null ? c.getRawValue() : c.getText();
            });
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------ CSV

    private static void readCsv(Path file, String name, Charset encoding, Sink sink)
            throws IOException, RegisterException, InterruptedException {
        String fileName = file.getFileName().toString();
        String base = fileName.substring(0, fileName.length() - 4);
        List<Held> held = new ArrayList<>();
        Path dir = file.toAbsolutePath().getParent();
        List<Path> siblings = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, p -> {
            String n = p.getFileName().toString();
            return n.length() > base.length() + 5 && n.startsWith(base + ".") && n.toLowerCase(Locale.ROOT).endsWith(".csv");
        })) {
            ds.forEach(siblings::add);
        }
        siblings.sort(null);
        for (Path p : siblings) {
            String n = p.getFileName().toString();
            String list = n.substring(base.length() + 1, n.length() - 4);
            Sheet def = RegisterSchema.sheetNamed(list);
            if (def == null) {
                continue; // another register's main file (NAME.2.csv) or an unrelated file: not a list of this one
            }
            try (Csv csv = new Csv(p, encoding)) {
                if (!csv.hasNext()) {
                    continue;
                }
                Table t = new Table("文件 " + n, "file " + n, def, csv.next().cells());
                Held h = new Held(t);
                while (csv.hasNext()) {
                    TRow r = csv.next();
                    if (!r.blank()) {
                        h.add(r);
                    }
                }
                held.add(h);
            }
        }
        try (Csv csv = new Csv(file, encoding)) {
            if (!csv.hasNext()) {
                return;
            }
            Table t = new Table("文件 " + fileName, "file " + fileName, RegisterSchema.sheets().get(0), csv.next().cells());
            readMain(t, csv, held, name, sink);
        }
    }

    /** CSV records (RFC 4180: quoted fields with doubled quotes and line breaks; CRLF or LF), one at a time. */
    private static final class Csv implements Iterator<TRow>, Closeable {
        private final Reader in;
        private final String file;
        private final String charset;
        private int row;
        private TRow next;
        private boolean done;

        Csv(Path p, Charset encoding) throws IOException, RegisterException {
            this.file = p.getFileName().toString();
            Charset cs = encoding != null ? encoding : detect(p);
            this.charset = cs.name();
            CharsetDecoder d = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
            this.in = new BufferedReader(new InputStreamReader(Files.newInputStream(p), d), 1 << 16);
            in.mark(1);
            if (in.read() != '\uFEFF') {
                in.reset();
            }
        }

        public boolean hasNext() {
            if (next == null && !done) {
                try {
                    next = read();
                } catch (CharacterCodingException e) {
                    throw new UncheckedIOException(new IOException("文件 " + file + " 第 " + (row + 1) + " 行不是 " + charset
                            + " 编码的文本（可用 --encoding 指定编码） (row " + (row + 1) + " of " + file + " is not " + charset
                            + " text; give the encoding with --encoding)", e));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                done = next == null;
            }
            return next != null;
        }

        public TRow next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            TRow r = next;
            next = null;
            return r;
        }

        private TRow read() throws IOException {
            List<Object> cells = new ArrayList<>();
            StringBuilder f = new StringBuilder();
            int c = in.read();
            if (c < 0) {
                return null;
            }
            boolean quoted = false;
            boolean wasQuoted = false;
            while (true) {
                if (quoted) {
                    if (c < 0) {
                        break;
                    }
                    if (c == '"') {
                        in.mark(1);
                        int d = in.read();
                        if (d == '"') {
                            f.append('"');
                        } else {
                            quoted = false;
                            if (d >= 0) {
                                in.reset();
                            }
                        }
                    } else {
                        f.append((char) c);
                    }
                } else if (c == ',' ) {
                    cells.add(f.toString());
                    f.setLength(0);
                    wasQuoted = false;
                } else if (c == '\n' || c < 0) {
                    break;
                } else if (c == '\r') {
                    in.mark(1);
                    int d = in.read();
                    if (d != '\n' && d >= 0) {
                        in.reset();
                    }
                    break;
                } else if (c == '"' && f.length() == 0 && !wasQuoted) {
                    quoted = true;
                    wasQuoted = true;
                } else {
                    f.append((char) c);
                }
                c = in.read();
            }
            cells.add(f.toString());
            row++;
            return new TRow(row, cells);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** UTF-8 when the file is valid UTF-8, else GB18030. */
    static Charset detect(Path p) throws IOException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (Reader r = new InputStreamReader(Files.newInputStream(p), d)) {
            char[] buf = new char[1 << 14];
            while (r.read(buf) >= 0) {
                // only checking
            }
            return StandardCharsets.UTF_8;
        } catch (CharacterCodingException e) {
            return Charset.forName("GB18030");
        }
    }

    // ---------------------------------------------------------------------------------------------- cases

    /** Where a value of the case came from. */
    private record Place(Table table, int row, String header, Object value) {
    }

    private static void readMain(Table main, Iterator<TRow> rows, List<Held> held, String name, Sink sink)
            throws InterruptedException {
        int caseCol = main.index(byField(main, "caseId"));
        int creditCol = main.index(byField(main, "creditCode"));
        while (rows.hasNext()) {
            TRow r = rows.next();
            if (r.blank()) {
                continue;
            }
            Map<String, Place> places = new LinkedHashMap<>();
            List<String> bad = new ArrayList<>();
            ObjectNode root = NODES.objectNode();
            ObjectNode enterprise = NODES.objectNode();
            places.put("$", new Place(main, r.number(), null, null));
            places.put("$.enterprise", new Place(main, r.number(), null, null));
            fill(main, r, root, enterprise, "$", places, bad);
            String caseId = caseCol >= 0 ? text(r.cell(caseCol)) : null;
            String credit = creditCol >= 0 ? text(r.cell(creditCol)) : null;
            if (caseCol < 0 && credit != null) {
                root.put("caseId", credit); // no 案例编号 column: the credit code names the case
            }
            if (!enterprise.isEmpty() || !root.has("enterprise")) {
                root.set("enterprise", enterprise);
            }
            for (Held h : held) {
                List<TRow> own = h.take(caseId, credit);
                if (own.isEmpty()) {
                    continue;
                }
                String field = h.table.sheet.field();
                if (h.table.sheet.kind() == Kind.LIST) {
                    ArrayNode list = root.putArray(field);
                    for (TRow lr : own) {
                        ObjectNode o = list.addObject();
                        String at = "$." + field + "[" + (list.size() - 1) + "]";
                        places.put(at, new Place(h.table, lr.number(), null, null));
                        fill(h.table, lr, o, null, at, places, bad);
                    }
                } else {
                    ObjectNode o = root.putObject(field);
                    places.put("$." + field, new Place(h.table, own.get(0).number(), null, null));
                    fill(h.table, own.get(0), o, null, "$." + field, places, bad);
                    for (TRow extra : own.subList(1, own.size())) {
                        bad.add(h.table.where + " 第 " + extra.number() + " 行：每个案例只能有一行" + h.table.sheet.label()
                                + "（已有第 " + own.get(0).number() + " 行） (" + h.table.whereEn + ", row " + extra.number()
                                + ": a case has one row of " + h.table.sheet.field() + " at most; row " + own.get(0).number()
                                + " is already its)");
                    }
                }
            }
            if (!bad.isEmpty()) {
                sink.accept(r.number(), null, String.join("；", bad));
                continue;
            }
            byte[] json;
            try {
                json = JSON.writeValueAsBytes(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            try {
                CaseReader.parse(name, json, 0, json.length, 0);
            } catch (CaseFormatException e) {
                sink.accept(r.number(), null, located(e, places));
                continue;
            }
            sink.accept(r.number(), json, null);
        }
        for (Held h : held) {
            for (TRow lr : h.rows) {
                if (!h.used.contains(lr)) {
                    String c = h.key(lr, RegisterSchema.CASE_KEY);
                    String u = h.key(lr, RegisterSchema.CREDIT_KEY);
                    String zh = c == null && u == null ? "缺少案例编号和统一社会信用代码，不知属于哪个案例"
                            : (c != null ? "案例编号「" + c + "」" : "统一社会信用代码「" + u + "」") + "在主表中没有对应的案例";
                    String en = c == null && u == null ? "neither 案例编号 nor 统一社会信用代码 is given: the row belongs to no case"
                            : "no case of the main sheet has " + (c != null ? "案例编号 " + c : "统一社会信用代码 " + u);
                    sink.accept(lr.number(), null, h.table.where + " 第 " + lr.number() + " 行：" + zh + "，未读取 ("
                            + h.table.whereEn + ", row " + lr.number() + ": " + en + "; not read)");
                }
            }
        }
    }

    private static Column byField(Table t, String field) {
        for (Column c : t.columns) {
            if (c != null && c.field().equals(field) && (c.parent() == null || c.parent().equals("enterprise"))) {
                return c;
            }
        }
        return null;
    }

    private static String text(Object v) {
        if (v == null) {
            return null;
        }
        String s = v instanceof BigDecimal b ? RegisterSchema.plain(b) : v.toString().strip();
        return s.isEmpty() ? null : s;
    }

    /** Puts a row's cells into the case ({@code root}) or the fact's object; bad cells are added to {@code bad}. */
    private static void fill(Table t, TRow r, ObjectNode root, ObjectNode enterprise, String at,
                             Map<String, Place> places, List<String> bad) {
        for (int i = 0; i < Math.max(t.columns.size(), r.cells().size()); i++) {
            Column c = i < t.columns.size() ? t.columns.get(i) : null;
            Object v = r.cell(i);
            if (c == null) {
                if (text(v) != null) {
                    bad.add(t.where + " 第 " + r.number() + " 行第 " + (i + 1) + " 列：值「" + text(v) + "」所在的列没有表头"
                            + " (" + t.whereEn + ", row " + r.number() + ", column " + (i + 1) + ": value \"" + text(v)
                            + "\" is in a column without a header)");
                }
                continue;
            }
            if (c == RegisterSchema.CASE_KEY || c == RegisterSchema.CREDIT_KEY) {
                continue;
            }
            ObjectNode target = c.parent() == null || enterprise == null ? root : enterprise;
            String path = c.parent() == null || enterprise == null ? at + "." + c.field() : "$.enterprise." + c.field();
            String header = t.headers.get(i);
            places.put(path, new Place(t, r.number(), header, v));
            try {
                JsonNode node = RegisterSchema.value(c, v);
                if (node != null) {
                    target.set(c.field(), node);
                }
            } catch (CellException e) {
                bad.add(t.where + " 第 " + r.number() + " 行「" + header + "」列：值「" + text(v) + "」" + e.getMessage()
                        + " (" + t.whereEn + ", row " + r.number() + ", column \"" + header + "\": value \"" + text(v)
                        + "\": " + e.english() + ")");
            }
        }
    }

    /** The validator's reason, with the cell (or the row) its path came from. */
    private static String located(CaseFormatException e, Map<String, Place> places) {
        String path = e.jsonPath() == null ? "$" : e.jsonPath();
        Place p = null;
        for (String at = path; p == null; ) {
            p = places.get(at);
            if (p == null) {
                int cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
                if (cut <= 0) {
                    p = places.get("$");
                    break;
                }
                at = at.substring(0, cut);
            }
        }
        String v = text(p.value());
        String zh = p.table().where + " 第 " + p.row() + " 行" + (p.header() == null ? "" : "「" + p.header() + "」列")
                + (v == null ? "" : "：值「" + v + "」") + "：" + e.problem() + "（" + path + "）";
        String en = " (" + p.table().whereEn + ", row " + p.row() + (p.header() == null ? "" : ", column \"" + p.header() + "\"")
                + (v == null ? "" : ", value \"" + v + "\"") + ": " + path + ")";
        return zh + en;
    }
}
