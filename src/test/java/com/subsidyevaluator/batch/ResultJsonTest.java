package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.synthetic.Population;
import com.subsidyevaluator.synthetic.RuleHints;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fast result writer writes exactly the bytes of the JSON mapper. */
class ResultJsonTest {

    @TempDir
    Path dir;

    private static String fast(EvaluationResult r) throws Exception {
        ResultJson.Bytes b = new ResultJson.Bytes(64);
        ResultJson.write(r, b);
        return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void theResultTypesAreSupported() {
        assertTrue(ResultJson.supports(),
                "a change to the result records that the fast writer does not understand makes the batch use the mapper "
                        + "(correct, but slower): extend ResultJson");
    }

    @Test
    void generatedResultsAreWrittenByteForByteAsTheMapperWritesThem() throws Exception {
        RuleSet rules = BatchFixtures.ruleSetWithAmounts(dir.resolve("rules"), AllocationTest.AMOUNTS);
        Population population = new Population(77, RuleHints.of(TestSupport.shippedRules()));
        List<CaseFile> cases = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            ObjectNode c = population.generate(i);
            if (i % 50 == 0) {
                // text a JSON writer must escape, and characters outside the basic plane
                ((ObjectNode) c.get("enterprise")).put("name", "引号\"反斜杠\\换行\n制表\t回车\r退格\b换页\f\u0001\u001f\u007f 𝄞😀 \u2028 </script>");
            }
            byte[] b = Json.compact().writeValueAsBytes(c);
            cases.add(CaseReader.parse("p", b, 0, b.length, 0));
        }
        Map<String, BigDecimal> demand = Map.of("6-platforms-rd", new BigDecimal("123456.5"), "6-talent", new BigDecimal("99999"));
        PoolAllocation allocation = PoolAllocation.of(rules.data().budgets(), demand);
        int compared = 0;
        int allocated = 0;
        // as in a batch: one thread's texts and shared records kept from result to result
        ResultJson.Kept kept = new ResultJson.Kept();
        try (BatchEvaluator e = rules.newBatchEvaluator()) {
            for (boolean all : new boolean[] {false, true}) {
                for (EvaluationResult r : e.evaluate(cases, all)) {
                    List<Outcome> outcomes = new ArrayList<>();
                    for (Outcome o : r.outcomes()) {
                        Outcome.Allocation a = allocation.allocate(o.benefit().pool(), o.benefit().amountWan());
                        if (a != null) {
                            allocated++;
                            o = o.withBenefit(o.benefit().withAllocation(a));
                        }
                        outcomes.add(o);
                    }
                    EvaluationResult withAllocations = new EvaluationResult(r.caseId(), r.asOf(), r.applicant(), r.ruleSet(),
                            r.inForce(), outcomes);
                    for (EvaluationResult x : List.of(r, withAllocations)) {
                        String expected = Json.compact().writeValueAsString(x);
                        assertEquals(expected, fast(x));
                        ResultJson.Bytes b = new ResultJson.Bytes(64, kept);
                        ResultJson.write(x, b);
                        assertEquals(expected, new String(b.toByteArray(), StandardCharsets.UTF_8));
                        compared++;
                    }
                }
            }
        }
        assertTrue(compared == 12_000 && allocated > 100, compared + " results, " + allocated + " allocations");
    }

    @Test
    void textIsEscapedAsTheMapperEscapesIt() throws Exception {
        String longer = "符合第11条「研发费用加计扣除」：乐清合合商贸有限公司满足全部条件，可享受税收优惠，按国家规定计算，不由本文件定额。";
        ResultJson.Kept kept = new ResultJson.Kept();
        for (String s : List.of("", "plain", "中文", "\"", "\\", "\u0000\u0007\u001b", "a\u007fb", "𝄞", "</tag>", "\u2028\u2029",
                "中文\"引号\"之后", "é\n", "中文𝄞中文", longer, longer + "\t" + longer, longer + "\uD800")) {
            String expected = s.endsWith("\uD800") ? null : Json.compact().writeValueAsString(s);
            for (int round = 0; round < 2; round++) { // the second time from what the thread keeps
                ResultJson.Bytes b = new ResultJson.Bytes(8, kept);
                if (expected == null) {
                    assertThrows(java.io.IOException.class, () -> ResultJson.string(s, b), "unpaired surrogate");
                    continue;
                }
                b.put((byte) '[');
                ResultJson.string(s, b);
                assertEquals("[" + expected, new String(b.toByteArray(), StandardCharsets.UTF_8), s);
            }
        }
    }
}
