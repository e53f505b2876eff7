package com.subsidyevaluator.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.EvaluationResult.RuleSetId;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a batch found, as written to {@code summary.json}: how many records were read, evaluated and rejected;
 * how many applicants are eligible or undetermined; counts and amounts per area, clause and rule; and the awards
 * of each budget pool against its 2023 budget. Amounts are exact sums in 万元 of eligible awards whose amount is
 * known; awards whose amount the document leaves to supporting rules are counted ({@code eligibleUnpriced}) but
 * not summed.
 */
@JsonPropertyOrder({"ruleSet", "asOf", "allocation", "allOutcomes", "cases", "applicants", "totals", "areas", "clauses",
        "pools", "unpooled", "departments"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BatchSummary(RuleSetId ruleSet, String asOf, String allocation, boolean allOutcomes, Cases cases,
                           Applicants applicants, Totals totals, List<AreaTotal> areas, List<ClauseTotal> clauses,
                           List<PoolTotal> pools, Totals unpooled, List<DepartmentTotal> departments) {

    /**
     * The lead departments named in a rule's {@code department} ("市农业农村局、市发改局" is two), in the order written.
     * A clause two departments lead jointly counts under each of them.
     */
    public static List<String> departments(String department) {
        if (department == null || department.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String d : department.split("[、，,；;/]")) {
            String t = d.strip();
            if (!t.isEmpty() && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }

    /** Records read, evaluated and rejected ({@code duplicates} are among the rejected). */
    @JsonPropertyOrder({"records", "evaluated", "rejected", "duplicates"})
    public record Cases(long records, long evaluated, long rejected, long duplicates) {
    }

    /** Evaluated applicants with at least one eligible, undetermined, either, or no such outcome. */
    @JsonPropertyOrder({"withEligible", "withUndetermined", "withEither", "withNeither"})
    public record Applicants(long withEligible, long withUndetermined, long withEither, long withNeither) {
    }

    /**
     * Outcomes and amounts.
     *
     * @param eligible              eligible outcomes
     * @param undetermined          undetermined outcomes
     * @param notEligible           not-eligible outcomes (only counted with {@code --all})
     * @param relevant              guidance outcomes (相关政策): policies that apply, not entitlements (never summed)
     * @param eligibleAmountWan     sum of the amounts of eligible outcomes whose amount is known
     * @param eligibleUnpriced      eligible outcomes whose amount is not known (not summed)
     * @param allocatedAmountWan    the same sum after pro-rata allocation (present with {@code --allocate pro-rata})
     * @param undeterminedAmountWan sum of the known amounts of undetermined outcomes (if they turn out eligible)
     * @param undeterminedUnpriced  undetermined outcomes whose amount is not known
     * @param cashEligible          eligible cash awards ({@link Money}) whose amount is known: summed in
     *                              {@code eligibleAmountWan}
     * @param cashEligibleUnpriced  eligible cash awards whose amount is still to be set by supporting rules (按配套细则):
     *                              counted, never summed
     * @param nonCashEligible       eligible outcomes whose benefit involves no money (a tax preference, a quota, a
     *                              qualification, …); {@code eligible = cashEligible + cashEligibleUnpriced + nonCashEligible}
     * @param nonCashEligibleByKind those by their rule's {@code @benefit} kind (要素保障, 税收优惠, …), kinds with none
     *                              left out
     */
    @JsonPropertyOrder({"eligible", "undetermined", "notEligible", "relevant", "eligibleAmountWan", "eligibleUnpriced",
            "allocatedAmountWan", "undeterminedAmountWan", "undeterminedUnpriced", "cashEligible", "cashEligibleUnpriced",
            "nonCashEligible", "nonCashEligibleByKind"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Totals(long eligible, long undetermined, Long notEligible, long relevant, BigDecimal eligibleAmountWan,
                         long eligibleUnpriced, BigDecimal allocatedAmountWan, BigDecimal undeterminedAmountWan,
                         long undeterminedUnpriced, long cashEligible, long cashEligibleUnpriced, long nonCashEligible,
                         Map<String, Long> nonCashEligibleByKind) {
    }

    /** A policy area: its outcomes, and how many applicants have an eligible or undetermined outcome in it. */
    @JsonPropertyOrder({"area", "applicantsEligible", "applicantsUndetermined", "totals"})
    public record AreaTotal(String area, long applicantsEligible, long applicantsUndetermined, Totals totals) {
    }

    /**
     * A lead department (牵头单位) and the outcomes of the rules it leads (a rule's {@code department}, split by
     * {@link #departments(String)}): so that a department sees its own figures. An outcome of a clause two departments
     * lead counts under both, so the departments' figures may add up to more than the batch's.
     *
     * @param department             the department, e.g. 市科技局
     * @param clauses                the clauses it leads (at least one rule), in the document's order
     * @param applicantsEligible     applicants with at least one eligible outcome of its rules
     * @param applicantsUndetermined applicants with at least one undetermined outcome of its rules
     * @param totals                 its outcomes and amounts
     */
    @JsonPropertyOrder({"department", "clauses", "applicantsEligible", "applicantsUndetermined", "totals"})
    public record DepartmentTotal(String department, List<String> clauses, long applicantsEligible,
                                  long applicantsUndetermined, Totals totals) {
    }

    /** A clause with its rules. */
    @JsonPropertyOrder({"clause", "area", "department", "totals", "rules"})
    public record ClauseTotal(String clause, String area, String department, Totals totals, List<RuleTotal> rules) {
    }

    /** One rule (one benefit of a clause). */
    @JsonPropertyOrder({"title", "rule", "pool", "totals"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RuleTotal(String title, String rule, String pool, Totals totals) {
    }

    /**
     * A budget pool of 2023 with the eligible awards paid from it or from the pools under it.
     *
     * @param id                 the pool's id
     * @param parent             the pool it is part of
     * @param name               what it pays for
     * @param budgetWan          its 2023 amount in 万元, or null where the document gives none
     * @param awards             eligible cash awards paid from it (and the pools under it)
     * @param unpricedAwards     those among them whose amount is not known (not summed)
     * @param requestedWan       the sum of the known amounts
     * @param utilisationPercent requestedWan as a share of budgetWan, in %, two decimals
     * @param overWan            how much requestedWan exceeds budgetWan (present only when it does)
     * @param allocatedWan       the sum after pro-rata allocation (present with {@code --allocate pro-rata})
     * @param ratio              the pool's own scaling factor, when it was scaled
     * @param nonCashAwards      eligible outcomes of rules that name the pool but involve no money ({@link Money}),
     *                           not among the awards (present only when there are some)
     */
    @JsonPropertyOrder({"id", "parent", "name", "budgetWan", "awards", "unpricedAwards", "requestedWan",
            "utilisationPercent", "overWan", "allocatedWan", "ratio", "nonCashAwards"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PoolTotal(String id, String parent, String name, BigDecimal budgetWan, long awards,
                            long unpricedAwards, BigDecimal requestedWan, BigDecimal utilisationPercent,
                            BigDecimal overWan, BigDecimal allocatedWan, String ratio, Long nonCashAwards) {

        public boolean oversubscribed() {
            return overWan != null;
        }
    }

    // ------------------------------------------------------------------------------------------ building

    /** Adds up a batch, outcome by outcome, in input order (one thread). */
    static final class Builder {
        private final RuleSet rules;
        private final String asOf;
        private final String allocationName;
        private final boolean all;
        private final PoolAllocation allocation;
        private long records;
        private long evaluated;
        private long rejected;
        private long duplicates;
        private long withEligible;
        private long withUndetermined;
        private long withEither;
        private final Map<String, Acc> areas = new LinkedHashMap<>();
        private final Map<String, long[]> areaApplicants = new LinkedHashMap<>();
        private final Map<Integer, Acc> clauses = new TreeMap<>();
        private final Map<Integer, String[]> clauseInfo = new TreeMap<>();
        private final Map<String, Acc> ruleAcc = new LinkedHashMap<>();
        private final Map<String, BigDecimal> poolDirect = new LinkedHashMap<>();
        private final Map<String, BigDecimal> poolAllocated = new LinkedHashMap<>();
        private final Map<String, Long> poolAwards = new LinkedHashMap<>();
        private final Map<String, Long> poolUnpriced = new LinkedHashMap<>();
        private final Map<String, Long> poolNonCash = new LinkedHashMap<>();
        private final Acc unpooled = new Acc();
        private final Acc overall = new Acc();
        private final Money money;
        /** Per rule name, the area, clause and rule totals its outcomes add to (for its clause and area texts). */
        private final Map<String, RuleTotals> byRule = new java.util.HashMap<>();
        /** Per lead department, its outcomes, its applicants (eligible, undetermined) and its clauses. */
        private final Map<String, Acc> departments = new LinkedHashMap<>();
        private final Map<String, long[]> departmentApplicants = new LinkedHashMap<>();
        private final Map<String, Set<Integer>> departmentClauses = new LinkedHashMap<>();

        private record RuleTotals(String clause, String area, Acc areaTotal, Acc clauseTotal, Acc ruleTotal,
                                  List<Acc> departmentTotals, List<String> departments) {
        }

        Builder(RuleSet rules, String asOf, String allocationName, boolean all, PoolAllocation allocation) {
            this.rules = rules;
            this.asOf = asOf;
            this.allocationName = allocationName;
            this.all = all;
            this.allocation = allocation;
            this.money = Money.of(rules);
            for (RuleDefinition r : rules.rules()) {
                areas.computeIfAbsent(r.area().displayName(), k -> new Acc());
                areaApplicants.computeIfAbsent(r.area().displayName(), k -> new long[2]);
                clauses.computeIfAbsent(r.clauseNumber(), k -> new Acc());
                clauseInfo.putIfAbsent(r.clauseNumber(), new String[] {r.area().displayName(), r.department()});
                ruleAcc.computeIfAbsent(r.name(), k -> new Acc());
            }
            // departments in the document's order of the clauses they lead
            rules.rules().stream().filter(r -> !r.isTargetRule())
                    .sorted(java.util.Comparator.comparingInt(RuleDefinition::clauseNumber))
                    .forEach(r -> departments(r.department()).forEach(d -> {
                        departments.computeIfAbsent(d, k -> new Acc());
                        departmentApplicants.computeIfAbsent(d, k -> new long[2]);
                        departmentClauses.computeIfAbsent(d, k -> new java.util.TreeSet<>()).add(r.clauseNumber());
                    }));
        }

        void rejected(boolean duplicate) {
            records++;
            rejected++;
            if (duplicate) {
                duplicates++;
            }
        }

        void evaluated(EvaluationResult r) {
            records++;
            evaluated++;
            boolean eligible = false;
            boolean undetermined = false;
            Set<String> areasEligible = new HashSet<>(4);
            Set<String> areasUndetermined = new HashSet<>(4);
            Set<String> departmentsEligible = new HashSet<>(4);
            Set<String> departmentsUndetermined = new HashSet<>(4);
            for (Outcome o : r.outcomes()) {
                RuleTotals t = add(o);
                if (o.status() == Status.ELIGIBLE) {
                    eligible = true;
                    areasEligible.add(o.area());
                    departmentsEligible.addAll(t.departments);
                } else if (o.status() == Status.UNDETERMINED) {
                    undetermined = true;
                    areasUndetermined.add(o.area());
                    departmentsUndetermined.addAll(t.departments);
                }
            }
            for (String d : departmentsEligible) {
                departmentApplicants.computeIfAbsent(d, k -> new long[2])[0]++;
            }
            for (String d : departmentsUndetermined) {
                departmentApplicants.computeIfAbsent(d, k -> new long[2])[1]++;
            }
            if (eligible) {
                withEligible++;
            }
            if (undetermined) {
                withUndetermined++;
            }
            if (eligible || undetermined) {
                withEither++;
            }
            for (String a : areasEligible) {
                areaApplicants.computeIfAbsent(a, k -> new long[2])[0]++;
            }
            for (String a : areasUndetermined) {
                areaApplicants.computeIfAbsent(a, k -> new long[2])[1]++;
            }
        }

        private RuleTotals add(Outcome o) {
            // the totals an outcome adds to: its area, its clause and its rule (found once per rule)
            RuleTotals t = byRule.get(o.rule());
            if (t == null || t.clause != o.clause() || t.area != o.area()) {
                int clause = Integer.parseInt(o.clause());
                clauseInfo.putIfAbsent(clause, new String[] {o.area(), o.department()});
                List<String> ds = departments(o.department());
                List<Acc> dt = new ArrayList<>(ds.size());
                for (String d : ds) {
                    dt.add(departments.computeIfAbsent(d, k -> new Acc()));
                    departmentClauses.computeIfAbsent(d, k -> new java.util.TreeSet<>()).add(clause);
                }
                t = new RuleTotals(o.clause(), o.area(), areas.computeIfAbsent(o.area(), k -> new Acc()),
                        clauses.computeIfAbsent(clause, k -> new Acc()), ruleAcc.computeIfAbsent(o.rule(), k -> new Acc()),
                        dt, ds);
                byRule.put(o.rule(), t);
            }
            String pool = o.benefit().pool();
            boolean cash = money.cash(o);
            t.areaTotal.add(o, cash);
            t.clauseTotal.add(o, cash);
            t.ruleTotal.add(o, cash);
            for (Acc d : t.departmentTotals) {
                d.add(o, cash);
            }
            overall.add(o, cash);
            if (pool == null) {
                unpooled.add(o, cash);
            }
            if (pool != null && o.status() == Status.ELIGIBLE && !cash) {
                // a benefit without money that names a pool is not an award of it: counted apart
                poolNonCash.merge(pool, 1L, Long::sum);
            } else if (pool != null && o.status() == Status.ELIGIBLE) {
                poolAwards.merge(pool, 1L, Long::sum);
                BigDecimal amount = o.benefit().amountWan();
                if (amount == null) {
                    poolUnpriced.merge(pool, 1L, Long::sum);
                } else {
                    poolDirect.merge(pool, amount, BigDecimal::add);
                    poolAllocated.merge(pool, Acc.allocated(o), BigDecimal::add);
                }
            }
            return t;
        }

        /** The eligible, priced amounts paid directly from each pool (for pro-rata allocation). */
        Map<String, BigDecimal> poolDirect() {
            return poolDirect;
        }

        BatchSummary build() {
            boolean allocating = allocation != null;
            List<AreaTotal> areaTotals = new ArrayList<>();
            areas.forEach((name, acc) -> {
                long[] n = areaApplicants.getOrDefault(name, new long[2]);
                areaTotals.add(new AreaTotal(name, n[0], n[1], acc.totals(all, allocating)));
            });
            Map<Integer, List<RuleTotal>> rulesByClause = new TreeMap<>();
            Set<String> seen = new HashSet<>();
            for (RuleDefinition r : rules.rules()) {
                if (seen.add(r.name())) {
                    rulesByClause.computeIfAbsent(r.clauseNumber(), k -> new ArrayList<>())
                            .add(new RuleTotal(r.title(), r.name(), r.pool(), ruleAcc.get(r.name()).totals(all, allocating)));
                }
            }
            List<ClauseTotal> clauseTotals = new ArrayList<>();
            clauses.forEach((n, acc) -> clauseTotals.add(new ClauseTotal(String.valueOf(n), clauseInfo.get(n)[0],
                    clauseInfo.get(n)[1], acc.totals(all, allocating), rulesByClause.getOrDefault(n, List.of()))));
            List<BudgetPool> budgets = rules.data().budgets();
            Map<String, BigDecimal> requested = BudgetTotals.rollUp(budgets, poolDirect);
            Map<String, BigDecimal> allocated = BudgetTotals.rollUp(budgets, poolAllocated);
            Map<String, Long> awards = BudgetTotals.rollUpCounts(budgets, poolAwards);
            Map<String, Long> unpriced = BudgetTotals.rollUpCounts(budgets, poolUnpriced);
            Map<String, Long> nonCash = BudgetTotals.rollUpCounts(budgets, poolNonCash);
            Map<String, BigDecimal> factors = allocating ? allocation.factors() : Map.of();
            List<PoolTotal> pools = new ArrayList<>();
            for (BudgetPool p : budgets) {
                BigDecimal req = requested.get(p.id());
                BigDecimal budget = p.amountWan();
                BigDecimal utilisation = budget == null || budget.signum() == 0 ? null
                        : req.multiply(BigDecimal.valueOf(100)).divide(budget, 2, RoundingMode.HALF_UP);
                BigDecimal over = budget != null && req.compareTo(budget) > 0 ? plain(req.subtract(budget)) : null;
                String ratio = factors.containsKey(p.id())
                        ? factors.get(p.id()).multiply(BigDecimal.valueOf(100)).setScale(4, RoundingMode.DOWN)
                        .stripTrailingZeros().toPlainString() + "%" : null;
                pools.add(new PoolTotal(p.id(), p.parent(), p.name(), budget, awards.get(p.id()), unpriced.get(p.id()),
                        plain(req), utilisation, over, allocating ? plain(allocated.get(p.id())) : null, ratio,
                        nonCash.get(p.id()) > 0 ? nonCash.get(p.id()) : null));
            }
            List<DepartmentTotal> departmentTotals = new ArrayList<>();
            departments.forEach((name, acc) -> {
                long[] n = departmentApplicants.getOrDefault(name, new long[2]);
                departmentTotals.add(new DepartmentTotal(name, departmentClauses.getOrDefault(name, Set.of()).stream()
                        .sorted().map(String::valueOf).toList(), n[0], n[1], acc.totals(all, allocating)));
            });
            return new BatchSummary(rules.id(), asOf, allocationName, all,
                    new Cases(records, evaluated, rejected, duplicates),
                    new Applicants(withEligible, withUndetermined, withEither, evaluated - withEither),
                    overall.totals(all, allocating), areaTotals, clauseTotals, pools, unpooled.totals(all, allocating),
                    departmentTotals);
        }

        long records() {
            return records;
        }

        long evaluated() {
            return evaluated;
        }

        long rejectedCount() {
            return rejected;
        }
    }

    /** Counts and sums of outcomes. */
    private static final class Acc {
        long eligible;
        long undetermined;
        long notEligible;
        long relevant;
        BigDecimal eligibleAmount = BigDecimal.ZERO;
        long eligibleUnpriced;
        BigDecimal allocatedAmount = BigDecimal.ZERO;
        BigDecimal undeterminedAmount = BigDecimal.ZERO;
        long undeterminedUnpriced;
        long cashPriced;
        long cashUnpriced;
        long nonCash;
        final Map<String, Long> nonCashByKind = new java.util.HashMap<>();

        void add(Outcome o, boolean cash) {
            BigDecimal amount = o.benefit().amountWan();
            switch (o.status()) {
                case ELIGIBLE -> {
                    eligible++;
                    if (!cash) {
                        nonCash++;
                        nonCashByKind.merge(o.benefit().kind() == null ? "其他支持" : o.benefit().kind(), 1L, Long::sum);
                    } else if (amount == null) {
                        cashUnpriced++;
                    } else {
                        cashPriced++;
                    }
                    if (amount == null) {
                        eligibleUnpriced++;
                    } else {
                        eligibleAmount = eligibleAmount.add(amount);
                        allocatedAmount = allocatedAmount.add(allocated(o));
                    }
                }
                case UNDETERMINED -> {
                    undetermined++;
                    if (amount == null) {
                        undeterminedUnpriced++;
                    } else {
                        undeterminedAmount = undeterminedAmount.add(amount);
                    }
                }
                case NOT_ELIGIBLE -> notEligible++;
                case RELEVANT -> relevant++;
            }
        }

        static BigDecimal allocated(Outcome o) {
            Outcome.Allocation a = o.benefit().allocation();
            return a == null ? o.benefit().amountWan() : a.allocatedWan();
        }

        Totals totals(boolean all, boolean allocating) {
            // the kinds in the order the rule language lists them, then any other
            Map<String, Long> byKind = new LinkedHashMap<>();
            for (com.subsidyevaluator.engine.BenefitKind k : com.subsidyevaluator.engine.BenefitKind.values()) {
                Long n = nonCashByKind.get(k.label());
                if (n != null) {
                    byKind.put(k.label(), n);
                }
            }
            new TreeMap<>(nonCashByKind).forEach(byKind::putIfAbsent);
            return new Totals(eligible, undetermined, all ? notEligible : null, relevant, plain(eligibleAmount), eligibleUnpriced,
                    allocating ? plain(allocatedAmount) : null, plain(undeterminedAmount), undeterminedUnpriced,
                    cashPriced, cashUnpriced, nonCash, byKind);
        }
    }

    private static BigDecimal plain(BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
