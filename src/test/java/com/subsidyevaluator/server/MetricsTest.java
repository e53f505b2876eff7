package com.subsidyevaluator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GET /metrics of a real server, read as Prometheus reads it, after real requests. */
class MetricsTest {

    static SubsidyServer server;
    static HttpClient http;
    static String base;
    static byte[] s01;

    @BeforeAll
    static void start() throws Exception {
        server = SubsidyServer.start(ServerConfig.defaults(TestSupport.rulesDir()).withPort(0));
        server.awaitRules();
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        s01 = Files.readAllBytes(TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void requestsAreCountedByRouteTemplateMethodAndStatus() throws Exception {
        Map<String, Double> before = scrape(base);
        assertEquals(200, send(base, "GET", "/api/clauses/12", null, null).statusCode());
        assertEquals(200, send(base, "GET", "/api/clauses/13", null, null).statusCode());
        assertEquals(404, send(base, "GET", "/api/clauses/999", null, null).statusCode());
        assertEquals(200, send(base, "POST", "/api/evaluate", "application/json", s01).statusCode());
        assertEquals(400, send(base, "POST", "/api/evaluate", "application/json", "{\"bad\":1}".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(405, send(base, "GET", "/api/evaluate", null, null).statusCode());
        assertEquals(404, send(base, "GET", "/no/such/page", null, null).statusCode());
        Map<String, Double> after = scrape(base);

        assertEquals(2, delta(before, after, requests("GET", "/api/clauses/{n}", 200)));
        assertEquals(1, delta(before, after, requests("GET", "/api/clauses/{n}", 404)));
        assertEquals(1, delta(before, after, requests("POST", "/api/evaluate", 200)));
        assertEquals(1, delta(before, after, requests("POST", "/api/evaluate", 400)));
        assertEquals(1, delta(before, after, requests("GET", "/api/evaluate", 405)));
        assertEquals(1, delta(before, after, requests("GET", Metrics.UNMATCHED, 404)));
        assertTrue(after.keySet().stream().noneMatch(k -> k.contains("/api/clauses/12") || k.contains("/no/such")), "raw paths as labels");
        // the latency histogram: a bucket of 10 s holds every request, the sum is positive
        assertEquals(2, delta(before, after, "http_server_requests_seconds_bucket{le=\"10.0\",method=\"GET\",route=\"/api/clauses/{n}\",status=\"200\"}"));
        assertTrue(after.get("http_server_requests_seconds_sum{method=\"POST\",route=\"/api/evaluate\",status=\"200\"}") > 0);
        assertEquals(1, delta(before, after, "subsidy_errors_total{error=\"bad_case\"}"));
        assertEquals(1, delta(before, after, "subsidy_errors_total{error=\"not_found\"}"));
        assertEquals(1, delta(before, after, "subsidy_errors_total{error=\"no_such_clause\"}"));
        assertEquals(1, delta(before, after, "subsidy_errors_total{error=\"method_not_allowed\"}"));
        assertEquals(1, delta(before, after, "subsidy_cases_total{result=\"evaluated\"}"));
        assertEquals(1, delta(before, after, "subsidy_cases_total{result=\"bad_case\"}"));
        assertTrue(after.containsKey("jvm_memory_used_bytes{area=\"heap\",id=\"" + heapPool(after) + "\"}"), after.keySet().toString());
    }

    @Test
    void theContentTypeIsPrometheusText() throws Exception {
        HttpResponse<String> r = send(base, "GET", "/metrics", null, null);
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"), r.headers().map().toString());
        assertTrue(r.body().contains("# TYPE http_server_requests_seconds histogram"), r.body());
        assertEquals(server.ruleSet().hash(), r.headers().firstValue(SubsidyServer.HASH_HEADER).orElse(null));
    }

    @Test
    void outcomesOfTheResultsSentAreCountedByStatus() throws Exception {
        Map<String, Double> before = scrape(base);
        String line = new String(s01, StandardCharsets.UTF_8).replace("\n", "").replace("\r", "");
        HttpResponse<String> batch = send(base, "POST", "/api/evaluate/batch", "application/x-ndjson",
                (line + "\n" + line + "\n{\"caseId\": 3\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, batch.statusCode(), batch.body());
        Map<String, Double> after = scrape(base);
        JsonNode first = Json.mapper().readTree(batch.body().split("\n")[0]);
        Map<String, Integer> byStatus = new TreeMap<>();
        first.path("outcomes").forEach(o -> byStatus.merge(o.path("status").asText(), 2, Integer::sum));
        assertFalse(byStatus.isEmpty());
        for (String status : new String[] {"ELIGIBLE", "NOT_ELIGIBLE", "UNDETERMINED", "RELEVANT"}) {
            assertEquals((double) byStatus.getOrDefault(status, 0), delta(before, after, "subsidy_outcomes_total{status=\"" + status + "\"}"), status);
        }
        assertEquals(2, delta(before, after, "subsidy_cases_total{result=\"evaluated\"}"));
        assertEquals(1, delta(before, after, "subsidy_cases_total{result=\"bad_case\"}"));
        assertEquals(1, delta(before, after, requests("POST", "/api/evaluate/batch", 200)));
    }

    @Test
    void randomUnknownPathsMakeNoNewSeries() throws Exception {
        Random random = new Random(17);
        // one of each kind first, so that their series exist
        send(base, "GET", "/x" + random.nextInt(), null, null);
        send(base, "GET", "/api/clauses/" + random.nextInt(), null, null);
        send(base, "DELETE", "/y" + random.nextInt(), null, null);
        send(base, "DELETE", "/api/clauses/" + random.nextInt(), null, null);
        Map<String, Double> before = scrape(base);
        int series = requestSeries(before);
        for (int i = 0; i < 150; i++) {
            String path = switch (i % 3) {
                case 0 -> "/" + Long.toHexString(random.nextLong()) + "/" + random.nextInt(1000);
                case 1 -> "/api/clauses/" + Math.abs(random.nextInt());
                default -> "/api/" + Long.toHexString(random.nextLong());
            };
            HttpResponse<String> r = send(base, i % 5 == 0 ? "DELETE" : "GET", path, null, null);
            assertTrue(r.statusCode() == 404 || r.statusCode() == 405, path + " " + r.statusCode());
        }
        Map<String, Double> after = scrape(base);
        assertEquals(series, requestSeries(after), "series of requests and errors after 150 random paths: "
                + after.keySet().stream().filter(k -> !before.containsKey(k)).toList());
        assertTrue(after.get(requests("GET", Metrics.UNMATCHED, 404)) >= 60);
    }

    @Test
    void aReloadReplacesTheHashSeriesAndIsCountedAsAFailedOneIs(@TempDir Path tmp) throws Exception {
        Path rules = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        try (SubsidyServer s = SubsidyServer.start(ServerConfig.defaults(rules).withPort(0).withReloadDebounce(Duration.ofMillis(200)))) {
            String before = s.awaitRules().hash();
            String url = "http://127.0.0.1:" + s.port();
            Map<String, Double> m = scrape(url);
            assertEquals(Map.of(before, 1.0), ruleSetInfo(m));
            assertEquals(0, value(m, "subsidy_rule_set_reloads_total{result=\"ok\"}"));
            assertEquals(0, value(m, "subsidy_rule_set_reloads_total{result=\"failed\"}"));
            assertEquals(s.ruleSet().rules().size(), value(m, "subsidy_rule_set_rules"));

            Path drl = rules.resolve(ServerReloadTest.RULE_FILE);
            Files.writeString(drl, Files.readString(drl).replace(ServerReloadTest.AMOUNT, "@amount(\"50\")"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (s.ruleSet().hash().equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            String after = s.ruleSet().hash();
            assertNotEquals(before, after, "the edit was not reloaded");
            m = scrape(url);
            assertEquals(Map.of(after, 1.0), ruleSetInfo(m), "one series, the new hash's");
            assertEquals(1, value(m, "subsidy_rule_set_reloads_total{result=\"ok\"}"));

            Files.writeString(drl, Files.readString(drl).replace("outcome.eligible($e);", "outcome.eligible($nope);"));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (value(m, "subsidy_rule_set_reloads_total{result=\"failed\"}") == 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                m = scrape(url);
            }
            assertEquals(1, value(m, "subsidy_rule_set_reloads_total{result=\"failed\"}"));
            assertEquals(1, value(m, "subsidy_rule_set_reloads_total{result=\"ok\"}"));
            assertEquals(Map.of(after, 1.0), ruleSetInfo(m), "the rules still serving");
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static HttpResponse<String> send(String url, String method, String path, String type, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)\\})? (\\S+)");
    static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** Every sample of /metrics by its name and labels (sorted by name: name{a="1",b="2"}). */
    static Map<String, Double> scrape(String url) throws Exception {
        HttpResponse<String> r = send(url, "GET", "/metrics", null, null);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Double> samples = new TreeMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "not a Prometheus sample line: " + line);
            Map<String, String> labels = new TreeMap<>();
            if (m.group(2) != null) {
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            StringBuilder key = new StringBuilder(m.group(1));
            if (!labels.isEmpty()) {
                key.append('{');
                labels.forEach((k, v) -> key.append(key.charAt(key.length() - 1) == '{' ? "" : ",").append(k).append("=\"").append(v).append('"'));
                key.append('}');
            }
            assertEquals(null, samples.put(key.toString(), Double.parseDouble(m.group(3))), "twice: " + key);
        }
        return samples;
    }

    static String requests(String method, String route, int status) {
        return "http_server_requests_seconds_count{method=\"" + method + "\",route=\"" + route + "\",status=\"" + status + "\"}";
    }

    static double value(Map<String, Double> m, String key) {
        Double v = m.get(key);
        assertTrue(v != null, "no sample " + key);
        return v;
    }

    static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, 0.0) - before.getOrDefault(key, 0.0);
    }

    /** The series of requests and of errors (those a client's requests could make). */
    static int requestSeries(Map<String, Double> m) {
        return (int) m.keySet().stream().filter(k -> k.startsWith("http_server_requests") || k.startsWith("subsidy_")).count();
    }

    static Map<String, Double> ruleSetInfo(Map<String, Double> m) {
        Map<String, Double> info = new TreeMap<>();
        Pattern hash = Pattern.compile("hash=\"([^\"]+)\"");
        m.forEach((k, v) -> {
            if (k.startsWith("subsidy_rule_set_info{")) {
                Matcher h = hash.matcher(k);
                assertTrue(h.find(), k);
                info.put(h.group(1), v);
            }
        });
        return info;
    }

    static String heapPool(Map<String, Double> m) {
        return m.keySet().stream().filter(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .map(k -> k.replaceAll(".*id=\"([^\"]+)\".*", "$1")).findFirst().orElse("none");
    }
}
