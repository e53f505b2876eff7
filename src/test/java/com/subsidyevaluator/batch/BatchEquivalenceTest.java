package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleSet;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The optimised batch (chunks of cases in one engine session, only written outcomes explained, several threads)
 * writes exactly what evaluating each case on its own writes, and the same input always gives the same bytes.
 */
class BatchEquivalenceTest {

    @TempDir
    static Path dir;
    static Path population;
    static RuleSet rules;

    @BeforeAll
    static void population() {
        rules = TestSupport.shippedRules();
        population = BatchFixtures.population(dir.resolve("population.jsonl"), 20231231L, 2500);
    }

    @Test
    void resultsEqualThoseOfEvaluatingEachCaseOnItsOwn() throws Exception {
        BatchRunner.Result r = BatchFixtures.run(rules, BatchOptions.of(List.of(population), dir.resolve("out"))
                .withThreads(3).withFullResults(true));
        assertEquals(2500, r.evaluated());
        List<String> expected = BatchFixtures.oneByOne(rules, population, false);
        List<String> actual = BatchFixtures.lines(dir.resolve("out").resolve(BatchRunner.RESULTS));
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "line " + (i + 1) + " of results.jsonl");
        }
        assertTrue(actual.stream().anyMatch(l -> l.contains("\"UNDETERMINED\"")), "the population has undetermined outcomes");
        assertTrue(actual.stream().anyMatch(l -> l.contains("\"ELIGIBLE\"")), "the population has eligible outcomes");
    }

    @Test
    void withAllOutcomesResultsEqualThoseOfEvaluatingEachCaseOnItsOwn() throws Exception {
        BatchFixtures.run(rules, BatchOptions.of(List.of(population), dir.resolve("out-all")).withThreads(2).withAll(true)
                .withFullResults(true));
        List<String> expected = BatchFixtures.oneByOne(rules, population, true);
        List<String> actual = BatchFixtures.lines(dir.resolve("out-all").resolve(BatchRunner.RESULTS));
        assertEquals(expected, actual);
        assertTrue(actual.stream().anyMatch(l -> l.contains("\"NOT_ELIGIBLE\"")));
    }

    @Test
    void everyEngineModeAndThreadCountWritesTheSameBytes() {
        Path baseline = dir.resolve("baseline");
        BatchFixtures.run(rules, BatchOptions.of(List.of(population, TestSupport.samplesDir()), baseline).withThreads(1)
                .withEngine(BatchOptions.Engine.PLAIN));
        int run = 0;
        for (BatchOptions.Engine engine : BatchOptions.Engine.values()) {
            for (int threads : new int[] {1, 2, 5}) {
                Path out = dir.resolve("run-" + run++);
                BatchFixtures.run(rules, BatchOptions.of(List.of(population, TestSupport.samplesDir()), out)
                        .withThreads(threads).withEngine(engine));
                for (String file : List.of(BatchRunner.RESULTS, BatchRunner.AWARDS, BatchRunner.ERRORS,
                        BatchRunner.SUMMARY, BatchRunner.REPORT, BatchRunner.RULES)) {
                    assertArrayEquals(BatchFixtures.bytes(baseline.resolve(file)), BatchFixtures.bytes(out.resolve(file)),
                            file + " with engine " + engine + " and " + threads + " threads");
                }
            }
        }
    }
}
