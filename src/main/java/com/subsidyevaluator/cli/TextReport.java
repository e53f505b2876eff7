package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.ExplanationText;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.PolicyData;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.SortedSet;
import java.util.function.Function;

/**
 * The CLI's name for {@link ExplanationText}, which prints an evaluation result for staff. The text itself lives in
 * the engine so that the batch report shows each case it lists exactly as {@code subsidy explain} prints it.
 */
final class TextReport {

    private TextReport() {
    }

    /** See {@link ExplanationText#print(PrintWriter, EvaluationResult, boolean, PolicyData)}. */
    static void print(PrintWriter out, EvaluationResult r, boolean all, PolicyData data) {
        ExplanationText.print(out, r, all, data);
    }

    /** See {@link ExplanationText#print(PrintWriter, EvaluationResult, boolean, Function, boolean)}. */
    static void print(PrintWriter out, EvaluationResult r, boolean all, Function<String, Optional<PolicyData.BudgetPool>> pools,
                      boolean notEligibleKnown) {
        ExplanationText.print(out, r, all, pools, notEligibleKnown);
    }

    static String missing(Outcome o, Outcome.MissingFact m) {
        return ExplanationText.missing(o, m);
    }

    static final int CLAUSES_LISTED = ExplanationText.CLAUSES_LISTED;

    static String summary(int eligible, int undetermined, int notEligible, SortedSet<String> clauses, boolean all) {
        return ExplanationText.summary(eligible, undetermined, notEligible, clauses, all);
    }
}
