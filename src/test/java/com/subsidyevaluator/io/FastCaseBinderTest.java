package com.subsidyevaluator.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.synthetic.Population;
import com.subsidyevaluator.synthetic.RuleHints;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reader's fast path gives exactly what the strict mapper gives: the same case for every record it accepts,
 * and, for every record it does not, the mapper's own answer (the same case or the same error). Checked on a
 * generated population, the samples and tens of thousands of damaged records.
 */
class FastCaseBinderTest {

    private static String outcome(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        try {
            return "case " + CaseReader.parse("x", b, 0, b.length, 0);
        } catch (CaseFormatException e) {
            return "error " + e.getMessage();
        }
    }

    private static String mapperOutcome(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        try {
            return "case " + CaseReader.parseWithMapper("x", b, 0, b.length, 0);
        } catch (CaseFormatException e) {
            return "error " + e.getMessage();
        }
    }

    private static List<String> corpus(int count) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Population(31, RuleHints.of(TestSupport.shippedRules())).write(count, out);
        List<String> records = new ArrayList<>(List.of(out.toString(StandardCharsets.UTF_8).split("\n")));
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            for (Path p : s.filter(com.subsidyevaluator.io.CaseFiles::isCaseFile).sorted().toList()) {
                records.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return records;
    }

    @Test
    void validRecordsReadToTheSameCases() throws Exception {
        int fast = 0;
        for (String r : corpus(3000)) {
            String a = outcome(r);
            assertEquals(mapperOutcome(r), a);
            assertTrue(a.startsWith("case "), a);
            byte[] b = r.getBytes(StandardCharsets.UTF_8);
            CaseFile viaFast = new FastCaseBinder(CaseReader.mapper(false).getFactory()).read(CaseFile.class, b, 0, b.length);
            if (viaFast != null) {
                fast++;
            }
        }
        assertTrue(fast > 2900, "the fast path reads ordinary records (" + fast + ")");
    }

    @Test
    void damagedRecordsGetTheMappersAnswer() throws Exception {
        List<String> records = corpus(400);
        SplittableRandom random = new SplittableRandom(17);
        String[] replacements = {"null", "\"\"", "\"x\"", "0", "-1", "1.5", "1e3", "1e400", "12345678901234567890", "true",
                "false", "[]", "[{}]", "[null]", "{}", "\"2023-02-30\"", "\"2023-12-31T00:00\"", "\"ENTERPRISE\"",
                "\"NATIONAL\"", "\" \"", "\"\\u0000\"", "[1]", "{\"a\":1}", "2147483648", "-0", "0.00000000001"};
        int checked = 0;
        for (int i = 0; i < 30_000; i++) {
            String r = records.get(random.nextInt(records.size()));
            String m = mutate(r, random, replacements);
            assertEquals(mapperOutcome(m), outcome(m), m);
            checked++;
        }
        assertEquals(30_000, checked);
    }

    /** One random damage: a value replaced, a key renamed or repeated, text cut or a character dropped. */
    private static String mutate(String r, SplittableRandom random, String[] replacements) {
        switch (random.nextInt(6)) {
            case 0, 1 -> { // replace the value after a random key
                int colon = nth(r, ':', random);
                if (colon < 0) {
                    return r;
                }
                int end = valueEnd(r, colon + 1);
                return r.substring(0, colon + 1) + replacements[random.nextInt(replacements.length)] + r.substring(end);
            }
            case 2 -> { // repeat or rename a key
                int colon = nth(r, ':', random);
                if (colon < 0) {
                    return r;
                }
                int q = r.lastIndexOf('"', colon - 2);
                String key = r.substring(q, colon);
                int end = valueEnd(r, colon + 1);
                String pair = key + r.substring(colon, end);
                return random.nextBoolean() ? r.substring(0, end) + "," + pair + r.substring(end)
                        : r.substring(0, q) + "\"zz" + r.substring(q + 1);
            }
            case 3 -> { // cut
                return r.substring(0, random.nextInt(Math.max(1, r.length())));
            }
            case 4 -> { // drop one character
                int at = random.nextInt(r.length());
                return r.substring(0, at) + r.substring(at + 1);
            }
            default -> { // trailing content or a wrapped value
                return random.nextBoolean() ? r + " {}" : "[" + r + "]";
            }
        }
    }

    private static int nth(String s, char c, SplittableRandom random) {
        List<Integer> at = new ArrayList<>();
        boolean inString = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' && (i == 0 || s.charAt(i - 1) != '\\')) {
                inString = !inString;
            } else if (ch == c && !inString) {
                at.add(i);
            }
        }
        return at.isEmpty() ? -1 : at.get(random.nextInt(at.size()));
    }

    /** Where the JSON value starting at {@code from} ends. */
    private static int valueEnd(String s, int from) {
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (inString) {
                if (ch == '\\') {
                    i++;
                } else if (ch == '"') {
                    inString = false;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                continue;
            }
            switch (ch) {
                case '"' -> inString = true;
                case '{', '[' -> depth++;
                case '}', ']' -> {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                    if (depth == 0) {
                        return i + 1;
                    }
                }
                case ',' -> {
                    if (depth == 0) {
                        return i;
                    }
                }
                default -> {
                }
            }
        }
        return s.length();
    }

    @Test
    void theUtf8CheckAgreesWithTheDecoder() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 200_000; i++) {
            byte[] b = new byte[1 + random.nextInt(24)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) (random.nextInt(4) == 0 ? random.nextInt(256) : random.nextInt(3) == 0 ? 0xE4 + random.nextInt(12)
                        : 0x80 + random.nextInt(64));
                if (random.nextInt(3) == 0) {
                    b[j] = (byte) random.nextInt(128);
                }
            }
            boolean decoder;
            try {
                StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
                decoder = true;
            } catch (java.nio.charset.CharacterCodingException e) {
                decoder = false;
            }
            assertEquals(decoder, CaseReader.wellFormedUtf8(b, 0, b.length), () -> java.util.HexFormat.of().formatHex(b));
        }
        byte[] text = "乐清市 ASCII 文本 with 𝄞 and more ascii to cross eight-byte runs".getBytes(StandardCharsets.UTF_8);
        assertTrue(CaseReader.wellFormedUtf8(text, 0, text.length));
    }
}
