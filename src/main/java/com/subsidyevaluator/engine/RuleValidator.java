package com.subsidyevaluator.engine;

import com.subsidyevaluator.testing.DataTest;
import com.subsidyevaluator.testing.DataTestFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;

/**
 * Checks a rule set without evaluating anything: everything {@link RuleSet#load(Path)} checks (syntax, the
 * sandbox, metadata, clause numbers, fields and enum constants, budget pools and exclusivity groups, what
 * Drools reports when compiling), plus the data tests beside the rules: a malformed test file is an error, a
 * clause that has rules but no data test is a warning.
 *
 * <pre>{@code
 * RuleValidator.Report report = RuleValidator.validate(Path.of("rules/yueqing-2023"));
 * report.problems().forEach(p -> System.out.println(p.format()));
 * }</pre>
 */
public final class RuleValidator {

    private RuleValidator() {
    }

    /**
     * What validation found.
     *
     * @param directory the rule-set directory
     * @param ruleSet   the compiled rule set, or null when it has errors
     * @param problems  every problem, sorted by file, line and column
     */
    public record Report(Path directory, RuleSet ruleSet, List<RuleProblem> problems) {

        public List<RuleProblem> errors() {
            return problems.stream().filter(RuleProblem::isError).toList();
        }

        public List<RuleProblem> warnings() {
            return problems.stream().filter(p -> !p.isError()).toList();
        }

        /** Whether the rule set has no errors (warnings allowed). */
        public boolean valid() {
            return errors().isEmpty();
        }
    }

    /** Validates the rule set in {@code directory}. */
    public static Report validate(Path directory) {
        RuleSetLoader.Attempt attempt = RuleSetLoader.attempt(directory);
        List<RuleProblem> problems = new ArrayList<>(attempt.problems());
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.isDirectory(dir)) {
            for (RuleProblem p : testProblems(dir, attempt.ruleSet())) {
                // no "write a test" warning for a rule that has errors of its own
                boolean ruleHasErrors = p.rule() != null && problems.stream().anyMatch(q -> q.isError()
                        && p.rule().equals(q.rule()) && p.file().equals(q.file()) && q.line() == p.line());
                if (!ruleHasErrors) {
                    problems.add(p);
                }
            }
        }
        List<RuleProblem> sorted = problems.stream().distinct()
                .sorted(Comparator.comparing((RuleProblem p) -> p.file() == null ? "" : p.file())
                        .thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column))
                .toList();
        return new Report(directory, attempt.ruleSet(), sorted);
    }

    /** Malformed test files (errors) and clauses with rules but no data test (warnings). */
    static List<RuleProblem> testProblems(Path dir, RuleSet ruleSet) {
        List<RuleProblem> out = new ArrayList<>();
        Set<String> tested = new TreeSet<>();
        try {
            for (Path f : DataTestFile.files(dir)) {
                try {
                    for (DataTest t : DataTestFile.load(dir, f)) {
                        t.expect().forEach(e -> tested.add(e.clause()));
                    }
                } catch (DataTestFile.BadTestFile e) {
                    out.add(RuleProblem.error(e.file(), e.line(), 0, null, e.problem()));
                }
            }
        } catch (IOException e) {
            out.add(RuleProblem.error(DataTestFile.FOLDER, 0, 0, null, "无法读取数据测试: " + e.getMessage()));
        }
        for (Map.Entry<String, RuleLocation> c : clausesWithRules(dir, ruleSet).entrySet()) {
            if (!tested.contains(c.getKey())) {
                RuleLocation at = c.getValue();
                out.add(RuleProblem.warning(at.file(), at.line(), 0, at.rule(), "第" + c.getKey()
                        + "条有规则但没有数据测试：在 " + DataTestFile.FOLDER + "/ 中为它写至少一个测试（见 docs/rule-authoring.md）"));
            }
        }
        return out;
    }

    private record RuleLocation(String file, int line, String rule) {
    }

    /** The first rule of each clause, from the compiled rule set or, when it does not load, from the parsed files. */
    private static Map<String, RuleLocation> clausesWithRules(Path dir, RuleSet ruleSet) {
        Map<String, RuleLocation> out = new LinkedHashMap<>();
        if (ruleSet != null) {
            for (RuleDefinition r : ruleSet.rules()) {
                out.putIfAbsent(r.clause(), new RuleLocation(r.file(), r.line(), r.name()));
            }
            return out;
        }
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".drl")).sorted().toList()) {
                DrlParser parser = new DrlParser();
                PackageDescr pd;
                try {
                    pd = parser.parse(null, Files.readString(f, StandardCharsets.UTF_8));
                } catch (Exception e) {
                    continue;
                }
                if (pd == null || parser.hasErrors()) {
                    continue;
                }
                for (RuleDescr rd : pd.getRules()) {
                    AnnotationDescr a = rd.getAnnotation("clause");
                    Object v = a == null ? null : a.getValue();
                    String clause = v == null ? null : RuleGrammar.unquote(v.toString().strip());
                    if (clause != null && clause.matches("[1-9][0-9]*")) {
                        out.putIfAbsent(clause, new RuleLocation(f.getFileName().toString(), rd.getLine(), rd.getName()));
                    }
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }
}
