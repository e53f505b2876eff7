package com.subsidyevaluator.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonLocation;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** JSON paths are found at their line and column, so that a value error names its place in the file. */
class JsonLocatorTest {

    private static final byte[] JSON = "{\n  \"caseId\": \"x\",\n  \"enterprise\": { \"revenueWan\": -5 },\n  \"farms\": [ {}, { \"areaMu\": 3 } ]\n}"
            .getBytes(StandardCharsets.UTF_8);

    private static JsonLocation at(String path) {
        return JsonLocator.locate(JSON, 0, JSON.length, path);
    }

    @Test
    void findsTopLevelNestedAndArrayPaths() {
        assertEquals(1, at("$").getLineNr());
        assertEquals(2, at("$.caseId").getLineNr());
        assertEquals(3, at("$.enterprise.revenueWan").getLineNr());
        assertEquals(33, at("$.enterprise.revenueWan").getColumnNr());
        assertEquals(4, at("$.farms[1].areaMu").getLineNr());
        assertNull(at("$.farms[2]"));
    }

    @Test
    void aCaseValueErrorNamesItsLine() {
        String json = "{\n  \"caseId\": \"x\", \"asOf\": \"2023-06-30\",\n  \"enterprise\": { \"name\": \"甲\", \"kind\": \"ENTERPRISE\",\n"
                + "    \"revenueWan\": -5 }\n}";
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        CaseFormatException e = org.junit.jupiter.api.Assertions.assertThrows(CaseFormatException.class,
                () -> CaseReader.parse("c.json", bytes, 0, bytes.length, 0));
        assertEquals("$.enterprise.revenueWan", e.jsonPath());
        assertEquals(4, e.line());
    }
}
