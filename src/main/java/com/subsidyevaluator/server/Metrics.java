package com.subsidyevaluator.server;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code GET /metrics} shows, in the Prometheus text format (version 0.0.4), kept by Micrometer:
 *
 * <ul>
 *   <li>{@code http_server_requests_seconds} — a histogram of every request's time by {@code method}, {@code route}
 *       and {@code status}. The route is the template of the route table ({@code /api/clauses/{n}}, not
 *       {@code /api/clauses/12}), and every path that is no route counts under {@code route="unmatched"}: a client
 *       sending random addresses cannot make new series. Methods outside the standard ones count as {@code OTHER}.</li>
 *   <li>{@code http_server_requests_in_flight} — requests being answered now.</li>
 *   <li>{@code subsidy_cases_total{result}} — cases read from requests (single and batch): {@code evaluated},
 *       {@code bad_case}, {@code case_timeout}, {@code line_too_long}.</li>
 *   <li>{@code subsidy_outcomes_total{status}} — outcomes in the results sent, by status.</li>
 *   <li>{@code subsidy_errors_total{error}} — error answers by their code ({@code bad_case}, {@code not_found}, …).</li>
 *   <li>{@code subsidy_rule_set_info{hash,id,document}} — 1 for the rule set serving: one series, replaced on a
 *       reload; {@code subsidy_rule_set_rules}; {@code subsidy_rule_set_reloads_total{result="ok"|"failed"}}.</li>
 *   <li>the JVM's memory, collections, threads, classes, processor and uptime (Micrometer's binders).</li>
 * </ul>
 *
 * <p>Requests Jetty answers itself before they reach the application (a request line it cannot parse) are not
 * counted.
 */
final class Metrics implements AutoCloseable {

    /** The histogram's buckets: enough to read p50/p99 between 1 ms and 10 s. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10)};
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE");
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    static final String UNMATCHED = "unmatched";
    private static final String START = Metrics.class.getName() + ".start";

    private record Key(String route, String method, int status) {
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<String> templates;
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<Status, Counter> outcomes = new EnumMap<>(Status.class);
    private final Counter evaluated;
    private final Counter badCases;
    private final Counter timedOut;
    private final Counter tooLong;
    private final Counter reloads;
    private final Counter failedReloads;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger rules = new AtomicInteger();
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private Meter ruleSetInfo;

    Metrics(List<SubsidyServer.Route> routes) {
        this.templates = routes.stream().map(SubsidyServer.Route::path).distinct().toList();
        evaluated = cases("evaluated");
        badCases = cases("bad_case");
        timedOut = cases("case_timeout");
        tooLong = cases("line_too_long");
        for (Status s : Status.values()) {
            outcomes.put(s, Counter.builder("subsidy.outcomes").description("outcomes in the results sent, by status")
                    .tag("status", s.name()).register(registry));
        }
        reloads = reloadCounter("ok");
        failedReloads = reloadCounter("failed");
        Gauge.builder("http.server.requests.in.flight", inFlight, AtomicInteger::get)
                .description("requests being answered now").register(registry);
        Gauge.builder("subsidy.rule.set.rules", rules, AtomicInteger::get)
                .description("rules in the rule set serving").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    private Counter cases(String result) {
        return Counter.builder("subsidy.cases").description("cases read from requests, by what became of them")
                .tag("result", result).register(registry);
    }

    private Counter reloadCounter(String result) {
        return Counter.builder("subsidy.rule.set.reloads").description("rebuilds of the rule set after its files changed")
                .tag("result", result).register(registry);
    }

    // ------------------------------------------------------------------------------------------------ requests

    /** Before every request: when it started. */
    void started(Context ctx) {
        inFlight.incrementAndGet();
        ctx.attribute(START, System.nanoTime());
    }

    /** After every request (also those answered by an exception handler): its time, by route and status. */
    void finished(Context ctx) {
        Long start = ctx.attribute(START);
        if (start == null) {
            return;
        }
        inFlight.decrementAndGet();
        long nanos = System.nanoTime() - start;
        String method = ctx.method().name();
        Key key = new Key(route(ctx.path()), METHODS.contains(method) ? method : "OTHER", ctx.statusCode());
        timers.computeIfAbsent(key, k -> Timer.builder("http.server.requests")
                .description("HTTP requests by route template, method and status")
                .tag("route", k.route()).tag("method", k.method()).tag("status", Integer.toString(k.status()))
                .serviceLevelObjectives(BUCKETS).register(registry)).record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The route template the path is, or {@value #UNMATCHED}. */
    String route(String path) {
        for (String t : templates) {
            if (t.equals(path)) {
                return t;
            }
        }
        for (String t : templates) {
            if (t.indexOf('{') >= 0 && SubsidyServer.matches(t, path)) {
                return t;
            }
        }
        return UNMATCHED;
    }

    // ------------------------------------------------------------------------------------------------ evaluations

    void evaluated(EvaluationResult r) {
        evaluated.increment();
        for (Outcome o : r.outcomes()) {
            outcomes.get(o.status()).increment();
        }
    }

    void badCase() {
        badCases.increment();
    }

    void timedOut() {
        timedOut.increment();
    }

    void lineTooLong() {
        tooLong.increment();
    }

    /** An error answered, by its code (the program's own codes: a bounded set). */
    void error(String code) {
        errors.computeIfAbsent(code, c -> Counter.builder("subsidy.errors").description("error answers by their code")
                .tag("error", c).register(registry)).increment();
    }

    // ------------------------------------------------------------------------------------------------ rule set

    /** The rule set serving now: its info series replaces the previous one's. */
    synchronized void serving(RuleSet rs) {
        if (ruleSetInfo != null) {
            registry.remove(ruleSetInfo);
        }
        ruleSetInfo = Gauge.builder("subsidy.rule.set.info", () -> 1)
                .description("the rule set serving (value 1; its hash, id and document as labels)")
                .tag("hash", rs.hash()).tag("id", rs.document().id()).tag("document", rs.document().number())
                .register(registry);
        rules.set(rs.rules().size());
    }

    void reloaded(RuleSet now) {
        serving(now);
        reloads.increment();
    }

    void reloadFailed() {
        failedReloads.increment();
    }

    // ------------------------------------------------------------------------------------------------ the route

    /** {@code GET /metrics}. */
    void scrape(Context ctx) {
        ctx.contentType(CONTENT_TYPE);
        ctx.result(registry.scrape());
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
