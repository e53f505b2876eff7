package com.subsidyevaluator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The served rule set follows its directory: an edit during traffic switches every client's responses to the new
 * hash once, with no failed request; an edit that does not compile keeps the old rules and shows in /health. Also
 * the idle timeout of a half-sent request, CORS when asked for, and a rule set that does not load.
 */
class ServerReloadTest {

    static final ObjectMapper M = Json.mapper();
    static final String RULE_FILE = "02-science-and-technology.drl";
    static final String AMOUNT = "@amount(\"param:rd-post-subsidy\")";
    static final String RULE_12 = "第12条 统计年报在统、有研发机构并录入统计联网直报平台的企业享受研发后补助";

    @TempDir
    Path tmp;

    @Test
    void aReloadDuringTrafficSwitchesTheHashOnceAndNoRequestFails() throws Exception {
        Path rules = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules"));
        ServerConfig config = ServerConfig.defaults(rules).withPort(0).withIdleTimeout(Duration.ofSeconds(2))
                .withReloadDebounce(Duration.ofMillis(200)).withCors("https://calculator.example");
        try (SubsidyServer server = SubsidyServer.start(config)) {
            String before = server.awaitRules().hash();
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newHttpClient();
            byte[] s01 = Files.readAllBytes(TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json"));
            assertEquals("null", amountOf12(M.readTree(evaluate(http, base, s01).body())));

            AtomicBoolean stop = new AtomicBoolean();
            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(3);
            List<Future<List<String>>> clients = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                clients.add(pool.submit(() -> {
                    List<String> hashes = new ArrayList<>();
                    while (!stop.get()) {
                        try {
                            HttpResponse<String> r = evaluate(http, base, s01);
                            String hash = r.headers().firstValue(SubsidyServer.HASH_HEADER).orElse("none");
                            JsonNode n = M.readTree(r.body());
                            if (r.statusCode() != 200) {
                                failures.add(r.statusCode() + " " + r.body());
                            } else if (!hash.equals(n.path("ruleSet").path("hash").asText())) {
                                failures.add("header " + hash + " but result of " + n.path("ruleSet").path("hash").asText());
                            } else if (!hash.equals(before) && !"50".equals(amountOf12(n))) {
                                failures.add("new rules without the new amount: " + amountOf12(n));
                            }
                            if (hashes.isEmpty() || !hashes.get(hashes.size() - 1).equals(hash)) {
                                hashes.add(hash);
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                    return hashes;
                }));
            }
            Thread.sleep(500);
            Path drl = rules.resolve(RULE_FILE);
            String text = Files.readString(drl);
            assertTrue(text.contains(AMOUNT));
            Files.writeString(drl, text.replace(AMOUNT, "@amount(\"50\")"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            String after = before;
            while (after.equals(before) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                after = server.ruleSet().hash();
            }
            assertNotEquals(before, after, "the edit was not reloaded");
            Thread.sleep(700); // traffic under the new rules
            stop.set(true);
            for (Future<List<String>> f : clients) {
                assertEquals(List.of(before, after), f.get(30, TimeUnit.SECONDS), "each client sees the hash switch once");
            }
            pool.shutdown();
            assertTrue(failures.isEmpty(), String.join("\n", failures));

            HttpClient fresh = HttpClient.newHttpClient();
            JsonNode health = M.readTree(get(fresh, base + "/health").body());
            assertEquals("ok", health.path("reload").path("status").asText());
            assertEquals(1, health.path("reload").path("reloads").asInt());
            assertEquals(after, health.path("ruleSet").path("hash").asText());

            // an edit that does not compile: the old rules keep serving, /health says why
            Files.writeString(drl, Files.readString(drl).replace("outcome.eligible($e);", "outcome.eligible($nope);"));
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (!"failed".equals(health.path("reload").path("status").asText()) && System.nanoTime() < deadline) {
                Thread.sleep(200);
                health = M.readTree(get(fresh, base + "/health").body());
            }
            assertEquals("failed", health.path("reload").path("status").asText(), health.toString());
            assertEquals("ready", health.path("status").asText());
            assertEquals(after, health.path("ruleSet").path("hash").asText());
            assertTrue(health.path("reload").path("problems").get(0).asText().contains(RULE_FILE), health.toString());
            HttpResponse<String> still = evaluate(fresh, base, s01);
            assertEquals(200, still.statusCode());
            assertEquals(after, still.headers().firstValue(SubsidyServer.HASH_HEADER).orElse(null));

            // CORS for the one origin given
            HttpResponse<String> cors = fresh.send(HttpRequest.newBuilder(URI.create(base + "/api/document"))
                    .header("Origin", "https://calculator.example").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("https://calculator.example", cors.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertTrue(cors.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains(SubsidyServer.HASH_HEADER));
            HttpResponse<String> other = fresh.send(HttpRequest.newBuilder(URI.create(base + "/api/document"))
                    .header("Origin", "https://elsewhere.example").GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            HttpResponse<String> preflight = fresh.send(HttpRequest.newBuilder(URI.create(base + "/api/evaluate"))
                    .header("Origin", "https://calculator.example").header("Access-Control-Request-Method", "POST")
                    .header("Access-Control-Request-Headers", "content-type")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(preflight.statusCode() == 200 || preflight.statusCode() == 204, preflight.statusCode() + " " + preflight.body());
            assertEquals("https://calculator.example", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));

            // a half-sent request is answered or closed once the connection has been idle for the timeout
            long start = System.nanoTime();
            String answer;
            try (Socket s = new Socket("127.0.0.1", server.port())) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /api/evaluate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"caseId\"")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                InputStream in = s.getInputStream();
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                byte[] buf = new byte[4096];
                int n;
                try {
                    while ((n = in.read(buf)) > 0) {
                        b.write(buf, 0, n);
                    }
                } catch (java.net.SocketException e) {
                    // reset by the server
                }
                answer = b.toString(StandardCharsets.UTF_8);
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(waited >= 1500 && waited < 15_000, "closed after " + waited + " ms");
            assertFalse(answer.toLowerCase(java.util.Locale.ROOT).contains("<html"), answer);
            assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408") || answer.startsWith("HTTP/1.1 400"), answer);
        }
    }

    @Test
    void aRuleSetThatDoesNotLoadIsShownInHealth() throws Exception {
        Path rules = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("broken"));
        Path drl = rules.resolve(RULE_FILE);
        Files.writeString(drl, Files.readString(drl).replace("outcome.eligible($e);", "outcome.eligible($nope);"));
        try (SubsidyServer server = SubsidyServer.start(ServerConfig.defaults(rules).withPort(0))) {
            try {
                server.awaitRules();
                throw new AssertionError("loaded");
            } catch (com.subsidyevaluator.engine.RuleSetException expected) {
                assertFalse(expected.problems().isEmpty());
            }
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> health = get(http, base + "/health");
            assertEquals(503, health.statusCode());
            JsonNode h = M.readTree(health.body());
            assertEquals("failed", h.path("status").asText());
            assertTrue(h.path("reload").path("problems").get(0).asText().contains(RULE_FILE), h.toString());
            HttpResponse<String> api = get(http, base + "/api/rules");
            assertEquals(503, api.statusCode());
            assertEquals("rules_failed", M.readTree(api.body()).path("error").asText());
        }
    }

    static String amountOf12(JsonNode result) {
        for (JsonNode o : result.path("outcomes")) {
            if (o.path("rule").asText().equals(RULE_12)) {
                return o.path("benefit").path("amountWan").asText();
            }
        }
        return "no outcome";
    }

    static HttpResponse<String> evaluate(HttpClient http, String base, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + "/api/evaluate")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
