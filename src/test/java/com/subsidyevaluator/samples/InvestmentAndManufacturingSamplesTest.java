package com.subsidyevaluator.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.PolicyDocument;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The samples s10–s19 of areas 一 (扩大有效投资) and 三 (先进制造业): each is a complete 2023 case with a valid
 * unified social credit code, and together they show every entitlement clause of the two areas both met (in one
 * sample) and not met (in another).
 */
class InvestmentAndManufacturingSamplesTest {

    private static final String CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] CODE_WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private static List<Path> samples() throws IOException {
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            return s.filter(p -> p.getFileName().toString().matches("s1[0-9]-.+\\.json")).sorted().toList();
        }
    }

    /** GB 32100-2015: the 18th character is a check character over the first 17. */
    static boolean validCreditCode(String code) {
        if (code == null || code.length() != 18) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int v = CODE_CHARS.indexOf(code.charAt(i));
            if (v < 0) {
                return false;
            }
            sum += v * CODE_WEIGHTS[i];
        }
        return code.charAt(17) == CODE_CHARS.charAt((31 - sum % 31) % 31);
    }

    @Test
    void creditCodeCheckRejectsAWrongCheckCharacter() {
        assertTrue(validCreditCode("91330382MA2JR7K1X5"));
        assertFalse(validCreditCode("91330382MA2JR7K1X6"));
        assertFalse(validCreditCode("91330382MA2JR7K1X"));
    }

    @Test
    void everySampleIsACompleteCaseOf2023InYueqing() throws Exception {
        List<Path> files = samples();
        assertTrue(files.size() >= 6, "at least six samples s10–s19, found " + files.size());
        Set<String> ids = new HashSet<>();
        for (Path f : files) {
            CaseFile c = CaseReader.read(f);
            String name = f.getFileName().toString();
            assertTrue(ids.add(c.caseId()), name + ": caseId " + c.caseId() + " is used by another sample");
            assertNotNull(c.asOf(), name + ": asOf");
            assertEquals(2023, c.asOf().getYear(), name + ": asOf in 2023");
            assertTrue(c.description() != null && !c.description().isBlank(), name + ": description");
            String code = c.enterprise().creditCode();
            assertTrue(validCreditCode(code), name + ": " + code + " is not a valid unified social credit code");
            assertEquals("330382", code.substring(2, 8), name + ": area code of 乐清市");
            EvaluationResult r = TestSupport.shippedRules().evaluate(c);
            assertTrue(r.withStatus(Status.UNDETERMINED).stream()
                            .noneMatch(o -> inAreas(Integer.parseInt(o.clause()))),
                    name + ": a sample of areas 一 and 三 gives every fact their rules read");
        }
    }

    @Test
    void everyEntitlementClauseOfAreasOneAndThreeIsMetInOneSampleAndNotMetInAnother() throws Exception {
        RuleSet rules = TestSupport.shippedRules();
        Map<Integer, Set<String>> eligible = new TreeMap<>();
        Map<Integer, Set<String>> notEligible = new TreeMap<>();
        for (Path f : samples()) {
            EvaluationResult r = rules.evaluate(CaseReader.read(f));
            for (Outcome o : r.outcomes()) {
                int clause = Integer.parseInt(o.clause());
                if (o.status() == Status.ELIGIBLE) {
                    eligible.computeIfAbsent(clause, k -> new HashSet<>()).add(r.caseId());
                } else if (o.status() == Status.NOT_ELIGIBLE) {
                    notEligible.computeIfAbsent(clause, k -> new HashSet<>()).add(r.caseId());
                }
            }
        }
        List<String> gaps = new ArrayList<>();
        for (PolicyData.ClauseInfo c : rules.data().clauses()) {
            if (!inAreas(c.number()) || !c.is(PolicyData.ClauseKind.ENTITLEMENT)) {
                continue;
            }
            Set<String> yes = eligible.getOrDefault(c.number(), Set.of());
            Set<String> no = notEligible.getOrDefault(c.number(), Set.of());
            boolean apart = yes.stream().anyMatch(a -> no.stream().anyMatch(b -> !a.equals(b)));
            if (!apart) {
                gaps.add("第" + c.number() + "条 符合于 " + yes + "，不符合于 " + no);
            }
        }
        assertTrue(gaps.isEmpty(), "clauses not shown both ways by different samples: " + gaps);
    }

    private static boolean inAreas(int clause) {
        PolicyDocument doc = TestSupport.shippedRules().document();
        return doc.areaOf(clause).map(a -> a.number() == 1 || a.number() == 3).orElse(false);
    }
}
