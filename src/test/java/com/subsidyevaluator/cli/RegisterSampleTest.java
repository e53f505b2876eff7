package com.subsidyevaluator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * samples/register.xlsx is the shipped samples as a staff register (made by {@code subsidy template --out
 * samples/register.xlsx samples/}): a batch over it gives exactly the outcomes of the JSON samples. When a sample
 * changes, the register is made again with that command.
 */
class RegisterSampleTest {

    @TempDir
    Path dir;

    @Test
    void theShippedRegisterGivesTheSameOutcomesAsTheJsonSamples() throws Exception {
        String rules = TestSupport.rulesDir().toString();
        Run json = TestSupport.cli("batch", TestSupport.samplesDir().toString(), "--out", dir.resolve("json").toString(),
                "--rules", rules);
        Run xlsx = TestSupport.cli("batch", TestSupport.samplesDir().resolve("register.xlsx").toString(), "--out",
                dir.resolve("xlsx").toString(), "--rules", rules);
        assertEquals(ExitCode.OK, json.exitCode(), json.err());
        assertEquals(ExitCode.OK, xlsx.exitCode(), xlsx.err());
        assertEquals(json.out(), xlsx.out());
        assertEquals(Files.readString(dir.resolve("json/results.jsonl")), Files.readString(dir.resolve("xlsx/results.jsonl")));
        assertEquals(Files.readString(dir.resolve("json/summary.json")), Files.readString(dir.resolve("xlsx/summary.json")));
    }
}
