package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import com.subsidyevaluator.io.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clause coverage matrix of the shipped rule set is complete, and a gap makes the command fail. */
class CoverageCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyClauseOfTheShippedRuleSetIsCovered() throws Exception {
        Run r = TestSupport.cli("coverage", "--rules", TestSupport.rulesDir().toString(),
                "--samples", TestSupport.samplesDir().toString(), "--format", "json");
        JsonNode rows = Json.mapper().readTree(r.out());
        assertEquals(57, rows.size());
        StringBuilder gaps = new StringBuilder();
        for (JsonNode row : rows) {
            if (!row.get("gaps").isEmpty()) {
                gaps.append("第").append(row.get("clause").asInt()).append("条 ").append(row.get("gaps")).append('\n');
            }
            boolean entitlement = row.get("kinds").toString().contains("ENTITLEMENT");
            assertTrue(entitlement ? !row.get("rules").isEmpty() : !row.get("noRule").asText().isBlank(),
                    "clause " + row.get("clause") + " has rules or says why not");
        }
        assertEquals("", gaps.toString());
        assertEquals(ExitCode.OK, r.exitCode(), r.err());
    }

    @Test
    void aClauseWithoutTestsFailsTheCoverageCheck() throws Exception {
        Path copy = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("rules"));
        Files.delete(copy.resolve("tests/12-rd-post-subsidy.yaml"));
        Run r = TestSupport.cli("coverage", "--rules", copy.toString(), "--samples", TestSupport.samplesDir().toString());
        assertEquals(ExitCode.CHECK_FAILED, r.exitCode());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("第12条") && l.contains("没有“符合”测试")), r.out());
    }

    @Test
    void theTextMatrixNamesRulesByFileAndLine() throws Exception {
        Run r = TestSupport.cli("coverage", "--rules", TestSupport.rulesDir().toString(),
                "--samples", TestSupport.samplesDir().toString());
        assertTrue(r.out().contains("02-science-and-technology.drl:"), r.out());
        assertTrue(r.out().contains("第31条 服务交通运输从业人员 [政府工作]"), r.out());
        String readme = Files.readString(TestSupport.projectDir().resolve("README.md"), StandardCharsets.UTF_8);
        assertTrue(readme.contains("subsidy coverage"));
    }
}
