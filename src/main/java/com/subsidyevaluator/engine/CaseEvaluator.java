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
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.drools.base.base.ValueResolver;
import org.drools.core.common.DefaultFactHandle;
import org.kie.api.runtime.KieSession;

/**
 * Fires the rules on a batch of cases in one session and turns what fired (and what did not) into explained
 * outcomes. A rule that fired for a subject makes it eligible; for a subject of the rule's type that it did
 * not fire for, each condition is evaluated with the constraint Drools compiled from it, so that the failing
 * condition, or the missing fact, is reported exactly as the rule sees it.
 */
final class CaseEvaluator {

    private final RuleSet ruleSet;

    CaseEvaluator(RuleSet ruleSet) {
        this.ruleSet = ruleSet;
    }

    List<EvaluationResult> evaluate(List<CaseFile> cases) {
        for (CaseFile c : cases) {
            if (c.asOf() == null) {
                throw new IllegalArgumentException("case " + c.caseId() + " has no asOf date");
            }
        }
        List<List<LocatedFact>> facts = new ArrayList<>(cases.size());
        IdentityHashMap<Object, Integer> owner = new IdentityHashMap<>();
        for (int i = 0; i < cases.size(); i++) {
            List<LocatedFact> list = cases.get(i).facts();
            facts.add(list);
            for (LocatedFact lf : list) {
                Integer previous = owner.put(lf.fact(), i);
                if (previous != null && previous != i) {
                    // The same object in two cases cannot be told apart in one session: evaluate apart.
                    return evaluateApart(cases);
                }
            }
        }
        KieSession session = ruleSet.kieBase().newKieSession();
        try {
            OutcomeRecorder recorder = new OutcomeRecorder();
            session.setGlobal(RuleSetLoader.RECORDER_GLOBAL, recorder);
            session.addEventListener(recorder);
            for (List<LocatedFact> list : facts) {
                for (LocatedFact lf : list) {
                    session.insert(lf.fact());
                }
            }
            session.fireAllRules();
            List<Map<String, IdentityHashMap<Object, OutcomeRecorder.Grant>>> grants = new ArrayList<>(cases.size());
            for (int i = 0; i < cases.size(); i++) {
                grants.add(new java.util.HashMap<>());
            }
            for (OutcomeRecorder.Grant g : recorder.grants()) {
                Integer i = owner.get(g.subject());
                grants.get(i).computeIfAbsent(g.rule(), k -> new IdentityHashMap<>()).put(g.subject(), g);
            }
            ValueResolver resolver = (ValueResolver) session;
            List<EvaluationResult> results = new ArrayList<>(cases.size());
            for (int i = 0; i < cases.size(); i++) {
                results.add(diagnose(cases.get(i), facts.get(i), grants.get(i), resolver));
            }
            return results;
        } finally {
            session.dispose();
        }
    }

    /** Fires the rules on facts that are not a case (e.g. targets with their actual figures) and explains them. */
    List<Outcome> evaluateFacts(Map<String, ? extends Fact> byPath, LocalDate asOf) {
        List<LocatedFact> facts = new ArrayList<>();
        byPath.forEach((path, fact) -> facts.add(new LocatedFact(path, fact)));
        KieSession session = ruleSet.kieBase().newKieSession();
        try {
            OutcomeRecorder recorder = new OutcomeRecorder();
            session.setGlobal(RuleSetLoader.RECORDER_GLOBAL, recorder);
            session.addEventListener(recorder);
            for (LocatedFact lf : facts) {
                session.insert(lf.fact());
            }
            session.fireAllRules();
            Map<String, IdentityHashMap<Object, OutcomeRecorder.Grant>> grants = new java.util.HashMap<>();
            for (OutcomeRecorder.Grant g : recorder.grants()) {
                grants.computeIfAbsent(g.rule(), k -> new IdentityHashMap<>()).put(g.subject(), g);
            }
            List<Outcome> outcomes = new ArrayList<>();
            outcomes(facts, grants, (ValueResolver) session, asOf, outcomes, new ArrayList<>());
            return outcomes;
        } finally {
            session.dispose();
        }
    }

    private List<EvaluationResult> evaluateApart(List<CaseFile> cases) {
        List<EvaluationResult> out = new ArrayList<>(cases.size());
        for (CaseFile c : cases) {
            out.add(evaluate(List.of(c)).get(0));
        }
        return out;
    }

    private EvaluationResult diagnose(CaseFile c, List<LocatedFact> facts,
                                      Map<String, IdentityHashMap<Object, OutcomeRecorder.Grant>> grants,
                                      ValueResolver resolver) {
        LocalDate asOf = c.asOf();
        List<Outcome> outcomes = new ArrayList<>();
        List<RuleDefinition> sources = new ArrayList<>();
        outcomes(facts, grants, resolver, asOf, outcomes, sources);
        Exclusivity.apply(outcomes, sources, ruleSet.data());
        String applicant = c.enterprise() == null ? null : c.enterprise().name();
        return new EvaluationResult(c.caseId(), asOf, applicant, ruleSet.id(), ruleSet.document().inForce(asOf),
                List.copyOf(outcomes));
    }

    /** The outcome of every rule for every fact in its scope, with the rule each came from. */
    private void outcomes(List<LocatedFact> facts, Map<String, IdentityHashMap<Object, OutcomeRecorder.Grant>> grants,
                          ValueResolver resolver, LocalDate asOf, List<Outcome> outcomes, List<RuleDefinition> sources) {
        for (RuleDefinition rule : ruleSet.rules()) {
            IdentityHashMap<Object, OutcomeRecorder.Grant> fired = grants.get(rule.name());
            for (LocatedFact lf : facts) {
                if (!rule.subjectType().isInstance(lf.fact())) {
                    continue;
                }
                Outcome o = outcome(rule, lf, fired == null ? null : fired.get(lf.fact()), asOf, resolver);
                if (o != null) {
                    outcomes.add(o);
                    sources.add(rule);
                }
            }
        }
    }

    /** The outcome of one rule for one fact, or null when the fact is outside the rule's scope. */
    private Outcome outcome(RuleDefinition rule, LocatedFact lf, OutcomeRecorder.Grant grant, LocalDate asOf,
                            ValueResolver resolver) {
        Object fact = lf.fact();
        DefaultFactHandle handle = new DefaultFactHandle(0, fact);
        List<ConditionResult> met = new ArrayList<>();
        List<ConditionResult> unmet = new ArrayList<>();
        List<MissingFact> missing = new ArrayList<>();
        for (Condition c : rule.conditions()) {
            if (c.isScope() && !holds(c, handle, resolver, rule)) {
                List<MissingFact> absent = absent(lf, c);
                if (absent.isEmpty()) {
                    return null; // another kind of thing: the rule is not about this fact
                }
                missing.addAll(absent); // the kind is not stated: the rule may be about it
            }
        }
        for (Condition c : rule.conditions()) {
            if (c.isScope()) {
                // An optional kind (industry, 小微, 预制菜, …) is worth showing among the met conditions; a required
                // kind (an incubator's kind, a project's kind) is already in the subject's description.
                if (c.fields().stream().allMatch(f -> f.annotation() != null && f.annotation().required())) {
                    continue;
                }
                if (grant != null || holds(c, handle, resolver, rule)) {
                    met.add(Explainer.result(c, fact, true));
                }
                continue;
            }
            boolean holds = grant != null || holds(c, handle, resolver, rule);
            if (holds) {
                met.add(Explainer.result(c, fact, true));
                continue;
            }
            List<MissingFact> absent = absent(lf, c);
            if (absent.isEmpty()) {
                unmet.add(Explainer.result(c, fact, false));
            } else {
                missing.addAll(absent);
            }
        }
        Subject subject = subject(lf);
        Benefit benefit = benefit(rule, grant, asOf);
        boolean inForce = rule.inForce(asOf);
        if (!inForce) {
            String period = rule.validFrom() + " 至 " + rule.validTo();
            unmet.add(0, new ConditionResult("asOf", "评估日期", "asOf in " + period, asOf.toString(), period, null,
                    "评估日期 " + asOf + " 不在政策有效期 " + period + " 内"));
            return new Outcome(rule.clause(), rule.name(), rule.title(), areaName(rule), rule.department(),
                    subject, Status.NOT_ELIGIBLE, benefit, met, unmet, missing,
                    Explainer.notEligible(rule, subject, unmet));
        }
        Status status;
        String explanation;
        if (grant != null) {
            status = Status.ELIGIBLE;
            explanation = Explainer.eligible(rule, subject, met, benefit);
        } else if (!unmet.isEmpty()) {
            status = Status.NOT_ELIGIBLE;
            explanation = Explainer.notEligible(rule, subject, unmet);
        } else if (!missing.isEmpty()) {
            status = Status.UNDETERMINED;
            explanation = Explainer.undetermined(rule, subject, missing, met);
        } else {
            throw new IllegalStateException("rule \"" + rule.name() + "\" did not fire for " + lf.path()
                    + " although each of its conditions holds");
        }
        return new Outcome(rule.clause(), rule.name(), rule.title(), areaName(rule), rule.department(),
                subject, status, benefit, met, unmet, missing, explanation);
    }

    /** The area's name; null for a target rule, whose area is that of the target its fact carries. */
    private static String areaName(RuleDefinition rule) {
        return rule.area() == null ? null : rule.area().displayName();
    }

    /** The benefit with its amount: computed by the rule, stated in its metadata, or a dated parameter. */
    private Benefit benefit(RuleDefinition rule, OutcomeRecorder.Grant grant, LocalDate asOf) {
        if (rule.benefitKind() == null) {
            return null;
        }
        String kind = rule.benefitKind().label();
        if (grant != null && grant.amountWan() != null) {
            return new Benefit(kind, grant.amountWan(), null, rule.pool());
        }
        if (rule.amountParameter() != null) {
            PolicyData.Parameter p = ruleSet.data().parameter(rule.amountParameter()).orElseThrow();
            PolicyData.DatedValue v = p.at(asOf).orElse(null);
            if (v != null && v.value() != null) {
                return new Benefit(kind, v.value(), "金额依据：" + v.source() + "（" + v.from() + " 起）", rule.pool());
            }
            String why = v == null ? "标准在 " + asOf + " 尚未生效" : v.source();
            String base = rule.metadata().containsKey("amountNote") ? rule.amountNote() : "金额按配套细则";
            return new Benefit(kind, null, base + "；依据：" + why, rule.pool());
        }
        return new Benefit(kind, rule.amountWan(), rule.amountNote(), rule.pool());
    }

    private static boolean holds(Condition c, DefaultFactHandle handle, ValueResolver resolver, RuleDefinition rule) {
        try {
            return c.compiled().isAllowed(handle, resolver);
        } catch (RuntimeException e) {
            // A condition that cannot be evaluated (e.g. arithmetic on a missing value) does not hold.
            return false;
        }
    }

    /** The facts a failed condition reads that the case does not give. */
    private static List<MissingFact> absent(LocatedFact lf, Condition c) {
        List<MissingFact> out = new ArrayList<>();
        for (FieldInfo f : c.fields()) {
            if (f.read(lf.fact()) != null) {
                continue;
            }
            if (f.derived() && !f.derivedFrom().isEmpty()) {
                FactModel.TypeInfo type = FactModel.type(lf.fact().getClass());
                for (String source : f.derivedFrom()) {
                    FieldInfo s = type.fields().get(source);
                    if (s != null && s.read(lf.fact()) == null) {
                        out.add(Explainer.missing(lf.path(), s, c));
                    }
                }
            } else {
                out.add(Explainer.missing(lf.path(), f, c));
            }
        }
        return out;
    }

    private static Subject subject(LocatedFact lf) {
        Fact f = lf.fact();
        return new Subject(f.getClass().getSimpleName(), FactModel.labelOf(f.getClass()), lf.path(), f.id(),
                f.describe());
    }
}
