package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.EvaluationResult.RuleSetId;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.Fact;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;

/**
 * A compiled rule set: the rules of one policy document, ready to evaluate cases.
 *
 * <p>Load it once with {@link #load(Path)}; it is immutable and safe to share between threads. Each call to
 * {@link #evaluate(CaseFile)} uses a session of its own.
 *
 * <pre>{@code
 * RuleSet rules = RuleSet.load(Path.of("rules/yueqing-2023"));
 * CaseFile applicant = CaseReader.read(Path.of("samples/s01.json"));
 * EvaluationResult result = rules.evaluate(applicant);
 * }</pre>
 */
public final class RuleSet {

    private final Path directory;
    private final PolicyDocument document;
    private final PolicyData data;
    private final InternalKnowledgeBase kieBase;
    private final List<RuleDefinition> rules;
    private final String hash;
    private final List<RuleProblem> warnings;
    private final CaseEvaluator evaluator;

    RuleSet(Path directory, PolicyDocument document, PolicyData data, InternalKnowledgeBase kieBase,
            List<RuleDefinition> rules, String hash, List<RuleProblem> warnings) {
        this.directory = directory;
        this.document = document;
        this.data = data;
        this.kieBase = kieBase;
        this.rules = List.copyOf(rules);
        this.hash = hash;
        this.warnings = List.copyOf(warnings);
        this.evaluator = new CaseEvaluator(this);
    }

    /**
     * Reads and compiles the rule set in {@code directory} ({@code document.yaml} and {@code *.drl}).
     *
     * @throws RuleSetException with every problem found, each with its file and line
     */
    public static RuleSet load(Path directory) throws RuleSetException {
        return RuleSetLoader.load(directory);
    }

    /**
     * Reads and compiles the target rules of the rule set in {@code directory}: the {@code *.drl} files in its
     * {@code targets} folder, generic rules over {@code factType} (a record implementing {@link Fact}, annotated
     * with {@code @FactType}) that judge a quantitative target against its actual figure. The document and the
     * data ({@link #data()}: targets, budgets, …) are those of {@code directory}. Rules are checked as strictly as
     * case rules (one pattern, known fields, quoted metadata) but carry only {@code @title}: clause, value and
     * unit come from the target each fact carries.
     *
     * @throws RuleSetException with every problem found, each with its file and line
     */
    public static RuleSet loadTargetRules(Path directory, Class<? extends Fact> factType) throws RuleSetException {
        return RuleSetLoader.loadTargets(directory, factType);
    }

    /**
     * Reads the rule set in {@code directory} from {@code cache} when it holds these exact rules compiled by this
     * program, else compiles them (and stores them in the cache). {@code cache} null means no cache.
     *
     * @throws RuleSetException with every problem found, each with its file and line
     */
    public static RuleSet load(Path directory, RuleCache cache) throws RuleSetException {
        return cache == null ? RuleSetLoader.load(directory) : cache.load(directory);
    }

    /**
     * Evaluates one case at its own {@code asOf} date.
     *
     * @throws IllegalArgumentException when the case has no {@code asOf}
     */
    public EvaluationResult evaluate(CaseFile c) {
        return evaluator.evaluate(List.of(c)).get(0);
    }

    /** Evaluates one case at {@code asOf}, whatever date the case gives. */
    public EvaluationResult evaluate(CaseFile c, LocalDate asOf) {
        return evaluate(c.withAsOf(Objects.requireNonNull(asOf, "asOf")));
    }

    /**
     * Evaluates several cases together, sharing one engine session (faster for large batches). Results come in
     * the order of the cases and equal those of {@link #evaluate(CaseFile)} one by one.
     */
    public List<EvaluationResult> evaluateAll(List<CaseFile> cases) {
        return evaluator.evaluate(cases);
    }

    /**
     * Fires the rules on the given facts (keyed by a path that names each one, in order) and explains the outcome
     * of every rule for every fact in its scope, as {@link #evaluate(CaseFile)} does for a case's facts.
     */
    public List<Outcome> evaluateFacts(Map<String, ? extends Fact> facts, LocalDate asOf) {
        return evaluator.evaluateFacts(facts, Objects.requireNonNull(asOf, "asOf"));
    }

    /** An evaluator for large batches on one thread (see {@link BatchEvaluator}); close it when done. */
    public BatchEvaluator newBatchEvaluator() {
        return new BatchEvaluator(evaluator, SessionStrategy.STATEFUL_REUSED, null);
    }

    /** An evaluator for large batches that uses engine sessions as {@code strategy} says (for comparisons). */
    public BatchEvaluator newBatchEvaluator(SessionStrategy strategy) {
        return new BatchEvaluator(evaluator, strategy, null);
    }

    /**
     * An evaluator on one thread whose every case must be evaluated within {@code caseBudget} (null or zero: no
     * limit): a case that takes longer is refused with a {@link CaseTimeoutException} naming the rule that was
     * running, and the evaluator goes on with the next. Use {@link SessionStrategy#STATEFUL_PER_LIST} to evaluate
     * single cases exactly as {@link #evaluate(CaseFile)} does. Close it when done.
     */
    public BatchEvaluator newBatchEvaluator(SessionStrategy strategy, java.time.Duration caseBudget) {
        return new BatchEvaluator(evaluator, strategy, caseBudget);
    }

    public PolicyDocument document() {
        return document;
    }

    /** Clauses, budget pools, targets, parameters and exclusivity groups entered beside the rules. */
    public PolicyData data() {
        return data;
    }

    /** The rules, ordered by clause and then as written. */
    public List<RuleDefinition> rules() {
        return rules;
    }

    /** SHA-256 of the rule files and data files, "sha256:…". */
    public String hash() {
        return hash;
    }

    public RuleSetId id() {
        return new RuleSetId(document.id(), document.number(), hash);
    }

    public Path directory() {
        return directory;
    }

    /** Problems that did not stop the rule set from loading. */
    public List<RuleProblem> warnings() {
        return warnings;
    }

    InternalKnowledgeBase kieBase() {
        return kieBase;
    }

    /**
     * Reads and compiles a rule set packaged on the classpath, e.g. {@code loadFromClasspath("rules/yueqing-2023")}
     * for the folder {@code rules/yueqing-2023/} of a jar (its {@code document.yaml}, {@code *.drl} and data files),
     * with exactly the checks of {@link #load(Path)}. Looks in the thread's context class loader, else in this
     * library's. A folder in a jar is read through a temporary copy, deleted once loaded ({@link #directory()}
     * then names that copy).
     *
     * @throws RuleSetException when there is no such folder, or with every problem found, each with its file and line
     */
    public static RuleSet loadFromClasspath(String resourceDirectory) throws RuleSetException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return loadFromClasspath(resourceDirectory, context != null ? context : RuleSet.class.getClassLoader());
    }

    /** {@link #loadFromClasspath(String)} from the resources of {@code loader}. */
    public static RuleSet loadFromClasspath(String resourceDirectory, ClassLoader loader) throws RuleSetException {
        return ClasspathRuleSet.load(resourceDirectory, Objects.requireNonNull(loader, "loader"));
    }
}
