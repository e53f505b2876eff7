package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The document's figures as data: every clause listed, every budget split adding up to the total its clause states. */
class PolicyDataTest {

    private final PolicyData data = TestSupport.shippedRules().data();

    @Test
    void everyClauseOfTheDocumentIsListedOnce() {
        assertEquals(57, data.clauses().size());
        for (int n = 1; n <= 57; n++) {
            assertTrue(data.clause(n).isPresent(), "clause " + n);
        }
    }

    @Test
    void eachAreaSplitAddsUpToTheTotalItsClauseStates() {
        Map<String, List<BudgetPool>> parts = data.budgets().stream().filter(b -> b.parent() != null)
                .collect(Collectors.groupingBy(BudgetPool::parent));
        assertEquals(8, parts.size(), "one split per area budget clause");
        for (Map.Entry<String, List<BudgetPool>> e : parts.entrySet()) {
            BudgetPool total = data.pool(e.getKey()).orElseThrow();
            BigDecimal sum = e.getValue().stream().map(BudgetPool::amountWan).reduce(BigDecimal.ZERO, BigDecimal::add);
            assertEquals(0, total.amountWan().compareTo(sum), total.id() + " states " + total.amountWan() + " but its parts add to " + sum);
            e.getValue().forEach(p -> assertEquals(total.clause(), p.clause(), p.id()));
        }
    }

    @Test
    void theDocumentsFiguresAreConvertedExactlyToWan() {
        assertEquals(new BigDecimal("315000"), data.pool("1-total").orElseThrow().amountWan(), "31.5 亿元");
        assertEquals(new BigDecimal("29400"), data.pool("6-total").orElseThrow().amountWan(), "2.94 亿元");
        assertEquals(new BigDecimal("510"), data.pool("34-overseas-markets").orElseThrow().amountWan());
        assertEquals(new BigDecimal("1100"), data.pool("34-credit-insurance").orElseThrow().amountWan());
        assertEquals(new BigDecimal("4580"), data.pool("34-vouchers").orElseThrow().amountWan());
        assertEquals(new BigDecimal("2810"), data.pool("34-other").orElseThrow().amountWan());
        assertEquals(new BigDecimal("109100"), data.pool("42-total").orElseThrow().amountWan(), "10.91 亿元");
    }

    @Test
    void theClosingTotalIsNetOfOverlapsAndSoBelowTheSumOfAreaTotals() {
        BigDecimal areas = data.budgets().stream().filter(b -> b.id().endsWith("-total") && !b.id().equals("closing-total"))
                .map(BudgetPool::amountWan).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertEquals(new BigDecimal("755380"), areas);
        BigDecimal closing = data.pool("closing-total").orElseThrow().amountWan();
        assertEquals(new BigDecimal("480800"), closing, "48.08 亿元");
        assertTrue(closing.compareTo(areas) < 0);
    }

    @Test
    void everyMonetaryRuleNamesAPoolThatExists() {
        for (RuleDefinition r : TestSupport.shippedRules().rules()) {
            if (r.benefitKind() == BenefitKind.FUNDING && r.pool() != null) {
                assertNotNull(data.pool(r.pool()).orElse(null), r.name());
            }
        }
    }

    @Test
    void targetsNameTheirClauseOrAreaAndHaveExactValues() {
        assertTrue(data.targets().size() >= 90);
        PolicyData.Target seaRail = data.targets().stream().filter(t -> t.id().equals("c30-sea-rail-teu")).findFirst().orElseThrow();
        assertEquals("30", seaRail.clause());
        assertEquals(new BigDecimal("5000"), seaRail.value());
        assertEquals("TEU", seaRail.unit());
        for (PolicyData.Target t : data.targets()) {
            assertTrue(t.area() >= 1 && t.area() <= 8, t.id());
            assertNotNull(t.comparison(), t.id());
            assertNotNull(t.quote(), t.id());
        }
    }
}
