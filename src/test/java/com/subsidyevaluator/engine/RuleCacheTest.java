package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.synthetic.Population;
import com.subsidyevaluator.synthetic.RuleHints;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled-rule cache: a hit gives the same rule set as compiling; stale or corrupt entries are rebuilt. */
class RuleCacheTest {

    @TempDir
    Path dir;
    static List<CaseFile> cases = new ArrayList<>();

    @BeforeAll
    static void cases() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new Population(8, RuleHints.of(TestSupport.shippedRules())).write(1500, out);
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            cases.add(CaseReader.parse("p", b, 0, b.length, 0));
        }
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            for (Path p : s.filter(com.subsidyevaluator.io.CaseFiles::isCaseFile).sorted().toList()) {
                cases.add(CaseReader.read(p));
            }
        }
    }

    private static String evaluateAll(RuleSet rules) throws Exception {
        StringBuilder s = new StringBuilder();
        for (EvaluationResult r : rules.evaluateAll(cases)) {
            s.append(Json.compact().writeValueAsString(r)).append('\n');
        }
        return s.toString();
    }

    @Test
    void aCachedRuleSetEvaluatesExactlyAsACompiledOne() throws Exception {
        RuleCache cache = RuleCache.at(dir.resolve("cache"));
        RuleSet first = cache.load(TestSupport.rulesDir());
        assertEquals(RuleCache.Outcome.MISS, cache.lastOutcome());
        RuleSet cached = cache.load(TestSupport.rulesDir());
        assertEquals(RuleCache.Outcome.HIT, cache.lastOutcome());
        RuleSet compiled = RuleSet.load(TestSupport.rulesDir());

        assertEquals(compiled.hash(), cached.hash());
        assertEquals(compiled.document(), cached.document());
        assertEquals(compiled.data(), cached.data());
        assertEquals(compiled.warnings(), cached.warnings());
        assertEquals(compiled.rules().size(), cached.rules().size());
        for (int i = 0; i < compiled.rules().size(); i++) {
            RuleDefinition a = compiled.rules().get(i);
            RuleDefinition b = cached.rules().get(i);
            assertEquals(describe(a), describe(b), a.name());
        }
        String expected = evaluateAll(compiled);
        assertEquals(expected, evaluateAll(cached));
        assertEquals(expected, evaluateAll(first));
    }

    private static String describe(RuleDefinition r) {
        StringBuilder s = new StringBuilder(r.name() + "|" + r.packageName() + "|" + r.clause() + "|" + r.title() + "|" + r.area()
                + "|" + r.department() + "|" + r.benefitKind() + "|" + r.amountWan() + "|" + r.amountNote() + "|"
                + r.amountParameter() + "|" + r.pool() + "|" + r.exclusiveGroup() + "|" + r.validFrom() + "|" + r.validTo()
                + "|" + r.file() + "|" + r.line() + "|" + r.subjectType() + "|" + new java.util.TreeMap<>(r.metadata()));
        for (Condition c : r.conditions()) {
            s.append("\n  ").append(c.text()).append('|').append(c.line()).append('|').append(c.column()).append('|')
                    .append(c.isScope()).append('|').append(c.fields().stream().map(FactModel.FieldInfo::name).toList())
                    .append('|').append(c.shape()).append('|').append(c.compiled() != null);
        }
        return s.toString();
    }

    @Test
    void changedRulesAreCompiledAgainUnderANewKey() throws Exception {
        Path rules = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("rules"));
        RuleCache cache = RuleCache.at(dir.resolve("cache"));
        RuleSet before = cache.load(rules);
        Path drl = rules.resolve("02-science-and-technology.drl");
        Files.writeString(drl, Files.readString(drl, StandardCharsets.UTF_8)
                .replace("@title(\"研发后补助\")", "@title(\"企业研发后补助\")"), StandardCharsets.UTF_8);
        RuleSet after = cache.load(rules);
        assertEquals(RuleCache.Outcome.MISS, cache.lastOutcome(), "an edited rule file is a new entry");
        assertNotEquals(before.hash(), after.hash());
        assertTrue(after.rules().stream().anyMatch(r -> r.title().equals("企业研发后补助")));
        assertEquals(RuleSet.load(rules).hash(), after.hash());
        cache.load(rules);
        assertEquals(RuleCache.Outcome.HIT, cache.lastOutcome());
    }

    @Test
    void aCorruptEntryIsIgnoredAndRebuilt() throws Exception {
        RuleCache cache = RuleCache.at(dir.resolve("cache"));
        cache.load(TestSupport.rulesDir());
        Path entry;
        try (Stream<Path> s = Files.list(dir.resolve("cache"))) {
            entry = s.filter(p -> p.toString().endsWith(".bin")).findFirst().orElseThrow();
        }
        byte[] b = Files.readAllBytes(entry);
        for (int i = b.length / 2; i < b.length / 2 + 64; i++) {
            b[i] ^= 0x5A;
        }
        Files.write(entry, b);
        RuleSet again = cache.load(TestSupport.rulesDir());
        assertEquals(RuleCache.Outcome.REJECTED, cache.lastOutcome(), "a damaged entry is not used");
        assertEquals(evaluateAll(RuleSet.load(TestSupport.rulesDir())), evaluateAll(again));
        cache.load(TestSupport.rulesDir());
        assertEquals(RuleCache.Outcome.HIT, cache.lastOutcome(), "and it was written again");

        Files.write(entry, new byte[] {1, 2, 3});
        cache.load(TestSupport.rulesDir());
        assertEquals(RuleCache.Outcome.REJECTED, cache.lastOutcome(), "a truncated entry is not used");
        Files.writeString(entry, "");
        cache.load(TestSupport.rulesDir());
        assertEquals(RuleCache.Outcome.REJECTED, cache.lastOutcome(), "an empty entry is not used");
    }

    @Test
    void theKeyCoversTheRulesTheFormatAndTheProgram() {
        assertNotEquals(RuleCache.key("sha256:a"), RuleCache.key("sha256:b"));
        assertEquals(RuleCache.key("sha256:a"), RuleCache.key("sha256:a"));
        assertTrue(RuleCache.codeFingerprint().length() > 8);
    }

    @Test
    void brokenRulesAreReportedAndNothingIsStored() throws Exception {
        Path rules = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("rules"));
        Files.writeString(rules.resolve("02-science-and-technology.drl"), "rule \"x\" when then", StandardCharsets.UTF_8);
        RuleCache cache = RuleCache.at(dir.resolve("cache"));
        assertThrows(RuleSetException.class, () -> cache.load(rules));
        assertTrue(!Files.exists(dir.resolve("cache")) || Files.list(dir.resolve("cache")).findAny().isEmpty());
    }
}
