package com.subsidyevaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.engine.RuleDefinition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/fidelity.md reviews every rule of the shipped rule set: one section per rule, headed by its name. */
class FidelityDocTest {

    @Test
    void everyShippedRuleHasItsOwnSectionWithTheWordsTheTierAndTheConclusion() throws Exception {
        List<String> lines = Files.readAllLines(TestSupport.projectDir().resolve("docs/fidelity.md"), StandardCharsets.UTF_8);
        Set<String> headings = lines.stream().filter(l -> l.startsWith("#")).map(l -> l.replaceFirst("^#+\\s*", "").strip())
                .collect(Collectors.toSet());
        List<String> missing = TestSupport.shippedRules().rules().stream().map(RuleDefinition::name)
                .filter(n -> !headings.contains(n)).toList();
        assertEquals(List.of(), missing, "rules without a section in docs/fidelity.md");
        for (RuleDefinition r : TestSupport.shippedRules().rules()) {
            int at = -1;
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).startsWith("#") && lines.get(i).replaceFirst("^#+\\s*", "").strip().equals(r.name())) {
                    at = i;
                }
            }
            StringBuilder section = new StringBuilder();
            for (int i = at + 1; i < lines.size() && !lines.get(i).startsWith("#"); i++) {
                section.append(lines.get(i)).append('\n');
            }
            String s = section.toString();
            assertTrue(s.contains("层级") && s.contains(r.tier().code()), r.name() + ": the section states the tier "
                    + r.tier().code() + "\n" + s);
            assertTrue(s.contains("原文") && s.contains("复核结论"), r.name() + ": the section gives the words and the conclusion\n" + s);
        }
    }
}
