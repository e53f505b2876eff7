package com.subsidyevaluator.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.CaseTimeoutException;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.ReloadingRuleSet;
import com.subsidyevaluator.engine.RuleProblem;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.RuleSetException;
import com.subsidyevaluator.engine.SessionStrategy;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.CaseSchema;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.io.ResultWriter;
import com.subsidyevaluator.model.CaseFile;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluator as a web service: an embedded HTTP server (Javalin on Jetty) that evaluates cases sent as JSON and
 * shows the rule set it serves. The JSON is the program's own: a result is exactly what
 * {@code subsidy evaluate --format json} prints, a case is read by {@link CaseReader} with its located errors.
 *
 * <p>The rule set is loaded once, on a background thread after the port is bound ({@code /health} says
 * {@code loading} meanwhile), and follows its directory ({@link ReloadingRuleSet}): a rebuild that succeeds
 * replaces it between two requests, one that fails leaves the previous rules serving and shows in
 * {@code /health}. Every response carries the hash of the rule set that answered it ({@value #HASH_HEADER}).
 *
 * <pre>{@code
 * try (SubsidyServer server = SubsidyServer.start(ServerConfig.defaults(Path.of("rules/yueqing-2023")).withPort(0))) {
 *     server.awaitRules();
 *     // POST http://127.0.0.1:{server.port()}/api/evaluate
 * }
 * }</pre>
 */
public final class SubsidyServer implements AutoCloseable {

    /** The response header that names the rule set: its hash, "sha256:…". */
    public static final String HASH_HEADER = "X-Rule-Set-Hash";

    /** A route of the API. */
    public record Route(String method, String path) {
    }

    /** Every route, as the OpenAPI document lists them ({@code {n}}: a path parameter). */
    public static final List<Route> ROUTES = List.of(
            // the pages (Pages.ROUTES): the calculator, the clause browser, their assets, the register-row conversion
            new Route("GET", "/"),
            new Route("GET", "/clauses"),
            new Route("GET", "/clauses/{n}"),
            new Route("GET", "/assets/calculator.js"),
            new Route("GET", "/assets/pages.css"),
            new Route("POST", "/api/register-row"),
            new Route("POST", "/api/evaluate"),
            new Route("POST", "/api/evaluate/batch"),
            new Route("GET", "/api/document"),
            new Route("GET", "/api/clauses"),
            new Route("GET", "/api/clauses/{n}"),
            new Route("GET", "/api/rules"),
            new Route("GET", "/api/schema"),
            new Route("GET", "/api/parameters"),
            new Route("GET", "/api/openapi.json"),
            new Route("GET", "/health"),
            new Route("GET", "/metrics"));

    private static final Logger LOG = LoggerFactory.getLogger(SubsidyServer.class);
    /** What a case sent to the API is called in its errors. */
    static final String SOURCE = "request";
    private static final Set<String> JSON_TYPES = Set.of("application/json");
    private static final Set<String> JSONL_TYPES = Set.of("application/x-ndjson", "application/jsonl",
            "application/x-jsonlines", "application/jsonlines");
    private static final String JSON = "application/json; charset=utf-8";
    private static final String JSONL = "application/x-ndjson; charset=utf-8";
    private static final ObjectWriter PRETTY = Json.pretty();
    private static final ObjectWriter COMPACT = Json.compact();

    /** The rule set serving, what the read-only routes show of it, and its evaluators, replaced together. */
    private record Serving(RuleSet rules, Catalog catalog, Instant loadedAt, EvaluatorPool evaluators) {
    }

    private final ServerConfig config;
    private final Javalin app;
    private final byte[] openApi;
    private final CompletableFuture<RuleSet> loaded = new CompletableFuture<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Serving serving;
    private volatile ReloadingRuleSet reloading;
    private volatile List<RuleProblem> loadProblems = List.of();
    private volatile List<RuleProblem> reloadProblems = List.of();
    private volatile Instant reloadFailedAt;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong failedReloads = new AtomicLong();
    private final Metrics metrics = new Metrics(ROUTES);

    private SubsidyServer(ServerConfig config) {
        this.config = config;
        this.openApi = openApiDocument();
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.http.prefer405over404 = true;
            c.http.maxRequestSize = config.maxBatchBytes();
            c.router.ignoreTrailingSlashes = false;
            c.jetty.modifyHttpConfiguration(h -> {
                h.setSendServerVersion(false);
                h.setSendXPoweredBy(false);
            });
            c.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
                connector.setHost(config.bind());
                connector.setPort(config.port());
                connector.setIdleTimeout(config.idleTimeout().toMillis());
                return connector;
            });
            c.jetty.modifyServer(server -> {
                server.setErrorHandler(new JsonErrorHandler(this::servingHash));
                server.setStopTimeout(5_000); // requests under way may finish; then the server stops
            });
            c.jetty.modifyServletContextHandler(h -> h.setErrorHandler(new JsonErrorHandler(this::servingHash)));
            if (config.corsOrigin() != null) {
                c.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    rule.allowHost(config.corsOrigin());
                    rule.exposeHeader(HASH_HEADER);
                }));
            }
            c.routes.before(ctx -> {
                metrics.started(ctx);
                Serving s = serving;
                if (s != null) {
                    ctx.header(HASH_HEADER, s.rules().hash());
                }
                ctx.header("Cache-Control", "no-store");
            });
            // every route is registered from this table, which must be ROUTES: the OpenAPI test then covers them all
            Map<Route, Handler> handlers = new LinkedHashMap<>();
            handlers.putAll(new Pages(() -> ready().catalog(), () -> ready().rules().document().clauses(),
                    config.maxCaseBytes()).handlers());
            handlers.put(new Route("POST", "/api/evaluate"), this::evaluate);
            handlers.put(new Route("POST", "/api/evaluate/batch"), this::batch);
            handlers.put(new Route("GET", "/api/document"), ctx -> json(ctx, ready().catalog().document()));
            handlers.put(new Route("GET", "/api/clauses"), ctx -> json(ctx, ready().catalog().clauses()));
            handlers.put(new Route("GET", "/api/clauses/{n}"), this::clause);
            handlers.put(new Route("GET", "/api/rules"), ctx -> json(ctx, ready().catalog().rules()));
            handlers.put(new Route("GET", "/api/schema"), ctx -> {
                ctx.contentType("application/schema+json; charset=utf-8");
                ctx.result(CaseSchema.text().getBytes(StandardCharsets.UTF_8));
            });
            handlers.put(new Route("GET", "/api/parameters"), ctx -> json(ctx, ready().catalog().parameters()));
            handlers.put(new Route("GET", "/api/openapi.json"), ctx -> json(ctx, openApi));
            handlers.put(new Route("GET", "/health"), this::health);
            handlers.put(new Route("GET", "/metrics"), metrics::scrape);
            if (!List.copyOf(handlers.keySet()).equals(ROUTES)) {
                throw new IllegalStateException("the routes registered are not SubsidyServer.ROUTES");
            }
            handlers.forEach((route, handler) -> {
                if (route.method().equals("GET")) {
                    c.routes.get(route.path(), handler);
                } else {
                    c.routes.post(route.path(), handler);
                }
            });
            c.routes.after(metrics::finished);
            c.routes.exception(ApiException.class, (e, ctx) -> error(ctx, e.status, e.json()));
            c.routes.exception(HttpResponseException.class, (e, ctx) -> httpError(ctx, e));
            c.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                error(ctx, 500, ApiException.json(500, "internal_error", "服务器内部错误（程序的问题，不是请求的问题）",
                        "internal server error (a bug, not a problem of the request)", null));
            });
        });
    }

    /**
     * Binds the port and starts serving; the rule set loads in the background ({@link #awaitRules()} waits for it).
     *
     * @throws io.javalin.util.JavalinBindException when the address cannot be bound (e.g. the port is in use)
     */
    public static SubsidyServer start(ServerConfig config) {
        SubsidyServer s = new SubsidyServer(config);
        s.app.start();
        Thread loader = new Thread(s::load, "subsidy-server-rule-loader");
        loader.setDaemon(true);
        loader.start();
        return s;
    }

    private void load() {
        try {
            ReloadingRuleSet r = ReloadingRuleSet.watch(config.rules(), config.reloadDebounce(), new ReloadingRuleSet.Listener() {
                @Override
                public void reloaded(RuleSet now, RuleSet before) {
                    Serving next = new Serving(now, new Catalog(now), Instant.now(),
                            new EvaluatorPool(now, config.caseTimeout(), EvaluatorPool.DEFAULT_SIZE));
                    Serving previous = serving;
                    serving = next;
                    if (previous != null) {
                        previous.evaluators().close(); // those in use end when their requests are answered
                    }
                    reloads.incrementAndGet();
                    metrics.reloaded(now);
                    reloadProblems = List.of();
                    LOG.info("rule set reloaded: {} (was {})", now.hash(), before.hash());
                }

                @Override
                public void failed(List<RuleProblem> problems) {
                    failedReloads.incrementAndGet();
                    metrics.reloadFailed();
                    reloadProblems = List.copyOf(problems);
                    reloadFailedAt = Instant.now();
                    LOG.warn("rule set not reloaded, the previous rules keep serving: {} problem(s)", problems.size());
                    problems.forEach(p -> LOG.warn("  {}", p.format()));
                }
            });
            if (closing.get()) {
                r.close();
                return;
            }
            reloading = r;
            metrics.serving(r.current());
            serving = new Serving(r.current(), new Catalog(r.current()), Instant.now(),
                    new EvaluatorPool(r.current(), config.caseTimeout(), EvaluatorPool.DEFAULT_SIZE));
            loaded.complete(r.current());
        } catch (RuleSetException e) {
            loadProblems = List.copyOf(e.problems());
            loaded.completeExceptionally(e);
        } catch (Throwable e) {
            loaded.completeExceptionally(e);
        }
    }

    /**
     * Waits until the rule set has loaded.
     *
     * @throws RuleSetException when it does not load (the server keeps answering /health with the problems)
     * @throws IOException      when its directory cannot be watched
     */
    public RuleSet awaitRules() throws RuleSetException, IOException, InterruptedException {
        try {
            return loaded.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuleSetException r) {
                throw r;
            }
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The port the server listens on (the one chosen when the configuration said 0). */
    public int port() {
        return app.port();
    }

    /** The rule set serving now, or null while it loads. */
    public RuleSet ruleSet() {
        Serving s = serving;
        return s == null ? null : s.rules();
    }

    private String servingHash() {
        Serving s = serving;
        return s == null ? null : s.rules().hash();
    }

    /** Waits until {@link #close()} has stopped the server. */
    public void join() throws InterruptedException {
        stopped.await();
    }

    /** Stops accepting requests, lets those under way finish (up to 5 s), stops watching the rules. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        try {
            app.stop();
        } finally {
            ReloadingRuleSet r = reloading;
            if (r != null) {
                try {
                    r.close();
                } catch (IOException e) {
                    LOG.debug("closing the rule watcher", e);
                }
            }
            Serving s = serving;
            if (s != null) {
                s.evaluators().close();
            }
            metrics.close();
            stopped.countDown();
        }
    }

    // ------------------------------------------------------------------------------------------------ routes

    private Serving ready() {
        Serving s = serving;
        if (s == null) {
            boolean failed = loaded.isCompletedExceptionally();
            throw new ApiException(503, failed ? "rules_failed" : "loading",
                    failed ? "规则集无法加载，见 /health" : "规则集正在加载，请稍后再试",
                    failed ? "the rule set does not load: see /health" : "the rule set is loading; try again shortly");
        }
        return s;
    }

    private void evaluate(Context ctx) {
        Serving s = ready();
        requireType(ctx, JSON_TYPES, "application/json");
        LocalDate asOf = asOf(ctx);
        boolean all = all(ctx);
        byte[] body = body(ctx, config.maxCaseBytes(), "单个案例", "a case");
        CaseFile c;
        try {
            c = dated(CaseReader.read(body, SOURCE), asOf);
        } catch (CaseFormatException e) {
            metrics.badCase();
            throw ApiException.badCase(e);
        }
        EvaluationResult visible;
        BatchEvaluator evaluator = acquire(s);
        try {
            // not-eligible outcomes explained only when asked for: the result is evaluate(c).visible(all)
            visible = evaluator.evaluate(List.of(c), all).get(0);
        } catch (CaseTimeoutException e) {
            metrics.timedOut();
            throw timeout(e);
        } finally {
            s.evaluators().release(evaluator);
        }
        metrics.evaluated(visible);
        ctx.header(HASH_HEADER, s.rules().hash());
        ctx.contentType(JSON);
        ctx.result(resultBytes(visible));
    }

    private static BatchEvaluator acquire(Serving s) {
        try {
            return s.evaluators().acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "stopping", "服务正在停止", "the server is stopping");
        }
    }

    /** What {@code subsidy evaluate --format json} prints: {@link ResultWriter#toJson} and a line break, in UTF-8. */
    private static byte[] resultBytes(EvaluationResult r) {
        try {
            byte[] json = PRETTY.writeValueAsBytes(r);
            byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
            line[json.length] = '\n';
            return line;
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** JSON Lines in, JSON Lines out: one result or error line per record (non-blank line), in order, streamed. */
    private void batch(Context ctx) throws IOException {
        Serving s = ready();
        requireType(ctx, JSONL_TYPES, "application/x-ndjson");
        LocalDate asOf = asOf(ctx);
        boolean all = all(ctx);
        long declared = ctx.req().getContentLengthLong();
        if (declared > config.maxBatchBytes()) {
            throw tooLarge(config.maxBatchBytes(), "一批案例", "a batch");
        }
        ctx.header(HASH_HEADER, s.rules().hash());
        ctx.contentType(JSONL);
        ctx.status(200);
        InputStream in = ctx.req().getInputStream();
        OutputStream out = ctx.res().getOutputStream();
        LineReader lines = new LineReader(in, config.maxCaseBytes(), config.maxBatchBytes());
        long written = 0;
        try (BatchEvaluator evaluator = s.rules().newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, config.caseTimeout())) {
            while (true) {
                LineReader.Line line;
                try {
                    line = lines.next();
                } catch (LineReader.TooLarge e) {
                    out.write(line(tooLarge(config.maxBatchBytes(), "一批案例", "a batch").json().put("line", e.line)));
                    break;
                } catch (IOException e) {
                    // the client stopped sending (or was too slow): nothing more can be read; say so if it still listens
                    ApiException a = readFailed(e);
                    try {
                        out.write(line(a.json()));
                    } catch (IOException gone) {
                        // the client is gone
                    }
                    break;
                }
                if (line == null) {
                    break;
                }
                byte[] record;
                if (line.tooLong()) {
                    metrics.lineTooLong();
                    record = line(new ApiException(413, "line_too_long",
                            "这一行过长（超过 " + config.maxCaseBytes() + " 字节，单个案例最多 " + config.maxCaseBytes() + " 字节）",
                            "the line is longer than " + config.maxCaseBytes() + " bytes, the limit of one case").json()
                            .put("line", line.number()));
                } else {
                    record = evaluateLine(evaluator, line, asOf, all);
                }
                out.write(record);
                if (++written % 256 == 0 || in.available() == 0) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException gone) {
            // reading failures are answered above: this is the client going away while its results were written
            LOG.debug("batch: the client closed the connection after {} record(s)", written, gone);
        }
    }

    private byte[] evaluateLine(BatchEvaluator evaluator, LineReader.Line line, LocalDate asOf, boolean all) {
        CaseFile c;
        try {
            c = dated(CaseReader.parse(SOURCE, line.bytes(), 0, line.length(), line.number() - 1), asOf);
        } catch (CaseFormatException e) {
            metrics.badCase();
            ObjectNode n = ApiException.badCase(e).json();
            if (!n.has("line")) {
                n.put("line", line.number());
            }
            return line(n);
        }
        try {
            EvaluationResult r = evaluator.evaluate(List.of(c), all).get(0);
            metrics.evaluated(r);
            byte[] json = COMPACT.writeValueAsBytes(r);
            byte[] record = java.util.Arrays.copyOf(json, json.length + 1);
            record[json.length] = '\n';
            return record;
        } catch (CaseTimeoutException e) {
            metrics.timedOut();
            ObjectNode n = timeout(e).json().put("line", line.number());
            if (c.caseId() != null) {
                n.put("caseId", c.caseId());
            }
            return line(n);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void clause(Context ctx) {
        Serving s = ready();
        String n = ctx.pathParam("n");
        byte[] body = n.matches("[1-9][0-9]{0,3}") ? s.catalog().clause(Integer.parseInt(n)) : null;
        if (body == null) {
            int total = s.rules().document().clauses();
            throw new ApiException(404, "no_such_clause", s.rules().document().number() + " 没有第" + n + "条（条款号为 1 到 " + total + "）",
                    "the document has no clause " + n + " (clauses are numbered 1 to " + total + ")");
        }
        json(ctx, body);
    }

    private void health(Context ctx) {
        Serving s = serving;
        ObjectNode n = Json.mapper().createObjectNode();
        boolean failed = loaded.isCompletedExceptionally();
        n.put("status", s != null ? "ready" : failed ? "failed" : "loading");
        if (s != null) {
            ObjectNode rs = Catalog.ruleSetId(s.rules());
            rs.put("directory", s.rules().directory().toString());
            rs.put("rules", s.rules().rules().size());
            rs.put("loadedAt", s.loadedAt().toString());
            n.set("ruleSet", rs);
        }
        ObjectNode reload = n.putObject("reload");
        List<RuleProblem> problems = s == null ? loadProblems : reloadProblems;
        reload.put("status", failed || !problems.isEmpty() ? "failed" : "ok");
        reload.put("reloads", reloads.get());
        reload.put("failedReloads", failedReloads.get());
        if (!problems.isEmpty()) {
            reload.put("failedAt", reloadFailedAt == null ? null : reloadFailedAt.toString());
            reload.put("message", s == null ? "规则集无法加载" : "规则集重新加载失败，仍使用之前的规则");
            reload.put("messageEn", s == null ? "the rule set does not load"
                    : "the rule set could not be reloaded; the previous rules keep serving");
            ArrayNode ps = reload.putArray("problems");
            problems.forEach(p -> ps.add(p.format()));
        }
        ctx.status(s != null ? 200 : 503);
        json(ctx, Catalog.bytes(n));
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static void json(Context ctx, byte[] body) {
        ctx.contentType(JSON);
        ctx.result(body);
    }

    private static byte[] line(ObjectNode n) {
        try {
            return (Json.compact().writeValueAsString(n) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void error(Context ctx, int status, ObjectNode body) {
        metrics.error(body.path("error").asText());
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.result(Catalog.bytes(body));
    }

    private void httpError(Context ctx, HttpResponseException e) {
        int status = e.getStatus();
        String zh;
        String en;
        switch (status) {
            case 404 -> {
                zh = "没有这个地址：" + ctx.path() + "（/api/openapi.json 列出全部接口）";
                en = "no such route: " + ctx.path() + " (/api/openapi.json lists every route)";
            }
            case 405 -> {
                List<String> allowed = allowed(ctx.path());
                if (!allowed.isEmpty()) {
                    ctx.header("Allow", String.join(", ", allowed));
                }
                zh = ctx.path() + " 不接受 " + ctx.method() + " 请求（可用：" + String.join("、", allowed) + "）";
                en = ctx.path() + " does not accept " + ctx.method() + " (allowed: " + String.join(", ", allowed) + ")";
            }
            case 413 -> {
                zh = "请求正文过大";
                en = "request body too large";
            }
            default -> {
                zh = "请求无法处理（HTTP " + status + "）";
                en = e.getMessage();
            }
        }
        String code = switch (status) {
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "payload_too_large";
            default -> "http_" + status;
        };
        error(ctx, status, ApiException.json(status, code, zh, en, null));
    }

    private static List<String> allowed(String path) {
        return ROUTES.stream().filter(r -> matches(r.path(), path)).map(Route::method).distinct().toList();
    }

    static boolean matches(String template, String path) {
        String[] t = template.split("/", -1);
        String[] p = path.split("/", -1);
        if (t.length != p.length) {
            return false;
        }
        for (int i = 0; i < t.length; i++) {
            if (!(t[i].startsWith("{") && !p[i].isEmpty()) && !t[i].equals(p[i])) {
                return false;
            }
        }
        return true;
    }

    private static void requireType(Context ctx, Set<String> types, String expected) {
        String ct = ctx.contentType();
        String mime = ct == null ? "" : ct.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        boolean ok = types.contains(mime);
        if (ok && ct.contains(";")) {
            for (String param : ct.split(";")) {
                String[] kv = param.strip().split("=", 2);
                if (kv.length == 2 && kv[0].strip().equalsIgnoreCase("charset")
                        && !kv[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                    ok = false;
                }
            }
        }
        if (!ok) {
            throw new ApiException(415, "unsupported_media_type",
                    "请求正文的类型应为 " + expected + "（UTF-8），实际为 " + (ct == null ? "（未给出 Content-Type）" : ct),
                    "the request body must be " + expected + " (UTF-8), not " + (ct == null ? "(no Content-Type)" : ct));
        }
    }

    private static LocalDate asOf(Context ctx) {
        String v = ctx.queryParam("asOf");
        if (v == null) {
            return null;
        }
        LocalDate d = null;
        if (v.matches("\\d{4}-\\d{2}-\\d{2}")) {
            try {
                d = LocalDate.parse(v);
            } catch (RuntimeException e) {
                d = null;
            }
        }
        if (d == null || d.getYear() < CaseReader.MIN_YEAR || d.getYear() > CaseReader.MAX_YEAR) {
            throw new ApiException(400, "bad_parameter",
                    "参数 asOf 的值 '" + v + "' 无效：应为存在的日期 YYYY-MM-DD（" + CaseReader.MIN_YEAR + "–" + CaseReader.MAX_YEAR + " 年）",
                    "invalid asOf '" + v + "': expected an existing date YYYY-MM-DD between "
                            + CaseReader.MIN_YEAR + " and " + CaseReader.MAX_YEAR);
        }
        return d;
    }

    private static boolean all(Context ctx) {
        String v = ctx.queryParam("all");
        if (v == null || v.equals("false")) {
            return false;
        }
        if (v.equals("true") || v.isEmpty()) {
            return true;
        }
        throw new ApiException(400, "bad_parameter", "参数 all 的值 '" + v + "' 无效：应为 true 或 false",
                "invalid all '" + v + "': expected true or false");
    }

    private static CaseFile dated(CaseFile c, LocalDate asOf) throws CaseFormatException {
        if (asOf != null) {
            return c.withAsOf(asOf);
        }
        if (c.asOf() == null) {
            throw new CaseFormatException(SOURCE, "$.asOf", 0, 0,
                    "缺少评估日期 asOf（在案例中写 \"asOf\": \"YYYY-MM-DD\"，或用查询参数 ?asOf=YYYY-MM-DD 给出）");
        }
        return c;
    }

    private static byte[] body(Context ctx, long limit, String zh, String en) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit, zh, en);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] b = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 16));
            if (b.length > limit) {
                throw tooLarge(limit, zh, en);
            }
            return b;
        } catch (IOException e) {
            throw readFailed(e);
        }
    }

    private static ApiException tooLarge(long limit, String zh, String en) {
        return new ApiException(413, "payload_too_large", "请求正文过大：" + zh + "最多 " + limit + " 字节",
                "request body too large: " + en + " is at most " + limit + " bytes");
    }

    private static ApiException readFailed(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof java.net.SocketTimeoutException) {
                return new ApiException(408, "request_timeout", "请求正文未在时限内送达（连接空闲超时）",
                        "the request body did not arrive in time (idle timeout)");
            }
        }
        return new ApiException(400, "bad_request", "请求正文无法读取：" + e.getMessage(),
                "the request body cannot be read: " + e.getMessage());
    }

    /** A case over its time budget: the engine's message, split into its Chinese and its English. */
    static ApiException timeout(CaseTimeoutException e) {
        String m = e.getMessage();
        int i = m.lastIndexOf(" (evaluation");
        String zh = i > 0 ? m.substring(0, i) : m;
        String en = i > 0 && m.endsWith(")") ? m.substring(i + 2, m.length() - 1) : m;
        return new ApiException(422, "case_timeout", zh, en);
    }

    private static byte[] openApiDocument() {
        try (InputStream in = SubsidyServer.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
