package com.subsidyevaluator.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Strict reading: each kind of bad input is an error naming the file, JSON path, line:column and what was expected. */
class CaseReaderTest {

    @TempDir
    Path dir;

    private static final String VALID = """
            {
              "caseId": "T1",
              "asOf": "2023-06-30",
              "enterprise": {
                "name": "甲电气有限公司",
                "kind": "ENTERPRISE",
                "revenueWan": 1200.5,
                "highTech": true
              },
              "projects": [
                { "kind": "INDUSTRIAL", "investmentCompletedPercent": 20 }
              ]
            }
            """;

    private CaseFormatException fail(String json) throws IOException {
        Path f = dir.resolve("case.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        return assertThrows(CaseFormatException.class, () -> CaseReader.read(f));
    }

    @Test
    void aValidCaseIsReadWithExactNumbersAndUnknownFieldsLeftNull() throws Exception {
        Path f = dir.resolve("ok.json");
        Files.writeString(f, VALID, StandardCharsets.UTF_8);
        CaseFile c = CaseReader.read(f);
        assertEquals("T1", c.caseId());
        assertEquals("1200.5", c.enterprise().revenueWan().toPlainString());
        assertEquals(null, c.enterprise().rdExpenseWan(), "an absent field is unknown, not zero");
        assertEquals(2, c.facts().size());
    }

    @Test
    void malformedJsonNamesTheLineAndColumn() throws Exception {
        CaseFormatException e = fail("{\n  \"caseId\": \"T1\"\n  \"asOf\": \"2023-06-30\"\n}\n");
        assertTrue(e.getMessage().startsWith(dir.resolve("case.json") + ":3:"), e.getMessage());
        assertTrue(e.problem().contains("JSON 格式错误"), e.getMessage());
    }

    @Test
    void truncatedJsonSaysTheFileEndedEarly() throws Exception {
        CaseFormatException e = fail("{ \"caseId\": \"T1\", \"enterprise\": { \"name\": \"甲\"");
        assertTrue(e.problem().contains("不完整"), e.getMessage());
    }

    @Test
    void anUnknownFieldSuggestsTheNearestName() throws Exception {
        CaseFormatException e = fail(VALID.replace("\"highTech\"", "\"rdExpence\""));
        assertEquals("$.enterprise.rdExpence", e.jsonPath());
        assertEquals(8, e.line());
        assertTrue(e.problem().contains("未知字段 'rdExpence'，是否指 'rdExpenseWan'?"), e.getMessage());
    }

    @Test
    void aWrongTypeSaysWhatWasExpectedWithItsUnit() throws Exception {
        CaseFormatException e = fail(VALID.replace("1200.5", "\"很多\""));
        assertEquals("$.enterprise.revenueWan", e.jsonPath());
        assertEquals(7, e.line());
        assertTrue(e.column() > 0);
        assertTrue(e.problem().contains("应为数字（万元）") && e.problem().contains("实际为文本"), e.getMessage());
    }

    @Test
    void aBooleanGivenAsTextIsRejected() throws Exception {
        CaseFormatException e = fail(VALID.replace("\"highTech\": true", "\"highTech\": \"yes\""));
        assertEquals("$.enterprise.highTech", e.jsonPath());
        assertTrue(e.problem().contains("true 或 false"), e.getMessage());
    }

    @Test
    void negativeMoneyIsImpossible() throws Exception {
        CaseFormatException e = fail(VALID.replace("1200.5", "-5"));
        assertEquals("$.enterprise.revenueWan", e.jsonPath());
        assertEquals(7, e.line());
        assertTrue(e.problem().contains("不能为负数"), e.getMessage());
    }

    @Test
    void aShareAboveOneHundredPercentIsImpossible() throws Exception {
        CaseFormatException e = fail(VALID.replace("\"investmentCompletedPercent\": 20", "\"investmentCompletedPercent\": 120"));
        assertEquals("$.projects[0].investmentCompletedPercent", e.jsonPath());
        assertEquals(11, e.line());
        assertTrue(e.problem().contains("不可能大于 100%"), e.getMessage());
    }

    @Test
    void aDateThatDoesNotExistIsRejected() throws Exception {
        CaseFormatException e = fail(VALID.replace("2023-06-30", "2023-02-30"));
        assertEquals("$.asOf", e.jsonPath());
        assertEquals(3, e.line());
        assertTrue(e.problem().contains("存在的日期"), e.getMessage());
    }

    @Test
    void anUnknownCodeListsTheAllowedOnes() throws Exception {
        CaseFormatException e = fail(VALID.replace("\"ENTERPRISE\"", "\"COMPANY\""));
        assertEquals("$.enterprise.kind", e.jsonPath());
        assertTrue(e.problem().contains("ENTERPRISE（企业）"), e.getMessage());
    }

    @Test
    void aMissingRequiredFieldIsNamed() throws Exception {
        CaseFormatException e = fail(VALID.replace("\"kind\": \"ENTERPRISE\",", ""));
        assertEquals("$.enterprise.kind", e.jsonPath());
        assertTrue(e.problem().contains("缺少必填字段「主体类型」"), e.getMessage());
    }

    @Test
    void aCreditCodeWithAWrongCheckCharacterIsRejected() throws Exception {
        CaseFormatException e = fail(VALID.replace("\"kind\": \"ENTERPRISE\",", "\"kind\": \"ENTERPRISE\", \"creditCode\": \"91330382MA2C000011\","));
        assertEquals("$.enterprise.creditCode", e.jsonPath());
        assertTrue(e.problem().contains("末位应为 'X'"), e.getMessage());
    }

    @Test
    void aDuplicateKeyIsRejected() throws Exception {
        CaseFormatException e = fail(VALID.replace("\"highTech\": true", "\"highTech\": true, \"highTech\": false"));
        assertTrue(e.problem().contains("重复"), e.getMessage());
        assertEquals(8, e.line());
    }

    @Test
    void aNullElementInAListIsRejectedWithItsIndex() throws Exception {
        CaseFormatException e = fail(VALID.replace("{ \"kind\": \"INDUSTRIAL\", \"investmentCompletedPercent\": 20 }",
                "{ \"kind\": \"INDUSTRIAL\" }, null"));
        assertEquals("$.projects[1]", e.jsonPath());
    }

    @Test
    void bytesThatAreNotUtf8AreRejected() throws Exception {
        Path f = dir.resolve("gbk.json");
        Files.write(f, VALID.replace("甲电气有限公司", "X").getBytes(StandardCharsets.UTF_8));
        byte[] bytes = Files.readAllBytes(f);
        byte[] bad = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, bad, 0, 40);
        bad[40] = (byte) 0xC4;
        bad[41] = (byte) 0x22;
        System.arraycopy(bytes, 40, bad, 42, bytes.length - 40);
        Files.write(f, bad);
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> CaseReader.read(f));
        assertTrue(e.problem().contains("UTF-8"), e.getMessage());
    }

    @Test
    void aMissingFileIsReported() {
        CaseFormatException e = assertThrows(CaseFormatException.class, () -> CaseReader.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().contains("nope.json") && e.problem().contains("文件不存在"), e.getMessage());
    }

    @Test
    void twoCasesInOneFileAreRejected() throws Exception {
        CaseFormatException e = fail(VALID + VALID);
        assertTrue(e.problem().contains("JSONL"), e.getMessage());
    }

    @Test
    void aJsonlRecordReportsItsLineInTheFile() throws Exception {
        byte[] line = "{\"caseId\":\"x\",\"enterprise\":{\"name\":\"甲\",\"kind\":\"ENTERPRISE\",\"revenueWan\":-1}}"
                .getBytes(StandardCharsets.UTF_8);
        CaseFormatException e = assertThrows(CaseFormatException.class,
                () -> CaseReader.parse("pop.jsonl:42", line, 0, line.length, 41));
        assertEquals(42, e.line());
        assertNotNull(e.jsonPath());
    }
}
