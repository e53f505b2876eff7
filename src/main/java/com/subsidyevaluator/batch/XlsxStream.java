package com.subsidyevaluator.batch;

import com.github.rzymek.opczip.OpcOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;

/**
 * A streaming writer of {@code .xlsx} workbooks for long lists, written as FastExcel writes them (the same package
 * parts, the same zip writer, {@code opczip}, which Excel accepts, with its fixed entry times), but with the cell XML
 * encoded straight to UTF-8 bytes: FastExcel writes every character outside ASCII as a numeric character reference
 * ({@code &#x4e50;}, with a string made for each), which for lists in Chinese costs most of the writing and makes
 * the sheet XML nearly three times longer to compress.
 *
 * <p>One sheet is written at a time, row by row, straight into the zip (memory does not grow with the rows); sheets
 * can be given another place among the tabs than the order they are written in ({@link #sheet(String, double[], int,
 * boolean)}), so a summary computed last can be the first tab. Texts that recur (a rule's title) are shared strings,
 * held in memory and written once; texts of one row are inline strings. The output depends only on what is written:
 * no time, no machine (the same input gives the same bytes).
 */
final class XlsxStream {

    /** Styles (the {@code cellXfs} of {@link #STYLES}). */
    static final int PLAIN = 0;
    static final int HEADER = 1;
    static final int TITLE = 2;
    static final int BOLD = 3;

    private static final String STYLES = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
            + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><numFmts count=\"0\"></numFmts>"
            + "<fonts count=\"3\"><font><sz val=\"11.00\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/></font>"
            + "<font><b/><sz val=\"11.00\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/></font>"
            + "<font><b/><sz val=\"14.00\"/><color rgb=\"FF000000\"/><name val=\"Calibri\"/></font></fonts>"
            + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
            + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFDDEBF7\"/></patternFill></fill></fills>"
            + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
            + "<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"0\" xfId=\"0\" applyFont=\"true\" applyFill=\"true\"/>"
            + "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"true\"/>"
            + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"true\"/></cellXfs>"
            + "<dxfs count=\"0\"></dxfs></styleSheet>";

    private static final String NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static final String NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

    private final OpcOutputStream zip;
    private final String application;
    /** Bytes of the entry being written, not yet handed to the zip. */
    private byte[] buf = new byte[1 << 16];
    private int len;
    private final Map<String, Integer> sharedIndex = new HashMap<>();
    private final List<String> shared = new ArrayList<>();
    /** The cell of each shared string, encoded once: {@code <c t="s"><v>17</v></c>}. */
    private final List<byte[]> sharedCells = new ArrayList<>();
    private long sharedUses;
    private long sharedChars;
    /** Shared strings at most that {@link Sheet#recurring} adds (memory: the table is held until the end). */
    static final int RECURRING_ENTRIES = 50_000;
    static final long RECURRING_CHARS = 2_000_000;
    /** The sheets in tab order. */
    private final List<Sheet> tabs = new ArrayList<>();
    private int files;
    private Sheet open;
    private boolean finished;

    /**
     * @param level the deflate level (0–9; 1 is several times faster than the default 6, for files about a quarter
     *              larger)
     */
    XlsxStream(OutputStream out, String application, int level) {
        this.zip = new OpcOutputStream(out);
        this.zip.setLevel(level);
        this.application = application;
    }

    /**
     * Begins a sheet; the sheet before it must have been {@link Sheet#end() ended}.
     *
     * @param widths      the columns' widths (in characters), or null
     * @param tab         its place among the tabs (0 = first; at most the number of sheets begun so far), or -1 for
     *                    after the others
     * @param frozenHeader whether the first row stays in view when scrolling, with a filter on its columns
     */
    Sheet sheet(String name, double[] widths, int tab, boolean frozenHeader) throws IOException {
        if (open != null) {
            throw new IllegalStateException("sheet " + open.name + " is not ended");
        }
        Sheet s = new Sheet(name, ++files, frozenHeader);
        if (tab < 0 || tab > tabs.size()) {
            tabs.add(s);
        } else {
            tabs.add(tab, s);
        }
        open = s;
        zip.putNextEntry(new ZipEntry("xl/worksheets/sheet" + s.file + ".xml"));
        ascii("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"" + NS_MAIN + "\" xmlns:r=\"" + NS_REL
                + "\"><sheetPr filterMode=\"false\"><pageSetUpPr fitToPage=\"false\" autoPageBreaks=\"false\"/></sheetPr>"
                + "<dimension ref=\"A1\"/><sheetViews><sheetView workbookViewId=\"0\">");
        if (frozenHeader) {
            ascii("<pane xSplit=\"0\" ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                    + "<selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/>");
        }
        ascii("</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15.0\"/>");
        if (widths != null && widths.length > 0) {
            ascii("<cols>");
            for (int c = 0; c < widths.length; c++) {
                ascii("<col min=\"" + (c + 1) + "\" max=\"" + (c + 1) + "\" width=\""
                        + String.format(Locale.ROOT, "%.1f", widths[c]) + "\" customWidth=\"true\"/>");
            }
            ascii("</cols>");
        }
        ascii("<sheetData>");
        return s;
    }

    /** One sheet being written: rows of cells, left to right. */
    final class Sheet {
        final String name;
        final int file;
        private final boolean frozenHeader;
        private int rows;
        private int cells;
        private int widest;
        private boolean inRow;
        private boolean ended;
        /** Whether the cells before the next one were left empty (it then says which column it is). */
        private boolean skipped;
        private String rowNumber = "";

        private Sheet(String name, int file, boolean frozenHeader) {
            this.name = name;
            this.file = file;
            this.frozenHeader = frozenHeader;
        }

        /** The rows begun so far. */
        int rows() {
            return rows;
        }

        /** Begins the next row. */
        Sheet row() throws IOException {
            mine();
            endRow();
            rows++;
            cells = 0;
            skipped = false;
            inRow = true;
            rowNumber = Integer.toString(rows);
            ascii("<row r=\"");
            ascii(rowNumber);
            ascii("\">");
            return this;
        }

        private void endRow() throws IOException {
            if (inRow) {
                ascii("</row>");
                widest = Math.max(widest, cells);
                inRow = false;
                if (len > (1 << 16) - 4096) {
                    drain();
                }
            }
        }

        /** Opens the next cell: its reference when cells before it were left empty, its style and type. */
        private void open(int style, String type) {
            ascii("<c");
            if (skipped) {
                ascii(" r=\"");
                ascii(column(cells));
                ascii(rowNumber);
                put((byte) '"');
                skipped = false;
            }
            if (style != PLAIN) {
                ascii(" s=\"" + style + "\"");
            }
            if (type != null) {
                ascii(type);
            }
            put((byte) '>');
            cells++;
        }

        /** An empty cell (the next cell goes to the next column). */
        Sheet empty() {
            cells++;
            skipped = true;
            return this;
        }

        /** A text of this row (an inline string); null or empty: an empty cell. */
        Sheet text(String v) throws IOException {
            return text(v, PLAIN);
        }

        Sheet text(String v, int style) throws IOException {
            if (v == null || v.isEmpty()) {
                if (style == PLAIN) {
                    return empty();
                }
                open(style, null);
                ascii("</c>");
                return this;
            }
            open(style, " t=\"inlineStr\"");
            ascii("<is><t");
            if (Character.isWhitespace(v.charAt(0)) || Character.isWhitespace(v.charAt(v.length() - 1))) {
                ascii(" xml:space=\"preserve\"");
            }
            put((byte) '>');
            escaped(v);
            ascii("</t></is></c>");
            return this;
        }

        /** A text that recurs (a shared string, written once in the workbook); null or empty: an empty cell. */
        Sheet shared(String v) {
            if (v == null || v.isEmpty()) {
                return empty();
            }
            if (skipped) {
                open(PLAIN, " t=\"s\"");
                ascii("<v>" + sharedIndex(v) + "</v></c>");
            } else {
                cells++;
                put(sharedCell(v));
            }
            sharedUses++;
            return this;
        }

        /**
         * A text that may recur (a condition met, a place in the case): a shared string while the table has room
         * ({@link #RECURRING_ENTRIES} texts, {@link #RECURRING_CHARS} characters), an inline string after that.
         */
        Sheet recurring(String v) throws IOException {
            if (v == null || v.isEmpty()) {
                return empty();
            }
            if (sharedIndex.containsKey(v)
                    || (shared.size() < RECURRING_ENTRIES && sharedChars + v.length() <= RECURRING_CHARS)) {
                return shared(v);
            }
            return text(v);
        }

        /** A number; null: an empty cell. */
        Sheet number(BigDecimal v) {
            if (v == null) {
                return empty();
            }
            open(PLAIN, null);
            ascii("<v>");
            BigDecimal p = v.stripTrailingZeros();
            ascii((p.scale() < 0 ? p.setScale(0) : p).toPlainString());
            ascii("</v></c>");
            return this;
        }

        Sheet number(long v) {
            open(PLAIN, null);
            ascii("<v>");
            ascii(Long.toString(v));
            ascii("</v></c>");
            return this;
        }

        /** Ends the sheet: the filter on its header, the page set-up; the next sheet may begin. */
        void end() throws IOException {
            mine();
            endRow();
            ascii("</sheetData>");
            if (frozenHeader && widest > 0) {
                ascii("<autoFilter ref=\"A1:" + column(widest - 1) + "1\"/>");
            }
            ascii("<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>"
                    + "</worksheet>");
            drain();
            zip.closeEntry();
            ended = true;
            open = null;
        }

        private void mine() {
            if (open != this || ended) {
                throw new IllegalStateException("sheet " + name + " is not the one being written");
            }
        }
    }

    /** The column's letters: 0 → A, 25 → Z, 26 → AA. */
    static String column(int index) {
        StringBuilder s = new StringBuilder();
        for (int n = index + 1; n > 0; n = (n - 1) / 26) {
            s.insert(0, (char) ('A' + (n - 1) % 26));
        }
        return s.toString();
    }

    private int sharedIndex(String v) {
        Integer i = sharedIndex.get(v);
        if (i == null) {
            i = shared.size();
            sharedChars += v.length();
            sharedIndex.put(v, i);
            shared.add(v);
            sharedCells.add(("<c t=\"s\"><v>" + i + "</v></c>").getBytes(StandardCharsets.US_ASCII));
        }
        return i;
    }

    private byte[] sharedCell(String v) {
        return sharedCells.get(sharedIndex(v));
    }

    /**
     * Writes the workbook's other parts and ends the zip (the stream it writes to is left open: the caller closes it,
     * and deletes the file of a workbook that failed).
     */
    void finish() throws IOException {
        if (finished) {
            return;
        }
        if (open != null) {
            throw new IllegalStateException("sheet " + open.name + " is not ended");
        }
        if (tabs.isEmpty()) {
            throw new IllegalStateException("a workbook needs a sheet");
        }
        finished = true;
        // shared strings
        zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
        ascii("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><sst xmlns=\"" + NS_MAIN + "\" count=\""
                + sharedUses + "\" uniqueCount=\"" + shared.size() + "\">");
        for (String s : shared) {
            ascii("<si><t xml:space=\"preserve\">");
            escaped(s);
            ascii("</t></si>");
            if (len > (1 << 16) - 4096) {
                drain();
            }
        }
        ascii("</sst>");
        entryEnd();
        entry("xl/styles.xml", STYLES);
        StringBuilder wb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"" + NS_MAIN
                + "\" xmlns:r=\"" + NS_REL + "\"><workbookPr date1904=\"false\"/><bookViews><workbookView activeTab=\"0\"/>"
                + "</bookViews><sheets>");
        StringBuilder rels = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships"
                + " xmlns=\"" + NS_PKG_REL + "\"><Relationship Id=\"rId1\" Target=\"sharedStrings.xml\" Type=\"" + NS_REL
                + "/sharedStrings\"/><Relationship Id=\"rId2\" Target=\"styles.xml\" Type=\"" + NS_REL + "/styles\"/>");
        StringBuilder types = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types"
                + " xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\""
                + " ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\""
                + " ContentType=\"application/xml\"/><Override PartName=\"/xl/sharedStrings.xml\" ContentType=\""
                + "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/><Override"
                + " PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml"
                + ".styles+xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.sheet.main+xml\"/>");
        StringBuilder filters = new StringBuilder();
        for (int t = 0; t < tabs.size(); t++) {
            Sheet s = tabs.get(t);
            wb.append("<sheet name=\"").append(attribute(s.name)).append("\" sheetId=\"").append(t + 1)
                    .append("\" r:id=\"rId").append(s.file + 2).append("\"/>");
            rels.append("<Relationship Id=\"rId").append(s.file + 2).append("\" Target=\"worksheets/sheet").append(s.file)
                    .append(".xml\" Type=\"").append(NS_REL).append("/worksheet\"/>");
            types.append("<Override PartName=\"/xl/worksheets/sheet").append(s.file).append(".xml\" ContentType=\""
                    + "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>");
            if (s.frozenHeader && s.widest > 0) {
                filters.append("<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"").append(t)
                        .append("\" hidden=\"1\">'").append(attribute(s.name.replace("'", "''"))).append("'!$A$1:$")
                        .append(column(s.widest - 1)).append("$1</definedName>");
            }
        }
        wb.append("</sheets>");
        if (!filters.isEmpty()) {
            wb.append("<definedNames>").append(filters).append("</definedNames>");
        }
        wb.append("</workbook>");
        rels.append("</Relationships>");
        types.append("<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package"
                + ".core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd"
                + ".openxmlformats-officedocument.extended-properties+xml\"/></Types>");
        entry("xl/workbook.xml", wb.toString());
        entry("xl/_rels/workbook.xml.rels", rels.toString());
        entry("docProps/app.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Properties xmlns=\"http://schemas"
                + ".openxmlformats.org/officeDocument/2006/extended-properties\"><Application>" + attribute(application)
                + "</Application></Properties>");
        entry("docProps/core.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><cp:coreProperties"
                + " xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
                + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:creator>" + attribute(application)
                + "</dc:creator></cp:coreProperties>");
        entry("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\""
                + NS_PKG_REL + "\"><Relationship Id=\"rId3\" Type=\"" + NS_REL + "/extended-properties\""
                + " Target=\"docProps/app.xml\"/><Relationship Id=\"rId2\" Type=\"" + NS_PKG_REL
                + "/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId1\" Type=\"" + NS_REL
                + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        entry("[Content_Types].xml", types.toString());
        zip.finish();
    }

    private void entry(String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        zip.write(b, 0, b.length);
        zip.closeEntry();
    }

    private void entryEnd() throws IOException {
        drain();
        zip.closeEntry();
    }

    private void drain() throws IOException {
        if (len > 0) {
            zip.write(buf, 0, len);
            len = 0;
        }
    }

    // ------------------------------------------------------------------------------------------ bytes

    private void room(int n) {
        if (len + n > buf.length) {
            byte[] b = new byte[Math.max(buf.length * 2, len + n)];
            System.arraycopy(buf, 0, b, 0, len);
            buf = b;
        }
    }

    private void put(byte b) {
        room(1);
        buf[len++] = b;
    }

    private void put(byte[] b) {
        room(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
    }

    /** Text known to be ASCII and markup. */
    private void ascii(String s) {
        int n = s.length();
        room(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    private void integer(int v) {
        ascii(Integer.toString(v));
    }

    /**
     * A text as XML character data in UTF-8: {@code & < >} escaped, characters XML does not allow (control
     * characters other than tab and line breaks, unpaired surrogates, U+FFFE and U+FFFF) left out.
     */
    private void escaped(String s) throws IOException {
        int n = s.length();
        room(n * 3 + 16);
        byte[] b = buf;
        int p = len;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                    if (c == '&') {
                        p = bytes(b, p, "&amp;");
                    } else if (c == '<') {
                        p = bytes(b, p, "&lt;");
                    } else if (c == '>') {
                        p = bytes(b, p, "&gt;");
                    } else {
                        b[p++] = (byte) c;
                    }
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xc0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    b[p++] = (byte) (0xf0 | (cp >> 18));
                    b[p++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
                    b[p++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
                    b[p++] = (byte) (0x80 | (cp & 0x3f));
                }
            } else if (Character.isLowSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                // not allowed in XML: left out
            } else {
                b[p++] = (byte) (0xe0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                b[p++] = (byte) (0x80 | (c & 0x3f));
            }
            if (p > b.length - 8) {
                len = p;
                room(n * 3 + 16);
                b = buf;
            }
        }
        len = p;
    }

    private static int bytes(byte[] b, int p, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            b[p++] = (byte) ascii.charAt(i);
        }
        return p;
    }

    /** A text for an attribute value or a small part (escaped as a String). */
    private static String attribute(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
