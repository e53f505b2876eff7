package com.subsidyevaluator.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.server.SubsidyServer.Route;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The web pages of {@code subsidy serve}, served by the same process as the API: the 政策计算器 at {@code /} (a static
 * page whose script builds the form from {@code /api/schema} and calls {@code /api/evaluate}), the 条款浏览 at
 * {@code /clauses} and {@code /clauses/{n}} (rendered here, {@link ClauseBrowser}), their two assets, and
 * {@code POST /api/register-row}, which turns one pasted register row into a case file ({@link RegisterRow}).
 *
 * <p>Everything the pages load is the server's own: no CDN, no external font, no inline script or style. Every page
 * says so to the browser with {@value #CSP}, so that even a value that escaped escaping could not run.
 */
final class Pages {

    /** The Content-Security-Policy of every page and asset. */
    static final String CSP = "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

    /** The routes of the pages, in the order SubsidyServer registers them. */
    static final List<Route> ROUTES = List.of(
            new Route("GET", "/"),
            new Route("GET", "/clauses"),
            new Route("GET", "/clauses/{n}"),
            new Route("GET", "/assets/calculator.js"),
            new Route("GET", "/assets/pages.css"),
            new Route("POST", "/api/register-row"));

    private static final String HTML = "text/html; charset=utf-8";
    private static final String WEB = "web/";

    private final Supplier<Catalog> catalog;
    private final Supplier<Integer> clauses;
    private final long maxBytes;
    private final byte[] calculator = resource("calculator.html");
    private final byte[] script = resource("calculator.js");
    private final byte[] style = resource("pages.css");

    /**
     * @param catalog  the catalog of the rule set serving (throws {@link ApiException} 503 while it loads)
     * @param clauses  how many clauses the document has
     * @param maxBytes the largest register row accepted (the limit of one case)
     */
    Pages(Supplier<Catalog> catalog, Supplier<Integer> clauses, long maxBytes) {
        this.catalog = catalog;
        this.clauses = clauses;
        this.maxBytes = maxBytes;
    }

    /** The handler of each of {@link #ROUTES}, in that order. */
    Map<Route, Handler> handlers() {
        Map<Route, Handler> h = new LinkedHashMap<>();
        h.put(ROUTES.get(0), ctx -> page(ctx, 200, calculator));
        h.put(ROUTES.get(1), ctx -> {
            Catalog c = catalogOrPage(ctx);
            if (c != null) {
                page(ctx, 200, ClauseBrowser.index(c).getBytes(StandardCharsets.UTF_8));
            }
        });
        h.put(ROUTES.get(2), this::clause);
        h.put(ROUTES.get(3), ctx -> asset(ctx, "text/javascript; charset=utf-8", script));
        h.put(ROUTES.get(4), ctx -> asset(ctx, "text/css; charset=utf-8", style));
        h.put(ROUTES.get(5), this::registerRow);
        return h;
    }

    private void clause(Context ctx) {
        Catalog c = catalogOrPage(ctx);
        if (c == null) {
            return;
        }
        String n = ctx.pathParam("n");
        byte[] json = n.matches("[1-9][0-9]{0,3}") ? c.clause(Integer.parseInt(n)) : null;
        int total = clauses.get();
        if (json == null) {
            page(ctx, 404, ClauseBrowser.problem("没有这一条", "文件没有第" + n + "条（条款号为 1 到 " + total + "）",
                    "the document has no clause " + n + " (clauses are numbered 1 to " + total + ")").getBytes(StandardCharsets.UTF_8));
            return;
        }
        JsonNode clause;
        try {
            clause = Json.mapper().readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        page(ctx, 200, ClauseBrowser.clause(c, clause, total).getBytes(StandardCharsets.UTF_8));
    }

    /** The catalog, or null after answering with an HTML page that says why there is none yet. */
    private Catalog catalogOrPage(Context ctx) {
        try {
            return catalog.get();
        } catch (ApiException e) {
            page(ctx, e.status, ClauseBrowser.problem("规则集尚不可用", e.zh, e.en).getBytes(StandardCharsets.UTF_8));
            return null;
        }
    }

    /** {@code POST /api/register-row}: a header row and one data row, tab-separated, as copied from the register. */
    private void registerRow(Context ctx) {
        catalog.get(); // the same 503 as the other API routes while the rules load
        String ct = ctx.contentType();
        String mime = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        if (!mime.equals("text/tab-separated-values") && !mime.equals("text/plain")) {
            throw new ApiException(415, "unsupported_media_type",
                    "请求正文的类型应为 text/tab-separated-values 或 text/plain（UTF-8），实际为 " + (ct == null ? "（未给出 Content-Type）" : ct),
                    "the request body must be text/tab-separated-values or text/plain (UTF-8), not " + (ct == null ? "(no Content-Type)" : ct));
        }
        byte[] body;
        try (InputStream in = ctx.req().getInputStream()) {
            body = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 16));
        } catch (IOException e) {
            throw new ApiException(400, "bad_request", "请求正文无法读取：" + e.getMessage(), "the request body cannot be read: " + e.getMessage());
        }
        if (body.length > maxBytes) {
            throw new ApiException(413, "payload_too_large", "请求正文过大：一行登记表最多 " + maxBytes + " 字节",
                    "request body too large: a register row is at most " + maxBytes + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ApiException(400, "bad_register_row", "请求正文不是 UTF-8 文本", "the request body is not UTF-8 text");
        }
        byte[] json;
        try {
            json = RegisterRow.toCase(text);
        } catch (RegisterRow.BadRow e) {
            throw new ApiException(400, "bad_register_row", e.zh, e.en);
        } catch (CaseFormatException e) {
            // the register reader's messages are "中文 (English)"
            String m = e.problem();
            int i = m.lastIndexOf(" (");
            boolean split = i > 0 && m.endsWith(")");
            throw new ApiException(400, "bad_register_row", split ? m.substring(0, i) : m,
                    split ? "the register row is not a valid case: " + m.substring(i + 2, m.length() - 1)
                            : "the register row is not a valid case: see message");
        }
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(json);
    }

    private static void page(Context ctx, int status, byte[] html) {
        headers(ctx);
        ctx.status(status);
        ctx.contentType(HTML);
        ctx.result(html);
    }

    private static void asset(Context ctx, String type, byte[] body) {
        headers(ctx);
        ctx.contentType(type);
        ctx.result(body);
    }

    private static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
    }

    private static byte[] resource(String name) {
        try (InputStream in = Pages.class.getResourceAsStream(WEB + name)) {
            if (in == null) {
                throw new IllegalStateException(WEB + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
