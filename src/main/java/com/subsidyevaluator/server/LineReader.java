package com.subsidyevaluator.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Reads the records of a JSON Lines body one at a time, without holding more than one line: lines end with
 * {@code \n} or {@code \r\n}, blank lines are not records, the last line needs no line end. A line longer than the
 * limit of a case is read no further (its record says so); a body longer than the limit of a batch stops.
 */
final class LineReader {

    /** One record: its bytes (valid up to {@code length}) and its line number in the body. */
    record Line(byte[] bytes, int length, int number, boolean tooLong) {
    }

    /** The body went past the limit of a batch. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;
        final int line;

        TooLarge(int line) {
            super("batch too large");
            this.line = line;
        }
    }

    private final InputStream in;
    private final long maxLine;
    private final long maxTotal;
    private final byte[] buf = new byte[64 * 1024];
    private int pos;
    private int end;
    private long total;
    private int lineNo;
    private byte[] line = new byte[8 * 1024];
    private boolean eof;

    LineReader(InputStream in, long maxLine, long maxTotal) {
        this.in = in;
        this.maxLine = maxLine;
        this.maxTotal = maxTotal;
    }

    /** The next record, or null at the end of the body. */
    Line next() throws IOException {
        while (true) {
            if (eof && pos >= end) {
                return null;
            }
            int len = 0;
            boolean tooLong = false;
            boolean ended = false;
            while (!ended) {
                if (pos >= end && !fill()) {
                    break;
                }
                int nl = -1;
                for (int i = pos; i < end; i++) {
                    if (buf[i] == '\n') {
                        nl = i;
                        break;
                    }
                }
                int stop = nl < 0 ? end : nl;
                int n = stop - pos;
                if (!tooLong) {
                    if (len + (long) n > maxLine + 1) { // +1: a final '\r' is not part of the record
                        tooLong = true;
                    } else {
                        if (len + n > line.length) {
                            line = Arrays.copyOf(line, (int) Math.min(Math.max(line.length * 2L, len + (long) n), maxLine + 1));
                        }
                        System.arraycopy(buf, pos, line, len, n);
                        len += n;
                    }
                }
                pos = stop;
                if (nl >= 0) {
                    pos++;
                    ended = true;
                }
            }
            if (!ended && len == 0 && !tooLong && eof) {
                return null;
            }
            lineNo++;
            if (!tooLong && len > 0 && line[len - 1] == '\r') {
                len--;
            }
            if (!tooLong && len > maxLine) {
                tooLong = true;
            }
            if (tooLong) {
                return new Line(line, 0, lineNo, true);
            }
            if (blank(line, len)) {
                continue;
            }
            return new Line(line, len, lineNo, false);
        }
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            eof = true;
            pos = end = 0;
            return false;
        }
        total += n;
        if (total > maxTotal) {
            throw new TooLarge(lineNo + 1);
        }
        pos = 0;
        end = n;
        return true;
    }

    private static boolean blank(byte[] b, int len) {
        for (int i = 0; i < len; i++) {
            if (b[i] != ' ' && b[i] != '\t' && b[i] != '\r') {
                return false;
            }
        }
        return true;
    }
}
