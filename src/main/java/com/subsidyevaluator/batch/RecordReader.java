package com.subsidyevaluator.batch;

import com.subsidyevaluator.batch.InputFiles.Source;
import com.subsidyevaluator.io.CaseFiles;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.RegisterReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts the input files into records and hands them on in chunks, in input order. A JSON Lines file is read
 * through a fixed window, so memory does not grow with the file; a line longer than {@link #MAX_RECORD} bytes is
 * skipped (and reported) without being held. Blank lines are not records. A single-case file is read only when it
 * is a regular file of at most {@link #MAX_RECORD} bytes.
 */
public final class RecordReader {

    /** The longest record read: a longer line or file is rejected without being parsed. */
    static final int MAX_RECORD = CaseReader.MAX_BYTES;

    /**
     * One record as cut from its file, for {@link #read(List, Consumer)}.
     *
     * @param source    the file's name
     * @param line      the record's line in a JSON Lines file (1 = first), 0 for a single-case file
     * @param jsonLines whether the record is a line of a JSON Lines file
     * @param data      holds the record's bytes (not to be modified)
     * @param offset    where the record starts in {@code data}
     * @param length    how many bytes it has
     * @param error     why the record could not be read (too long, the file could not be read), else null
     */
    public record Record(String source, int line, boolean jsonLines, byte[] data, int offset, int length, String error) {
        /** What to add to line numbers when parsing the record ({@link CaseReader#parse}). */
        public int lineOffset() {
            return jsonLines ? line - 1 : 0;
        }

        /** Where the record is, for messages: "{@code file}" or "{@code file:line}". */
        public String place() {
            return jsonLines ? source + ":" + line : source;
        }
    }

    /**
     * Reads every source, as a batch does, and gives each record to {@code each}, in input order; returns the
     * number of records.
     */
    public static long read(List<Source> sources, Consumer<Record> each) {
        try {
            return new RecordReader(sources, chunk -> {
                for (int i = 0; i < chunk.count; i++) {
                    each.accept(new Record(chunk.source[i], chunk.line[i], chunk.jsonLines[i], chunk.data, chunk.offset[i],
                            chunk.length[i], chunk.readError[i]));
                }
            }).run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading cases", e);
        }
    }

    /** Records per chunk: the unit of work of one thread, and the cases fired in one engine session. */
    static final int CHUNK_RECORDS = 128;
    /** Bytes of record text per chunk (a longer record gets a chunk of its own). */
    static final int CHUNK_BYTES = 1 << 20;
    private static final int WINDOW = 1 << 20;

    /** Records of the input, in order, with where each comes from. */
    static final class Chunk {
        final long seq;
        final long firstRecord;
        int count;
        final String[] source = new String[CHUNK_RECORDS];
        final int[] line = new int[CHUNK_RECORDS];
        final boolean[] jsonLines = new boolean[CHUNK_RECORDS];
        final int[] offset = new int[CHUNK_RECORDS];
        final int[] length = new int[CHUNK_RECORDS];
        final String[] readError = new String[CHUNK_RECORDS];
        byte[] data;
        int used;
        /** Input bytes this chunk accounts for (records, line ends, skipped text), for progress. */
        long inputBytes;

        Chunk(long seq, long firstRecord, int capacity) {
            this.seq = seq;
            this.firstRecord = firstRecord;
            this.data = new byte[capacity];
        }

        boolean fits(int bytes) {
            return count < CHUNK_RECORDS && (count == 0 || used + bytes <= CHUNK_BYTES);
        }

        void add(String src, int lineNo, boolean jsonl, byte[] b, int off, int len, String error) {
            if (used + len > data.length) {
                data = Arrays.copyOf(data, Math.max(used + len, Math.min(2 * data.length, CHUNK_BYTES)));
            }
            System.arraycopy(b, off, data, used, len);
            source[count] = src;
            line[count] = lineNo;
            jsonLines[count] = jsonl;
            offset[count] = used;
            length[count] = len;
            readError[count] = error;
            used += len;
            count++;
        }

        /** Bytes held (for the memory budget). */
        int held() {
            return data.length;
        }
    }

    /** Receives each chunk when it is full; may block (bounded queue). */
    interface Sink {
        void accept(Chunk chunk) throws InterruptedException;
    }

    private final List<Source> sources;
    private final Sink sink;
    private long seq;
    private long records;
    private Chunk current;

    /** The encoding of CSV registers, or null to detect it. */
    private final java.nio.charset.Charset encoding;

    RecordReader(List<Source> sources, Sink sink) {
        this(sources, sink, null);
    }

    RecordReader(List<Source> sources, Sink sink, java.nio.charset.Charset encoding) {
        this.sources = sources;
        this.sink = sink;
        this.encoding = encoding;
    }

    /** Reads every source and hands on every chunk; returns the number of records. */
    long run() throws InterruptedException {
        for (Source s : sources) {
            if (s.jsonLines()) {
                readLines(s);
            } else if (RegisterReader.isRegister(s.path())) {
                readRegister(s);
            } else {
                readWhole(s);
            }
        }
        flush();
        return records;
    }

    /** A register (.xlsx, .csv): each row of its main sheet is a record, numbered by its row. */
    private void readRegister(Source s) throws InterruptedException {
        long[] unread = {s.size()};
        try {
            RegisterReader.read(s.path(), s.name(), encoding, (row, json, error) -> {
                byte[] b = json == null ? new byte[0] : json;
                add(s.name(), row, true, b, 0, b.length, error, unread[0]);
                unread[0] = 0; // the file counts as read with its first record (its rows are not byte ranges)
            });
        } catch (CaseFormatException e) {
            add(s.name(), 0, false, new byte[0], 0, 0, e.problem(), unread[0]);
        }
    }

    private void readWhole(Source s) throws InterruptedException {
        if (s.error() != null) {
            add(s.name(), 0, false, new byte[0], 0, 0, s.error(), 0);
            return;
        }
        if (s.size() > MAX_RECORD) {
            add(s.name(), 0, false, new byte[0], 0, 0, "文件过大（" + s.size() + " 字节，单个案例最多 " + MAX_RECORD + " 字节）", s.size());
            return;
        }
        byte[] bytes;
        try {
            // only a regular file, and never more than a record may have (the size may have changed since listed)
            bytes = CaseFiles.bytes(s.path());
        } catch (CaseFormatException e) {
            add(s.name(), 0, false, new byte[0], 0, 0, e.problem(), 0);
            return;
        }
        add(s.name(), 0, false, bytes, 0, bytes.length, null, bytes.length);
    }

    private void readLines(Source s) throws InterruptedException {
        byte[] buf = new byte[WINDOW];
        int start = 0;
        int end = 0;
        int lineNo = 0;
        boolean skipping = false;
        long skippedBytes = 0;
        try {
            CaseFiles.requireRegularFile(s.path()); // a named pipe in its place would never end
        } catch (CaseFormatException e) {
            add(s.name(), 1, true, buf, 0, 0, e.problem(), 0);
            return;
        }
        try (InputStream in = Files.newInputStream(s.path())) {
            while (true) {
                int nl = indexOf(buf, start, end, (byte) '\n');
                if (nl >= 0) {
                    lineNo++;
                    if (skipping) {
                        skippedBytes += nl - start + 1;
                        add(s.name(), lineNo, true, buf, 0, 0, "记录过长（超过 " + MAX_RECORD + " 字节），未读取", skippedBytes);
                        skipping = false;
                        skippedBytes = 0;
                    } else {
                        line(s, lineNo, buf, start, nl);
                    }
                    start = nl + 1;
                    continue;
                }
                if (skipping) {
                    skippedBytes += end - start;
                    start = end;
                }
                if (start > 0 || buf.length > WINDOW && end - start <= WINDOW / 2) {
                    // move the partial line to the front; back to the fixed window once a long line is done
                    byte[] to = buf.length > WINDOW && end - start <= WINDOW / 2 ? new byte[WINDOW] : buf;
                    System.arraycopy(buf, start, to, 0, end - start);
                    buf = to;
                    end -= start;
                    start = 0;
                }
                if (end == buf.length) {
                    if (buf.length > MAX_RECORD) {
                        // a line longer than any record may be: skip the rest of it without holding it
                        skipping = true;
                        skippedBytes = end;
                        end = 0;
                        buf = new byte[WINDOW];
                    } else {
                        buf = Arrays.copyOf(buf, Math.min(buf.length * 2, MAX_RECORD + 1));
                    }
                }
                int n = in.read(buf, end, buf.length - end);
                if (n < 0) {
                    if (skipping) {
                        lineNo++;
                        add(s.name(), lineNo, true, buf, 0, 0, "记录过长（超过 " + MAX_RECORD + " 字节），未读取", skippedBytes);
                    } else if (end > start) {
                        lineNo++;
                        line(s, lineNo, buf, start, end);
                    }
                    break;
                }
                end += n;
            }
        } catch (IOException e) {
            add(s.name(), lineNo + 1, true, buf, 0, 0, "读取中断：" + e.getMessage(), 0);
        }
    }

    /** One line of a JSON Lines file, without its line end; blank lines are not records. */
    private void line(Source s, int lineNo, byte[] buf, int from, int to) throws InterruptedException {
        long consumed = to - from + 1;
        int stop = to;
        if (stop > from && buf[stop - 1] == '\r') {
            stop--;
        }
        boolean blank = true;
        for (int i = from; i < stop; i++) {
            byte b = buf[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                blank = false;
                break;
            }
        }
        if (blank) {
            if (current != null) {
                current.inputBytes += consumed;
            }
            return;
        }
        add(s.name(), lineNo, true, buf, from, stop - from, null, consumed);
    }

    private void add(String src, int lineNo, boolean jsonl, byte[] b, int off, int len, String error, long consumed)
            throws InterruptedException {
        if (current != null && !current.fits(len)) {
            flush();
        }
        if (current == null) {
            current = new Chunk(seq++, records, Math.max(CHUNK_BYTES / 4, len));
        }
        current.add(src, lineNo, jsonl, b, off, len, error);
        current.inputBytes += consumed;
        records++;
    }

    private void flush() throws InterruptedException {
        if (current != null && current.count > 0) {
            Chunk c = current;
            current = null;
            sink.accept(c);
        }
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /** The first '\n' in b[from, to): eight bytes at a time while none of them is one. */
    private static int indexOf(byte[] b, int from, int to, byte x) {
        int i = from;
        long pattern = (x & 0xFFL) * 0x0101010101010101L;
        while (i + 8 <= to) {
            long v = (long) LONGS.get(b, i) ^ pattern;
            if (((v - 0x0101010101010101L) & ~v & 0x8080808080808080L) != 0) {
                break;
            }
            i += 8;
        }
        for (; i < to; i++) {
            if (b[i] == x) {
                return i;
            }
        }
        return -1;
    }
}
