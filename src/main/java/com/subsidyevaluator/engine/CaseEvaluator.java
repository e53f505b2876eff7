package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.engine.Outcome.Benefit;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.engine.Outcome.Subject;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.CaseFile.LocatedFact;
import com.subsidyevaluator.model.Fact;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.drools.base.base.ValueResolver;
import org.drools.core.common.DefaultFactHandle;
import org.drools.kiesession.session.StatefulKnowledgeSessionImpl;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.StatelessKieSession;
import org.kie.internal.event.rule.RuleEventManager;

/**
 * Fires the rules on a batch of cases in one session and turns what fired (and what did not) into explained
 * outcomes. A rule that fired for a subject makes it eligible; for a subject of the rule's type that it did
 * not fire for, each condition is evaluated with the constraint Drools compiled from it, so that the failing
 * condition, or the missing fact, is reported exactly as the rule sees it.
 *
 * <p>What does not depend on the case is worked out once per rule and condition ({@link RulePlan}): the rules
 * of each fact type, the area's name, fixed benefits, thresholds and requirements in words. When not-eligible
 * outcomes are not wanted, a subject is dropped at its first definitely failing condition without writing its
 * explanation; the outcomes that remain are exactly those a full evaluation shows with
 * {@link EvaluationResult#visible(boolean) visible(false)}.
 */
final class CaseEvaluator {

    private final RuleSet ruleSet;
    private final List<RulePlan> plans;
    /** Each rule's plan by the rule's name. */
    private final Map<String, Integer> planIndex = new HashMap<>();
    /** The fact types some rule is about: facts of other types cannot match and are not inserted into sessions. */
    private final java.util.HashSet<Class<?>> subjectTypes;
    /** Per fact type, the fields the rules' conditions read (for finding missing facts once per fact). */
    private final Map<Class<?>, TypeReads> typeReads = new HashMap<>();
    /** The rules' subject types that are final classes, numbered: a fact of one is of it exactly. */
    private final Map<Class<?>, Integer> finalTypes = new HashMap<>();
    private final EvaluationResult.RuleSetId id;
    private final boolean anyExclusive;

    CaseEvaluator(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
        List<RulePlan> list = new ArrayList<>();
        for (RuleDefinition r : ruleSet.rules()) {
            planIndex.put(r.name(), list.size());
            list.add(new RulePlan(r, list.size()));
        }
        this.plans = List.copyOf(list);
        java.util.HashSet<Class<?>> types = new java.util.HashSet<>();
        for (RuleDefinition r : ruleSet.rules()) {
            types.add(r.subjectType());
        }
        this.subjectTypes = types;
        for (RulePlan plan : plans) {
            typeReads.computeIfAbsent(plan.rule.subjectType(), t -> new TypeReads()).add(plan);
        }
        for (RulePlan plan : plans) {
            plan.typeReads = typeReads.get(plan.rule.subjectType());
            plan.readsMask = plan.typeReads.mask(plan);
            Class<?> type = plan.rule.subjectType();
            if (java.lang.reflect.Modifier.isFinal(type.getModifiers())) {
                finalTypes.putIfAbsent(type, finalTypes.size());
                plan.typeIndex = finalTypes.get(type);
            }
        }
        this.id = ruleSet.id();
        this.anyExclusive = ruleSet.rules().stream().anyMatch(r -> r.exclusiveGroup() != null);
    }

    /**
     * The fields the rules about one fact type read in their (non-scope) conditions, numbered, so that which of
     * them a fact lacks is worked out once per fact as a bit mask ({@link #absentMask}).
     */
    private static final class TypeReads {
        final List<FieldInfo> fields = new ArrayList<>();
        final List<FieldInfo[]> sources = new ArrayList<>();
        final Map<String, Integer> index = new HashMap<>();

        void add(RulePlan plan) {
            for (int i = 0; i < plan.reads.length; i++) {
                if (!index.containsKey(plan.reads[i].name())) {
                    index.put(plan.reads[i].name(), fields.size());
                    fields.add(plan.reads[i]);
                    sources.add(plan.sources[i]);
                }
            }
        }

        /** The plan's fields as bits, or -1 when the type has more fields than bits (then each is read). */
        long mask(RulePlan plan) {
            if (fields.size() > 63) {
                return -1L;
            }
            long m = 0;
            for (FieldInfo f : plan.reads) {
                m |= 1L << index.get(f.name());
            }
            return m;
        }

        /** Bit i set when field i is missing on the fact (the test of {@link #absent}). */
        long absentMask(Object fact) {
            long m = 0;
            for (int i = 0; i < fields.size(); i++) {
                if (fields.get(i).read(fact) != null) {
                    continue;
                }
                FieldInfo[] from = sources.get(i);
                if (from == null) {
                    m |= 1L << i;
                    continue;
                }
                for (FieldInfo src : from) {
                    if (src.read(fact) == null) {
                        m |= 1L << i;
                        break;
                    }
                }
            }
            return m;
        }
    }

    /** Marks a fact's {@link TypeReads#absentMask} as worked out (a mask has at most 63 fields, bit 63 is free). */
    private static final long KNOWN = Long.MIN_VALUE;

    /** Whether a rule can match the fact (its class, or a supertype, is a rule's subject type). */
    private boolean matchable(Object fact) {
        if (subjectTypes.contains(fact.getClass())) {
            return true;
        }
        for (Class<?> t : subjectTypes) {
            if (t.isInstance(fact)) {
                return true;
            }
        }
        return false;
    }

    /** A rule with what its outcomes need that does not depend on the case. */
    private final class RulePlan {
        final RuleDefinition rule;
        /** The plan's place in {@link #plans}. */
        final int index;
        final Condition[] scope;
        final Condition[] others;
        /** Every condition in the order written, and for each whether it is a scope condition on required fields. */
        final Condition[] all;
        /** What the explanation of each condition of {@link #all} needs that does not depend on the case. */
        final Explainer.Prepared[] prepared;
        final boolean[] requiredScope;
        final String area;
        /** "第12条「title」", the start of every sentence about the rule. */
        final String head;
        final Benefit fixedBenefit;
        final Map<LocalDate, Benefit> benefitAt = new ConcurrentHashMap<>();
        /** The fields the non-scope conditions read, each with the fields it is derived from (or none). */
        final FieldInfo[] reads;
        final FieldInfo[][] sources;
        /** {@link #reads} as bits of the subject type's {@link TypeReads}, or -1. */
        long readsMask;
        /** The rule's period as epoch days (for a fast in-force test). */
        final long fromDay;
        final long toDay;
        /** The index of the rule's subject type among the final ones ({@link #finalTypes}), or -1. */
        int typeIndex = -1;
        /** The rule's related-fact conditions, and what the explanation of each of their conditions needs. */
        final Related[] related;
        final Explainer.Prepared[][] relatedPrepared;
        /** What each related fact must be, in words ("满足「…」的项目"). */
        final String[] relatedWords;
        final boolean guidance;
        /** "本规则含解读：…。" closing every explanation of a rule whose reading of the text is recorded, or "". */
        final String interpretation;
        /** The fields the rules about this rule's subject type read. */
        TypeReads typeReads;

        RulePlan(RuleDefinition rule, int index) {
            this.rule = rule;
            this.index = index;
            this.related = rule.related().toArray(Related[]::new);
            this.relatedPrepared = new Explainer.Prepared[related.length][];
            for (int i = 0; i < related.length; i++) {
                relatedPrepared[i] = related[i].conditions().stream().map(Explainer::prepare)
                        .toArray(Explainer.Prepared[]::new);
            }
            this.relatedWords = new String[related.length];
            for (int i = 0; i < related.length; i++) {
                relatedWords[i] = Explainer.relatedRequirement(related[i], relatedPrepared[i]);
            }
            this.guidance = rule.isGuidance();
            String reading = rule.metadata().get("interpretation");
            this.interpretation = reading == null ? "" : "本规则含解读：" + reading + "。";
            this.scope = rule.conditions().stream().filter(Condition::isScope).toArray(Condition[]::new);
            this.others = rule.conditions().stream().filter(c -> !c.isScope()).toArray(Condition[]::new);
            this.all = rule.conditions().toArray(Condition[]::new);
            this.prepared = new Explainer.Prepared[all.length];
            for (int i = 0; i < all.length; i++) {
                prepared[i] = Explainer.prepare(all[i]);
            }
            this.requiredScope = new boolean[all.length];
            for (int i = 0; i < all.length; i++) {
                requiredScope[i] = all[i].isScope() && all[i].fields().stream()
                        .allMatch(f -> f.annotation() != null && f.annotation().required());
            }
            // Every field a condition reads, scope conditions included: an absent optional kind (industry, 小微, …)
            // leaves the rule undetermined for the fact, like any other absent fact.
            Map<String, FieldInfo> fields = new LinkedHashMap<>();
            for (Condition c : all) {
                for (FieldInfo f : c.fields()) {
                    fields.putIfAbsent(f.name(), f);
                }
            }
            this.reads = fields.values().toArray(FieldInfo[]::new);
            this.sources = new FieldInfo[reads.length][];
            for (int i = 0; i < reads.length; i++) {
                FieldInfo f = reads[i];
                List<FieldInfo> from = new ArrayList<>();
                if (f.derived() && !f.derivedFrom().isEmpty() && FactModel.typeNamed(rule.subjectType().getSimpleName()).isPresent()) {
                    FactModel.TypeInfo type = FactModel.type(rule.subjectType());
                    for (String source : f.derivedFrom()) {
                        FieldInfo sf = type.fields().get(source);
                        if (sf != null) {
                            from.add(sf);
                        }
                    }
                }
                sources[i] = f.derived() && !f.derivedFrom().isEmpty() ? from.toArray(FieldInfo[]::new) : null;
            }
            this.area = rule.area() == null ? null : rule.area().displayName();
            this.head = Explainer.head(rule);
            this.fromDay = rule.validFrom().toEpochDay();
            this.toDay = rule.validTo().toEpochDay();
            this.fixedBenefit = rule.amountParameter() == null && rule.benefitKind() != null
                    ? new Benefit(rule.benefitKind().label(), rule.amountWan(), rule.amountNote(), rule.pool()) : null;
        }
    }

    // ------------------------------------------------------------------------------------------ sessions

    /** Evaluates cases together in one new session, with every outcome. */
    List<EvaluationResult> evaluate(List<CaseFile> cases) {
        try (Sessions s = new Sessions(SessionMode.ONE_PER_CALL)) {
            return evaluate(cases, true, s);
        }
    }

    /**
     * How rule sessions are used: {@link #STATELESS_PER_CASE} is the plain way (a new stateless session for every
     * case); {@link #ONE_PER_CALL} fires a list of cases in one new stateful session; {@link #REUSED} keeps one
     * stateful session and clears it between lists.
     */
    enum SessionMode { STATELESS_PER_CASE, ONE_PER_CALL, REUSED }

    /** The sessions of one thread. Not thread-safe; close it to release the session it keeps. */
    final class Sessions implements AutoCloseable {
        final SessionMode mode;
        /** What the evaluations publish for the {@link Watchdog} watching them, or null (no time budget). */
        final BudgetWatch watch;
        private KieSession kept;
        private KieSession resolverSession;

        Sessions(SessionMode mode) {
            this(mode, null);
        }

        Sessions(SessionMode mode, BudgetWatch watch) {
            this.mode = mode;
            this.watch = watch;
        }

        /** A session to evaluate compiled constraints with (it holds no facts). */
        ValueResolver resolver() {
            if (resolverSession == null) {
                resolverSession = ruleSet.kieBase().newKieSession();
            }
            return (ValueResolver) resolverSession;
        }

        KieSession stateful() {
            if (mode == SessionMode.REUSED && kept != null) {
                return kept;
            }
            KieSession s = ruleSet.kieBase().newKieSession();
            if (mode == SessionMode.REUSED) {
                kept = s;
            }
            return s;
        }

        void done(KieSession s) {
            if (s == kept) {
                ((org.drools.kiesession.session.StatefulKnowledgeSessionImpl) s).reset();
            } else {
                s.dispose();
            }
        }

        @Override
        public void close() {
            if (kept != null) {
                kept.dispose();
                kept = null;
            }
            if (resolverSession != null) {
                resolverSession.dispose();
                resolverSession = null;
            }
        }
    }

    Sessions sessions(SessionMode mode) {
        return new Sessions(mode);
    }

    /** Sessions whose evaluations publish what they do to {@code watch} (for a time budget). */
    Sessions sessions(SessionMode mode, BudgetWatch watch) {
        return new Sessions(mode, watch);
    }

    /**
     * Evaluates cases; {@code notEligible} false leaves out not-eligible outcomes (and does not explain them).
     */
    List<EvaluationResult> evaluate(List<CaseFile> cases, boolean notEligible, Sessions sessions) {
        for (CaseFile c : cases) {
            if (c.asOf() == null) {
                throw new IllegalArgumentException("case " + c.caseId() + " has no asOf date");
            }
        }
        List<List<LocatedFact>> facts = new ArrayList<>(cases.size());
        for (CaseFile c : cases) {
            facts.add(c.facts());
        }
        if (sessions.mode == SessionMode.STATELESS_PER_CASE) {
            return evaluateStateless(cases, facts, notEligible, sessions);
        }
        IdentityHashMap<Object, Integer> owner = new IdentityHashMap<>(cases.size() * 4);
        for (int i = 0; i < cases.size(); i++) {
            for (LocatedFact lf : facts.get(i)) {
                Integer previous = owner.put(lf.fact(), i);
                if (previous != null && previous != i) {
                    // The same object in two cases cannot be told apart in one session: evaluate apart.
                    return evaluateApart(cases, notEligible, sessions);
                }
            }
        }
        KieSession session = sessions.stateful();
        ValueResolver resolver = (ValueResolver) session;
        BudgetWatch watch = sessions.watch;
        try {
            OutcomeRecorder recorder = new OutcomeRecorder(watch);
            recorder.cases(owner, facts);
            session.setGlobal(RuleSetLoader.RECORDER_GLOBAL, recorder);
            ((RuleEventManager) session).addEventListener(recorder);
            try {
                if (watch == null) {
                    for (List<LocatedFact> list : facts) {
                        for (LocatedFact lf : list) {
                            if (matchable(lf.fact())) {
                                session.insert(lf.fact());
                            }
                        }
                    }
                } else {
                    // Under a time budget each fact's insertion is propagated at once (the engine would do it when
                    // the rules fire), so that the time its constraints take is counted for its own case.
                    watch.session = session;
                    StatefulKnowledgeSessionImpl engine = (StatefulKnowledgeSessionImpl) session;
                    for (int i = 0; i < facts.size(); i++) {
                        watch.inserting(i);
                        for (LocatedFact lf : facts.get(i)) {
                            if (matchable(lf.fact())) {
                                watch.inserting(lf);
                                session.insert(lf.fact());
                                engine.flushPropagations();
                            }
                        }
                    }
                    watch.firing();
                }
                session.fireAllRules();
            } finally {
                ((RuleEventManager) session).removeEventListener(recorder);
            }
            // the grants of each case, in the order they fired (counted, then placed)
            List<OutcomeRecorder.Grant> all = recorder.grants();
            int[] caseOf = new int[all.size()];
            int[] start = new int[cases.size() + 1];
            for (int g = 0; g < all.size(); g++) {
                caseOf[g] = owner.get(all.get(g).subject());
                start[caseOf[g] + 1]++;
            }
            for (int i = 0; i < cases.size(); i++) {
                start[i + 1] += start[i];
            }
            OutcomeRecorder.Grant[] byCase = new OutcomeRecorder.Grant[all.size()];
            int[] next = java.util.Arrays.copyOf(start, cases.size());
            for (int g = 0; g < all.size(); g++) {
                byCase[next[caseOf[g]]++] = all.get(g);
            }
            Firings grants = new Firings();
            List<EvaluationResult> results = new ArrayList<>(cases.size());
            for (int i = 0; i < cases.size(); i++) {
                for (int g = start[i]; g < start[i + 1]; g++) {
                    grants.add(byCase[g]);
                }
                if (watch != null) {
                    watch.explaining(i);
                }
                results.add(diagnose(cases.get(i), facts.get(i), grants, resolver, notEligible, watch));
                grants.clear();
            }
            return results;
        } finally {
            sessions.done(session);
        }
    }

    /** Fires the rules on facts that are not a case (e.g. targets with their actual figures) and explains them. */
    List<Outcome> evaluateFacts(Map<String, ? extends Fact> byPath, LocalDate asOf) {
        List<LocatedFact> facts = new ArrayList<>();
        byPath.forEach((path, fact) -> facts.add(new LocatedFact(path, fact)));
        KieSession session = ruleSet.kieBase().newKieSession();
        try {
            OutcomeRecorder recorder = new OutcomeRecorder();
            recorder.cases(null, List.of(facts));
            session.setGlobal(RuleSetLoader.RECORDER_GLOBAL, recorder);
            ((RuleEventManager) session).addEventListener(recorder);
            for (LocatedFact lf : facts) {
                session.insert(lf.fact());
            }
            session.fireAllRules();
            Firings grants = new Firings().addAll(recorder.grants());
            List<Outcome> outcomes = new ArrayList<>();
            outcomes(facts, grants, (ValueResolver) session, asOf, true, outcomes, new ArrayList<>(), null);
            return outcomes;
        } finally {
            session.dispose();
        }
    }

    private List<EvaluationResult> evaluateApart(List<CaseFile> cases, boolean notEligible, Sessions sessions) {
        List<EvaluationResult> out = new ArrayList<>(cases.size());
        BudgetWatch watch = sessions.watch;
        try {
            for (int k = 0; k < cases.size(); k++) {
                if (watch != null) {
                    watch.offset = k;
                }
                out.add(evaluate(List.of(cases.get(k)), notEligible, sessions).get(0));
            }
        } finally {
            if (watch != null) {
                watch.offset = 0;
            }
        }
        return out;
    }

    /** The plain way: one stateless session per case. */
    private List<EvaluationResult> evaluateStateless(List<CaseFile> cases, List<List<LocatedFact>> facts,
                                                     boolean notEligible, Sessions sessions) {
        List<EvaluationResult> results = new ArrayList<>(cases.size());
        BudgetWatch watch = sessions.watch;
        for (int i = 0; i < cases.size(); i++) {
            if (watch != null) {
                watch.alone(i);
            }
            StatelessKieSession session = ruleSet.kieBase().newStatelessKieSession();
            OutcomeRecorder recorder = new OutcomeRecorder(watch);
            recorder.cases(null, List.of(facts.get(i)));
            session.setGlobal(RuleSetLoader.RECORDER_GLOBAL, recorder);
            session.addEventListener(recorder);
            List<Object> objects = new ArrayList<>(facts.get(i).size());
            for (LocatedFact lf : facts.get(i)) {
                objects.add(lf.fact());
            }
            session.execute(objects);
            Firings grants = new Firings().addAll(recorder.grants());
            results.add(diagnose(cases.get(i), facts.get(i), grants, sessions.resolver(), notEligible, watch));
        }
        return results;
    }

    // ------------------------------------------------------------------------------------------ diagnosis

    private EvaluationResult diagnose(CaseFile c, List<LocatedFact> facts,
                                      Firings grants,
                                      ValueResolver resolver, boolean notEligible, BudgetWatch watch) {
        LocalDate asOf = c.asOf();
        List<Outcome> outcomes = new ArrayList<>(4);
        List<RuleDefinition> sources = new ArrayList<>(4);
        outcomes(facts, grants, resolver, asOf, notEligible, outcomes, sources, watch);
        if (anyExclusive && outcomes.size() > 1) {
            Exclusivity.apply(outcomes, sources, ruleSet.data());
        }
        List<Outcome> kept = outcomes;
        if (!notEligible) {
            for (Outcome o : outcomes) {
                if (o.status() == Status.NOT_ELIGIBLE) {
                    kept = outcomes.stream().filter(x -> x.status() != Status.NOT_ELIGIBLE).toList();
                    break;
                }
            }
        }
        String applicant = c.enterprise() == null ? null : c.enterprise().name();
        return new EvaluationResult(c.caseId(), asOf, applicant, id, ruleSet.document().inForce(asOf),
                List.copyOf(kept));
    }

    /**
     * What fired for one case at a time: per rule (by its plan's index), the grant for each subject it fired for.
     * Made once per list of cases and cleared between cases: a rule mostly fires for one subject of a case, so
     * the first grant of each rule has a slot of its own and only further subjects go to a map.
     */
    private final class Firings {
        final OutcomeRecorder.Grant[] first = new OutcomeRecorder.Grant[plans.size()];
        /** Grants for further subjects of the same rule, by subject; null for most rules. */
        @SuppressWarnings("unchecked")
        final IdentityHashMap<Object, OutcomeRecorder.Grant>[] more = new IdentityHashMap[plans.size()];
        /** The plans that have a grant, to clear. */
        private int[] filed = new int[16];
        private int count;

        /** Files a firing under its rule and subject (a later firing for the same subject replaces an earlier). */
        void add(OutcomeRecorder.Grant g) {
            int p = planIndex.get(g.rule());
            OutcomeRecorder.Grant f = first[p];
            if (f == null) {
                first[p] = g;
                if (count == filed.length) {
                    filed = java.util.Arrays.copyOf(filed, count * 2);
                }
                filed[count++] = p;
            } else if (f.subject() == g.subject()) {
                first[p] = g;
            } else {
                if (more[p] == null) {
                    more[p] = new IdentityHashMap<>(4);
                }
                more[p].put(g.subject(), g);
            }
        }

        /** Files every firing of a session that held one case (or facts that are not a case). */
        Firings addAll(List<OutcomeRecorder.Grant> all) {
            for (OutcomeRecorder.Grant g : all) {
                add(g);
            }
            return this;
        }

        /** The grant of the plan's rule for the subject, or null. */
        OutcomeRecorder.Grant get(int plan, Object subject) {
            OutcomeRecorder.Grant f = first[plan];
            if (f == null || f.subject() == subject) {
                return f;
            }
            IdentityHashMap<Object, OutcomeRecorder.Grant> m = more[plan];
            return m == null ? null : m.get(subject);
        }

        void clear() {
            for (int i = 0; i < count; i++) {
                first[filed[i]] = null;
                more[filed[i]] = null;
            }
            count = 0;
        }
    }

    /** The outcome of every rule for every fact in its scope (and wanted), with the rule each came from. */
    private void outcomes(List<LocatedFact> facts, Firings grants,
                          ValueResolver resolver, LocalDate asOf, boolean notEligible, List<Outcome> outcomes,
                          List<RuleDefinition> sources, BudgetWatch watch) {
        long day = asOf.toEpochDay();
        int n = facts.size();
        long[] absent = null;
        Subject[] subjects = new Subject[n];
        DefaultFactHandle[] handles = new DefaultFactHandle[n];
        int[][] byType = factsByType(facts);
        int[] every = null;
        for (RulePlan plan : plans) {
            Class<?> type = plan.rule.subjectType();
            // the facts of the rule's type: most rules are about facts the case does not have
            int[] candidates;
            if (plan.typeIndex >= 0) {
                candidates = byType[plan.typeIndex];
                if (candidates == null) {
                    continue;
                }
            } else {
                if (every == null) {
                    every = new int[n];
                    for (int i = 0; i < n; i++) {
                        every[i] = i;
                    }
                }
                candidates = every;
            }
            boolean inForce = day >= plan.fromDay && day <= plan.toDay; // rule.inForce(asOf), on epoch days
            for (int f : candidates) {
                LocatedFact lf = facts.get(f);
                Object fact = lf.fact();
                if (plan.typeIndex < 0 && !type.isInstance(fact)) {
                    continue;
                }
                OutcomeRecorder.Grant grant = grants.get(plan.index, fact);
                if (grant == null && plan.guidance) {
                    continue; // guidance is reported only where it applies
                }
                if (!notEligible && grant == null) {
                    // Without a grant only an undetermined outcome can be wanted, and that needs a missing fact.
                    if (!inForce) {
                        continue;
                    }
                    if (plan.readsMask >= 0 && plan.related.length == 0) {
                        if (absent == null) {
                            absent = new long[n]; // 0: not yet worked out
                        }
                        if (absent[f] == 0) {
                            absent[f] = plan.typeReads.absentMask(fact) | KNOWN;
                        }
                        if ((absent[f] & plan.readsMask) == 0) {
                            continue;
                        }
                    }
                }
                if (watch != null) {
                    watch.explaining(plan.rule, lf);
                }
                Outcome o = outcome(plan, facts, lf, grant, asOf, inForce, resolver, notEligible, subjects, handles, f);
                if (o != null) {
                    outcomes.add(o);
                    sources.add(plan.rule);
                }
            }
        }
    }

    /**
     * For each final subject type (by {@link RulePlan#typeIndex}), the indices of the case's facts of exactly that
     * class, in order; null where the case has none.
     */
    private int[][] factsByType(List<LocatedFact> facts) {
        int[][] byType = new int[finalTypes.size()][];
        int[] count = new int[byType.length];
        int[] typeOf = new int[facts.size()];
        for (int f = 0; f < facts.size(); f++) {
            Integer t = finalTypes.get(facts.get(f).fact().getClass());
            typeOf[f] = t == null ? -1 : t;
            if (t != null) {
                count[t]++;
            }
        }
        for (int f = 0; f < facts.size(); f++) {
            int t = typeOf[f];
            if (t >= 0) {
                if (byType[t] == null) {
                    byType[t] = new int[count[t]];
                    count[t] = 0;
                }
                byType[t][count[t]++] = f;
            }
        }
        return byType;
    }

    /** The outcome of one rule for one fact, or null when the fact is outside the rule's scope (or not wanted). */
    private Outcome outcome(RulePlan plan, List<LocatedFact> facts, LocatedFact lf, OutcomeRecorder.Grant grant,
                            LocalDate asOf, boolean inForce, ValueResolver resolver, boolean notEligible,
                            Subject[] subjects, DefaultFactHandle[] handles, int f) {
        RuleDefinition rule = plan.rule;
        Object fact = lf.fact();
        if (plan.guidance && !inForce) {
            return null; // guidance is reported where it applies (outcomes() passes no guidance without a grant)
        }
        if (!notEligible && (!inForce || grant == null && plan.related.length == 0 && !readsAbsentFact(plan, fact))) {
            // Not wanted whatever the scope: out of force, or (not fired and no fact missing) not eligible.
            return null;
        }
        // Conditions are evaluated only for a subject the rule did not fire for; one handle per fact serves them all.
        DefaultFactHandle handle = null;
        if (grant == null) {
            handle = handles[f];
            if (handle == null) {
                handle = handles[f] = new DefaultFactHandle(0, fact);
            }
        }
        List<ConditionResult> met = new ArrayList<>();
        List<ConditionResult> unmet = new ArrayList<>();
        List<MissingFact> missing = new ArrayList<>();
        boolean[] scopeHeld = new boolean[plan.all.length];
        for (int i = 0; i < plan.all.length; i++) {
            Condition c = plan.all[i];
            if (!c.isScope()) {
                continue;
            }
            if (grant != null || holds(c, handle, resolver)) {
                scopeHeld[i] = true;
                continue;
            }
            List<MissingFact> absent = absent(lf, c);
            if (absent.isEmpty()) {
                return null; // another kind of thing: the rule is not about this fact
            }
            missing.addAll(absent); // the kind is not stated: the rule may be about it
        }
        if (!notEligible && grant == null && definitelyFails(plan, lf, handle, resolver)) {
            return null;
        }
        for (int i = 0; i < plan.all.length; i++) {
            Condition c = plan.all[i];
            if (c.isScope()) {
                // An optional kind (industry, 小微, 预制菜, …) is worth showing among the met conditions; a required
                // kind (an incubator's kind, a project's kind) is already in the subject's description.
                if (scopeHeld[i] && !plan.requiredScope[i]) {
                    met.add(Explainer.result(c, plan.prepared[i], fact, true));
                }
                continue;
            }
            boolean holds = grant != null || holds(c, handle, resolver);
            if (holds) {
                met.add(Explainer.result(c, plan.prepared[i], fact, true));
                continue;
            }
            List<MissingFact> absent = absent(lf, c);
            if (absent.isEmpty()) {
                unmet.add(Explainer.result(c, plan.prepared[i], fact, false));
            } else {
                missing.addAll(absent);
            }
        }
        for (int i = 0; i < plan.related.length; i++) {
            related(plan, i, facts, grant != null, resolver, handles, met, unmet, missing);
        }
        if (!notEligible && grant == null && !unmet.isEmpty()) {
            return null;
        }
        Subject subject = subjects[f];
        if (subject == null) {
            subject = subjects[f] = subject(lf);
        }
        Benefit benefit = benefit(plan, grant, asOf);
        if (!inForce) {
            String period = rule.validFrom() + " 至 " + rule.validTo();
            unmet.add(0, new ConditionResult("asOf", "评估日期", "asOf in " + period, asOf.toString(), period, null,
                    "评估日期 " + asOf + " 不在政策有效期 " + period + " 内"));
            return new Outcome(rule.clause(), rule.name(), rule.title(), plan.area, rule.department(),
                    subject, Status.NOT_ELIGIBLE, benefit, met, unmet, missing,
                    Explainer.notEligible(rule, plan.head, subject, unmet) + plan.interpretation);
        }
        Status status;
        String explanation;
        if (plan.guidance) {
            if (!missing.isEmpty()) {
                return null; // guidance is reported only where it is known to apply
            }
            status = Status.RELEVANT;
            explanation = Explainer.relevant(rule, plan.head, subject, met);
        } else if (grant != null && missing.isEmpty()) {
            status = Status.ELIGIBLE;
            explanation = Explainer.eligible(rule, plan.head, subject, met, benefit);
        } else if (!unmet.isEmpty()) {
            status = Status.NOT_ELIGIBLE;
            explanation = Explainer.notEligible(rule, plan.head, subject, unmet);
        } else if (!missing.isEmpty()) {
            status = Status.UNDETERMINED;
            explanation = Explainer.undetermined(rule, plan.head, subject, missing, met);
        } else {
            throw new IllegalStateException("rule \"" + rule.name() + "\" did not fire for " + lf.path()
                    + " although each of its conditions holds");
        }
        return new Outcome(rule.clause(), rule.name(), rule.title(), plan.area, rule.department(),
                subject, status, benefit, met, unmet, missing,
                plan.interpretation.isEmpty() ? explanation : explanation + plan.interpretation);
    }

    /** How one candidate of a related-fact condition stands: all its conditions hold, some lack a fact, or one fails. */
    private enum Standing { HOLDS, MISSING, FAILS, OUT_OF_SCOPE }

    /**
     * Explains one related-fact condition of a rule for a subject: which fact of the case satisfied it (or, for
     * {@code not}, that none does); when it is not met, the nearest candidate and its failing conditions, or that
     * the case has no such fact; when a candidate lacks facts that would decide it, those facts are missing.
     */
    private void related(RulePlan plan, int k, List<LocatedFact> facts, boolean fired, ValueResolver resolver,
                         DefaultFactHandle[] handles, List<ConditionResult> met, List<ConditionResult> unmet,
                         List<MissingFact> missing) {
        Related r = plan.related[k];
        Explainer.Prepared[] prepared = plan.relatedPrepared[k];
        LocatedFact holding = null;
        LocatedFact nearest = null;
        List<ConditionResult> nearestFailing = null;
        List<MissingFact> lacking = new ArrayList<>();
        int candidates = 0;
        int ofType = 0;
        for (int f = 0; f < facts.size(); f++) {
            LocatedFact lf = facts.get(f);
            if (!r.type().isInstance(lf.fact())) {
                continue;
            }
            ofType++;
            DefaultFactHandle handle = handles[f];
            if (handle == null) {
                handle = handles[f] = new DefaultFactHandle(0, lf.fact());
            }
            Standing standing = Standing.HOLDS;
            List<ConditionResult> failing = new ArrayList<>();
            List<MissingFact> absent = new ArrayList<>();
            for (int i = 0; i < r.conditions().size(); i++) {
                Condition c = r.conditions().get(i);
                if (holds(c, handle, resolver)) {
                    continue;
                }
                List<MissingFact> a = absent(lf, c);
                if (!a.isEmpty()) {
                    for (MissingFact m : a) {
                        absent.add(new MissingFact(m.path(), r.label() + "的" + m.label(), m.condition()));
                    }
                    if (standing == Standing.HOLDS) {
                        standing = Standing.MISSING;
                    }
                } else if (c.isScope()) {
                    standing = Standing.OUT_OF_SCOPE; // another kind of fact: not a candidate
                    break;
                } else {
                    standing = Standing.FAILS;
                    failing.add(Explainer.result(c, prepared[i], lf.fact(), false));
                }
            }
            if (standing == Standing.OUT_OF_SCOPE) {
                continue;
            }
            candidates++;
            if (standing == Standing.HOLDS) {
                if (holding == null) {
                    holding = lf;
                }
            } else if (standing == Standing.MISSING) {
                lacking.addAll(absent);
            } else if (nearest == null || failing.size() < nearestFailing.size()) {
                nearest = lf;
                nearestFailing = failing;
            }
        }
        String what = plan.relatedWords[k];
        if (r.kind() == Related.Kind.EXISTS) {
            if (holding != null) {
                met.add(Explainer.relatedResult(r, what, holding, List.of(), true));
            } else if (!lacking.isEmpty() && !fired) {
                missing.addAll(lacking);
            } else if (!fired) {
                unmet.add(nearest == null ? Explainer.relatedNone(r, what, ofType, candidates)
                        : Explainer.relatedResult(r, what, nearest, nearestFailing, false));
            }
        } else {
            if (holding != null && !fired) {
                unmet.add(Explainer.relatedResult(r, what, holding, List.of(), false));
            } else if (!lacking.isEmpty()) {
                // The engine finds no such fact among those it can decide; one that lacks a fact may still be one,
                // so the rule cannot be met on the facts given (the engine fired, but the outcome is undetermined).
                missing.addAll(lacking);
            } else {
                met.add(Explainer.relatedNone(r, what, ofType, candidates));
            }
        }
    }

    /**
     * Whether a condition of the rule reads a fact the case does not give (the test of {@link #absent}, for any
     * condition). When none does, a subject the rule did not fire for is not eligible: every failing condition
     * fails on values the case gives.
     */
    private static boolean readsAbsentFact(RulePlan plan, Object fact) {
        for (int i = 0; i < plan.reads.length; i++) {
            if (plan.reads[i].read(fact) != null) {
                continue;
            }
            FieldInfo[] from = plan.sources[i];
            if (from == null) {
                return true;
            }
            for (FieldInfo s : from) {
                if (s.read(fact) == null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a condition of the rule fails on a value the fact gives (so the outcome is not eligible). */
    private boolean definitelyFails(RulePlan plan, LocatedFact lf, DefaultFactHandle handle, ValueResolver resolver) {
        for (Condition c : plan.others) {
            if (!holds(c, handle, resolver) && !anyAbsent(lf, c)) {
                return true;
            }
        }
        return false;
    }

    /** The benefit with its amount: computed by the rule, stated in its metadata, or a dated parameter. */
    private Benefit benefit(RulePlan plan, OutcomeRecorder.Grant grant, LocalDate asOf) {
        RuleDefinition rule = plan.rule;
        if (rule.benefitKind() == null) {
            return null; // a target rule gives no benefit
        }
        if (grant != null && grant.amountWan() != null) {
            return new Benefit(rule.benefitKind().label(), grant.amountWan(), null, rule.pool());
        }
        if (plan.fixedBenefit != null) {
            return plan.fixedBenefit;
        }
        return plan.benefitAt.computeIfAbsent(asOf, d -> parameterBenefit(rule, d));
    }

    private Benefit parameterBenefit(RuleDefinition rule, LocalDate asOf) {
        String kind = rule.benefitKind().label();
        PolicyData.Parameter p = ruleSet.data().parameter(rule.amountParameter()).orElseThrow();
        PolicyData.DatedValue v = p.at(asOf).orElse(null);
        if (v != null && v.value() != null) {
            return new Benefit(kind, v.value(), "金额依据：" + v.source() + "（" + v.from() + " 起）", rule.pool());
        }
        String why = v == null ? "标准在 " + asOf + " 尚未生效" : v.source();
        String base = rule.metadata().containsKey("amountNote") ? rule.amountNote() : "金额按配套细则";
        return new Benefit(kind, null, base + "；依据：" + why, rule.pool());
    }

    private static boolean holds(Condition c, DefaultFactHandle handle, ValueResolver resolver) {
        try {
            return c.compiled().isAllowed(handle, resolver);
        } catch (RuntimeException e) {
            // A condition that cannot be evaluated (e.g. arithmetic on a missing value) does not hold.
            return false;
        }
    }

    /** Whether a failed condition reads a fact the case does not give (the same test as {@link #absent}). */
    private static boolean anyAbsent(LocatedFact lf, Condition c) {
        return absent(lf, c, null);
    }

    /** The facts a failed condition reads that the case does not give. */
    private static List<MissingFact> absent(LocatedFact lf, Condition c) {
        List<MissingFact> out = new ArrayList<>();
        absent(lf, c, out);
        return out;
    }

    /**
     * Whether the condition reads a fact the case does not give: a field that is absent, or for a derived field
     * (a ratio, a sum) a field it is derived from that is absent. With {@code out}, every such fact is added to it;
     * without, the walk stops at the first.
     */
    private static boolean absent(LocatedFact lf, Condition c, List<MissingFact> out) {
        boolean any = false;
        for (FieldInfo f : c.fields()) {
            if (f.read(lf.fact()) != null) {
                continue;
            }
            if (f.derived() && !f.derivedFrom().isEmpty()) {
                FactModel.TypeInfo type = FactModel.type(lf.fact().getClass());
                for (String source : f.derivedFrom()) {
                    FieldInfo s = type.fields().get(source);
                    if (s != null && s.read(lf.fact()) == null) {
                        if (out == null) {
                            return true;
                        }
                        any = true;
                        out.add(Explainer.missing(lf.path(), s, c));
                    }
                }
            } else {
                if (out == null) {
                    return true;
                }
                any = true;
                out.add(Explainer.missing(lf.path(), f, c));
            }
        }
        return any;
    }

    private static Subject subject(LocatedFact lf) {
        Fact f = lf.fact();
        String[] names = TYPE_NAMES.get(f.getClass());
        return new Subject(names[0], names[1], lf.path(), f.id(), f.describe());
    }

    /** A fact type's simple name and label (the same text objects every time, which writers keep encoded). */
    private static final ClassValue<String[]> TYPE_NAMES = new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
            return new String[] {type.getSimpleName(), FactModel.labelOf(type)};
        }
    };
}
