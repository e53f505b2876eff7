package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

/** Sums over the budget-pool tree. */
final class BudgetTotals {

    private BudgetTotals() {
    }

    /**
     * Each pool's total including every pool under it ({@code parent} chains), from the amounts paid directly
     * from each pool. Pools are returned in the order of {@code budgets}.
     */
    static Map<String, BigDecimal> rollUp(List<BudgetPool> budgets, Map<String, BigDecimal> direct) {
        return rollUp(budgets, direct, BigDecimal.ZERO, BigDecimal::add);
    }

    /** Each pool's count including every pool under it. */
    static Map<String, Long> rollUpCounts(List<BudgetPool> budgets, Map<String, Long> direct) {
        return rollUp(budgets, direct, 0L, Long::sum);
    }

    private static <T> Map<String, T> rollUp(List<BudgetPool> budgets, Map<String, T> direct, T zero, BinaryOperator<T> add) {
        Map<String, BudgetPool> byId = new LinkedHashMap<>();
        for (BudgetPool p : budgets) {
            byId.put(p.id(), p);
        }
        Map<String, T> out = new LinkedHashMap<>();
        for (BudgetPool p : budgets) {
            out.put(p.id(), zero);
        }
        for (Map.Entry<String, T> e : direct.entrySet()) {
            int guard = 0;
            for (String id = e.getKey(); id != null && byId.containsKey(id) && guard < 64; id = byId.get(id).parent(), guard++) {
                out.merge(id, e.getValue(), add);
            }
        }
        return out;
    }
}
