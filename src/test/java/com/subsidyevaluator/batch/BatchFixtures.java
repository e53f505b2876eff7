package com.subsidyevaluator.batch;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.synthetic.Population;
import com.subsidyevaluator.synthetic.RuleHints;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Shared helpers of the batch tests: populations, one-case-at-a-time results, running a batch. */
final class BatchFixtures {

    private BatchFixtures() {
    }

    /** Writes {@code count} generated cases to {@code file} (JSON Lines) and returns it. */
    static Path population(Path file, long seed, int count) {
        try (OutputStream out = Files.newOutputStream(file)) {
            new Population(seed, RuleHints.of(TestSupport.shippedRules())).write(count, out);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The results.jsonl lines that evaluating each record on its own (RuleSet.evaluate) gives. */
    static List<String> oneByOne(RuleSet rules, Path jsonl, boolean all) throws IOException, CaseFormatException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            CaseFile c = CaseReader.parse(jsonl.toString(), b, 0, b.length, 0);
            EvaluationResult r = rules.evaluate(c).visible(all);
            out.add(Json.compact().writeValueAsString(r));
        }
        return out;
    }

    /**
     * A copy of the shipped rule set (under {@code dir}) whose amount parameters for the science clauses give
     * figures and whose two science pools are small, so that awards have amounts and pools are oversubscribed.
     */
    static RuleSet ruleSetWithAmounts(Path dir, java.util.Map<String, String> amounts) throws Exception {
        Path copy = TestSupport.copyTree(TestSupport.rulesDir(), dir);
        String parameters = Files.readString(copy.resolve("parameters.yaml"), StandardCharsets.UTF_8);
        for (java.util.Map.Entry<String, String> e : amounts.entrySet()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(- id: " + java.util.regex.Pattern.quote(e.getKey())
                    + "\\n(?:.*\\n)*?\\s+values:\\n\\s+- \\{ from: 2023-01-01, value: )null").matcher(parameters);
            if (!m.find()) {
                throw new AssertionError("parameter " + e.getKey() + " not found in parameters.yaml");
            }
            parameters = m.replaceFirst("$1" + e.getValue());
        }
        Files.writeString(copy.resolve("parameters.yaml"), parameters, StandardCharsets.UTF_8);
        String budgets = Files.readString(copy.resolve("budgets.yaml"), StandardCharsets.UTF_8);
        budgets = budgets.replaceFirst("(id: 6-platforms-rd,[^}]*amountWan: )24000", "$13000")
                .replaceFirst("(id: 6-talent,[^}]*amountWan: )5400", "$1400");
        Files.writeString(copy.resolve("budgets.yaml"), budgets, StandardCharsets.UTF_8);
        return RuleSet.load(copy);
    }

    static BatchRunner.Result run(RuleSet rules, BatchOptions options) {
        try {
            return BatchRunner.run(rules, options, Progress.NONE);
        } catch (BatchException e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
