package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Budget pools against awards. The shipped rules leave most amounts to supporting rules (null), so these tests use
 * a copy of the rule set whose parameters give amounts and whose science pools are small, so that they are
 * oversubscribed.
 */
class AllocationTest {

    @TempDir
    static Path dir;
    static RuleSet rules;
    static Path population;

    /** Amounts (万元) given to parameters of the copy. */
    static final Map<String, String> AMOUNTS = Map.of("rd-post-subsidy", "30", "new-incubator-award", "50",
            "key-rd-project-funding", "20", "talent-rent-subsidy", "500", "new-rd-institution-award", "100",
            "incubation-rent-subsidy", "2.5");

    @BeforeAll
    static void ruleSetWithAmounts() throws Exception {
        rules = BatchFixtures.ruleSetWithAmounts(dir.resolve("rules"), AMOUNTS);
        assertEquals(0, new BigDecimal("3000").compareTo(rules.data().pool("6-platforms-rd").orElseThrow().amountWan()));
        population = BatchFixtures.population(dir.resolve("population.jsonl"), 7, 6000);
    }

    @Test
    void withoutAllocationTheExcessIsReportedAndAmountsAreLeftAlone() throws Exception {
        Path out = dir.resolve("none");
        BatchFixtures.run(rules, BatchOptions.of(List.of(population), out).withFullResults(true));
        JsonNode summary = Json.mapper().readTree(out.resolve(BatchRunner.SUMMARY).toFile());
        JsonNode pool = pool(summary, "6-platforms-rd");
        BigDecimal requested = pool.path("requestedWan").decimalValue();
        assertTrue(requested.compareTo(new BigDecimal("3000")) > 0, "the pool is oversubscribed: " + pool);
        assertEquals(0, requested.subtract(new BigDecimal("3000")).compareTo(pool.path("overWan").decimalValue()));
        assertFalse(pool.has("allocatedWan"));
        assertFalse(Files.readString(out.resolve(BatchRunner.RESULTS)).contains("\"allocation\""));
        String html = Files.readString(out.resolve(BatchRunner.REPORT));
        assertTrue(html.contains("data-summary=\"pools[6-platforms-rd].overWan\""), "the report flags the excess");

        // the pool's requested amount is the sum of the eligible, priced awards paid from it
        BigDecimal sum = BigDecimal.ZERO;
        long unpriced = 0;
        for (String line : BatchFixtures.lines(out.resolve(BatchRunner.RESULTS))) {
            for (JsonNode o : Json.mapper().readTree(line).path("outcomes")) {
                if (o.path("status").asText().equals("ELIGIBLE") && o.path("benefit").path("pool").asText().equals("6-platforms-rd")) {
                    if (o.path("benefit").path("amountWan").isNull()) {
                        unpriced++;
                    } else {
                        sum = sum.add(o.path("benefit").path("amountWan").decimalValue());
                    }
                }
            }
        }
        assertEquals(0, sum.compareTo(requested), "requestedWan adds up the awards");
        assertEquals(unpriced, pool.path("unpricedAwards").asLong(), "awards without an amount are counted, not summed");
        assertTrue(unpriced > 0, "some awards of the pool have no amount (parameters left null)");
    }

    @Test
    void proRataScalesEveryAwardOfAnOversubscribedPoolSoThatNoPoolIsExceeded() throws Exception {
        Path out = dir.resolve("pro-rata");
        BatchFixtures.run(rules, BatchOptions.of(List.of(population), out).withAllocate(BatchOptions.Allocate.PRO_RATA)
                .withFullResults(true));
        JsonNode summary = Json.mapper().readTree(out.resolve(BatchRunner.SUMMARY).toFile());
        Map<String, BigDecimal> allocatedPerPool = new HashMap<>();
        int scaled = 0;
        for (String line : BatchFixtures.lines(out.resolve(BatchRunner.RESULTS))) {
            for (JsonNode o : Json.mapper().readTree(line).path("outcomes")) {
                JsonNode b = o.path("benefit");
                if (!o.path("status").asText().equals("ELIGIBLE") || b.path("amountWan").isNull()) {
                    continue;
                }
                String pool = b.path("pool").asText(null);
                BigDecimal amount = b.path("amountWan").decimalValue();
                JsonNode a = b.path("allocation");
                if (pool != null && (pool.equals("6-platforms-rd") || pool.equals("6-talent"))) {
                    assertFalse(a.isMissingNode(), "every award of an oversubscribed pool is scaled: " + o);
                    BigDecimal allocated = a.path("allocatedWan").decimalValue();
                    assertTrue(allocated.compareTo(amount) < 0);
                    assertEquals(0, amount.compareTo(a.path("requestedWan").decimalValue()));
                    assertTrue(a.path("note").asText().contains("超出") && a.path("note").asText().contains("核定"), a.toString());
                    assertTrue(allocated.scale() <= 4, "rounded down to the yuan");
                    allocatedPerPool.merge(pool, allocated, BigDecimal::add);
                    scaled++;
                }
            }
        }
        assertTrue(scaled > 100);
        for (String id : List.of("6-platforms-rd", "6-talent")) {
            JsonNode pool = pool(summary, id);
            BigDecimal budget = pool.path("budgetWan").decimalValue();
            BigDecimal allocated = pool.path("allocatedWan").decimalValue();
            assertTrue(allocated.compareTo(budget) <= 0, id + " is not exceeded: " + pool);
            assertTrue(allocated.compareTo(budget.subtract(new BigDecimal("1"))) > 0, id + " is used up to within rounding: " + pool);
            assertEquals(0, allocated.compareTo(allocatedPerPool.get(id)), id + ": summary equals the sum of the awards");
            assertNotNull(pool.get("ratio"));
        }
        JsonNode parent = pool(summary, "6-total");
        assertTrue(parent.path("allocatedWan").decimalValue().compareTo(parent.path("budgetWan").decimalValue()) <= 0);

        // awards.csv shows the scaled amount and why
        List<String> csv = BatchFixtures.lines(out.resolve(BatchRunner.AWARDS));
        assertTrue(csv.stream().anyMatch(l -> l.contains("6-platforms-rd") && l.contains("按比例")), "awards.csv explains the scaling");
    }

    @Test
    void allocationScalesNestedPoolsAndRoundsDownToTheYuan() throws Exception {
        // built from JSON, as budgets.yaml is read, so that the test does not depend on the record's components
        List<com.subsidyevaluator.engine.PolicyData.BudgetPool> pools = new java.util.ArrayList<>();
        for (String json : List.of("{\"id\":\"p\",\"clause\":\"1\",\"name\":\"总额\",\"amountWan\":100}",
                "{\"id\":\"a\",\"clause\":\"1\",\"parent\":\"p\",\"name\":\"甲\",\"amountWan\":80}",
                "{\"id\":\"b\",\"clause\":\"1\",\"parent\":\"p\",\"name\":\"乙\",\"amountWan\":50}")) {
            pools.add(Json.mapper().readValue(json, com.subsidyevaluator.engine.PolicyData.BudgetPool.class));
        }
        // a asks 160 (scaled to 80), b asks 40 (within budget); p then gets 80 + 40 = 120 > 100: scaled by 100/120
        PoolAllocation alloc = PoolAllocation.of(pools, Map.of("a", new BigDecimal("160"), "b", new BigDecimal("40")));
        var a = alloc.allocate("a", new BigDecimal("16"));
        var b = alloc.allocate("b", new BigDecimal("40"));
        assertEquals(new BigDecimal("6.6666"), a.allocatedWan(), "16 × 80/160 × 100/120, rounded down");
        assertEquals(new BigDecimal("33.3333"), b.allocatedWan(), "40 × 100/120, rounded down");
        assertTrue(a.note().contains("甲") && a.note().contains("总额"), "names every oversubscribed pool: " + a.note());
        BigDecimal total = new BigDecimal("160").multiply(new BigDecimal("0.5")).multiply(new BigDecimal("100"))
                .divide(new BigDecimal("120"), 10, RoundingMode.DOWN).add(b.allocatedWan());
        assertTrue(total.compareTo(new BigDecimal("100")) <= 0);
        assertNull(PoolAllocation.of(pools, Map.of("b", new BigDecimal("10"))).allocate("b", new BigDecimal("10")),
                "nothing is scaled when no pool is exceeded");
    }

    private static JsonNode pool(JsonNode summary, String id) {
        for (JsonNode p : summary.path("pools")) {
            if (p.path("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no pool " + id);
    }
}
