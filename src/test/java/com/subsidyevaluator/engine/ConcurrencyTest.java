package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** One loaded rule set evaluated from many threads gives the same results as from one, and batches agree with single cases. */
class ConcurrencyTest {

    private static List<CaseFile> samples() throws Exception {
        List<CaseFile> cases = new ArrayList<>();
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("s\\d+.*\\.json")).sorted().toList()) {
                cases.add(CaseReader.read(p));
            }
        }
        return cases;
    }

    private static String json(Object o) throws Exception {
        return Json.compact().writeValueAsString(o);
    }

    @Test
    void manyThreadsGiveTheSameResultsAsOne() throws Exception {
        RuleSet rules = TestSupport.shippedRules();
        List<CaseFile> cases = samples();
        List<String> expected = new ArrayList<>();
        for (CaseFile c : cases) {
            expected.add(json(rules.evaluate(c)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int round = 0; round < 25; round++) {
                for (CaseFile c : cases) {
                    futures.add(pool.submit(() -> json(rules.evaluate(c))));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertEquals(expected.get(i % cases.size()), futures.get(i).get(), "case " + cases.get(i % cases.size()).caseId());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void evaluatingManyCasesInOneSessionEqualsOneByOne() throws Exception {
        RuleSet rules = TestSupport.shippedRules();
        List<CaseFile> cases = samples();
        List<EvaluationResult> together = rules.evaluateAll(cases);
        for (int i = 0; i < cases.size(); i++) {
            assertEquals(json(rules.evaluate(cases.get(i))), json(together.get(i)), cases.get(i).caseId());
        }
    }
}
