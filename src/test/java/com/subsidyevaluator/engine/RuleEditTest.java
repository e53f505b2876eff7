package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.TestSupport.Run;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A policy officer edits a DRL file and the next run sees the change: rules are read from disk, not built in. */
class RuleEditTest {

    @TempDir
    Path dir;

    @Test
    void changingAThresholdInACopyOfTheRulesChangesTheOutcome() throws Exception {
        String sample = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString();
        Run before = TestSupport.cli("evaluate", sample, "--rules", TestSupport.rulesDir().toString(), "--all");
        assertTrue(before.out().contains("[不符合] 第10条 重点研发项目经费支持 — 乐清市级重点研发计划项目「低压电器数字孪生平台」"),
                before.out());

        Path copy = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("rules"));
        Path drl = copy.resolve("02-science-and-technology.drl");
        String text = Files.readString(drl, StandardCharsets.UTF_8);
        String edited = text.replace("RdProgramme.YUEQING_KEY),\n                    approved == true, year == 2023",
                "RdProgramme.YUEQING_KEY),\n                    approved == true, year >= 2022");
        assertTrue(!edited.equals(text), "the edit applies");
        Files.writeString(drl, edited, StandardCharsets.UTF_8);

        Run after = TestSupport.cli("evaluate", sample, "--rules", copy.toString(), "--all");
        assertEquals(0, after.exitCode(), after.err());
        assertTrue(after.out().contains("[符合] 第10条 重点研发项目经费支持 — 乐清市级重点研发计划项目「低压电器数字孪生平台」"),
                after.out());
        assertTrue(!before.out().lines().filter(l -> l.startsWith("规则集")).findFirst()
                .equals(after.out().lines().filter(l -> l.startsWith("规则集")).findFirst()), "the content hash changes");
    }
}
