package com.subsidyevaluator.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs the shipped rule set's data tests (rules/yueqing-2023/tests/*.yaml); each test is named by its sentence. */
class RuleSetDataTestsTest {

    @TestFactory
    Stream<DynamicNode> shippedDataTests() throws Exception {
        List<DataTest> tests = DataTestFile.loadAll(TestSupport.rulesDir());
        assertFalse(tests.isEmpty(), "the shipped rule set has data tests");
        DataTestRunner runner = new DataTestRunner(TestSupport.shippedRules());
        return tests.stream()
                .collect(java.util.stream.Collectors.groupingBy(DataTest::file, java.util.TreeMap::new,
                        java.util.stream.Collectors.toList()))
                .entrySet().stream()
                .map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue().stream()
                        .map(t -> DynamicTest.dynamicTest(t.name(), () -> {
                            DataTestRunner.Result r = runner.run(t);
                            assertTrue(r.passed(), () -> t.location() + " " + t.name() + "\n  " + String.join("\n  ", r.differences()));
                        }))));
    }
}
