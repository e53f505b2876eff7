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

    @Test
    void aGeneratedPopulationInJsonLinesWrittenAsARegisterGivesTheSameOutcomes() throws Exception {
        String rules = TestSupport.rulesDir().toString();
        Path pop = dir.resolve("pop.jsonl");
        Run gen = TestSupport.cli("generate", "--count", "400", "--seed", "17", "--out", pop.toString(), "--rules", rules);
        assertEquals(ExitCode.OK, gen.exitCode(), gen.err());
        Path reg = dir.resolve("pop.xlsx");
        Run tpl = TestSupport.cli("template", "--out", reg.toString(), pop.toString());
        assertEquals(ExitCode.OK, tpl.exitCode(), tpl.err());
        assertEquals("登记表已写入 " + reg + "（400 个案例）", tpl.out().strip());
        Run a = TestSupport.cli("batch", pop.toString(), "--out", dir.resolve("a").toString(), "--rules", rules);
        Run b = TestSupport.cli("batch", reg.toString(), "--out", dir.resolve("b").toString(), "--rules", rules);
        assertEquals(ExitCode.OK, a.exitCode(), a.err());
        assertEquals(ExitCode.OK, b.exitCode(), b.err());
        assertEquals(Files.readString(dir.resolve("a/results.jsonl")), Files.readString(dir.resolve("b/results.jsonl")));
        assertEquals(Files.readString(dir.resolve("a/summary.json")), Files.readString(dir.resolve("b/summary.json")));
    }

    @Test
    void aBadLineOfAJsonLinesFileIsNamedAndNoRegisterIsWritten() throws Exception {
        Path pop = dir.resolve("bad.jsonl");
        String good = Files.readString(TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json"))
                .replaceAll("\\s*\n\\s*", " ");
        Files.writeString(pop, good + "\n" + good.replace("\"S01\"", "\"S01b\"").replace("\"revenueWan\"", "\"revenueWen\"") + "\n");
        Path reg = dir.resolve("bad.xlsx");
        Run tpl = TestSupport.cli("template", "--out", reg.toString(), pop.toString());
        assertEquals(ExitCode.BAD_INPUT, tpl.exitCode(), tpl.out());
        org.junit.jupiter.api.Assertions.assertTrue(tpl.err().contains(pop + ":2"), tpl.err());
        org.junit.jupiter.api.Assertions.assertFalse(Files.exists(reg));
    }
}
