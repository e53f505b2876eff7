package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sums over the budget-pool tree. */
final class BudgetTotals {

    private BudgetTotals() {
    }

    /**
     * Each pool's total including every pool under it ({@code parent} chains), from the amounts paid directly
     * from each pool. Pools are returned in the order of {@code budgets}.
     */
    static Map<String, BigDecimal> rollUp(List<BudgetPool> budgets, Map<String, BigDecimal> direct) {
        Map<String, BudgetPool> byId = new LinkedHashMap<>();
        for (BudgetPool p : budgets) {
            byId.put(p.id(), p);
        }
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        for (BudgetPool p : budgets) {
            out.put(p.id(), BigDecimal.ZERO);
        }
        for (Map.Entry<String, BigDecimal> e : direct.entrySet()) {
            int guard = 0;
            for (String id = e.getKey(); id != null && byId.containsKey(id) && guard < 64; id = byId.get(id).parent(), guard++) {
                out.merge(id, e.getValue(), BigDecimal::add);
            }
        }
        return out;
    }

    /** Each pool's count including every pool under it. */
    static Map<String, Long> rollUpCounts(List<BudgetPool> budgets, Map<String, Long> direct) {
        Map<String, BudgetPool> byId = new LinkedHashMap<>();
        for (BudgetPool p : budgets) {
            byId.put(p.id(), p);
        }
        Map<String, Long> out = new LinkedHashMap<>();
        for (BudgetPool p : budgets) {
            out.put(p.id(), 0L);
        }
        for (Map.Entry<String, Long> e : direct.entrySet()) {
            int guard = 0;
            for (String id = e.getKey(); id != null && byId.containsKey(id) && guard < 64; id = byId.get(id).parent(), guard++) {
                out.merge(id, e.getValue(), Long::sum);
            }
        }
        return out;
    }
}
