package com.subsidyevaluator.targets;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Runs the target rules' data tests (rules/yueqing-2023/targets/tests/*.yaml); each test is named by its sentence. */
class TargetRuleDataTestsTest {

    @TestFactory
    Stream<DynamicNode> targetDataTests() throws Exception {
        TargetEvaluator evaluator = TargetEvaluator.load(TestSupport.rulesDir());
        List<TargetDataTests.Test> tests = TargetDataTests.loadAll(TestSupport.rulesDir(), evaluator.data());
        assertTrue(tests.size() >= 30, "the target rules have data tests");
        return tests.stream()
                .collect(Collectors.groupingBy(TargetDataTests.Test::file, TreeMap::new, Collectors.toList()))
                .entrySet().stream()
                .map(e -> DynamicContainer.dynamicContainer(e.getKey(), e.getValue().stream()
                        .map(t -> DynamicTest.dynamicTest(t.name(), () -> {
                            List<String> diffs = TargetDataTests.run(evaluator, t);
                            assertTrue(diffs.isEmpty(), () -> t.location() + " " + t.name() + "\n  " + String.join("\n  ", diffs));
                        }))));
    }
}
