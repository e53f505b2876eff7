package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Status;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * {@code awards.csv}: one row per eligible or undetermined outcome, for spreadsheets. UTF-8 with a byte-order
 * mark (so that Excel shows Chinese correctly), CRLF line ends, fields quoted as RFC 4180 says. A text field that
 * a spreadsheet would take for a formula (it starts with {@code = + - @}) is prefixed with an apostrophe.
 */
final class AwardsCsv {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    static final String[] HEADER = {"案例编号", "申请主体", "条款", "标题", "领域", "牵头单位", "状态", "支持类型", "金额（万元）",
            "资金池", "核定金额（万元）", "核定说明", "对象", "对象位置", "金额说明", "资金"};

    /** The 资金 column: a cash award with its amount, one whose amount is still to be set, or no money ({@link Money}). */
    static final String PRICED = "金额已定";
    static final String UNPRICED = "金额待配套细则确定";
    static final String NO_MONEY = "不涉及资金";
    private static final Money UNKNOWN_RULES = Money.of(null);

    private AwardsCsv() {
    }

    static String header() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < HEADER.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            field(s, HEADER[i]);
        }
        return s.append("\r\n").toString();
    }

    /** Appends the rows of one result, telling money by each benefit's kind and amount only. */
    static void rows(ResultJson.Bytes out, EvaluationResult r) {
        rows(out, r, UNKNOWN_RULES);
    }

    /** Appends the rows of one result; {@code money} says which outcomes involve money. */
    static void rows(ResultJson.Bytes out, EvaluationResult r, Money money) {
        // the case and applicant lead every row of the case: encoded once, then copied
        int leadStart = -1;
        int leadEnd = -1;
        for (Outcome o : r.outcomes()) {
            if (o.status() == Status.NOT_ELIGIBLE || o.status() == Status.RELEVANT) {
                continue; // awards are entitlements: guidance (相关政策) is not an award
            }
            Outcome.Benefit b = o.benefit();
            Outcome.Allocation a = b.allocation();
            if (leadStart < 0) {
                leadStart = out.size();
                once(out, r.caseId());
                out.put(COMMA);
                once(out, r.applicant());
                out.put(COMMA);
                leadEnd = out.size();
            } else {
                out.putOwn(leadStart, leadEnd - leadStart);
            }
            ruleField(out, o.clause());
            ruleField(out, o.title());
            ruleField(out, o.area());
            ruleField(out, o.department());
            ruleField(out, o.status().label());
            ruleField(out, b.kind());
            number(out, b.amountWan());
            ruleField(out, b.pool());
            number(out, a == null ? (o.status() == Status.ELIGIBLE ? b.amountWan() : null) : a.allocatedWan());
            onceField(out, a == null ? null : a.note());
            field(out, o.subject().description());
            field(out, o.subject().path());
            ruleField(out, b.note());
            text(out, !money.cash(o) ? NO_MONEY : b.amountWan() == null ? UNPRICED : PRICED, out.ruleCsvFields);
            out.put(CRLF);
        }
    }

    private static final byte COMMA = ',';
    private static final byte[] CRLF = {'\r', '\n'};

    private static void field(ResultJson.Bytes out, String v) {
        text(out, v, out.csvFields);
        out.put(COMMA);
    }

    /** A rule's own text (clause, title, area, department, a benefit's kind, pool and note), kept for the run. */
    private static void ruleField(ResultJson.Bytes out, String v) {
        text(out, v, out.ruleCsvFields);
        out.put(COMMA);
    }

    private static void number(ResultJson.Bytes out, BigDecimal n) {
        if (n != null) {
            BigDecimal p = n.stripTrailingZeros();
            out.ascii((p.scale() < 0 ? p.setScale(0) : p).toPlainString());
        }
        out.put(COMMA);
    }

    private static void onceField(ResultJson.Bytes out, String v) {
        once(out, v);
        out.put(COMMA);
    }

    /** A field encoded without what the thread keeps: one written once (a case's id and applicant, an allocation). */
    private static void once(ResultJson.Bytes out, String v) {
        if (v == null || v.isEmpty()) {
            return;
        }
        int start = out.size();
        if (needsQuotes(v) || !out.utf8(v)) { // utf8 declines quotes, backslashes, control characters, surrogates
            out.truncate(start);
            out.put(field(new StringBuilder(v.length() + 8), v).toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A field's bytes, each text object encoded once per thread and kept in {@code kept}. */
    private static void text(ResultJson.Bytes out, String v, ResultJson.IdentityCache<String> kept) {
        if (v == null || v.isEmpty()) {
            return;
        }
        byte[] cached = kept.get(v);
        if (cached != null) {
            out.put(cached);
            return;
        }
        int start = out.size();
        once(out, v);
        // kept whatever its length: a subject's name recurs in its rows, a benefit's note (often long) in every row
        // of its rule
        kept.put(v, out.copy(start));
    }

    /** Whether a spreadsheet would take it for a formula (then it gets an apostrophe, and quotes). */
    private static boolean formula(String v) {
        return "=+-@".indexOf(v.charAt(0)) >= 0 || v.charAt(0) == '\t' || v.charAt(0) == '\r';
    }

    /** Whether a (non-empty) field must be written in double quotes. */
    private static boolean needsQuotes(String v) {
        if (formula(v)) {
            return true;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    /** One field: as is when plain, else in double quotes with quotes doubled. */
    static StringBuilder field(StringBuilder s, String v) {
        if (v == null || v.isEmpty()) {
            return s;
        }
        boolean formula = formula(v);
        if (!needsQuotes(v)) {
            return s.append(v);
        }
        s.append('"');
        if (formula) {
            s.append('\'');
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '"') {
                s.append('"');
            }
            s.append(c);
        }
        return s.append('"');
    }
}
