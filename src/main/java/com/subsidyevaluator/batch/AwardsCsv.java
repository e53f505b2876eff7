package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Status;
import java.math.BigDecimal;

/**
 * {@code awards.csv}: one row per eligible or undetermined outcome, for spreadsheets. UTF-8 with a byte-order
 * mark (so that Excel shows Chinese correctly), CRLF line ends, fields quoted as RFC 4180 says. A text field that
 * a spreadsheet would take for a formula (it starts with {@code = + - @}) is prefixed with an apostrophe.
 */
final class AwardsCsv {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    static final String[] HEADER = {"案例编号", "申请主体", "条款", "标题", "领域", "牵头单位", "状态", "支持类型", "金额（万元）",
            "资金池", "核定金额（万元）", "核定说明", "对象", "对象位置", "金额说明"};

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

    /** Appends the rows of one result. */
    static void rows(StringBuilder s, EvaluationResult r) {
        for (Outcome o : r.outcomes()) {
            if (o.status() == Status.NOT_ELIGIBLE) {
                continue;
            }
            Outcome.Benefit b = o.benefit();
            Outcome.Allocation a = b.allocation();
            field(s, r.caseId()).append(',');
            field(s, r.applicant()).append(',');
            field(s, o.clause()).append(',');
            field(s, o.title()).append(',');
            field(s, o.area()).append(',');
            field(s, o.department()).append(',');
            field(s, o.status().label()).append(',');
            field(s, b.kind()).append(',');
            number(s, b.amountWan()).append(',');
            field(s, b.pool()).append(',');
            number(s, a == null ? (o.status() == Status.ELIGIBLE ? b.amountWan() : null) : a.allocatedWan()).append(',');
            field(s, a == null ? null : a.note()).append(',');
            field(s, o.subject().description()).append(',');
            field(s, o.subject().path()).append(',');
            field(s, b.note()).append("\r\n");
        }
    }

    private static StringBuilder number(StringBuilder s, BigDecimal n) {
        if (n != null) {
            BigDecimal p = n.stripTrailingZeros();
            s.append((p.scale() < 0 ? p.setScale(0) : p).toPlainString());
        }
        return s;
    }

    /** One field: as is when plain, else in double quotes with quotes doubled. */
    static StringBuilder field(StringBuilder s, String v) {
        if (v == null || v.isEmpty()) {
            return s;
        }
        boolean formula = "=+-@".indexOf(v.charAt(0)) >= 0 || v.charAt(0) == '\t' || v.charAt(0) == '\r';
        boolean quote = formula;
        for (int i = 0; i < v.length() && !quote; i++) {
            char c = v.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                quote = true;
            }
        }
        if (!quote) {
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
