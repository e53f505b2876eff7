package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.Outcome.Allocation;
import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pro-rata allocation of oversubscribed budget pools. Each pool's awards (its own and, already scaled, those of
 * the pools under it) are scaled by {@code budget / requested} when they exceed its budget; an award is scaled by
 * the factors of its pool and of every pool above it. Scaled amounts are rounded down to the yuan (0.0001 万元),
 * so no pool pays more than its budget.
 */
final class PoolAllocation {

    /** Factors are kept to 34 significant digits, rounded down. */
    private static final MathContext FACTOR = new MathContext(34, RoundingMode.DOWN);
    /** Amounts in 万元 to the yuan. */
    static final int WAN_SCALE = 4;

    private final Map<String, BudgetPool> pools = new LinkedHashMap<>();
    /** Pool → its own factor (1 when within budget). */
    private final Map<String, BigDecimal> factor = new LinkedHashMap<>();
    /** Pool → requested total of its subtree, before any scaling. */
    private final Map<String, BigDecimal> requested;

    private PoolAllocation(List<BudgetPool> budgets, Map<String, BigDecimal> direct) {
        for (BudgetPool p : budgets) {
            pools.put(p.id(), p);
        }
        Map<String, List<String>> children = new LinkedHashMap<>();
        for (BudgetPool p : budgets) {
            if (p.parent() != null) {
                children.computeIfAbsent(p.parent(), k -> new ArrayList<>()).add(p.id());
            }
        }
        this.requested = BudgetTotals.rollUp(budgets, direct);
        for (BudgetPool p : budgets) {
            if (p.parent() == null || !pools.containsKey(p.parent())) {
                paid(p.id(), children, direct);
            }
        }
    }

    /** Computes the factors from the requested (eligible, priced) amounts paid directly from each pool. */
    static PoolAllocation of(List<BudgetPool> budgets, Map<String, BigDecimal> direct) {
        return new PoolAllocation(budgets, direct);
    }

    /** What a pool pays after its own and its children's scaling: f(p) × (direct + Σ paid(children)). */
    private BigDecimal paid(String id, Map<String, List<String>> children, Map<String, BigDecimal> direct) {
        BigDecimal subtotal = direct.getOrDefault(id, BigDecimal.ZERO);
        for (String c : children.getOrDefault(id, List.of())) {
            subtotal = subtotal.add(paid(c, children, direct));
        }
        BigDecimal budget = pools.get(id).amountWan();
        BigDecimal f = BigDecimal.ONE;
        if (budget != null && subtotal.compareTo(budget) > 0) {
            f = budget.divide(subtotal, FACTOR);
        }
        factor.put(id, f);
        return subtotal.multiply(f);
    }

    /** Whether any pool is scaled. */
    boolean scalesAnything() {
        return factor.values().stream().anyMatch(f -> f.compareTo(BigDecimal.ONE) < 0);
    }

    /** The factors of the pools that are scaled, by pool id. */
    Map<String, BigDecimal> factors() {
        Map<String, BigDecimal> out = new LinkedHashMap<>();
        factor.forEach((k, v) -> {
            if (v.compareTo(BigDecimal.ONE) < 0) {
                out.put(k, v);
            }
        });
        return Collections.unmodifiableMap(out);
    }

    /** The allocation of an award of {@code amountWan} paid from {@code poolId}, or null when it is not scaled. */
    Allocation allocate(String poolId, BigDecimal amountWan) {
        if (poolId == null || amountWan == null || !pools.containsKey(poolId)) {
            return null;
        }
        BigDecimal f = BigDecimal.ONE;
        List<String> reasons = new ArrayList<>();
        for (String id = poolId; id != null && pools.containsKey(id); id = pools.get(id).parent()) {
            BigDecimal own = factor.getOrDefault(id, BigDecimal.ONE);
            if (own.compareTo(BigDecimal.ONE) < 0) {
                f = f.multiply(own, FACTOR);
                BudgetPool p = pools.get(id);
                BigDecimal req = requested.getOrDefault(id, BigDecimal.ZERO);
                reasons.add("资金池「" + p.name() + "」（" + id + "）预算 " + plain(p.amountWan()) + " 万元，符合条件的申请合计 "
                        + plain(req) + " 万元，超出 " + plain(req.subtract(p.amountWan())) + " 万元");
            }
        }
        if (reasons.isEmpty()) {
            return null;
        }
        BigDecimal allocated = amountWan.multiply(f).setScale(WAN_SCALE, RoundingMode.DOWN);
        String ratio = f.multiply(BigDecimal.valueOf(100)).setScale(4, RoundingMode.DOWN).stripTrailingZeros().toPlainString() + "%";
        String note = String.join("；", reasons) + "；按比例（" + ratio + "）核减：原金额 " + plain(amountWan) + " 万元，核定 "
                + plain(allocated) + " 万元";
        return new Allocation(poolId, amountWan, plainDecimal(allocated), ratio, note);
    }

    private static BigDecimal plainDecimal(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    static String plain(BigDecimal n) {
        return plainDecimal(n).toPlainString();
    }
}
