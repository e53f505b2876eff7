package com.subsidyevaluator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The server as an attacker's generated inputs meet it: cases, register rows and paths mutated at random (bytes
 * flipped, cut, spliced with quotes, tabs, NULs, a lone surrogate's bytes, markup, deep nesting, huge numbers), each
 * answered with a documented status — 200, or an error the API documents, as JSON (pages: HTML) with both messages —
 * never a 500, never a stack trace, never markup from the request echoed back as markup. The seed is fixed, so a
 * failure is reproduced by running the test again.
 */
class ServerMutationTest {

    static final ObjectMapper M = Json.mapper();
    static final Set<Integer> DOCUMENTED = Set.of(200, 400, 404, 405, 413, 415, 422);
    static final String[] SPLICES = {"\"", "\t", "\n", "\r\n", "{", "}", "[", "]", ",", ":", "\u0000", "\\", "\\u0000",
            "\\ud800", "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "1e999999", "-0", "99999999999999999999",
            "null", "true", "\"caseId\":", "\uFEFF", "第12条", "是", "否", "${jndi:ldap://x}", "'; DROP TABLE x; --"};

    static SubsidyServer server;
    static HttpClient http;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        server = SubsidyServer.start(ServerConfig.defaults(TestSupport.rulesDir()).withPort(0));
        server.awaitRules();
        base = "http://127.0.0.1:" + server.port();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static byte[] mutate(byte[] in, Random r) {
        byte[] b = in.clone();
        switch (r.nextInt(6)) {
            case 0 -> { // flip a few bytes
                for (int k = 0, n = 1 + r.nextInt(4); k < n && b.length > 0; k++) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                return b;
            }
            case 1 -> { // cut short
                return java.util.Arrays.copyOf(b, b.length == 0 ? 0 : r.nextInt(b.length));
            }
            case 2 -> { // lone surrogate's bytes (invalid UTF-8) somewhere
                return splice(b, r.nextInt(b.length + 1), new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80});
            }
            case 3 -> { // deep nesting
                String open = "[".repeat(1 + r.nextInt(5000));
                return splice(b, r.nextInt(b.length + 1), open.getBytes(StandardCharsets.UTF_8));
            }
            default -> { // splice a token
                String t = SPLICES[r.nextInt(SPLICES.length)];
                return splice(b, r.nextInt(b.length + 1), t.getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    static byte[] splice(byte[] b, int at, byte[] what) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(b.length + what.length);
        o.write(b, 0, at);
        o.writeBytes(what);
        o.write(b, at, b.length - at);
        return o.toByteArray();
    }

    static HttpResponse<String> post(String path, String type, byte[] body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A documented status; an error is JSON with its code and both messages; no trace of the server's code. */
    static void documented(HttpResponse<String> r, String what) throws Exception {
        assertTrue(DOCUMENTED.contains(r.statusCode()), r.statusCode() + " for " + what + ": " + r.body());
        String body = r.body();
        assertFalse(body.contains("\tat ") || body.contains("Exception") || body.contains("com.subsidyevaluator."),
                "a stack trace or a class name for " + what + ": " + body);
        if (r.statusCode() != 200) {
            JsonNode n = M.readTree(body);
            assertFalse(n.path("error").asText().isBlank(), body);
            assertFalse(n.path("message").asText().isBlank(), body);
            assertFalse(n.path("messageEn").asText().isBlank(), body);
        }
    }

    @Test
    void mutatedCasesAreAnsweredWithDocumentedStatusesOnly() throws Exception {
        byte[] s01 = Files.readAllBytes(TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json"));
        Random r = new Random(2023);
        int ok = 0;
        for (int i = 0; i < 150; i++) {
            byte[] body = mutate(s01, r);
            HttpResponse<String> resp = post("/api/evaluate" + (i % 3 == 0 ? "?all=true" : ""), "application/json", body);
            documented(resp, "mutation " + i);
            ok += resp.statusCode() == 200 ? 1 : 0;
        }
        assertTrue(ok < 150, "some mutations must be refused, or the mutations test nothing");
    }

    @Test
    void mutatedRegisterRowsAreAnsweredWithDocumentedStatusesOnly() throws Exception {
        // the header and the first applicant of the shipped register, as staff copy them out of Excel
        List<String> header = new ArrayList<>();
        List<String> row = new ArrayList<>();
        try (org.dhatim.fastexcel.reader.ReadableWorkbook wb = new org.dhatim.fastexcel.reader.ReadableWorkbook(
                TestSupport.samplesDir().resolve("register.xlsx").toFile());
             java.util.stream.Stream<org.dhatim.fastexcel.reader.Row> rows = wb.getFirstSheet().openStream()) {
            List<org.dhatim.fastexcel.reader.Row> two = rows.limit(2).toList();
            for (int i = 0; i < two.get(0).getCellCount(); i++) {
                header.add(two.get(0).getCellText(i));
                row.add(i < two.get(1).getCellCount() ? two.get(1).getCellText(i) : "");
            }
        }
        byte[] good = (String.join("\t", header) + "\n" + String.join("\t", row) + "\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> first = post("/api/register-row", "text/tab-separated-values", good);
        assertEquals(200, first.statusCode(), first.body());
        Random r = new Random(17);
        for (int i = 0; i < 120; i++) {
            documented(post("/api/register-row", "text/tab-separated-values", mutate(good, r)), "register-row mutation " + i);
        }
    }

    @Test
    void mutatedPathsAndQueriesNeverEchoMarkupOrFail() throws Exception {
        Random r = new Random(5);
        String[] prefixes = {"/clauses/", "/api/clauses/", "/api/evaluate?asOf=", "/api/evaluate?all=", "/", "/static/"};
        for (int i = 0; i < 120; i++) {
            String token = SPLICES[r.nextInt(SPLICES.length)] + (r.nextBoolean() ? Integer.toString(r.nextInt(100)) : "");
            String path = prefixes[r.nextInt(prefixes.length)] + URLEncoder.encode(token, StandardCharsets.UTF_8);
            boolean post = path.startsWith("/api/evaluate");
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
            HttpResponse<String> resp = http.send(post ? b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build() : b.GET().build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(DOCUMENTED.contains(resp.statusCode()), resp.statusCode() + " for " + path + ": " + resp.body());
            String type = resp.headers().firstValue("Content-Type").orElse("");
            if (type.startsWith("text/html")) {
                assertFalse(resp.body().contains("<script>alert(1)") || resp.body().contains("<img src=x"),
                        "markup from the request echoed into a page for " + path);
            } else {
                // an API error may quote the value it refuses, as JSON text, which no browser runs as markup
                assertTrue(type.startsWith("application/json"), type + " for " + path);
                M.readTree(resp.body());
            }
            assertFalse(resp.body().contains("\tat ") || resp.body().contains("com.subsidyevaluator."), resp.body());
        }
    }
}
