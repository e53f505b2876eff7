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
