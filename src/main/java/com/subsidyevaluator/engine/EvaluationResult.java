package com.subsidyevaluator.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything the rule set decided about one case.
 *
 * @param caseId     the case's id
 * @param asOf       the date the case was evaluated at
 * @param applicant  the applicant's name
 * @param ruleSet    which rule set (id and content hash) produced the result
 * @param inForce    whether the policy document was in force on {@code asOf}
 * @param outcomes   one outcome per rule and subject, ordered by clause
 */
@JsonPropertyOrder({"caseId", "asOf", "applicant", "ruleSet", "inForce", "outcomes"})
public record EvaluationResult(String caseId, LocalDate asOf, String applicant, RuleSetId ruleSet, boolean inForce,
                               List<Outcome> outcomes) {

    /** Identifies a rule set by id and by a hash of its content. */
    @JsonPropertyOrder({"id", "document", "hash"})
    public record RuleSetId(String id, String document, String hash) {
    }

    /** The outcomes with the given status. */
    public List<Outcome> withStatus(Status status) {
        return outcomes.stream().filter(o -> o.status() == status).toList();
    }

    /** The same result keeping only outcomes a reader asked for (not-eligible ones only when {@code all}). */
    public EvaluationResult visible(boolean all) {
        if (all) {
            return this;
        }
        return new EvaluationResult(caseId, asOf, applicant, ruleSet, inForce,
                outcomes.stream().filter(o -> o.status() != Status.NOT_ELIGIBLE).toList());
    }
}
