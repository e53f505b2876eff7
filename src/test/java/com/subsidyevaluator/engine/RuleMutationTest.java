package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated test of the sandbox's one known class of defect: whatever differs between the text the grammar
 * checked and the text Drools compiles is an escape (Drools' DRL lexer rewrites {@code 'a"b'} into
 * {@code "a"b"} without escaping the inner quote and rebuilds conditions, consequences and metadata from its
 * tokens). Starting from the shipped rules, thousands of variants are made with a fixed seed by swapping quote
 * kinds, hiding code in string literals, unicode escapes, comments, line endings, a BOM, duplicated or deleted
 * tokens, hostile conditions, metadata and statements. Each variant is either refused, or accepted with a
 * canonical text that holds no code, passes the grammar again, prints back to itself and is exactly what is
 * compiled; and nothing a payload would do (set a system property, create a file, exit the JVM) ever happens.
 *
 * <p>Each variant is one small rule file (one or two shipped rules under their file's header) checked by the
 * grammar directly; every accepted variant that carries a payload, and one in {@value #SAMPLE_EVERY} of the
 * others, is also loaded as a rule set beside the shipped yaml files, compiled by Drools and evaluated on a
 * sample case. A failure names the seed and the variant's number and mutations, so it can be reproduced.
 */
class RuleMutationTest {

    static final long SEED = 20231206L;
    static final int VARIANTS = 3200;
    static final int BATCH = 200;
    static final int SAMPLE_EVERY = 20;
    static final int EVALUATE_EVERY = 3;
    /** What the payloads set when they run. */
    static final String PROPERTY = "subsidy.mutant";
    /** The property a payload without quotes sets: {@code System.setProperty(Integer.toString(20231206), …)}. */
    static final String QUOTELESS_PROPERTY = "20231206";
    static final String FILE_NAME = "m.drl";
    /** Words of a payload that does something if it runs, or of a template that might run it. */
    static final List<String> EXECUTABLE_MARKERS = List.of(PROPERTY, QUOTELESS_PROPERTY, "pwned", "exit(", "halt(", "exec(",
            "forName", "getClass", "java.io", "java.lang", "System", "Runtime", "${", "@{", "#{");

    @TempDir
    Path tmp;

    private Path work;
    private final Set<Path> written = new TreeSet<>();

    @BeforeEach
    void nothingHasRunYet() {
        assertNull(System.getProperty(PROPERTY), "property " + PROPERTY + " is set before the test");
        assertNull(System.getProperty(QUOTELESS_PROPERTY), "property " + QUOTELESS_PROPERTY + " is set before the test");
        assertFalse(Files.exists(Path.of("pwned")), "a file 'pwned' exists in the working directory before the test");
    }

    // ------------------------------------------------------------------------------------------------ the three reproducers

    /** The three known escapes, each with a payload that would create a file in the temp dir and set a property. */
    private List<String> reproducers(Path target) {
        String touch = "java.lang.Runtime.getRuntime().exec(\"touch " + target + "\")";
        String property = "java.lang.System.setProperty(\"" + PROPERTY + "\", \"1\")";
        return List.of(
                rule("复现 单引号元数据", "@clause(\"12\") @tier(\"entitlement\") @title('t\" + " + touch + " + \"') @benefit(\"资金奖补\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE )", "outcome.eligible($e);"),
                rule("复现 单引号元数据 属性", "@clause(\"12\") @tier(\"entitlement\") @title('t\" + " + property + " + \"') @benefit(\"资金奖补\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE )", "outcome.eligible($e);"),
                rule("复现 单引号条件", "@clause(\"12\") @tier(\"entitlement\") @title(\"单引号条件\") @benefit(\"资金奖补\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, name != 'x\" + " + touch + " + \"' )",
                        "outcome.eligible($e);"),
                rule("复现 单引号条件 属性", "@clause(\"12\") @tier(\"entitlement\") @title(\"单引号条件\") @benefit(\"资金奖补\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, name != 'x\" + " + property + " + \"' )",
                        "outcome.eligible($e);"),
                rule("复现 单引号金额", "@clause(\"12\") @tier(\"entitlement\") @title(\"单引号金额\") @benefit(\"资金奖补\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, revenueWan > 0 )",
                        "outcome.eligible($e, new BigDecimal('1\" + (new java.io.File(\"" + target
                                + "\").mkdir() ? \"\" : \"\") + \"'));"),
                rule("复现 单引号金额 属性", "@clause(\"12\") @tier(\"entitlement\") @title(\"单引号金额\") @benefit(\"资金奖补\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, revenueWan > 0 )",
                        "outcome.eligible($e, new BigDecimal('1\" + (" + property + " == null ? \"\" : \"\") + \"'));"));
    }

    @Test
    void theThreeKnownSingleQuoteEscapesAreEachRefusedWithoutEffect() throws Exception {
        Path target = tmp.resolve("pwned");
        List<String> rules = reproducers(target);
        for (int i = 0; i < rules.size(); i++) {
            Path dir = TestSupport.copyTree(TestSupport.rulesDir(), tmp.resolve("rules-" + i));
            Files.writeString(dir.resolve("99-reproducer.drl"), header("test.reproducer") + rules.get(i), StandardCharsets.UTF_8);
            RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(dir), rules.get(i));
            assertTrue(e.problems().stream().anyMatch(p -> p.file().equals("99-reproducer.drl") && p.isError()),
                    "refused in the reproducer's file:\n" + e.getMessage());
            assertTrue(e.problems().stream().noneMatch(p -> p.engineText() != null && !p.message().startsWith("语法错误")),
                    "refused before Drools compiled anything:\n" + e.getMessage());
            assertFalse(Files.exists(target), "the reproducer created " + target + ":\n" + rules.get(i));
            assertFalse(Files.exists(Path.of("pwned")), "the reproducer created ./pwned");
            assertNull(System.getProperty(PROPERTY), "the reproducer set " + PROPERTY + ":\n" + rules.get(i));
        }
    }

    /** The reproducers are live: built by Drools without the sandbox, the single-quoted title runs while building. */
    @Test
    void withoutTheSandboxTheSingleQuotedTitleRunsItsCodeWhileDroolsBuilds() {
        String control = "subsidy.mutant.control";
        String drl = header("test.control") + rule("对照 单引号元数据",
                "@clause(\"12\") @tier(\"entitlement\") @title('t\" + java.lang.System.setProperty(\"" + control + "\", \"1\") + \"') @benefit(\"资金奖补\")",
                "$e : Enterprise( kind == ApplicantKind.ENTERPRISE )", "outcome.eligible($e);");
        try {
            var kb = org.kie.internal.builder.KnowledgeBuilderFactory.newKnowledgeBuilder();
            kb.add(org.kie.internal.io.ResourceFactory.newByteArrayResource(drl.getBytes(StandardCharsets.UTF_8)),
                    org.kie.api.io.ResourceType.DRL);
            assertEquals("1", System.getProperty(control), "the payload of a single-quoted title runs in plain Drools");
        } finally {
            System.clearProperty(control);
        }
    }

    // ------------------------------------------------------------------------------------------------ found by the mutants

    /** A rule set of the shipped yaml files and one rule file. */
    private Path ruleSetOf(String name, String drl) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        try (Stream<Path> s = Files.list(TestSupport.rulesDir())) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".yaml")).toList()) {
                Files.copy(p, dir.resolve(p.getFileName().toString()));
            }
        }
        Files.writeString(dir.resolve(FILE_NAME), drl, StandardCharsets.UTF_8);
        return dir;
    }

    /**
     * Found by the mutants: the grammar allows {@code ||} in a condition, but prints {@code a || b == true} as
     * {@code a == true || b == true == true} (the {@code == true} of a bare yes/no expression is appended to the
     * whole disjunction), which prints back with one more {@code == true} each time: the loader then refuses the
     * rule set with its internal error.
     */
    @Test
    void aConditionJoinedWithOrPrintsBackToItselfAndLoads() throws Exception {
        String drl = header("test.or") + rule("或", "@clause(\"12\") @tier(\"entitlement\") @title(\"或\") @benefit(\"资金奖补\")",
                "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, highTech == true || revenueWan > 100 )",
                "outcome.eligible($e);");
        DrlParser parser = new DrlParser();
        PackageDescr pd = parser.parse(null, drl);
        assertFalse(parser.hasErrors(), String.valueOf(parser.getErrors()));
        RuleGrammar.Result r = RuleGrammar.check(FILE_NAME, drl, pd, List.copyOf(FactModel.FACT_TYPES), null);
        assertTrue(r.accepted(), () -> r.problems().toString());
        assertNull(recheck(r.canonical()), () -> "the canonical text " + recheck(r.canonical()) + "\n  canonical:\n"
                + indent(r.canonical()));
        RuleSet rs = RuleSet.load(ruleSetOf("or", drl));
        assertEquals(1, rs.rules().size());
    }

    /**
     * Found by the mutants: when the pattern's type is not known (not imported, or misspelt), an amount that reads a
     * field of the subject makes RuleGrammar.check throw a NullPointerException (amountField with no subject), so
     * loading the rule set throws it instead of reporting the problem.
     */
    @Test
    void anAmountOverAFactTypeThatIsNotImportedIsRefusedNotAnException() throws Exception {
        String notImported = "package test.npe;\n\nimport java.math.BigDecimal;\n\n"
                + "global com.subsidyevaluator.engine.OutcomeRecorder outcome;\n\n"
                + rule("未导入", "@clause(\"12\") @tier(\"entitlement\") @title(\"未导入\") @benefit(\"资金奖补\")", "$e : Enterprise( revenueWan > 0 )",
                        "outcome.eligible($e, $e.revenueWan().min(BigDecimal.TEN));");
        String misspelt = header("test.npe") + rule("拼错", "@clause(\"12\") @tier(\"entitlement\") @title(\"拼错\") @benefit(\"资金奖补\")",
                "$e : Enterprse( revenueWan > 0 )", "outcome.eligible($e, $e.revenueWan().min(BigDecimal.TEN));");
        int i = 0;
        for (String drl : List.of(notImported, misspelt)) {
            Path dir = ruleSetOf("npe-" + i++, drl);
            RuleSetException e = assertThrows(RuleSetException.class, () -> RuleSet.load(dir), drl);
            assertTrue(e.problems().stream().anyMatch(p -> p.message().contains("Enterpr")), e.getMessage());
        }
    }

    /**
     * Found by the mutants: the grammar checks only the longest first part of a condition or a metadata value that
     * parses as an expression, and drops the rest without a word. Drools' lexer turns {@code 'x" … "'} into
     * {@code "x" … ""}, of which only {@code name != "x"} is checked (and compiled); {@code @title("a" "b")} is
     * checked and compiled as {@code "a"}, while the loader takes the rule's title from the file: {@code a" "b}.
     * Nothing dropped is compiled, but what is compiled is not what the file says, and explanations show the
     * dropped text as the rule's condition.
     */
    @Test
    void aConditionOrAMetadataValueIsCheckedWholeNotOnlyItsFirstExpression() throws Exception {
        String meta = "@clause(\"12\") @tier(\"entitlement\") @title(\"截断\") @benefit(\"资金奖补\")";
        List<String> rules = List.of(
                rule("截断 条件", meta, "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, name != 'x\" java.lang.System.exit(7) \"' )",
                        "outcome.eligible($e);"),
                rule("截断 元数据", "@clause(\"12\") @tier(\"entitlement\") @title(\"a\" \"b\") @benefit(\"资金奖补\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE )", "outcome.eligible($e);"),
                rule("截断 说明", meta + " @amountNote(\"按 \" \"文件\")", "$e : Enterprise( kind == ApplicantKind.ENTERPRISE )",
                        "outcome.eligible($e);"));
        int i = 0;
        for (String r : rules) {
            Path dir = ruleSetOf("truncated-" + i++, header("test.truncated") + r);
            RuleSet loaded;
            try {
                loaded = RuleSet.load(dir);
            } catch (RuleSetException refused) {
                continue;
            }
            RuleDefinition d = loaded.rules().get(0);
            fail("loaded, compiled as\n" + indent(RuleSetLoader.compiledTexts(dir).get(FILE_NAME)) + "\n  with title "
                    + d.title() + ", metadata " + d.metadata() + " and conditions "
                    + d.conditions().stream().map(Condition::text).toList() + ", from\n" + indent(r));
        }
    }

    // ------------------------------------------------------------------------------------------------ the generated test

    @Test
    void everyMutantIsRefusedOrCompilesToWhatWasChecked() throws Exception {
        long start = System.nanoTime();
        work = Files.createDirectories(tmp.resolve("work"));
        written.add(work);
        try (Stream<Path> s = Files.list(TestSupport.rulesDir())) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                Path to = work.resolve(p.getFileName().toString());
                Files.copy(p, to);
                written.add(to);
            }
        }
        written.add(work.resolve(FILE_NAME));
        Probe probe = new Probe(largestPool(),
                CaseReader.read(TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json")));
        Mutator mutator = new Mutator(new Random(SEED), seeds(), tmp.toString());
        Stats stats = probe.stats;
        List<Failure> failures = new ArrayList<>();

        for (int from = 0; from < VARIANTS; from += BATCH) {
            int first = from;
            int last = Math.min(VARIANTS, from + BATCH);
            assertTimeout(Duration.ofSeconds(30), () -> {
                for (int i = first; i < last; i++) {
                    Variant v = mutator.next(i);
                    Failure f = probe.run(v);
                    String effect = effects();
                    if (effect != null) {
                        // stop at once: what ran may have changed this JVM
                        failures.add(new Failure("RAN CODE", v, effect + (f == null ? "" : "; " + f.detail())));
                        fail(report(failures, null));
                    }
                    if (f != null) {
                        failures.add(f);
                    }
                }
            }, () -> "a batch of variants (from #" + first + ", seed " + SEED + ") took more than 30 s: a hang");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        String summary = String.format(java.util.Locale.ROOT,
                "RuleMutationTest seed=%d variants=%d refused=%d accepted=%d compiled=%d evaluated=%d seconds=%.1f"
                        + " (refused by the loader after the grammar: %d; with a payload: %d, accepted %d; failed: %d;"
                        + " slowest check %.0f ms; checking %.1f s, compiling %.1f s)",
                SEED, stats.variants, stats.refused, stats.accepted, stats.compiled, stats.evaluated, seconds,
                stats.refusedByLoader, stats.withPayload, stats.acceptedWithPayload, failures.size(),
                stats.slowestNanos / 1e6, stats.checkNanos / 1e9, stats.compileNanos / 1e9);
        System.out.println(summary);
        System.out.println("RuleMutationTest mutations applied: " + new java.util.TreeMap<>(mutator.counts));
        System.out.println("RuleMutationTest accepted variants by mutation: " + stats.acceptedByMutation);

        assertTrue(failures.isEmpty(), () -> report(failures, probe));
        assertNull(effects());
        Set<Path> extra = treeOf(tmp);
        extra.removeAll(written);
        assertEquals(Set.of(), extra, "files in the temp dir other than those the test wrote (seed " + SEED + ")");
        assertTrue(stats.variants >= 3000, summary);
        assertTrue(stats.accepted >= 100, "too few variants accepted for the test to mean anything: " + summary);
        assertTrue(stats.refused >= 100, "too few variants refused for the test to mean anything: " + summary);
        assertTrue(stats.compiled >= 50, "too few variants compiled: " + summary);
        assertTrue(stats.acceptedWithPayload >= 10, "too few accepted variants carry a payload: " + summary);
    }

    static BigDecimal largestPool() {
        return TestSupport.shippedRules().data().budgets().stream().map(PolicyData.BudgetPool::amountWan)
                .filter(java.util.Objects::nonNull).max(BigDecimal::compareTo).orElse(null);
    }

    /** A variant that misbehaved: what kind of misbehaviour (to group them), and the details. */
    record Failure(String kind, Variant variant, String detail) {
    }

    /**
     * The failures grouped by kind, each with its shortest variant (minimised when {@code probe} is given: not after
     * a payload ran), then the others in short.
     */
    private String report(List<Failure> failures, Probe probe) {
        Map<String, List<Failure>> byKind = new java.util.TreeMap<>();
        for (Failure f : failures) {
            byKind.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f);
        }
        StringBuilder s = new StringBuilder("seed " + SEED + ": " + failures.size() + " of the variants failed, "
                + byKind.size() + " kinds of failure:\n");
        byKind.forEach((kind, list) -> s.append("  ").append(list.size()).append(" × ").append(kind).append('\n'));
        byKind.forEach((kind, list) -> {
            List<Failure> shortest = list.stream()
                    .sorted(java.util.Comparator.comparingInt((Failure f) -> f.variant().text().length())).toList();
            Failure first = shortest.get(0);
            s.append("\n=== ").append(kind).append(" (").append(list.size()).append(" variants, e.g. #")
                    .append(list.stream().limit(10).map(f -> String.valueOf(f.variant().index())).collect(Collectors.joining(", #")))
                    .append(")\n");
            s.append(describe(first.variant())).append("\n  ").append(first.detail()).append('\n');
            if (probe != null) {
                String minimal = probe.minimise(first);
                s.append("  minimised (fails the same way):\n").append(indent(minimal)).append('\n');
            }
            s.append("  the others, in short:\n");
            for (Failure f : shortest.subList(1, Math.min(shortest.size(), 25))) {
                String line = f.detail().lines().findFirst().orElse("");
                s.append("    #").append(f.variant().index()).append(' ').append(f.variant().mutations()).append(": ")
                        .append(line.length() > 300 ? line.substring(0, 300) + "…" : line).append('\n');
            }
        });
        return s.toString();
    }

    /** Checks variants like the loader would, and counts what happened. */
    final class Probe {

        final BigDecimal largestPool;
        final CaseFile sample;
        final Stats stats = new Stats();

        Probe(BigDecimal largestPool, CaseFile sample) {
            this.largestPool = largestPool;
            this.sample = sample;
        }

        /** What one variant did wrong, or null when it behaved: refused, or accepted with a clean canonical text. */
        Failure run(Variant v) {
            stats.variants++;
            boolean payload = v.hasPayload();
            if (payload) {
                stats.withPayload++;
            }
            long t0 = System.nanoTime();
            DrlParser parser = new DrlParser();
            PackageDescr pd;
            try {
                pd = parser.parse(null, v.text());
            } catch (Exception e) {
                // the loader reports an exception of the parser as a problem of the file: a refusal
                stats.refused++;
                return slow(v, t0);
            } catch (Throwable e) {
                return new Failure("the DRL parser threw " + e.getClass().getSimpleName(), v, stackOf(e));
            }
            if (pd == null || parser.hasErrors()) {
                stats.refused++;
                return slow(v, t0);
            }
            RuleGrammar.Result r;
            try {
                r = RuleGrammar.check(FILE_NAME, v.text(), pd, List.copyOf(FactModel.FACT_TYPES), largestPool);
            } catch (Throwable e) {
                return new Failure("RuleGrammar.check threw " + e.getClass().getSimpleName(), v, "RuleGrammar.check threw "
                        + stackOf(e));
            }
            Failure slow = slow(v, t0);
            if (slow != null) {
                return slow;
            }
            if (!r.accepted()) {
                stats.refused++;
                if (r.canonical() != null) {
                    return new Failure("refused, but printed canonical text", v, "canonical:\n" + indent(r.canonical()));
                }
                return null;
            }
            stats.accepted++;
            for (String m : new LinkedHashSet<>(v.mutations())) {
                stats.acceptedByMutation.merge(m, 1, Integer::sum);
            }
            if (payload) {
                stats.acceptedWithPayload++;
            }
            String canonical = r.canonical();
            if (canonical == null) {
                return new Failure("accepted without canonical text", v, "");
            }
            String dirty = dirt(canonical);
            if (dirty != null) {
                return new Failure("ACCEPTED, but the canonical text is not plain", v, "the canonical text " + dirty + ":\n"
                        + indent(canonical));
            }
            String again = recheck(canonical);
            if (again != null) {
                return new Failure("ACCEPTED, but the canonical text " + again.lines().findFirst().orElse(""), v,
                        "the canonical text " + again + "\n  canonical:\n" + indent(canonical));
            }
            String lost = lost(pd, canonical);
            if (lost != null) {
                return new Failure("ACCEPTED, but the canonical text does not say all the file says", v, lost
                        + "\n  canonical:\n" + indent(canonical));
            }
            if (!payload && v.index() % SAMPLE_EVERY != 0) {
                return null;
            }
            return compile(v, canonical);
        }

        /** Compiled (and some evaluated) as a rule set, like a rule file the program loads. */
        private Failure compile(Variant v, String canonical) {
            try {
                Files.writeString(work.resolve(FILE_NAME), v.text(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Map<String, String> compiled;
            long c0 = System.nanoTime();
            try {
                compiled = RuleSetLoader.compiledTexts(work);
            } catch (RuleSetException e) {
                // the loader's own checks (clause, title, benefit, names) refuse it: nothing compiled
                stats.refusedByLoader++;
                return null;
            } catch (Throwable e) {
                return new Failure("RuleSetLoader.compiledTexts threw " + e.getClass().getSimpleName(), v, stackOf(e));
            } finally {
                stats.compileNanos += System.nanoTime() - c0;
            }
            stats.compiled++;
            if (!canonical.equals(compiled.get(FILE_NAME))) {
                return new Failure("COMPILED TEXT DIFFERS from the checked canonical text", v, "canonical:\n"
                        + indent(canonical) + "\n  compiled:\n" + indent(String.valueOf(compiled.get(FILE_NAME))));
            }
            // every compiled variant whose canonical text still holds a payload's words (inside strings), and
            // one in EVALUATE_EVERY of the others, is loaded and evaluated
            if (EXECUTABLE_MARKERS.stream().noneMatch(canonical::contains)
                    && stats.compiled % EVALUATE_EVERY != 0) {
                return null;
            }
            try {
                RuleSet rs = RuleSet.load(work);
                String differs = metadataDiffers(rs, canonical);
                if (differs != null) {
                    return new Failure("LOADED METADATA DIFFERS from the checked canonical text", v, differs
                            + "\n  canonical:\n" + indent(canonical));
                }
                assertNotNull(rs.evaluate(sample));
                stats.evaluated++;
            } catch (Throwable e) {
                return new Failure("compiled, but loading or evaluating the sample case threw " + e.getClass().getSimpleName(),
                        v, stackOf(e) + "\n  canonical:\n" + indent(canonical));
            }
            return null;
        }

        private Failure slow(Variant v, long t0) {
            long took = System.nanoTime() - t0;
            stats.checkNanos += took;
            stats.slowestNanos = Math.max(stats.slowestNanos, took);
            return took > 2_000_000_000L ? new Failure("parsing and checking took more than 2 s", v, took / 1_000_000 + " ms")
                    : null;
        }

        /** The failure's variant with as many lines, then words, removed as possible while it fails the same way. */
        String minimise(Failure failure) {
            String text = failure.variant().text();
            long deadline = System.nanoTime() + 10_000_000_000L;
            for (String unit : List.of("line", "annotation", "condition", "token", "line", "condition", "token")) {
                List<int[]> parts = parts(unit, text);
                // from the end, so that the parts before one removed stay where they are
                for (int i = parts.size() - 1; i >= 0 && System.nanoTime() < deadline; i--) {
                    int[] p = parts.get(i);
                    String shorter = text.substring(0, p[0]) + text.substring(p[1]);
                    Failure again = quietly(new Variant(failure.variant().index(), "minimised", List.of(),
                            failure.variant().original(), shorter));
                    if (again != null && again.kind().equals(failure.kind())) {
                        text = shorter;
                        parts = parts(unit, text);
                        i = Math.min(i, parts.size());
                    }
                }
            }
            return text;
        }

        /** The parts of a text the minimiser tries to remove: lines, annotations, conditions (with a comma), tokens. */
        private static List<int[]> parts(String unit, String text) {
            return switch (unit) {
                case "line" -> lines(text);
                case "annotation" -> Mutator.annotations(text).stream().map(a -> new int[] {a[0], a[2]}).toList();
                case "condition" -> {
                    List<int[]> spans = Mutator.conditionSpans(text);
                    List<int[]> out = new ArrayList<>();
                    for (int i = 0; i < spans.size(); i++) {
                        // a condition and the comma before it; the first with the comma after it
                        out.add(i == 0 ? new int[] {spans.get(0)[0], spans.size() > 1 ? spans.get(1)[0] : spans.get(0)[1]}
                                : new int[] {spans.get(i - 1)[1], spans.get(i)[1]});
                    }
                    yield out;
                }
                default -> lex(text).stream().filter(k -> k.kind() != Kind.SPACE).map(k -> new int[] {k.start(), k.end()})
                        .toList();
            };
        }

        private Failure quietly(Variant v) {
            Stats kept = new Stats();
            copy(stats, kept);
            try {
                return run(v);
            } catch (Throwable e) {
                return null;
            } finally {
                copy(kept, stats);
            }
        }
    }

    private static void copy(Stats from, Stats to) {
        to.variants = from.variants;
        to.refused = from.refused;
        to.accepted = from.accepted;
        to.compiled = from.compiled;
        to.evaluated = from.evaluated;
        to.refusedByLoader = from.refusedByLoader;
        to.withPayload = from.withPayload;
        to.acceptedWithPayload = from.acceptedWithPayload;
        to.slowestNanos = from.slowestNanos;
        to.checkNanos = from.checkNanos;
        to.compileNanos = from.compileNanos;
    }

    private static List<int[]> lines(String text) {
        List<int[]> out = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(new int[] {from, i + 1});
                from = i + 1;
            }
        }
        if (from < text.length()) {
            out.add(new int[] {from, text.length()});
        }
        return out;
    }

    /** Why the canonical text is not plain (code hidden in it, a character a string cannot hold), or null. */
    static String dirt(String canonical) {
        StringBuilder code = new StringBuilder();
        Matcher m = Pattern.compile("\"([^\"\\n]*)\"").matcher(canonical);
        int at = 0;
        while (m.find()) {
            code.append(canonical, at, m.start()).append("\"\"");
            String problem = RuleGrammar.stringProblem(m.group(1));
            if (problem != null) {
                return "has a string " + m.group() + " that " + problem;
            }
            at = m.end();
        }
        code.append(canonical.substring(at));
        String outside = code.toString();
        for (String marker : List.of("System", "Runtime", "exec", "java.io", "java.lang", "setProperty", "getClass",
                "forName", "new ", "\\", "'", "\"", "/*", "//", "\r", "${", "@{", "#{", "\ufeff")) {
            // a lone quote outside the string literals means a string that did not close
            if (outside.replace("\"\"", "").contains(marker)) {
                return "holds '" + marker.replace("\r", "\\r") + "' outside its string literals";
            }
        }
        for (int i = 0; i < outside.length(); i++) {
            char c = outside.charAt(i);
            if (c != '\n' && Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                return "holds U+" + String.format("%04X", (int) c) + " outside its string literals";
            }
        }
        Matcher rules = Pattern.compile("\nwhen\n(.*?)\nthen\n(.*?)\nend\n", Pattern.DOTALL).matcher(outside);
        int count = 0;
        while (rules.find()) {
            count++;
            if (rules.group(1).contains(";")) {
                return "has ';' inside a condition";
            }
            String then = rules.group(2).strip();
            if (!then.startsWith("outcome.eligible(") || !then.endsWith(");") || then.indexOf(';') != then.length() - 1) {
                return "has a consequence other than one call of outcome.eligible: " + then;
            }
        }
        if (count == 0) {
            return "has no rule";
        }
        return null;
    }

    /** Null when the canonical text parses, passes the grammar again and prints back to itself; else why not. */
    static String recheck(String canonical) {
        DrlParser parser = new DrlParser();
        PackageDescr pd;
        try {
            pd = parser.parse(null, canonical);
        } catch (Exception e) {
            return "does not parse: " + e;
        }
        if (pd == null || parser.hasErrors()) {
            return "does not parse: " + parser.getErrors();
        }
        RuleGrammar.Result again = RuleGrammar.recheck(FILE_NAME, canonical, pd, List.copyOf(FactModel.FACT_TYPES));
        if (!again.accepted()) {
            return "is refused when checked again: " + again.problems().stream().map(RuleProblem::format)
                    .collect(Collectors.joining("; "));
        }
        if (!canonical.equals(again.canonical())) {
            return "prints back differently:\n" + indent(again.canonical());
        }
        return null;
    }

    /** Words the consequence is written with that the canonical text says otherwise (BigDecimal.TEN is number("10")). */
    private static final Set<String> RESPELT = Set.of("new", "BigDecimal", "valueOf", "ZERO", "ONE", "TEN", "RoundingMode",
            "java", "math");

    /**
     * What the rule file says that its canonical text does not, or null: every name, number and string of each
     * rule's metadata, pattern, conditions and consequence, as Drools' parser read them from the file, must be in
     * the canonical text of that rule. (The canonical text only adds: calls to Values, == true, quotes.) A part of
     * the file that the checker skipped, rather than checked, shows up here.
     */
    static String lost(PackageDescr written, String canonical) {
        PackageDescr printed;
        try {
            printed = new DrlParser().parse(null, canonical);
        } catch (Exception e) {
            return "the canonical text does not parse";
        }
        Map<String, RuleDescr> byName = new java.util.LinkedHashMap<>();
        for (RuleDescr r : printed.getRules()) {
            byName.put(r.getName(), r);
        }
        if (byName.size() != written.getRules().size()) {
            return "the file has " + written.getRules().size() + " rules, the canonical text " + byName.size();
        }
        for (RuleDescr r : written.getRules()) {
            RuleDescr p = byName.get(r.getName());
            if (p == null) {
                return "rule " + r.getName() + " is not in the canonical text";
            }
            for (String part : List.of("metadata", "pattern", "consequence")) {
                Map<String, Integer> have = new java.util.HashMap<>();
                for (String w : words(part, p)) {
                    have.merge(w, 1, Integer::sum);
                }
                List<String> missing = new ArrayList<>();
                for (String w : words(part, r)) {
                    if (have.merge(w, -1, Integer::sum) < 0 && !(part.equals("consequence") && RESPELT.contains(w))) {
                        missing.add(w);
                    }
                }
                if (!missing.isEmpty()) {
                    return "lost " + missing + " of the " + part + " of rule \"" + r.getName() + "\" (the file's " + part
                            + " as Drools read it: " + partText(part, r) + ")";
                }
            }
        }
        return null;
    }

    private static List<String> partText(String part, RuleDescr r) {
        List<String> out = new ArrayList<>();
        switch (part) {
            case "metadata" -> {
                for (org.drools.drl.ast.descr.AnnotationDescr a : r.getAnnotations()) {
                    a.getValueMap().values().forEach(v -> out.add(String.valueOf(v)));
                }
            }
            case "pattern" -> {
                for (org.drools.drl.ast.descr.BaseDescr d : r.getLhs().getDescrs()) {
                    if (d instanceof org.drools.drl.ast.descr.PatternDescr pat) {
                        String type = String.valueOf(pat.getObjectType());
                        out.add(String.valueOf(pat.getIdentifier()));
                        out.add(type.substring(type.lastIndexOf('.') + 1));
                        for (org.drools.drl.ast.descr.BaseDescr c : pat.getConstraint().getDescrs()) {
                            out.add(c instanceof org.drools.drl.ast.descr.ExprConstraintDescr e ? e.getExpression() : c.getText());
                        }
                    } else {
                        out.add(d.getText());
                    }
                }
            }
            default -> out.add(String.valueOf(r.getConsequence()));
        }
        return out;
    }

    /** The names, numbers and string contents of a part of a rule. */
    private static List<String> words(String part, RuleDescr r) {
        List<String> out = new ArrayList<>();
        for (String text : partText(part, r)) {
            if (text == null) {
                continue;
            }
            for (Tok k : lex(text)) {
                String s = text.substring(k.start(), k.end());
                switch (k.kind()) {
                    case IDENT, NUMBER -> out.add(s);
                    case DQ, SQ -> out.add(s.length() >= 2 && s.charAt(s.length() - 1) == s.charAt(0)
                            ? s.substring(1, s.length() - 1) : s.substring(1));
                    default -> { }
                }
            }
        }
        return out;
    }

    /** Null when each loaded rule's metadata are those of its canonical text (what was checked); else how not. */
    static String metadataDiffers(RuleSet rs, String canonical) {
        PackageDescr printed;
        try {
            printed = new DrlParser().parse(null, canonical);
        } catch (Exception e) {
            return "the canonical text does not parse";
        }
        for (RuleDescr r : printed.getRules()) {
            Map<String, String> checked = new java.util.TreeMap<>();
            for (org.drools.drl.ast.descr.AnnotationDescr a : r.getAnnotations()) {
                checked.put(a.getName(), RuleGrammar.unquote(String.valueOf(a.getValue())));
            }
            RuleDefinition d = rs.rules().stream().filter(x -> x.name().equals(r.getName())).findFirst().orElse(null);
            if (d == null) {
                return "rule " + r.getName() + " was not loaded";
            }
            if (!checked.equals(new java.util.TreeMap<>(d.metadata()))) {
                return "rule \"" + r.getName() + "\" was loaded with metadata " + new java.util.TreeMap<>(d.metadata())
                        + ", but checked and compiled with " + checked;
            }
        }
        return null;
    }

    /** What a payload did (a property set, a file created in the temp dir or the working dir), or null. */
    private String effects() {
        List<String> found = new ArrayList<>();
        for (String p : List.of(PROPERTY, QUOTELESS_PROPERTY)) {
            if (System.getProperty(p) != null) {
                found.add("system property " + p + " = " + System.getProperty(p));
                System.clearProperty(p);
            }
        }
        if (Files.exists(Path.of("pwned"))) {
            found.add("created ./pwned");
        }
        Set<Path> now = treeOf(tmp);
        now.removeAll(written);
        if (!now.isEmpty()) {
            found.add("created " + now);
        }
        return found.isEmpty() ? null : String.join("; ", found);
    }

    private static Set<Path> treeOf(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String describe(Variant v) {
        return "variant #" + v.index() + " (seed " + SEED + ", from " + v.origin() + ", mutations " + v.mutations()
                + "):\n" + indent(v.text());
    }

    private static String indent(String s) {
        return s.lines().map(l -> "    | " + l.replace("\r", "\\r").replace("\ufeff", "<BOM>")).collect(Collectors.joining("\n"));
    }

    private static String stackOf(Throwable e) {
        StringBuilder s = new StringBuilder(e.toString());
        StackTraceElement[] st = e.getStackTrace();
        for (int i = 0; i < Math.min(8, st.length); i++) {
            s.append("\n      at ").append(st[i]);
        }
        return s.toString();
    }

    static final class Stats {
        int variants;
        int refused;
        int accepted;
        int compiled;
        int evaluated;
        int refusedByLoader;
        int withPayload;
        int acceptedWithPayload;
        long slowestNanos;
        long checkNanos;
        long compileNanos;
        final Map<String, Integer> acceptedByMutation = new java.util.TreeMap<>();
    }

    // ------------------------------------------------------------------------------------------------ seeds

    /** One or more rules with the header of the file they come from. */
    record Seed(String origin, String header, List<String> rules) {
    }

    record Variant(int index, String origin, List<String> mutations, String original, String text) {

        /** Whether a mutation put something in that would have an effect if it ran, or hides code from a reader. */
        boolean hasPayload() {
            return Mutator.PAYLOAD_MARKERS.stream().anyMatch(m -> count(text, m) > count(original, m));
        }

        private static int count(String s, String m) {
            int n = 0;
            for (int i = s.indexOf(m); i >= 0; i = s.indexOf(m, i + 1)) {
                n++;
            }
            return n;
        }
    }

    static String header(String pkg) {
        return "package " + pkg + ";\n\nimport com.subsidyevaluator.model.*;\nimport java.math.BigDecimal;\n"
                + "import java.math.RoundingMode;\n\nglobal com.subsidyevaluator.engine.OutcomeRecorder outcome;\n\n";
    }

    static String rule(String name, String metadata, String pattern, String consequence) {
        return "rule \"" + name + "\"\n    " + metadata + "\nwhen\n    " + pattern + "\nthen\n    " + consequence + "\nend\n";
    }

    private static final Pattern RULE_BLOCK = Pattern.compile("(?ms)^rule \".*?^end[ \\t]*$");

    /** Each shipped rule file's rules under its own header, and a few rules with strings and amounts. */
    static List<Seed> seeds() throws IOException {
        List<Seed> seeds = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestSupport.rulesDir())) {
            for (Path file : s.filter(p -> p.toString().endsWith(".drl")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher m = RULE_BLOCK.matcher(text);
                List<String> rules = new ArrayList<>();
                int firstRule = -1;
                while (m.find()) {
                    if (firstRule < 0) {
                        firstRule = m.start();
                    }
                    // the comment above a rule goes with it
                    int from = m.start();
                    String before = text.substring(0, from);
                    int commentStart = before.length();
                    List<String> lines = before.lines().toList();
                    for (int i = lines.size() - 1; i >= 0 && lines.get(i).startsWith("//"); i--) {
                        commentStart -= lines.get(i).length() + 1;
                    }
                    rules.add(text.substring(Math.max(commentStart, 0), m.end()) + "\n");
                }
                String head = text.substring(0, text.indexOf("\nglobal ") + 1).replace("import com.subsidyevaluator.model.*;\n",
                        "import com.subsidyevaluator.model.*;\nimport java.math.BigDecimal;\nimport java.math.RoundingMode;\n")
                        + "global com.subsidyevaluator.engine.OutcomeRecorder outcome;\n\n";
                seeds.add(new Seed(file.getFileName().toString(), head, rules));
            }
        }
        String meta = "@clause(\"12\") @tier(\"entitlement\") @title(\"检查\") @benefit(\"资金奖补\")";
        seeds.add(new Seed("written", header("test.mutants"), List.of(
                rule("检查 名称与金额", meta + " @note(\"按营业收入的百分之一计算，最多50万元\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, revenueWan >= 100,\n"
                                + "                     name.startsWith(\"乐清\"), name != \"某公司\", rdExpenseWan > 0 )",
                        "outcome.eligible($e, $e.revenueWan().multiply(new BigDecimal(\"0.01\")).min(new BigDecimal(\"50\")));"),
                rule("检查 文字条件", meta,
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, name contains \"电气\", name.length() > 2,\n"
                                + "                     specialisedLevel in (SpecialisedLevel.PROVINCIAL, SpecialisedLevel.NATIONAL) )",
                        "outcome.eligible($e, new BigDecimal(\"5\").min(new BigDecimal(\"10\")));"),
                rule("检查 舍入", meta + " @amountNote(\"按研发费用的百分之十\")",
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, rdExpenseWan >= 0, revenueWan / 3 > 1 )",
                        "outcome.eligible($e, $e.rdExpenseWan().divide(new BigDecimal(\"3\")).setScale(2, RoundingMode.HALF_UP)"
                                + ".min(BigDecimal.TEN));"),
                rule("检查 否定", meta,
                        "$e : Enterprise( kind == ApplicantKind.ENTERPRISE, !(revenueWan > 100000),\n"
                                + "                     name.endsWith(\"公司\") || highTech == true )",
                        "outcome.eligible($e);"))));
        return seeds;
    }

    // ------------------------------------------------------------------------------------------------ mutations

    enum Kind { DQ, SQ, LINE_COMMENT, BLOCK_COMMENT, IDENT, NUMBER, PUNCT, SPACE }

    enum Region { HEADER, META, CONDITION, CONSEQUENCE }

    record Tok(Kind kind, int start, int end, Region region) {
    }

    /** A rough DRL lexer, only to choose where to mutate: strings, comments, words, punctuation and their region. */
    static List<Tok> lex(String s) {
        List<Tok> out = new ArrayList<>();
        Region region = Region.HEADER;
        int i = 0;
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            int j = i + 1;
            Kind k;
            if (c == '/' && j < n && s.charAt(j) == '/') {
                while (j < n && s.charAt(j) != '\n' && s.charAt(j) != '\r') {
                    j++;
                }
                k = Kind.LINE_COMMENT;
            } else if (c == '/' && j < n && s.charAt(j) == '*') {
                int close = s.indexOf("*/", j + 1);
                j = close < 0 ? n : close + 2;
                k = Kind.BLOCK_COMMENT;
            } else if (c == '"' || c == '\'') {
                while (j < n && s.charAt(j) != c && s.charAt(j) != '\n') {
                    j += s.charAt(j) == '\\' ? 2 : 1;
                }
                j = Math.min(n, j + 1);
                k = c == '"' ? Kind.DQ : Kind.SQ;
            } else if (Character.isWhitespace(c)) {
                while (j < n && Character.isWhitespace(s.charAt(j))) {
                    j++;
                }
                k = Kind.SPACE;
            } else if (Character.isJavaIdentifierStart(c)) {
                while (j < n && Character.isJavaIdentifierPart(s.charAt(j))) {
                    j++;
                }
                k = Kind.IDENT;
                String w = s.substring(i, j);
                if (w.equals("rule") && region != Region.CONSEQUENCE) {
                    region = Region.META;
                } else if (w.equals("when") && region == Region.META) {
                    region = Region.CONDITION;
                } else if (w.equals("then") && region == Region.CONDITION) {
                    region = Region.CONSEQUENCE;
                } else if (w.equals("end") && region == Region.CONSEQUENCE) {
                    out.add(new Tok(k, i, j, region));
                    region = Region.HEADER;
                    i = j;
                    continue;
                }
            } else if (Character.isDigit(c)) {
                while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.')) {
                    j++;
                }
                k = Kind.NUMBER;
            } else {
                k = Kind.PUNCT;
            }
            out.add(new Tok(k, i, Math.min(j, n), region));
            i = Math.min(j, n);
        }
        return out;
    }

    /** Makes the variants: a seed's rule or two, with one to three mutations, all from one random generator. */
    static final class Mutator {

        /** Text that only a payload brings into a rule file. */
        static final List<String> PAYLOAD_MARKERS = List.of(PROPERTY, QUOTELESS_PROPERTY, "pwned", "exit(", "halt(",
                "exec(", "forName", "getClass", "java.io", "java.lang", "System", "Runtime", "ArrayList", "/*", "*/",
                "\\", "setScale(1000", "substring", "matches", "repeat", "pow(", "'", "${", "@{", "#{", "\r", "\ufeff",
                "\u2028", "\u0085");

        final Random random;
        final List<Seed> seeds;
        final Map<String, Integer> counts = new java.util.HashMap<>();
        final List<String> codes;
        final List<String> stringPayloads;
        final List<String> conditions;
        final List<String> statements;
        final List<String> amounts;
        final List<String> metadata;
        final List<Function<String, String>> mutations = new ArrayList<>();
        final List<String> names = new ArrayList<>();
        private String binding = "$e";
        /** Where payloads write: the temp dir, put in when a variant is done, so that the variants do not depend on it. */
        private final String tmp;
        private static final String TMP = "@TMP@";

        Mutator(Random random, List<Seed> seeds, String tmp) {
            this.random = random;
            this.seeds = seeds;
            this.tmp = tmp;
            String setProperty = "java.lang.System.setProperty(\"" + PROPERTY + "\", \"1\")";
            String quoteless = "System.setProperty(Integer.toString(20231206), Integer.toString(1))";
            codes = List.of(setProperty, quoteless,
                    "new java.io.File(\"" + TMP + "/pwned-file" + "\").mkdir()",
                    "java.lang.Runtime.getRuntime().exec(\"touch " + TMP + "/pwned-exec" + "\")",
                    "String.valueOf(" + setProperty + ")",
                    "(" + setProperty + " == null ? \"\" : \"\")");
            List<String> sp = new ArrayList<>();
            for (String x : codes) {
                sp.add("\" + " + x + " + \"");
                sp.add("' + " + x + " + '");
                sp.add("x\" + " + x + " + \"x");
                sp.add("x' + " + x + " + 'x");
                sp.add("\\\" + " + x + " + \\\"");
                sp.add("${" + x + "}");
                sp.add("@{" + x + "}");
                sp.add("#{" + x + "}");
            }
            sp.addAll(List.of("${" + quoteless + "}", "@{" + quoteless + "}", "#{" + quoteless + "}",
                    "\\\"", "\\\\", "\\", "\\'", "\\u0022", "\\u0027", "\\u000a", "\\u000d", "\\u005c", "\\u005c\\u0022",
                    "\\uuu0022", "/*", "*/", "//", "/* \" */", "\n", "\r", "\r\n", "\t", "\u0000", "\u2028", "\ufeff",
                    "\u0085", "\u200b", "end", "\nend\n", " then ", " when ", "\nend\nrule \"x\" when then end\n",
                    "\"inner\"", "'inner'", "'", "\"", "\"\"", "''", "$e", "#", "%",
                    // if these ran, the test JVM would exit and the build fail
                    "\" ; System.exit(7); \"", "' ; System.exit(7); '", "${java.lang.System.exit(7)}",
                    "@{java.lang.Runtime.getRuntime().halt(7)}"));
            stringPayloads = List.copyOf(sp);
            conditions = List.of(
                    "name matches \"((a+)+)+b\"", "name matches \".*\"", "name soundslike \"x\"",
                    "revenueWan.setScale(100000000) > 0", "new java.util.ArrayList(1000000000).size() == 0",
                    "revenueWan / 0 > 1", "revenueWan % 0 > 1", "revenueWan / rdExpenseWan > 1", "revenueWan / 0.0 > 1",
                    "name.substring(5, 1) == \"x\"", "name.substring(0) == \"x\"",
                    "java.lang.System.exit(7) == null", "System.exit(7) == null",
                    setProperty + " != null", quoteless + " != null", "name != " + setProperty,
                    "getClass().forName(\"java.lang.Runtime\") != null", "this.getClass().forName(\"java.lang.System\") != null",
                    "name.getClass().forName(\"java.lang.Runtime\") != null", "name.getClass() != null",
                    "name != 'x\" + " + setProperty + " + \"'", "name != \"x\" + " + setProperty + " + \"x\"",
                    "name != 'x' + " + setProperty + " + 'x'", "name == \"a\" + \"b\"", "name == 'a' + 'b'",
                    "name.startsWith('x\" + " + setProperty + " + \"')", "name.equalsIgnoreCase(\"a\" + " + quoteless + ")",
                    "name.length() > 1000000000", "name.repeat(1000000000) == \"x\"", "revenueWan.pow(999999999) > 0",
                    "revenueWan > 1e200000000", "revenueWan > 1000000000000000000000", "revenueWan > 0x10", "revenueWan > 1_000",
                    "eval(true)", "$x : name", "$x : revenueWan > 0", "name == null", "1 == 1", "true", "name.equals(name)",
                    "name.intern() == \"x\"", "name contains \"\\u0022\"", "name in (\"a\", 'b\"', \"c\")",
                    "name in (\"a\", 'b\" + " + setProperty + " + \"', \"c\")", "name.startsWith(\"乐清\")", "name.length() > 2",
                    "revenueWan >= 100", "!(revenueWan > 100)", "revenueWan * 2 > rdExpenseWan", "revenueWan / 3 > 1",
                    "revenueWan.abs() > 0", "revenueWan.signum() > 0", "Math.max(1, 2) > 0", "String.valueOf(1) == \"1\"",
                    "name == java.lang.System.getProperty(\"user.home\")", "name == System.getenv(\"HOME\")",
                    "name == \"a\\\"b\"", "name == 'a\\'b'", "name == \"a'b\"", "name == 'a\"b'", "name == '\"'",
                    "name == \"\\u0022 + " + setProperty + " + \\u0022\"", "name == \"${" + quoteless + "}\"",
                    "name == \"@{" + quoteless + "}\"", "name == \"#{" + quoteless + "}\"",
                    "name == \"/* \" + " + setProperty + " + \" */\"", "name == \"a\" /* \" */",
                    "kind == ApplicantKind.ENTERPRISE", "kind == com.subsidyevaluator.model.ApplicantKind.ENTERPRISE",
                    "kind.getClass() != null", "kind.name() == \"ENTERPRISE\"", "kind in (ApplicantKind.ENTERPRISE)",
                    "highTech", "!highTech", "highTech == \"是\"", "revenueWan >= \"一亿\"",
                    "name str[startsWith] \"x\"", "name memberOf \"x\"", "this != null", "this.name() == \"x\"",
                    "../name == \"x\"", "revenueWan > (rdExpenseWan = 1)", "revenueWan++ > 0", "name instanceof String",
                    "(name == \"a\") == true", "name == (\"a\")", "name == \"a\" && revenueWan > 1",
                    "name == \"a\" || " + setProperty + " != null");
            statements = List.of(setProperty + ";", quoteless + ";",
                    "new java.io.File(\"" + TMP + "/pwned-statement" + "\").mkdir();",
                    "java.lang.System.exit(7);", "Runtime.getRuntime().halt(7);", ";", "{ }", "if (true) { }",
                    "// \\u000a " + setProperty + ";", "/* \\u002a/ " + setProperty + "; /* */", "\\u000a" + setProperty + ";",
                    "outcome.eligible(@B@);", "outcome.toString();", "@B@.name();", "outcome = null;", "return;",
                    "String s = '\" + " + setProperty + " + \"';", "drools.halt();", "insert(@B@);", "kcontext.getKieRuntime();",
                    "/* \" */ " + setProperty + "; /* \" */",
                    "outcome.eligible(@B@, new BigDecimal('1\" + " + setProperty + " + \"'));");
            amounts = List.of(
                    "outcome.eligible(@B@, new BigDecimal(\"50\").min(new BigDecimal(\"100\")));",
                    "outcome.eligible(@B@, new BigDecimal('50').min(new BigDecimal('100')));",
                    "outcome.eligible(@B@, new BigDecimal('1\" + (new java.io.File(\"" + TMP + "/pwned-amount"
                            + "\").mkdir() ? \"\" : \"\") + \"'));",
                    "outcome.eligible(@B@, new BigDecimal('1\" + (" + setProperty + " == null ? \"\" : \"\") + \"').min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new BigDecimal(\"1\" + " + quoteless + ").min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, @B@.revenueWan().multiply(new BigDecimal(\"0.01\")).min(new BigDecimal(\"50\")));",
                    "outcome.eligible(@B@, BigDecimal.valueOf(5).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, BigDecimal.TEN.setScale(2, RoundingMode.HALF_UP).min(new BigDecimal(\"50\")));",
                    "outcome.eligible(@B@, BigDecimal.ONE.divide(new BigDecimal(\"3\")).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, BigDecimal.ONE.setScale(100000000, RoundingMode.HALF_UP).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, BigDecimal.ONE.setScale(4, java.math.RoundingMode.HALF_UP).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new BigDecimal(\"1e999999999\").min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new BigDecimal(\"999999999999999\").min(new BigDecimal(\"999999999999999\")));",
                    "outcome.eligible(@B@, BigDecimal.ZERO.divide(BigDecimal.ZERO).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new BigDecimal(\"5\").subtract(BigDecimal.TEN).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new BigDecimal(\"5\").min(BigDecimal.TEN).max(BigDecimal.ONE).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new java.math.BigDecimal(\"5\").min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new BigDecimal(\"5\") { }.min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new BigDecimal(\"\\u0035\").min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, new BigDecimal(\"5\"/* \" */).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, BigDecimal.valueOf(" + setProperty + ".length()).min(BigDecimal.TEN));",
                    "outcome.eligible(@B@, @B@.getClass() == null ? BigDecimal.ONE : BigDecimal.TEN);",
                    "outcome.eligible(@B@, new BigDecimal(\"5\").min(BigDecimal.TEN)); " + setProperty + ";",
                    "outcome.eligible(@B@, new BigDecimal(\"5\").min(BigDecimal.TEN), @B@);",
                    "outcome.eligible(@B@)",
                    "outcome.eligible(@B@);;");
            List<String> md = new ArrayList<>();
            for (String x : codes) {
                md.add("('t\" + " + x + " + \"')");
                md.add("(" + x + ")");
                md.add("(value = 't\" + " + x + " + \"')");
                md.add("(\"${" + x + "}\")");
                md.add("('@{" + x + "}')");
            }
            md.addAll(List.of("(\"a\" + \"b\")", "(\"a\", \"b\")", "(value = \"x\")", "(\"\"\"x\"\"\")", "()", "",
                    "(a = \"1\", b = \"2\")", "({\"a\", \"b\"})", "(@title(\"x\"))", "(\"x\")", "('x')", "('x\"')",
                    "(\"${" + quoteless + "}\")", "(\"@{" + quoteless + "}\")", "(\"#{" + quoteless + "}\")",
                    "(12)", "(true)", "(null)", "(x)", "(\"a\\\"b\")", "(\"a\\u0022b\")", "(\"a/*b\")", "(\"a//b\")",
                    "(\"a\" /* \" */)", "(\"a\" \"b\")", "(\"a\"\"b\")", "(\"end\")",
                    "(java.lang.System.exit(7))", "('\" + java.lang.System.exit(7) + \"')"));
            metadata = List.copyOf(md);

            add("swapQuotes", this::swapQuotes);
            add("swapAllQuotes", this::swapAllQuotes);
            add("payloadInMetadataString", t -> payloadInString(t, Region.META));
            add("payloadInConditionString", t -> payloadInString(t, Region.CONDITION));
            add("payloadInConsequenceString", t -> payloadInString(t, Region.CONSEQUENCE));
            add("payloadInAnyString", t -> payloadInString(t, null));
            add("payloadInSingleQuotedString", this::payloadInSingleQuotedString);
            add("unicodeEscapeInCode", this::unicodeEscapeInCode);
            add("unicodeEscapeInComment", this::unicodeEscapeInComment);
            add("unicodeEscapeForQuote", this::unicodeEscapeForQuote);
            add("commentBetweenTokens", this::commentBetweenTokens);
            add("lineEndings", this::lineEndings);
            add("bom", t -> t.startsWith("\ufeff") ? null : "\ufeff" + t);
            add("stringInString", this::stringInString);
            add("duplicateAnnotation", this::duplicateAnnotation);
            add("hostileMetadata", this::hostileMetadata);
            add("deleteToken", this::deleteToken);
            add("duplicateToken", this::duplicateToken);
            add("deleteChar", this::deleteChar);
            add("duplicateChar", this::duplicateChar);
            add("insertChar", this::insertChar);
            add("hostileCondition", this::hostileCondition);
            add("hostileCondition", this::hostileCondition);
            add("addCondition", this::addCondition);
            add("secondStatement", this::secondStatement);
            add("amountConsequence", this::amountConsequence);
            add("amountConsequence", this::amountConsequence);
        }

        private void add(String name, Function<String, String> f) {
            names.add(name);
            mutations.add(f);
        }

        Variant next(int index) {
            Seed seed = seeds.get(random.nextInt(seeds.size()));
            int r0 = random.nextInt(seed.rules().size());
            StringBuilder text = new StringBuilder(seed.header()).append(seed.rules().get(r0));
            String origin = seed.origin() + " rule " + (r0 + 1);
            if (seed.rules().size() > 1 && random.nextInt(5) == 0) {
                int r1 = random.nextInt(seed.rules().size());
                if (r1 != r0) {
                    text.append('\n').append(seed.rules().get(r1));
                    origin += " and " + (r1 + 1);
                }
            }
            String t = text.toString();
            Matcher b = Pattern.compile("(\\$\\w+)\\s*:").matcher(t);
            binding = b.find() ? b.group(1) : "$e";
            List<String> applied = new ArrayList<>();
            int want = 1 + random.nextInt(3);
            for (int tries = 0; applied.size() < want && tries < 20; tries++) {
                int m = random.nextInt(mutations.size());
                String out;
                try {
                    out = mutations.get(m).apply(t);
                } catch (RuntimeException e) {
                    throw new AssertionError("mutation " + names.get(m) + " failed on variant #" + index + " (seed " + SEED + ")", e);
                }
                if (out != null && !out.equals(t)) {
                    t = out;
                    applied.add(names.get(m));
                    counts.merge(names.get(m), 1, Integer::sum);
                }
            }
            return new Variant(index, origin, applied, text.toString(), t.replace(TMP, tmp));
        }

        private <T> T pick(List<T> list) {
            return list.get(random.nextInt(list.size()));
        }

        private List<Tok> tokens(String t, java.util.function.Predicate<Tok> which) {
            return lex(t).stream().filter(which).toList();
        }

        private static String replace(String t, int start, int end, String with) {
            return t.substring(0, start) + with + t.substring(end);
        }

        private static boolean string(Tok k) {
            return (k.kind() == Kind.DQ || k.kind() == Kind.SQ) && k.end() - k.start() >= 2;
        }

        String swapQuotes(String t) {
            List<Tok> strings = tokens(t, Mutator::string);
            if (strings.isEmpty()) {
                return null;
            }
            Tok s = pick(strings);
            char q = t.charAt(s.start()) == '"' ? '\'' : '"';
            String inner = t.substring(s.start() + 1, s.end() - 1);
            return replace(t, s.start(), s.end(), q + inner + q);
        }

        String swapAllQuotes(String t) {
            Region region = pick(List.of(Region.META, Region.CONDITION, Region.CONSEQUENCE));
            List<Tok> strings = tokens(t, k -> string(k) && k.region() == region);
            if (strings.isEmpty()) {
                return null;
            }
            StringBuilder s = new StringBuilder(t);
            for (Tok k : strings) {
                char q = t.charAt(k.start()) == '"' ? '\'' : '"';
                s.setCharAt(k.start(), q);
                s.setCharAt(k.end() - 1, q);
            }
            return s.toString();
        }

        String payloadInString(String t, Region region) {
            List<Tok> strings = tokens(t, k -> string(k) && (region == null || k.region() == region));
            if (strings.isEmpty()) {
                return null;
            }
            Tok s = pick(strings);
            int at = s.start() + 1 + random.nextInt(s.end() - s.start() - 1);
            String payload = pick(stringPayloads);
            if (random.nextInt(4) == 0) {
                // the reproducers' shape: the string single-quoted around a payload closing a double-quoted one
                String inner = t.substring(s.start() + 1, s.end() - 1);
                return replace(t, s.start(), s.end(), "'" + inner + payload + "'");
            }
            return t.substring(0, at) + payload + t.substring(at);
        }

        String payloadInSingleQuotedString(String t) {
            List<Tok> strings = tokens(t, Mutator::string);
            if (strings.isEmpty()) {
                return null;
            }
            Tok s = pick(strings);
            String inner = t.substring(s.start() + 1, s.end() - 1);
            String code = pick(codes);
            return replace(t, s.start(), s.end(), "'" + inner + "\" + " + code + " + \"'");
        }

        String unicodeEscapeInCode(String t) {
            List<Tok> code = tokens(t, k -> k.region() != Region.HEADER && k.kind() != Kind.LINE_COMMENT
                    && k.kind() != Kind.BLOCK_COMMENT);
            if (code.isEmpty()) {
                return null;
            }
            Tok k = pick(code);
            if (k.kind() == Kind.IDENT && random.nextBoolean()) {
                // a letter of a word written as an escape: outcome → \u006futcome
                int at = k.start() + random.nextInt(k.end() - k.start());
                return replace(t, at, at + 1, String.format("\\u%04x", (int) t.charAt(at)));
            }
            int at = random.nextBoolean() ? k.start() : k.end();
            String esc = pick(List.of("\\u0022", "\\u0027", "\\u000a", "\\u000d", "\\u005c", "\\u002f\\u002f", "\\u002a\\u002f",
                    "\\u003b", "\\u0029", "\\u0022 + " + codes.get(0) + " + \\u0022", "\\u000a" + codes.get(0) + ";",
                    "\\uuuu0022", "\\u00"));
            return t.substring(0, at) + esc + t.substring(at);
        }

        String unicodeEscapeInComment(String t) {
            List<Tok> comments = tokens(t, k -> k.kind() == Kind.LINE_COMMENT || k.kind() == Kind.BLOCK_COMMENT);
            String payload = pick(List.of(" \\u000a " + codes.get(0) + "; // ", " \\u000d " + codes.get(1) + "; // ",
                    " \\u002a\\u002f " + codes.get(0) + "; /* ", " \\u0022 ", " \\u000a outcome.eligible(@B@); // "))
                    .replace("@B@", binding);
            if (comments.isEmpty() || random.nextInt(3) == 0) {
                // a new comment in the consequence, where Java would read an escape of a line break as one
                List<Tok> cons = tokens(t, k -> k.region() == Region.CONSEQUENCE && k.kind() == Kind.PUNCT
                        && t.charAt(k.start()) == ';');
                if (cons.isEmpty()) {
                    return null;
                }
                Tok semi = pick(cons);
                return t.substring(0, semi.end()) + " //" + payload + t.substring(semi.end());
            }
            Tok c = pick(comments);
            int at = c.start() + 2 + random.nextInt(Math.max(1, c.end() - c.start() - 2));
            at = Math.min(at, c.end());
            return t.substring(0, at) + payload + t.substring(at);
        }

        String unicodeEscapeForQuote(String t) {
            List<Tok> strings = tokens(t, k -> string(k) && k.region() != Region.HEADER);
            if (strings.isEmpty()) {
                return null;
            }
            Tok s = pick(strings);
            String esc = t.charAt(s.start()) == '"' ? "\\u0022" : "\\u0027";
            return random.nextBoolean() ? replace(t, s.end() - 1, s.end(), esc) : replace(t, s.start(), s.start() + 1, esc);
        }

        String commentBetweenTokens(String t) {
            List<Tok> all = tokens(t, k -> k.region() != Region.HEADER);
            if (all.isEmpty()) {
                return null;
            }
            Tok k = pick(all);
            String c = pick(List.of("/* c */", "/* \" */", "/* ' */", "// \"\n", "// '\n", "/*/ */", "/* /* */",
                    "/** @title(\"x\") */", "// \\u000a\n", "#c\n", "/*\n\"*/", "/* */ */", "//", "/*", " /*' */ ",
                    "/* \" + " + codes.get(0) + " + \" */", "// \" + " + codes.get(0) + " + \"\n", "/* end */", "// end\n",
                    "/* then */", "//\\u000a"));
            return t.substring(0, k.start()) + c + t.substring(k.start());
        }

        String lineEndings(String t) {
            return switch (random.nextInt(6)) {
                case 0 -> t.replace("\n", "\r\n");
                case 1 -> t.replace("\n", "\r");
                case 2 -> {
                    int at = t.indexOf('\n', random.nextInt(t.length()));
                    yield at < 0 ? null : replace(t, at, at + 1, pick(List.of("\r", "\r\n", "\r\r\n", "\n\r")));
                }
                case 3 -> {
                    int at = t.indexOf('\n', random.nextInt(t.length()));
                    yield at < 0 ? null : replace(t, at, at + 1, pick(List.of("\u2028", "\u2029", "\u0085", "\u000b", "\f")));
                }
                case 4 -> {
                    int at = random.nextInt(t.length());
                    yield t.substring(0, at) + pick(List.of("\r", "\n", "\r\n", "\u0000", "\t")) + t.substring(at);
                }
                default -> t.replace("\n", "\r\n").replaceFirst("\r\n", "\n");
            };
        }

        String stringInString(String t) {
            List<Tok> strings = tokens(t, Mutator::string);
            if (strings.isEmpty()) {
                return null;
            }
            Tok s = pick(strings);
            int at = s.start() + 1 + random.nextInt(s.end() - s.start() - 1);
            return t.substring(0, at) + pick(List.of("\"inner\"", "'inner'", "\\\"inner\\\"", "\\'inner\\'", "'\"'", "\"'\"",
                    "\"\" + \"", "' + '")) + t.substring(at);
        }

        /** The spans of {@code @name(…)} in the metadata, parentheses matched outside strings. */
        static List<int[]> annotations(String t) {
            List<int[]> out = new ArrayList<>();
            List<Tok> toks = lex(t);
            for (int i = 0; i < toks.size(); i++) {
                Tok k = toks.get(i);
                if (k.region() != Region.META || k.kind() != Kind.PUNCT || t.charAt(k.start()) != '@'
                        || i + 1 >= toks.size() || toks.get(i + 1).kind() != Kind.IDENT) {
                    continue;
                }
                int end = toks.get(i + 1).end();
                int j = i + 2;
                if (j < toks.size() && toks.get(j).kind() == Kind.PUNCT && t.charAt(toks.get(j).start()) == '(') {
                    int depth = 0;
                    for (; j < toks.size(); j++) {
                        Tok x = toks.get(j);
                        if (x.kind() == Kind.PUNCT && t.charAt(x.start()) == '(') {
                            depth++;
                        } else if (x.kind() == Kind.PUNCT && t.charAt(x.start()) == ')' && --depth == 0) {
                            end = x.end();
                            break;
                        }
                    }
                }
                out.add(new int[] {k.start(), toks.get(i + 1).end(), end});
            }
            return out;
        }

        String duplicateAnnotation(String t) {
            List<int[]> as = annotations(t);
            if (as.isEmpty()) {
                return null;
            }
            int[] a = pick(as);
            String copy = t.substring(a[0], a[2]);
            String name = t.substring(a[0], a[1]);
            copy = switch (random.nextInt(4)) {
                case 0 -> copy;
                case 1 -> name + "(\"另一个\")";
                case 2 -> name + "('另一个')";
                default -> name + pick(metadata);
            };
            return t.substring(0, a[2]) + " " + copy + t.substring(a[2]);
        }

        String hostileMetadata(String t) {
            List<int[]> as = annotations(t);
            if (as.isEmpty()) {
                return null;
            }
            int[] a = pick(as);
            return t.substring(0, a[1]) + pick(metadata) + t.substring(a[2]);
        }

        private List<Tok> inRules(String t) {
            return tokens(t, k -> k.region() != Region.HEADER && k.kind() != Kind.SPACE);
        }

        String deleteToken(String t) {
            List<Tok> all = inRules(t);
            if (all.isEmpty()) {
                return null;
            }
            Tok k = pick(all);
            return replace(t, k.start(), k.end(), "");
        }

        String duplicateToken(String t) {
            List<Tok> all = inRules(t);
            if (all.isEmpty()) {
                return null;
            }
            Tok k = pick(all);
            String s = t.substring(k.start(), k.end());
            return t.substring(0, k.end()) + (random.nextBoolean() ? " " : "") + s + t.substring(k.end());
        }

        String deleteChar(String t) {
            int at = random.nextInt(t.length());
            return replace(t, at, at + 1, "");
        }

        String duplicateChar(String t) {
            int at = random.nextInt(t.length());
            return t.substring(0, at + 1) + t.charAt(at) + t.substring(at + 1);
        }

        String insertChar(String t) {
            List<Tok> all = inRules(t);
            if (all.isEmpty()) {
                return null;
            }
            Tok k = pick(all);
            int at = k.start() + random.nextInt(k.end() - k.start() + 1);
            return t.substring(0, at) + pick(List.of("\"", "'", "\\", "`", ";", "{", "}", "(", ")", ",", "@", "$", "#", "+",
                    "\u201c", "\u00a0", "\u0000", "\r")) + t.substring(at);
        }

        /** The span of the constraints inside the first pattern's parentheses, and their top-level commas. */
        static List<int[]> conditionSpans(String t) {
            List<Tok> toks = lex(t);
            int open = -1;
            for (int i = 0; i + 2 < toks.size(); i++) {
                Tok k = toks.get(i);
                if (k.region() == Region.CONDITION && k.kind() == Kind.IDENT && t.charAt(k.start()) == '$') {
                    for (int j = i + 1; j < toks.size() && toks.get(j).region() == Region.CONDITION; j++) {
                        Tok x = toks.get(j);
                        if (x.kind() == Kind.PUNCT && t.charAt(x.start()) == '(') {
                            open = j;
                            break;
                        }
                    }
                    break;
                }
            }
            if (open < 0) {
                return List.of();
            }
            List<int[]> spans = new ArrayList<>();
            int depth = 0;
            int from = toks.get(open).end();
            for (int j = open; j < toks.size(); j++) {
                Tok x = toks.get(j);
                if (x.kind() != Kind.PUNCT) {
                    continue;
                }
                char c = t.charAt(x.start());
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    spans.add(new int[] {from, x.start()});
                    break;
                } else if (c == ',' && depth == 1) {
                    spans.add(new int[] {from, x.start()});
                    from = x.end();
                }
            }
            return spans;
        }

        String hostileCondition(String t) {
            List<int[]> spans = conditionSpans(t);
            if (spans.isEmpty()) {
                return null;
            }
            int[] s = pick(spans);
            return replace(t, s[0], s[1], " " + pick(conditions) + " ");
        }

        String addCondition(String t) {
            List<int[]> spans = conditionSpans(t);
            if (spans.isEmpty()) {
                return null;
            }
            int[] s = spans.get(spans.size() - 1);
            return t.substring(0, s[1]) + ", " + pick(conditions) + " " + t.substring(s[1]);
        }

        /** The consequence of the first rule: from after {@code then} to before {@code end}. */
        private int[] consequence(String t) {
            List<Tok> toks = lex(t);
            int from = -1;
            for (Tok k : toks) {
                // the region of a rule part starts at its keyword
                if (k.region() == Region.CONSEQUENCE && from < 0) {
                    from = k.end();
                    continue;
                }
                if (from >= 0 && k.region() == Region.CONSEQUENCE && k.kind() == Kind.IDENT
                        && t.substring(k.start(), k.end()).equals("end")) {
                    return new int[] {from, k.start()};
                }
            }
            return null;
        }

        String secondStatement(String t) {
            int[] c = consequence(t);
            if (c == null) {
                return null;
            }
            String s = pick(statements).replace("@B@", binding);
            int semi = t.lastIndexOf(';', c[1]);
            int at = semi > c[0] && random.nextBoolean() ? semi + 1 : c[0];
            return t.substring(0, at) + " " + s + " " + t.substring(at);
        }

        String amountConsequence(String t) {
            int[] c = consequence(t);
            if (c == null) {
                return null;
            }
            return replace(t, c[0], c[1], "\n    " + pick(amounts).replace("@B@", binding) + "\n");
        }
    }
}
