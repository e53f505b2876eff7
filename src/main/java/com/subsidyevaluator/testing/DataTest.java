package com.subsidyevaluator.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * A test written as data by policy staff: a sentence naming what should happen, a date, the facts the clause
 * needs, and the outcomes expected.
 *
 * @param file   the YAML file, relative to the rule-set directory
 * @param line   the line of the test's name
 * @param name   the test's name, a sentence
 * @param asOf   the evaluation date
 * @param input  the case body (enterprise, recognitions, …) without caseId and asOf
 * @param expect the expected outcomes
 */
public record DataTest(String file, int line, String name, LocalDate asOf, ObjectNode input, List<Expectation> expect) {

    /** "tests/12-rd-post-subsidy.yaml:14". */
    public String location() {
        return file + ":" + line;
    }

    /**
     * One expected outcome. Only what is given is checked: clause and status always; the rule (by name or
     * title) and subject (JSON path) select which outcomes; amount, unmet conditions and missing facts are
     * compared when present.
     *
     * @param clause     the clause number
     * @param rule       the rule's full name, or null
     * @param title      the rule's title, or null
     * @param subject    the subject's JSON path (e.g. {@code $.recognitions[0]}), or null for any
     * @param status     ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED, or NO_OUTCOME (the clause does not apply)
     * @param amountSet  whether {@code amountWan} was given (null is a valid expectation)
     * @param amountWan  the expected amount in 万元
     * @param unmet      fields of the conditions expected to fail, or null
     * @param missing    paths (or field names) expected to be reported missing, or null
     */
    public record Expectation(String clause, String rule, String title, String subject, String status,
                              boolean amountSet, BigDecimal amountWan, List<String> unmet, List<String> missing,
                              List<String> met) {

        /** "第12条「研发后补助」$.enterprise". */
        public String describe() {
            return "第" + clause + "条" + (title != null ? "「" + title + "」" : rule != null ? "「" + rule + "」" : "")
                    + (subject == null ? "" : " " + subject);
        }
    }
}
