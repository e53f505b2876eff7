package com.subsidyevaluator.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.Json;

/**
 * A request the API refuses: an HTTP status, a stable code, and the reason in Chinese ({@code message}) and in
 * English ({@code messageEn}). A case that cannot be read also carries where: the JSON path, line and column and
 * the one-line error the CLI prints ({@code text}).
 */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final String zh;
    final String en;
    final transient CaseFormatException located;

    ApiException(int status, String code, String zh, String en) {
        this(status, code, zh, en, null);
    }

    private ApiException(int status, String code, String zh, String en, CaseFormatException located) {
        super(code + ": " + en, null, false, false);
        this.status = status;
        this.code = code;
        this.zh = zh;
        this.en = en;
        this.located = located;
    }

    /** A case that cannot be read: 400 with the reader's located error. */
    static ApiException badCase(CaseFormatException e) {
        return new ApiException(400, "bad_case", e.problem(), english(e), e);
    }

    static String english(CaseFormatException e) {
        StringBuilder s = new StringBuilder("the case is not valid");
        if (e.jsonPath() != null) {
            s.append(" at ").append(e.jsonPath());
        }
        if (e.line() > 0) {
            s.append(" (line ").append(e.line());
            if (e.column() > 0) {
                s.append(", column ").append(e.column());
            }
            s.append(')');
        }
        return s.append(": see message").toString();
    }

    /** The JSON body of this error (one line of a batch's output, or a response). */
    ObjectNode json() {
        return json(status, code, zh, en, located);
    }

    static ObjectNode json(int status, String code, String zh, String en, CaseFormatException located) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("error", code);
        n.put("status", status);
        n.put("message", zh);
        n.put("messageEn", en);
        if (located != null) {
            if (located.jsonPath() != null) {
                n.put("path", located.jsonPath());
            }
            if (located.line() > 0) {
                n.put("line", located.line());
            }
            if (located.column() > 0) {
                n.put("column", located.column());
            }
            n.put("text", located.getMessage());
        }
        return n;
    }
}
