package com.subsidyevaluator.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.model.CaseFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading a case from memory (a String, bytes, a stream, a reader) is reading it from a file: the same case, the same
 * errors with the source's name, JSON path, line and column. And whatever the source, a case is a bounded amount of
 * text, a date is YYYY-MM-DD in a sane year, and text is Unicode without NUL — in the strict reader and its fast path.
 */
class CaseReaderInputsTest {

    @TempDir
    Path dir;

    private static final String VALID = """
            {
              "caseId": "M1",
              "asOf": "2023-06-30",
              "description": "从内存读取的案例",
              "enterprise": { "name": "甲电气有限公司", "kind": "ENTERPRISE", "revenueWan": 1200.5, "highTech": true }
            }
            """;

    private static final String BAD = """
            {
              "caseId": "M2",
              "asOf": "2023-06-30",
              "enterprise": { "name": "乙电气有限公司", "kind": "ENTERPRISE",
                              "revenueWan": "很多" }
            }
            """;

    private String fileMessage(String json) throws IOException {
        Path f = dir.resolve("same.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        return assertThrows(CaseFormatException.class, () -> CaseReader.read(f)).getMessage()
                .substring(f.toString().length());
    }

    private static String problemOf(String json) {
        return assertThrows(CaseFormatException.class, () -> CaseReader.read(json, "mem")).getMessage();
    }

    @Test
    void aCaseReadFromAStringBytesAStreamOrAReaderIsTheCaseTheFileGives() throws Exception {
        Path f = dir.resolve("ok.json");
        Files.writeString(f, VALID, StandardCharsets.UTF_8);
        CaseFile fromFile = CaseReader.read(f);
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        assertEquals(fromFile, CaseReader.read(VALID, "request-1"));
        assertEquals(fromFile, CaseReader.read(bytes, "request-2"));
        assertEquals(fromFile, CaseReader.read(new ByteArrayInputStream(bytes), "request-3"));
        assertEquals(fromFile, CaseReader.read(new StringReader(VALID), "request-4"));
        assertEquals("1200.5", CaseReader.read(VALID, "x").enterprise().revenueWan().toPlainString());
    }

    @Test
    void anErrorFromMemoryNamesTheSourceThePathAndTheLineAndColumnExactlyAsTheFileWould() throws Exception {
        String asFile = fileMessage(BAD); // ":5:45: $.enterprise.revenueWan: 应为数字（万元），实际为文本"
        assertTrue(asFile.startsWith(":5:"), asFile);
        byte[] bytes = BAD.getBytes(StandardCharsets.UTF_8);
        List<CaseFormatException> fromMemory = List.of(
                assertThrows(CaseFormatException.class, () -> CaseReader.read(BAD, "upload-7")),
                assertThrows(CaseFormatException.class, () -> CaseReader.read(bytes, "upload-7")),
                assertThrows(CaseFormatException.class, () -> CaseReader.read(new ByteArrayInputStream(bytes), "upload-7")),
                assertThrows(CaseFormatException.class, () -> CaseReader.read(new StringReader(BAD), "upload-7")));
        for (CaseFormatException e : fromMemory) {
            assertEquals("upload-7" + asFile, e.getMessage());
            assertEquals("upload-7", e.source());
            assertEquals("$.enterprise.revenueWan", e.jsonPath());
            assertEquals(5, e.line());
            assertTrue(e.column() > 0, e.getMessage());
            assertTrue(e.problem().contains("应为数字（万元），实际为文本"), e.getMessage());
        }
    }

    @Test
    void malformedJsonFromMemoryIsLocatedAsInAFile() throws Exception {
        String broken = "{ \"caseId\": \"X\",\n  \"asOf\": \"2023-05-01\" \"enterprise\": {} }";
        assertEquals("mem" + fileMessage(broken), problemOf(broken));
        assertTrue(problemOf(broken).startsWith("mem:2:"), problemOf(broken));
    }

    @Test
    void aLoneSurrogateCharacterInAStringGivenFromMemoryIsAnErrorAtItsPlace() throws Exception {
        String json = VALID.replace("\"M1\"", "\"M1" + '\uD800' + "\"");
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> CaseReader.read(json, "mem"));
        assertEquals("$.caseId", e.jsonPath());
        assertEquals(2, e.line());
        assertTrue(e.problem().contains("不成对的代理项字符（U+D800"), e.getMessage());
        // a whole pair is a character like any other
        String emoji = VALID.replace("从内存读取的案例", "从内存读取的案例 \uD83D\uDE00");
        assertTrue(CaseReader.read(emoji, "mem") != null);
        // after a backslash it cannot become a valid escape either
        String escaped = VALID.replace("\"M1\"", "\"M1\\" + '\uDC00' + "\"");
        assertThrows(CaseFormatException.class, () -> CaseReader.read(escaped, "mem"));
    }

    @Test
    void aStreamLongerThanTheLimitIsRefusedWithoutBeingReadToItsEnd() {
        AtomicLong served = new AtomicLong();
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                served.incrementAndGet();
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) ' ');
                served.addAndGet(len);
                return len;
            }
        };
        CaseFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(CaseFormatException.class, () -> CaseReader.read(endless, "stdin")));
        assertEquals("stdin: 内容过大（超过 8388608 字节，单个案例最多 8388608 字节）", e.getMessage());
        assertTrue(served.get() <= CaseReader.MAX_BYTES + 1L, "read no further than the limit: " + served.get());

        Reader endlessText = new Reader() {
            @Override
            public int read(char[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, ' ');
                return len;
            }

            @Override
            public void close() {
            }
        };
        CaseFormatException t = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(CaseFormatException.class, () -> CaseReader.read(endlessText, "text")));
        assertTrue(t.problem().startsWith("内容过大"), t.getMessage());
        byte[] big = new byte[CaseReader.MAX_BYTES + 1];
        assertTrue(assertThrows(CaseFormatException.class, () -> CaseReader.read(big, "big")).problem()
                .startsWith("内容过大（8388609 字节"));
    }

    @Test
    void anIndicatorsFileGivenAsACaseIsRecognisedAndPointsToSubsidyTargets() throws Exception {
        Path indicators = TestSupport.samplesDir().resolve("yueqing-2023-indicators.json");
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> CaseReader.read(indicators));
        assertEquals(indicators + ":1:1: $: 这是指标数字文件（城市的实际数字，有 indicators 而没有案例的字段），不是申请案例；"
                + "请用 subsidy targets 读取它", e.getMessage());
        // a case with a stray "indicators" field is still a case with an unknown field
        String stray = VALID.replace("\"caseId\": \"M1\",", "\"caseId\": \"M1\", \"indicators\": [],");
        assertTrue(problemOf(stray).contains("未知字段 'indicators'"), problemOf(stray));
    }

    @Test
    void anEvaluationDateWrittenAsAnArrayANumberOrWithATimeIsRefused() {
        assertEquals("mem:3:11: $.asOf: 应为存在的日期，格式 YYYY-MM-DD，实际为数组",
                problemOf(VALID.replace("\"2023-06-30\"", "[2023,7,15]")));
        assertEquals("mem:3:11: $.asOf: 值 \"2023-07-15T10:00:00\" 无效，应为存在的日期，格式 YYYY-MM-DD",
                problemOf(VALID.replace("\"2023-06-30\"", "\"2023-07-15T10:00:00\"")));
        assertEquals("mem:3:11: $.asOf: 应为存在的日期，格式 YYYY-MM-DD，实际为整数",
                problemOf(VALID.replace("\"2023-06-30\"", "19538")));
        for (String odd : new String[] {" 2023-07-15", "2023-7-15", "+2023-07-15", "2023/07/15", "2023-02-30"}) {
            assertEquals("mem:3:11: $.asOf: 值 \"" + odd + "\" 无效，应为存在的日期，格式 YYYY-MM-DD",
                    problemOf(VALID.replace("2023-06-30", odd)));
        }
    }

    @Test
    void anEvaluationDateOutsideTheYears1990To2100IsRefusedAndTheMessageSaysSo() throws Exception {
        assertEquals("mem:3:11: $.asOf: 「评估日期」为 2300-07-15，年份须在 1990 至 2100 之间",
                problemOf(VALID.replace("2023-06-30", "2300-07-15")));
        assertEquals("mem:3:11: $.asOf: 「评估日期」为 1989-12-31，年份须在 1990 至 2100 之间",
                problemOf(VALID.replace("2023-06-30", "1989-12-31")));
        assertEquals(LocalDate.of(1990, 1, 1), CaseReader.read(VALID.replace("2023-06-30", "1990-01-01"), "m").asOf());
        assertEquals(LocalDate.of(2100, 12, 31), CaseReader.read(VALID.replace("2023-06-30", "2100-12-31"), "m").asOf());
    }

    /** The reader's answer for a record, by the fast path and by the mapper alone: they must agree. */
    private static String both(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        String fast;
        String mapper;
        try {
            fast = "case " + CaseReader.parse("pop.jsonl", b, 0, b.length, 6);
        } catch (CaseFormatException e) {
            fast = e.getMessage();
        }
        try {
            mapper = "case " + CaseReader.parseWithMapper("pop.jsonl", b, 0, b.length, 6);
        } catch (CaseFormatException e) {
            mapper = e.getMessage();
        }
        assertEquals(mapper, fast, "the fast path and the mapper agree on " + json);
        return fast;
    }

    @Test
    void aLoneSurrogateOrANulInAnyTextFieldIsALocatedErrorInTheStrictReaderAndItsFastPath() {
        String line = VALID.replace("\n", "");
        assertEquals("pop.jsonl:7:14: $.caseId: 「案例编号」含有不成对的代理项字符（U+D800，第 2 个字符）；文本须为有效的 Unicode（代理项须成对出现）"
                + " (an unpaired surrogate U+D800 at character 2; text must be valid Unicode)",
                both(line.replace("\"M1\"", "\"S\\ud800\"")));
        assertEquals("pop.jsonl:7:14: $.caseId: 「案例编号」含有不成对的代理项字符（U+DC00，第 2 个字符）；文本须为有效的 Unicode（代理项须成对出现）"
                + " (an unpaired surrogate U+DC00 at character 2; text must be valid Unicode)",
                both(line.replace("\"M1\"", "\"S\\udc00\"")));
        assertEquals("pop.jsonl:7:14: $.caseId: 「案例编号」含有空字符（U+0000，第 2 个字符）；文本中不能有空字符"
                + " (a NUL character at character 2; text may not contain one)",
                both(line.replace("\"M1\"", "\"S\\u0000\"")));
        String description = both(line.replace("从内存读取的案例", "说明\\ud83d"));
        assertTrue(description.startsWith("pop.jsonl:7:") && description.contains("$.description: 「说明」含有不成对的代理项字符（U+D83D，第 3 个字符）"),
                description);
        String name = both(line.replace("甲电气有限公司", "甲\\u0000公司"));
        assertTrue(name.contains("$.enterprise.name: 「名称」含有空字符（U+0000，第 2 个字符）"), name);
        // a pair written as two escapes is one character: read as usual, by both
        assertTrue(both(line.replace("\"M1\"", "\"S\\ud83d\\ude00\"")).startsWith("case "));
    }

    @Test
    void aDirectoryANamedPipeOrADeviceIsRefusedWithoutBeingOpened() throws Exception {
        assertEquals(dir + ": 是目录，不是案例文件",
                assertThrows(CaseFormatException.class, () -> CaseReader.read(dir)).getMessage());
        Path zero = Path.of("/dev/zero");
        assumeTrue(Files.exists(zero), "a POSIX system");
        assertEquals("/dev/zero: 不是普通文件（字符设备），未读取；案例须为普通文件", assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(CaseFormatException.class, () -> CaseReader.read(zero))).getMessage());
        Path fifo = dir.resolve("f.json");
        assumeTrue(TestSupport.mkfifo(fifo), "mkfifo is available");
        assertEquals(fifo + ": 不是普通文件（命名管道 FIFO），未读取；案例须为普通文件", assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(CaseFormatException.class, () -> CaseReader.read(fifo))).getMessage());
    }

    @Test
    void aTwoGigabyteSparseFileIsRefusedWithoutBeingRead() throws Exception {
        Path big = dir.resolve("big.json");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(2L << 30);
        }
        CaseFormatException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(CaseFormatException.class, () -> CaseReader.read(big)));
        assertEquals(big + ": 文件过大（2147483648 字节，单个案例最多 8388608 字节）", e.getMessage());
    }

}
