package com.subsidyevaluator.engine;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.subsidyevaluator.engine.EvaluationResult.RuleSetId;
import com.subsidyevaluator.engine.Outcome.Benefit;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.engine.Outcome.Subject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A rule set's rules with their texts, written once per batch ({@code rules.json}) so that each line of a compact
 * {@code results.jsonl} names a rule by its {@linkplain #stableId stable id} and carries only the case's values. The
 * sentences of an outcome (a condition's, the explanation) are made again from the two by the very functions the
 * evaluator made them with ({@link #conditionText}, {@link #explanation}): what the writer cannot make again that way
 * it writes out in full, so that reading back always gives the outcome as evaluated.
 *
 * <p>A rule's id is the first 10 hex digits of the SHA-256 of its name. The name is unique in a rule set (the loader
 * refuses a repeated one), so the id is too (checked here); it depends on nothing else, so it stays the same when
 * other rules are added, edited or removed, and when the rule moves to another file or its metadata change — only
 * renaming a rule gives it a new id.
 */
public final class RuleCatalogue {

    /** What a compact results file and its rules.json say the id is. */
    public static final String ID_SCHEME = "sha256(rule name)[0:10]";

    /**
     * The catalogue as written to rules.json. {@code notEligibleWritten}: whether the results beside it hold the
     * not-eligible outcomes too (a batch with --all).
     */
    @JsonPropertyOrder({"format", "ruleSet", "idScheme", "notEligibleWritten", "pools", "rules"})
    public record File(String format, RuleSetId ruleSet, String idScheme, boolean notEligibleWritten, List<Pool> pools,
                       List<Rule> rules) {

        public File withNotEligibleWritten(boolean written) {
            return new File(format, ruleSet, idScheme, written, pools, rules);
        }
    }

    /** A budget pool, as the text report names it. */
    @JsonPropertyOrder({"id", "clause", "name", "amountWan"})
    public record Pool(String id, String clause, String name, BigDecimal amountWan) {
    }

    /**
     * One rule with its texts. {@code conditions} lists the conditions of its pattern, then each related-fact
     * condition (kind exists / not) followed by that related fact's own conditions (kind field, {@code type} the
     * related type); an outcome refers to them by index.
     */
    @JsonPropertyOrder({"id", "name", "clause", "title", "tier", "area", "department", "benefitKind", "amountWan",
            "amountParameter", "amountNote", "pool", "exclusive", "validFrom", "validTo", "file", "line", "subjectType",
            "subjectTypeLabel", "target", "interpretation", "conditions"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rule(String id, String name, String clause, String title, String tier, String area, String department,
                       String benefitKind, BigDecimal amountWan, String amountParameter, String amountNote, String pool,
                       String exclusive, String validFrom, String validTo, String file, Integer line, String subjectType,
                       String subjectTypeLabel, Boolean target, String interpretation, List<Cond> conditions) {

        /** "第12条「研发后补助」", as explanations name the rule. */
        public String head() {
            return clause == null ? "「" + title + "」" : "第" + clause + "条「" + title + "」";
        }

        @JsonIgnore
        public boolean isTarget() {
            return Boolean.TRUE.equals(target);
        }

        @JsonIgnore
        public boolean isGuidance() {
            return Tier.GUIDANCE.code().equals(tier);
        }
    }

    /**
     * A condition: {@code text} as written, the {@code field} it reads and its {@code label}, what it requires in
     * words ({@code required}: "应不低于 3.1%"; for a related-fact condition "须有满足「…」的项目") and as a sentence of
     * its own ({@code statement}); {@code of} the indexes of a related-fact condition's own conditions.
     */
    @JsonPropertyOrder({"kind", "type", "field", "label", "text", "required", "statement", "of"})
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cond(String kind, String type, String field, String label, String text, String required,
                       String statement, List<Integer> of) {

        @JsonIgnore
        public boolean isRelated() {
            return !"field".equals(kind);
        }
    }

    private RuleCatalogue() {
    }

    /** The first 10 hex digits of the SHA-256 of the rule's name (UTF-8). */
    public static String stableId(String ruleName) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(ruleName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The catalogue of a rule set. */
    public static File of(RuleSet rules) {
        List<Rule> out = new ArrayList<>();
        Map<String, String> ids = new HashMap<>();
        for (RuleDefinition r : rules.rules()) {
            String id = stableId(r.name());
            String other = ids.putIfAbsent(id, r.name());
            if (other != null) {
                throw new IllegalStateException("规则 id 冲突：「" + other + "」与「" + r.name() + "」的 id 均为 " + id
                        + "，请改其中一条的名称 (rule id collision; rename one of the rules)");
            }
            List<Cond> conds = new ArrayList<>();
            String type = r.subjectType().getSimpleName();
            for (Condition c : r.conditions()) {
                conds.add(cond(type, c));
            }
            for (Related rel : r.related()) {
                Explainer.Prepared[] prepared = rel.conditions().stream().map(Explainer::prepare)
                        .toArray(Explainer.Prepared[]::new);
                String what = Explainer.relatedRequirement(rel, prepared);
                boolean exists = rel.kind() == Related.Kind.EXISTS;
                int at = conds.size();
                List<Integer> of = new ArrayList<>();
                for (int i = 0; i < rel.conditions().size(); i++) {
                    of.add(at + 1 + i);
                }
                conds.add(new Cond(rel.kind().keyword(), rel.type().getSimpleName(), rel.field(), rel.label(), rel.text(),
                        (exists ? "须有" : "须没有") + what, what, of));
                for (Condition c : rel.conditions()) {
                    conds.add(cond(rel.type().getSimpleName(), c));
                }
            }
            String reading = r.metadata() == null ? null : r.metadata().get("interpretation");
            out.add(new Rule(id, r.name(), r.clause(), r.title(), r.tier().code(),
                    r.area() == null ? null : r.area().displayName(), r.department(),
                    r.benefitKind() == null ? null : r.benefitKind().label(), r.amountWan(), r.amountParameter(),
                    r.amountNote(), r.pool(), r.exclusiveGroup(), String.valueOf(r.validFrom()), String.valueOf(r.validTo()),
                    r.file(), r.line(), type, FactModel.labelOf(r.subjectType()), r.isTargetRule() ? Boolean.TRUE : null,
                    reading, List.copyOf(conds)));
        }
        List<Pool> pools = rules.data().budgets().stream()
                .map(b -> new Pool(b.id(), b.clause(), b.name(), b.amountWan())).toList();
        return new File("subsidy-rules/1", rules.id(), ID_SCHEME, false, pools, List.copyOf(out));
    }

    private static Cond cond(String type, Condition c) {
        Explainer.Prepared p = Explainer.prepare(c);
        String field = c.fields().size() == 1 ? c.fields().get(0).name() : null;
        String label = c.fields().size() == 1 ? c.fields().get(0).label() : null;
        return new Cond("field", type, field, label, c.text(), p.required(), p.statement(), null);
    }

    // ------------------------------------------------------------------------------------------ sentences

    /** The number of {@link #conditionText} templates. */
    public static final int TEMPLATES = 11;

    /**
     * A condition's sentence made from its catalogue entry and the outcome's values, by template {@code t}: the
     * forms {@link Explainer} writes (0–6 for a condition on a field, 7–10 for a related-fact condition); null when
     * the template does not apply to the entry.
     */
    public static String conditionText(Cond c, int t, String actual, String required, String gap) {
        String l = c.label();
        switch (t) {
            case 0: return c.isRelated() || l == null ? null : l + "：" + actual;
            case 1: return c.isRelated() || l == null ? null : l + "：" + actual + "（" + required + "）";
            case 2: return c.isRelated() || l == null ? null : l + "：" + actual + "，" + required + (gap == null ? "" : "，" + gap);
            case 3: return c.isRelated() || l == null ? null : "有" + l + "：" + actual;
            case 4: return c.isRelated() || l == null ? null : "没有" + l + "（" + actual + "）";
            case 5: return c.isRelated() ? null : "满足条件「" + c.statement() + "」" + (actual == null || actual.isEmpty() ? "" : "（" + actual + "）");
            case 6: return c.isRelated() ? null : "不满足条件「" + c.statement() + "」" + (actual == null || actual.isEmpty() ? "" : "（" + actual + "）");
            default:
                break;
        }
        if (!c.isRelated() || required == null) {
            return null;
        }
        String what = required.startsWith("须没有") ? required.substring(3) : required.startsWith("须有") ? required.substring(2) : null;
        if (what == null) {
            return null;
        }
        return switch (t) {
            case 7 -> "有" + what + "：" + actual;
            case 8 -> "没有" + what + "（" + actual + "）";
            case 9 -> "没有" + what;
            case 10 -> required + "，但有" + actual;
            default -> null;
        };
    }

    /** The explanation of an outcome, as the evaluator writes it. */
    public static String explanation(Rule r, Status status, Subject subject, List<ConditionResult> met,
                                     List<ConditionResult> unmet, List<MissingFact> missing, Benefit benefit) {
        String head = r.head();
        String s = switch (status) {
            case ELIGIBLE -> benefit == null && !r.isTarget() ? null : Explainer.eligible(r.isTarget(), head, subject, met, benefit);
            case NOT_ELIGIBLE -> Explainer.notEligible(r.isTarget(), head, subject, unmet);
            case UNDETERMINED -> Explainer.undetermined(r.isTarget(), head, subject, missing, met);
            case RELEVANT -> Explainer.relevant(null, head, subject, met);
        };
        if (s == null) {
            return null;
        }
        return r.interpretation() == null ? s : s + "本规则含解读：" + r.interpretation() + "。";
    }

    /** The label of the field a missing fact's path ends in, on the entry's type; null when not one of the model's. */
    public static String missingLabel(Cond c, String path) {
        String field = path.substring(path.lastIndexOf('.') + 1);
        FactModel.TypeInfo t = c.type() == null ? null : FactModel.typeNamed(c.type()).orElse(null);
        FactModel.FieldInfo f = t == null ? null : t.fields().get(field);
        return f == null ? null : f.label();
    }
}
