package com.subsidyevaluator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.SlowCases;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.CaseSchema;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.io.ResultWriter;
import com.subsidyevaluator.model.CaseFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A real server on a random port, called with a real HTTP client: every route and every error. */
class ServerTest {

    static final ObjectMapper M = Json.mapper();
    static final long BATCH_LIMIT = 4L << 20;
    static SubsidyServer server;
    static HttpClient http;
    static String base;
    static RuleSet rules;
    static List<Path> samples;

    @BeforeAll
    static void start() throws Exception {
        server = SubsidyServer.start(ServerConfig.defaults(TestSupport.rulesDir()).withPort(0)
                .withLimits(ServerConfig.DEFAULT_MAX_CASE_BYTES, BATCH_LIMIT).withCaseTimeout(Duration.ofSeconds(5)));
        rules = server.awaitRules();
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            samples = s.filter(p -> p.getFileName().toString().matches("s\\d+-.*\\.json")).sorted().toList();
        }
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(String path, String contentType, byte[] body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /**
     * A POST of a body the server refuses by its length: the server answers 413 without reading it, so a client
     * still sending may find the connection closed before it reads the answer (a race on a busy machine); such a
     * client tries again, as this one does.
     */
    static HttpResponse<String> refused(String path, String contentType, byte[] body) throws Exception {
        for (int attempt = 0; ; attempt++) {
            try {
                return post(path, contentType, body);
            } catch (IOException e) {
                if (attempt == 9) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    static HttpResponse<String> evaluate(String query, byte[] body) throws Exception {
        return post("/api/evaluate" + query, "application/json", body);
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/"), r.headers().map().toString());
        return M.readTree(r.body());
    }

    /** An error response: its status, JSON with code and both messages, the rule set's hash, no HTML. */
    static JsonNode error(HttpResponse<String> r, int status, String code) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        assertFalse(r.body().contains("<html") || r.body().contains("\tat "), r.body());
        JsonNode n = json(r);
        assertEquals(code, n.path("error").asText(), r.body());
        assertEquals(status, n.path("status").asInt());
        assertFalse(n.path("message").asText().isBlank());
        assertFalse(n.path("messageEn").asText().isBlank());
        assertEquals(rules.hash(), r.headers().firstValue(SubsidyServer.HASH_HEADER).orElse(null));
        return n;
    }

    static String cliJson(RuleSet rs, CaseFile c, boolean all) {
        return ResultWriter.toJson(rs.evaluate(c).visible(all)) + "\n";
    }

    @Test
    void evaluateGivesExactlyWhatTheCliPrints() throws Exception {
        Path s01 = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json");
        HttpResponse<String> r = evaluate("", Files.readAllBytes(s01));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(rules.hash(), r.headers().firstValue(SubsidyServer.HASH_HEADER).orElseThrow());
        TestSupport.Run cli = TestSupport.cli("evaluate", "--format", "json", s01.toString());
        assertEquals(0, cli.exitCode(), cli.err());
        assertEquals(cli.out(), r.body());
        TestSupport.Run cliAll = TestSupport.cli("evaluate", "--format", "json", "--all", "--as-of", "2023-03-01", s01.toString());
        assertEquals(cliAll.out(), evaluate("?all=true&asOf=2023-03-01", Files.readAllBytes(s01)).body());
    }

    @Test
    void outcomesKeepTheirStatusesAsTheCliWritesThem() throws Exception {
        Set<String> statuses = new HashSet<>();
        for (Path p : samples) {
            JsonNode n = json(evaluate("?all=true", Files.readAllBytes(p)));
            n.path("outcomes").forEach(o -> statuses.add(o.path("status").asText()));
        }
        assertEquals(Set.of("ELIGIBLE", "NOT_ELIGIBLE", "UNDETERMINED", "RELEVANT"), statuses);
    }

    @Test
    void aBadCaseIsTheCliLocatedError() throws Exception {
        byte[] bad = "{\"caseId\": \"B1\", \"asOf\": \"2023-06-30\",\n  \"enterprise\": {\"name\": \"甲\", \"revenueWan\": \"很多\"}}"
                .getBytes(StandardCharsets.UTF_8);
        CaseFormatException expected = null;
        try {
            CaseReader.read(bad, SubsidyServer.SOURCE);
        } catch (CaseFormatException e) {
            expected = e;
        }
        assertNotNull(expected);
        JsonNode n = error(evaluate("", bad), 400, "bad_case");
        assertEquals("$.enterprise.revenueWan", n.path("path").asText());
        assertEquals(2, n.path("line").asInt());
        assertEquals(expected.column(), n.path("column").asInt());
        assertEquals(expected.problem(), n.path("message").asText());
        assertEquals(expected.getMessage(), n.path("text").asText());
        assertTrue(n.path("text").asText().startsWith("request:2:"), n.toString());
        assertTrue(n.path("messageEn").asText().contains("$.enterprise.revenueWan"));

        error(evaluate("", "{\"caseId\": \"B2\"".getBytes(StandardCharsets.UTF_8)), 400, "bad_case");
        error(evaluate("", new byte[0]), 400, "bad_case");
        JsonNode noDate = error(evaluate("", "{\"caseId\": \"B3\", \"enterprise\": {\"name\": \"甲\", \"kind\": \"ENTERPRISE\"}}".getBytes(StandardCharsets.UTF_8)),
                400, "bad_case");
        assertEquals("$.asOf", noDate.path("path").asText());
        assertEquals(200, evaluate("?asOf=2023-06-30", "{\"caseId\": \"B3\", \"enterprise\": {\"name\": \"甲\", \"kind\": \"ENTERPRISE\"}}"
                .getBytes(StandardCharsets.UTF_8)).statusCode());
        error(evaluate("?asOf=2023-02-30", "{}".getBytes(StandardCharsets.UTF_8)), 400, "bad_parameter");
        error(evaluate("?asOf=yesterday", "{}".getBytes(StandardCharsets.UTF_8)), 400, "bad_parameter");
        error(evaluate("?all=maybe", "{}".getBytes(StandardCharsets.UTF_8)), 400, "bad_parameter");
    }

    @Test
    void tooLargeWrongTypeUnknownRouteWrongMethod() throws Exception {
        byte[] big = new byte[(int) ServerConfig.DEFAULT_MAX_CASE_BYTES + 10];
        java.util.Arrays.fill(big, (byte) ' ');
        error(refused("/api/evaluate", "application/json", big), 413, "payload_too_large");
        byte[] s01 = Files.readAllBytes(samples.get(0));
        error(post("/api/evaluate", "text/plain", s01), 415, "unsupported_media_type");
        error(post("/api/evaluate", null, s01), 415, "unsupported_media_type");
        error(post("/api/evaluate", "application/json; charset=ISO-8859-1", s01), 415, "unsupported_media_type");
        assertEquals(200, post("/api/evaluate", "application/json; charset=UTF-8", s01).statusCode());
        error(post("/api/evaluate/batch", "application/json", s01), 415, "unsupported_media_type");
        error(get("/nothing/here"), 404, "not_found");
        error(get("/api/clauses/0"), 404, "no_such_clause");
        error(get("/api/clauses/58"), 404, "no_such_clause");
        error(get("/api/clauses/abc"), 404, "no_such_clause");
        HttpResponse<String> m = get("/api/evaluate");
        error(m, 405, "method_not_allowed");
        assertEquals("POST", m.headers().firstValue("Allow").orElse(null));
        error(post("/api/rules", "application/json", s01), 405, "method_not_allowed");
        error(http.send(HttpRequest.newBuilder(URI.create(base + "/health")).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()), 405, "method_not_allowed");
    }

    @Test
    void aBatchTooLargeIs413() throws Exception {
        byte[] big = new byte[(int) BATCH_LIMIT + 100];
        java.util.Arrays.fill(big, (byte) '\n');
        error(refused("/api/evaluate/batch", "application/x-ndjson", big), 413, "payload_too_large");
        // sent without a length (chunked): the records before the limit are answered, then a last line says why it stopped
        String one = Files.readString(samples.get(0)).replace("\n", "") + "\n";
        byte[] head = one.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + big.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(big, 0, body, head.length, big.length);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/evaluate/batch"))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode());
        List<String> lines = r.body().lines().toList();
        assertEquals("S01", M.readTree(lines.get(0)).path("caseId").asText());
        assertEquals("payload_too_large", M.readTree(lines.get(lines.size() - 1)).path("error").asText(), r.body());
    }

    @Test
    void aCaseOverItsTimeBudgetIsAClearError() throws Exception {
        String s01 = Files.readString(TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json"));
        CaseFile sample = CaseReader.read(s01, "s01");
        String slow = s01.replace(sample.enterprise().name(), SlowCases.SLOW_APPLICANT);
        try (SlowCases ignored = SlowCases.sleepingInARule()) {
            JsonNode n = error(evaluate("", slow.getBytes(StandardCharsets.UTF_8)), 422, "case_timeout");
            assertTrue(n.path("message").asText().startsWith("评估超时"), n.toString());
            assertTrue(n.path("messageEn").asText().startsWith("evaluation timed out"), n.toString());
            assertTrue(n.path("message").asText().contains(SlowCases.rule()), n.toString());
            // in a batch: the slow case's line says so, the others are evaluated
            String lines = s01.replace("\n", "") + "\n" + slow.replace("\n", "") + "\n";
            HttpResponse<String> b = post("/api/evaluate/batch", "application/x-ndjson", lines.getBytes(StandardCharsets.UTF_8));
            String[] out = b.body().split("\n");
            assertEquals(2, out.length);
            assertEquals("S01", M.readTree(out[0]).path("caseId").asText());
            JsonNode e = M.readTree(out[1]);
            assertEquals("case_timeout", e.path("error").asText());
            assertEquals(2, e.path("line").asInt());
        }
    }

    @Test
    void batchGivesOneLinePerRecordInOrder() throws Exception {
        StringBuilder in = new StringBuilder();
        List<String> expected = new ArrayList<>();
        int line = 0;
        for (Path p : samples) {
            CaseFile c = CaseReader.read(p);
            in.append(Files.readString(p).replace("\n", "").replace("\r", "")).append(line % 3 == 0 ? "\r\n" : "\n");
            line++;
            expected.add(Json.compact().writeValueAsString(rules.evaluate(c).visible(false)));
            if (line == 5) {
                in.append("\n   \n"); // blank lines are not records
                line += 2;
            }
            if (line == 10) {
                in.append("{\"caseId\": \"X\", \"asOf\": \"2023-06-30\", \"enterprise\": {\"revenueWan\": -1}}\n");
                line++;
                expected.add("ERROR " + line);
            }
        }
        in.append("not json"); // the last line needs no line end
        line++;
        expected.add("ERROR " + line);
        HttpResponse<String> r = post("/api/evaluate/batch", "application/x-ndjson", in.toString().getBytes(StandardCharsets.UTF_8));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/x-ndjson"));
        assertEquals(rules.hash(), r.headers().firstValue(SubsidyServer.HASH_HEADER).orElseThrow());
        List<String> got = r.body().lines().toList();
        assertEquals(expected.size(), got.size());
        for (int i = 0; i < got.size(); i++) {
            if (expected.get(i).startsWith("ERROR ")) {
                JsonNode e = M.readTree(got.get(i));
                assertEquals("bad_case", e.path("error").asText(), got.get(i));
                assertEquals(Integer.parseInt(expected.get(i).substring(6)), e.path("line").asInt(), got.get(i));
                assertTrue(e.path("text").asText().startsWith("request:" + e.path("line").asInt() + ":"), got.get(i));
            } else {
                assertEquals(expected.get(i), got.get(i));
            }
        }
        // all=true and asOf as for one case
        String one = Files.readString(samples.get(0)).replace("\n", "");
        HttpResponse<String> dated = post("/api/evaluate/batch?all=true&asOf=2023-03-01", "application/jsonl",
                (one + "\n").getBytes(StandardCharsets.UTF_8));
        CaseFile c = CaseReader.read(samples.get(0)).withAsOf(LocalDate.of(2023, 3, 1));
        assertEquals(Json.compact().writeValueAsString(rules.evaluate(c).visible(true)) + "\n", dated.body());
        // a line over the limit of a case: its record says so, the next is evaluated
        String longLine = " ".repeat((int) ServerConfig.DEFAULT_MAX_CASE_BYTES + 5);
        HttpResponse<String> tooLong = post("/api/evaluate/batch", "application/x-ndjson",
                ("{" + longLine + "}\n" + one + "\n").getBytes(StandardCharsets.UTF_8));
        List<String> tl = tooLong.body().lines().toList();
        assertEquals(2, tl.size());
        assertEquals("line_too_long", M.readTree(tl.get(0)).path("error").asText());
        assertEquals("S01", M.readTree(tl.get(1)).path("caseId").asText());
        assertEquals("", post("/api/evaluate/batch", "application/x-ndjson", new byte[0]).body());
    }

    @Test
    void concurrentRequestsGiveTheSameResultsAsSequentialOnes() throws Exception {
        Map<Path, String> sequential = new java.util.LinkedHashMap<>();
        for (Path p : samples) {
            HttpResponse<String> r = evaluate("?all=true", Files.readAllBytes(p));
            assertEquals(200, r.statusCode());
            assertEquals(cliJson(rules, CaseReader.read(p), true), r.body());
            sequential.put(p, r.body());
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> checks = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (Path p : samples) {
                    checks.add(pool.submit(() -> sequential.get(p).equals(evaluate("?all=true", Files.readAllBytes(p)).body())));
                }
            }
            for (Future<Boolean> f : checks) {
                assertTrue(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void readOnlyRoutes() throws Exception {
        JsonNode doc = json(get("/api/document"));
        assertEquals("乐政发〔2023〕6号", doc.path("number").asText());
        assertEquals(rules.hash(), doc.path("ruleSet").path("hash").asText());

        JsonNode clauses = json(get("/api/clauses"));
        assertEquals(rules.document().clauses(), clauses.size());
        JsonNode c12 = json(get("/api/clauses/12"));
        assertEquals(12, c12.path("number").asInt());
        assertTrue(c12.path("text").asText().startsWith("第12条 实施企业研发投入奖补政策。"), c12.path("text").asText());
        assertEquals("ENTITLEMENT", c12.path("kinds").get(0).asText());
        JsonNode rule = c12.path("rules").get(0);
        assertEquals("entitlement", rule.path("tier").asText());
        assertTrue(rule.path("source").asText().startsWith("rule \"第12条"), rule.toString());
        assertTrue(rule.path("source").asText().strip().endsWith("end"));
        String drl = Files.readAllLines(TestSupport.rulesDir().resolve(rule.path("file").asText())).get(rule.path("line").asInt() - 1);
        assertTrue(drl.startsWith("rule \"第12条"), drl);
        assertTrue(c12.path("tests").size() > 0);
        assertEquals("tests/12-rd-post-subsidy.yaml", c12.path("tests").get(0).path("file").asText());
        assertEquals("rd-post-subsidy", c12.path("parameters").get(0).path("id").asText());
        assertEquals("6-platforms-rd", c12.path("budgetPools").get(0).path("id").asText());
        JsonNode c1 = json(get("/api/clauses/1"));
        assertFalse(c1.path("noRule").asText().isBlank());
        assertEquals(0, c1.path("rules").size());
        JsonNode c7 = json(get("/api/clauses/7"));
        assertEquals("guidance", c7.path("rules").get(0).path("tier").asText());

        JsonNode list = json(get("/api/rules"));
        assertEquals(rules.rules().size(), list.size());
        TestSupport.Run cli = TestSupport.cli("rules", "--format", "json", "--rules", TestSupport.rulesDir().toString());
        assertEquals(M.readTree(cli.out()), list);

        HttpResponse<String> schema = get("/api/schema");
        assertEquals(CaseSchema.text(), schema.body());
        assertEquals(M.readTree(Files.readString(TestSupport.projectDir().resolve("docs/case.schema.json"))), M.readTree(schema.body()));

        JsonNode params = json(get("/api/parameters"));
        assertEquals(rules.data().parameters().size(), params.size());

        HttpResponse<String> health = get("/health");
        assertEquals(200, health.statusCode());
        JsonNode h = json(health);
        assertEquals("ready", h.path("status").asText());
        assertEquals(rules.hash(), h.path("ruleSet").path("hash").asText());
        assertEquals("ok", h.path("reload").path("status").asText());
        for (String path : List.of("/api/document", "/api/clauses", "/api/rules", "/api/schema", "/api/parameters", "/health")) {
            assertEquals(rules.hash(), get(path).headers().firstValue(SubsidyServer.HASH_HEADER).orElse(null), path);
        }
    }

    @Test
    void theOpenApiDocumentListsEveryRouteAndEveryListedRouteExists() throws Exception {
        JsonNode api = json(get("/api/openapi.json"));
        assertTrue(api.path("openapi").asText().startsWith("3."));
        Set<SubsidyServer.Route> listed = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = api.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            p.getValue().fieldNames().forEachRemaining(m -> listed.add(new SubsidyServer.Route(m.toUpperCase(java.util.Locale.ROOT), p.getKey())));
        }
        assertEquals(new HashSet<>(SubsidyServer.ROUTES), listed);
        byte[] one = Files.readAllBytes(samples.get(0));
        for (SubsidyServer.Route r : listed) {
            String path = r.path().replace("{n}", "12");
            HttpResponse<String> resp = r.method().equals("GET") ? get(path)
                    : path.equals("/api/register-row") ? post(path, "text/tab-separated-values",
                            "名称\t主体类型\n乐清电气\t企业\n".getBytes(StandardCharsets.UTF_8))
                    : post(path, path.endsWith("batch") ? "application/x-ndjson" : "application/json",
                    path.endsWith("batch") ? (new String(one, StandardCharsets.UTF_8).replace("\n", "") + "\n").getBytes(StandardCharsets.UTF_8) : one);
            assertEquals(200, resp.statusCode(), r + ": " + resp.body());
            // and the method the route does not take is 405, not 404
            HttpResponse<String> other = r.method().equals("GET") ? post(path, "application/json", one) : get(path);
            assertEquals(405, other.statusCode(), r.toString());
        }
    }

    @Test
    void errorsJettyAnswersItselfAreJsonToo() throws Exception {
        String garbage = raw("THIS IS NOT HTTP\r\n\r\n");
        assertTrue(garbage.startsWith("HTTP/1.1 400"), garbage);
        assertFalse(garbage.toLowerCase(java.util.Locale.ROOT).contains("<html"), garbage);
        assertTrue(garbage.contains("application/json"), garbage);
        assertTrue(garbage.contains(SubsidyServer.HASH_HEADER + ": " + rules.hash()), garbage);
        assertTrue(garbage.contains("\"error\":\"bad_request\""), garbage);
        String huge = raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertTrue(huge.startsWith("HTTP/1.1 431") || huge.startsWith("HTTP/1.1 400") || huge.startsWith("HTTP/1.1 413"), huge);
        assertFalse(huge.toLowerCase(java.util.Locale.ROOT).contains("<html"), huge);
        assertTrue(huge.contains("\"error\":"), huge);
    }

    static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    b.write(buf, 0, n);
                }
            } catch (java.net.SocketException | java.net.SocketTimeoutException e) {
                // closed by the server after its answer
            }
            return b.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void corsIsOffByDefault() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                .header("Origin", "https://elsewhere.example").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertNull(r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertNotEquals(0, r.statusCode());
    }
}
