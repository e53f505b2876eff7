package com.subsidyevaluator.engine;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set that cannot be loaded, with every problem found (each with its file and line). */
public class RuleSetException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<RuleProblem> problems;

    public RuleSetException(String summary, List<RuleProblem> problems) {
        super(summary + (problems.isEmpty() ? "" : ":\n" + problems.stream().map(RuleProblem::format)
                .collect(Collectors.joining("\n"))));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
