package com.subsidyevaluator.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.CaseTimeoutException;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.SessionStrategy;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.testing.DataTest.Expectation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Runs data tests against a rule set and says, in Chinese, how each actual outcome differs from the expected. With
 * a time budget per case, a test whose case takes longer to evaluate fails with the message that names the rule
 * that was running; close the runner then to end its engine thread.
 */
public final class DataTestRunner implements AutoCloseable {

    private final RuleSet rules;
    private final BatchEvaluator evaluator;

    /** A runner without a time limit. */
    public DataTestRunner(RuleSet rules) {
        this(rules, null);
    }

    /** A runner that gives each test's case {@code caseBudget} to be evaluated (null or zero: no limit). */
    public DataTestRunner(RuleSet rules, Duration caseBudget) {
        this.rules = rules;
        this.evaluator = caseBudget == null || caseBudget.isZero() ? null
                : rules.newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, caseBudget);
    }

    /** The result of one test: passed when {@code differences} is empty. */
    public record Result(DataTest test, List<String> differences) {
        public boolean passed() {
            return differences.isEmpty();
        }
    }

    public Result run(DataTest test) {
        CaseFile c;
        try {
            ObjectNode body = test.input().deepCopy();
            body.put("caseId", test.name());
            body.put("asOf", test.asOf().toString());
            byte[] json = Json.compact().writeValueAsBytes(body);
            c = CaseReader.parse(test.location(), json, 0, json.length, 0);
        } catch (CaseFormatException e) {
            return new Result(test, List.of("input 不是有效的案例: " + e.jsonPath() + ": " + e.problem()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EvaluationResult result;
        try {
            result = evaluator == null ? rules.evaluate(c) : evaluator.evaluate(c);
        } catch (CaseTimeoutException e) {
            return new Result(test, List.of(e.getMessage()));
        }
        List<String> diffs = new ArrayList<>();
        for (Expectation e : test.expect()) {
            check(e, result.outcomes(), diffs);
        }
        return new Result(test, List.copyOf(diffs));
    }

    private static void check(Expectation e, List<Outcome> outcomes, List<String> diffs) {
        List<Outcome> selected = outcomes.stream()
                .filter(o -> o.clause().equals(e.clause()))
                .filter(o -> e.rule() == null || o.rule().equals(e.rule()))
                .filter(o -> e.title() == null || o.title().equals(e.title()))
                .filter(o -> e.subject() == null || o.subject().path().equals(e.subject()))
                .toList();
        if (e.status().equals("NO_OUTCOME")) {
            if (!selected.isEmpty()) {
                diffs.add(e.describe() + ": 期望没有结论，实际有 " + selected.size() + " 个: " + summary(selected));
            }
            return;
        }
        if (selected.isEmpty()) {
            List<Outcome> sameClause = outcomes.stream().filter(o -> o.clause().equals(e.clause())).toList();
            diffs.add(e.describe() + ": 期望 " + status(e.status()) + "，实际没有这样的结论"
                    + (sameClause.isEmpty() ? "（该条款没有任何结论）" : "；该条款的结论有: " + summary(sameClause)));
            return;
        }
        for (Outcome o : selected) {
            String who = "第" + o.clause() + "条「" + o.title() + "」" + o.subject().path();
            if (!o.status().name().equals(e.status())) {
                diffs.add(who + ": 期望 " + status(e.status()) + "，实际 " + status(o.status().name()) + " — " + reasons(o));
                continue;
            }
            if (e.amountSet() && !(e.amountWan() == null ? o.benefit().amountWan() == null
                    : o.benefit().amountWan() != null && e.amountWan().compareTo(o.benefit().amountWan()) == 0)) {
                diffs.add(who + ": 期望金额 " + (e.amountWan() == null ? "null（按配套细则）" : e.amountWan().toPlainString() + " 万元")
                        + "，实际 " + (o.benefit().amountWan() == null ? "null（" + o.benefit().note() + "）"
                        : o.benefit().amountWan().toPlainString() + " 万元"));
            }
            if (e.unmet() != null) {
                Set<String> actual = o.unmet().stream().map(ConditionResult::field)
                        .map(f -> f == null ? "?" : f).collect(Collectors.toCollection(TreeSet::new));
                Set<String> expected = new TreeSet<>(e.unmet());
                if (!actual.equals(expected)) {
                    diffs.add(who + ": 期望未满足的条件 " + expected + "，实际 " + actual + " — " + reasons(o));
                }
            }
            if (e.met() != null) {
                Set<String> actual = o.met().stream().map(ConditionResult::field)
                        .map(f -> f == null ? "?" : f).collect(Collectors.toCollection(TreeSet::new));
                List<String> absent = e.met().stream().filter(m -> !actual.contains(m)).toList();
                if (!absent.isEmpty()) {
                    diffs.add(who + ": 期望满足的条件包括 " + e.met() + "，实际满足的是 " + actual + " — " + reasons(o));
                }
            }
            if (e.missing() != null) {
                Set<String> actual = o.missing().stream().map(MissingFact::path).collect(Collectors.toCollection(TreeSet::new));
                Set<String> expected = new TreeSet<>();
                for (String m : e.missing()) {
                    // a field of the subject, or (for a related-fact condition) the one field of that name missing
                    // on a related fact of the case
                    String own = o.subject().path() + "." + m;
                    List<String> related = actual.stream().filter(a -> a.endsWith("." + m)).toList();
                    expected.add(m.startsWith("$") || actual.contains(own) || related.size() != 1 ? (m.startsWith("$") ? m : own)
                            : related.get(0));
                }
                if (!actual.equals(expected)) {
                    diffs.add(who + ": 期望缺少的事实 " + expected + "，实际 " + actual);
                }
            }
        }
    }

    /** "符合（ELIGIBLE）": the status as staff read it, with the word the test file uses. */
    static String status(String name) {
        if (name.equals("NO_OUTCOME")) {
            return "无结论（NO_OUTCOME）";
        }
        try {
            return Status.valueOf(name).label() + "（" + name + "）";
        } catch (IllegalArgumentException e) {
            return name;
        }
    }

    private static String summary(List<Outcome> outcomes) {
        return outcomes.stream().map(o -> "「" + o.title() + "」" + o.subject().path() + " " + status(o.status().name()))
                .collect(Collectors.joining("；"));
    }

    private static String reasons(Outcome o) {
        List<String> parts = new ArrayList<>();
        o.unmet().forEach(c -> parts.add("✗ " + c.text()));
        o.missing().forEach(m -> parts.add("? 缺少「" + m.label() + "」" + m.path()));
        if (parts.isEmpty()) {
            o.met().forEach(c -> parts.add("✓ " + c.text()));
        }
        return String.join("；", parts);
    }

    @Override
    public void close() {
        if (evaluator != null) {
            evaluator.close();
        }
    }
}
