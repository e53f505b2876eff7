package com.subsidyevaluator.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.subsidyevaluator.io.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers itself, before a request reaches the API (a request line or header it cannot parse,
 * headers too large, a request that fails inside the server): the API's JSON error, never Jetty's HTML page or a
 * stack trace.
 */
final class JsonErrorHandler extends ErrorHandler {

    /** The hash of the rule set serving, or null while it loads. */
    private final java.util.function.Supplier<String> hash;

    JsonErrorHandler(java.util.function.Supplier<String> hash) {
        this.hash = hash;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() > 0 ? response.getStatus() : 500;
        Object reason = request.getAttribute(ERROR_MESSAGE);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        String h = hash.get();
        if (h != null) {
            response.getHeaders().put(SubsidyServer.HASH_HEADER, h);
        }
        response.write(true, body(status, reason == null ? null : reason.toString()), callback);
        return true;
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        String h = hash.get();
        if (h != null) {
            fields.put(SubsidyServer.HASH_HEADER, h);
        }
        return body(status, reason);
    }

    static ByteBuffer body(int status, String reason) {
        String en = HttpStatus.getMessage(status) + (reason == null || reason.isBlank() ? "" : ": " + reason);
        String zh = status >= 500 ? "服务器内部错误" : "请求无法处理（HTTP " + status + "）";
        try {
            return ByteBuffer.wrap((Json.compact().writeValueAsString(
                    ApiException.json(status, status >= 500 ? "internal_error" : "bad_request", zh, en, null)) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            return ByteBuffer.wrap(("{\"error\":\"internal_error\",\"status\":" + status + "}\n").getBytes(StandardCharsets.UTF_8));
        }
    }
}
