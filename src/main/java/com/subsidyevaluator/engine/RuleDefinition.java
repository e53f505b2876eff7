package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.PolicyDocument.Area;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * A rule of the rule set with its metadata, as policy staff wrote it.
 *
 * @param name           the rule's name (a sentence)
 * @param packageName    the DRL package
 * @param clause         the clause it encodes, e.g. "12"
 * @param title          short title of the benefit
 * @param area           the policy area of the clause
 * @param department     the lead department
 * @param benefitKind    the kind of benefit
 * @param amountWan      the amount the document states, in 万元, or null
 * @param amountNote     how the amount is set when the document states none
 * @param amountParameter the id of the dated parameter that gives the amount, or null
 * @param pool           the budget pool that pays it, or null
 * @param exclusiveGroup awards in the same group are not paid twice for one subject, or null
 * @param validFrom      first day the rule applies
 * @param validTo        last day the rule applies
 * @param file           the DRL file, relative to the rule-set directory
 * @param line           the line of the {@code rule} keyword
 * @param subjectType    the fact type the rule is about
 * @param conditions     the conditions of its pattern, in order
 * @param metadata       all metadata as written
 * @param purpose        ENTITLEMENT for rules about applicants (clause, area and benefit set); TARGET for the
 *                       generic rules that judge a target against its actual figure (no clause, area or benefit:
 *                       those come from the target the fact carries)
 * @param related        its related-fact conditions (exists / not), in order; empty for most rules
 */
public record RuleDefinition(String name, String packageName, String clause, String title, Area area,
                             String department, BenefitKind benefitKind, BigDecimal amountWan, String amountNote,
                             String amountParameter, String pool, String exclusiveGroup, LocalDate validFrom, LocalDate validTo, String file,
                             int line, Class<?> subjectType, List<Condition> conditions, Map<String, String> metadata,
                             PolicyData.ClauseKind purpose, List<Related> related) {

    public RuleDefinition {
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** What the rule gives ({@code @tier}); a rule without one (a target rule) counts as an entitlement. */
    public Tier tier() {
        String t = metadata == null ? null : metadata.get("tier");
        return t == null ? Tier.ENTITLEMENT : Tier.fromCode(t).orElse(Tier.ENTITLEMENT);
    }

    /** Whether the rule is guidance (相关政策): reported when it applies, never as 符合 / 不符合 / 待定. */
    public boolean isGuidance() {
        return tier() == Tier.GUIDANCE;
    }

    /** The clause as a number; only for entitlement rules (target rules have no clause). */
    public int clauseNumber() {
        return Integer.parseInt(clause);
    }

    /** Whether this is a generic target rule rather than a rule about applicants. */
    public boolean isTargetRule() {
        return purpose == PolicyData.ClauseKind.TARGET;
    }

    public boolean inForce(LocalDate date) {
        return !date.isBefore(validFrom) && !date.isAfter(validTo);
    }

    /** "02-science-and-technology.drl:42". */
    public String location() {
        return file + ":" + line;
    }
}
