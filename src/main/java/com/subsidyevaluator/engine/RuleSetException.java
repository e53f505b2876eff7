package com.subsidyevaluator.engine;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that cannot be loaded, with every problem found (each with its file and line). */
public class RuleSetException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;
    private final transient List<RuleProblem> all;

    public RuleSetException(String summary, List<RuleProblem> problems) {
        this(summary, problems, problems);
    }

    /**
     * @param problems the errors that stop the rule set from loading
     * @param all      every problem found, warnings included
     */
    public RuleSetException(String summary, List<RuleProblem> problems, List<RuleProblem> all) {
        super(summary + (problems.isEmpty() ? "" : ":\n" + problems.stream().map(RuleProblem::format)
                .collect(Collectors.joining("\n"))));
        this.problems = List.copyOf(problems);
        this.all = List.copyOf(all);
    }

    /** The errors that stop the rule set from loading. */
    public List<RuleProblem> problems() {
        return problems;
    }

    /** Every problem found, warnings included. */
    public List<RuleProblem> allProblems() {
        return all;
    }
}
