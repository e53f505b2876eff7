package com.subsidyevaluator.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.EvaluationResult.RuleSetId;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Outcome.Allocation;
import com.subsidyevaluator.engine.Outcome.Benefit;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.engine.Outcome.Subject;
import com.subsidyevaluator.engine.RuleCatalogue;
import com.subsidyevaluator.engine.RuleCatalogue.Cond;
import com.subsidyevaluator.engine.RuleCatalogue.Rule;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.Json;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The compact lines of {@code results.jsonl} (docs/results.schema.json): per case its id, applicant, date, the rule
 * set's hash and the descriptions of the facts its outcomes are about (once each); per outcome the rule's
 * {@linkplain RuleCatalogue#stableId id}, the status, the subject's path, the amount (and allocation) and the values
 * behind each condition — the rule's texts are in {@code rules.json}. {@link #write} checks, outcome by outcome, that
 * {@link #read} gives the outcome back exactly (every sentence made again from the values and the catalogue); a
 * sentence it would not give back is written out in full, an outcome it cannot write compactly at all is written
 * as the full outcome ({@code "full"}).
 */
public final class CompactResults {

    public static final String RULES = "rules.json";

    private final Map<String, Rule> byName = new HashMap<>();
    private final Map<String, Rule> byId = new HashMap<>();
    private final RuleCatalogue.File catalogue;

    public CompactResults(RuleCatalogue.File catalogue) {
        this.catalogue = catalogue;
        for (Rule r : catalogue.rules()) {
            byName.put(r.name(), r);
            byId.put(r.id(), r);
        }
    }

    public RuleCatalogue.File catalogue() {
        return catalogue;
    }

    // ------------------------------------------------------------------------------------------ writing

    private static byte[] key(String name, boolean first) {
        return ((first ? "{\"" : ",\"") + name + "\":").getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] K_CASE = key("caseId", true);
    private static final byte[] K_APPLICANT = key("applicant", false);
    private static final byte[] K_AS_OF = key("asOf", false);
    private static final byte[] K_RULE_SET = key("ruleSet", false);
    private static final byte[] K_IN_FORCE = key("inForce", false);
    private static final byte[] K_FACTS = key("facts", false);
    private static final byte[] K_IDS = key("ids", false);
    private static final byte[] K_OUTCOMES = key("outcomes", false);

    /** Appends the compact JSON of a result (no line break). */
    void write(EvaluationResult r, ResultJson.Bytes out) throws IOException {
        Map<String, String> facts = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        List<Object> plans = new ArrayList<>(r.outcomes().size());
        for (Outcome o : r.outcomes()) {
            Object p = plan(o, facts);
            plans.add(p == null ? o : p);
            if (p != null && o.subject().id() != null) {
                String known = ids.putIfAbsent(o.subject().path(), o.subject().id());
                if (known != null && !known.equals(o.subject().id())) {
                    plans.set(plans.size() - 1, o); // two ids for one path: written in full
                }
            }
        }
        out.put(K_CASE);
        ResultJson.once(r.caseId(), out);
        out.put(K_APPLICANT);
        ResultJson.once(r.applicant(), out);
        out.put(K_AS_OF);
        ResultJson.date(r.asOf(), out);
        out.put(K_RULE_SET);
        ResultJson.ruleText(r.ruleSet() == null ? null : r.ruleSet().hash(), out);
        if (!r.inForce()) {
            out.put(K_IN_FORCE);
            out.put(ResultJson.FALSE);
        }
        out.put(K_FACTS);
        textMap(facts, out);
        if (!ids.isEmpty()) {
            out.put(K_IDS);
            textMap(ids, out);
        }
        out.put(K_OUTCOMES);
        out.put((byte) '[');
        for (int i = 0; i < plans.size(); i++) {
            if (i > 0) {
                out.put((byte) ',');
            }
            Object p = plans.get(i);
            if (p instanceof Plan plan) {
                plan.write(out);
            } else {
                out.put(key("full", true));
                ResultJson.outcome((Outcome) p, out);
                out.put((byte) '}');
            }
        }
        out.put((byte) ']');
        out.put((byte) '}');
    }

    /** A condition as written: its catalogue entry and template, or (c < 0) in full. */
    private record CondOut(int c, int t, String actual, String fact, boolean writeRequired, String required, String gap,
                           String text, ConditionResult full) {
    }

    private record MissingOut(int c, String path, String label, MissingFact full) {
    }

    /**
     * {@code exclusive}: the note {@link com.subsidyevaluator.engine.Exclusivity} closed the explanation with (the
     * awards of the case it is not paid together with), when that is all the explanation adds to the rule's own.
     */
    private record Plan(Rule rule, Outcome o, List<CondOut> met, List<CondOut> unmet, List<MissingOut> missing,
                        String note, boolean writeNote, boolean writeExplanation, String exclusive) {

        void write(ResultJson.Bytes out) throws IOException {
            out.put(O_RULE);
            ResultJson.ruleText(rule.id(), out);
            out.put(O_STATUS);
            ResultJson.ruleText(o.status().name(), out);
            out.put(O_SUBJECT);
            ResultJson.text(o.subject().path(), out);
            Benefit b = o.benefit();
            if (b != null && b.amountWan() != null) {
                out.put(O_AMOUNT);
                ResultJson.decimal(b.amountWan(), out);
            }
            if (writeNote) {
                out.put(O_NOTE);
                ResultJson.text(note, out);
            }
            if (b != null && b.allocation() != null) {
                out.put(O_ALLOCATION);
                ResultJson.allocation(b.allocation(), out);
            }
            conditions(O_MET, met, out);
            conditions(O_UNMET, unmet, out);
            if (!missing.isEmpty()) {
                out.put(O_MISSING);
                out.put((byte) '[');
                for (int i = 0; i < missing.size(); i++) {
                    if (i > 0) {
                        out.put((byte) ',');
                    }
                    MissingOut m = missing.get(i);
                    if (m.c() < 0) {
                        out.put(key("path", true));
                        ResultJson.text(m.full().path(), out);
                        out.put(key("label", false));
                        ResultJson.ruleText(m.full().label(), out);
                        out.put(key("condition", false));
                        ResultJson.ruleText(m.full().condition(), out);
                    } else {
                        out.put(key("c", true));
                        out.ascii(Integer.toString(m.c()));
                        out.put(key("path", false));
                        ResultJson.text(m.path(), out);
                        if (m.label() != null) {
                            out.put(key("label", false));
                            ResultJson.ruleText(m.label(), out);
                        }
                    }
                    out.put((byte) '}');
                }
                out.put((byte) ']');
            }
            if (exclusive != null) {
                out.put(O_EXCLUSIVE);
                ResultJson.once(exclusive, out);
            } else if (writeExplanation) {
                out.put(O_EXPLANATION);
                ResultJson.once(o.explanation(), out);
            }
            out.put((byte) '}');
        }
    }

    private static final byte[] O_RULE = key("rule", true);
    private static final byte[] O_STATUS = key("status", false);
    private static final byte[] O_SUBJECT = key("subject", false);
    private static final byte[] O_AMOUNT = key("amountWan", false);
    private static final byte[] O_NOTE = key("note", false);
    private static final byte[] O_ALLOCATION = key("allocation", false);
    private static final byte[] O_MET = key("met", false);
    private static final byte[] O_UNMET = key("unmet", false);
    private static final byte[] O_MISSING = key("missing", false);
    private static final byte[] O_EXPLANATION = key("explanation", false);
    private static final byte[] O_EXCLUSIVE = key("exclusive", false);
    private static final byte[] C_C = key("c", true);
    private static final byte[] C_T = key("t", false);
    private static final byte[] C_ACTUAL = key("actual", false);
    private static final byte[] C_FACT = key("fact", false);
    private static final byte[] C_REQUIRED = key("required", false);
    private static final byte[] C_GAP = key("gap", false);
    private static final byte[] C_TEXT = key("text", false);

    /** A JSON object of texts by key, e.g. the case's fact descriptions by path. */
    private static void textMap(Map<String, String> map, ResultJson.Bytes out) throws IOException {
        out.put((byte) '{');
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            if (!first) {
                out.put((byte) ',');
            }
            first = false;
            ResultJson.once(e.getKey(), out);
            out.put((byte) ':');
            ResultJson.text(e.getValue(), out);
        }
        out.put((byte) '}');
    }

    private static void conditions(byte[] name, List<CondOut> list, ResultJson.Bytes out) throws IOException {
        if (list.isEmpty()) {
            return;
        }
        out.put(name);
        out.put((byte) '[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.put((byte) ',');
            }
            CondOut c = list.get(i);
            if (c.c() < 0) {
                ConditionResult f = c.full();
                out.put(key("field", true));
                ResultJson.ruleText(f.field(), out);
                out.put(key("label", false));
                ResultJson.ruleText(f.label(), out);
                out.put(key("condition", false));
                ResultJson.ruleText(f.condition(), out);
                out.put(C_ACTUAL);
                ResultJson.text(f.actual(), out);
                out.put(C_REQUIRED);
                ResultJson.text(f.required(), out);
                out.put(C_GAP);
                ResultJson.text(f.gap(), out);
                out.put(C_TEXT);
                ResultJson.text(f.text(), out);
                out.put((byte) '}');
                continue;
            }
            out.put(C_C);
            out.ascii(Integer.toString(c.c()));
            if (c.t() >= 0) {
                out.put(C_T);
                out.ascii(Integer.toString(c.t()));
            }
            if (c.fact() != null) {
                out.put(C_FACT);
                ResultJson.text(c.fact(), out);
            } else {
                out.put(C_ACTUAL);
                ResultJson.text(c.actual(), out);
            }
            if (c.writeRequired()) {
                out.put(C_REQUIRED);
                ResultJson.text(c.required(), out);
            }
            if (c.gap() != null) {
                out.put(C_GAP);
                ResultJson.text(c.gap(), out);
            }
            if (c.text() != null) {
                out.put(C_TEXT);
                ResultJson.text(c.text(), out);
            }
            out.put((byte) '}');
        }
        out.put((byte) ']');
    }

    /** How to write an outcome compactly, or null when it cannot be (then it is written in full). */
    private Plan plan(Outcome o, Map<String, String> facts) {
        Rule rule = o.rule() == null ? null : byName.get(o.rule());
        Subject s = o.subject();
        if (rule == null || s == null || o.status() == null || s.path() == null
                || !Objects.equals(rule.clause(), o.clause()) || !Objects.equals(rule.title(), o.title())
                || !Objects.equals(rule.area(), o.area()) || !Objects.equals(rule.department(), o.department())
                || !Objects.equals(rule.subjectType(), s.type()) || !Objects.equals(rule.subjectTypeLabel(), s.typeLabel())
                || o.met() == null || o.unmet() == null || o.missing() == null) {
            return null;
        }
        Benefit b = o.benefit();
        if (rule.benefitKind() == null ? b != null : b == null || !rule.benefitKind().equals(b.kind())
                || !Objects.equals(rule.pool(), b.pool())) {
            return null;
        }
        Map<String, String> added = new LinkedHashMap<>();
        if (!fact(facts, added, s.path(), s.description())) {
            return null;
        }
        List<CondOut> met = new ArrayList<>();
        List<CondOut> unmet = new ArrayList<>();
        for (ConditionResult c : o.met()) {
            met.add(cond(rule, c, facts, added));
        }
        for (ConditionResult c : o.unmet()) {
            unmet.add(cond(rule, c, facts, added));
        }
        List<MissingOut> missing = new ArrayList<>();
        for (MissingFact m : o.missing()) {
            int at = -1;
            for (int i = 0; i < rule.conditions().size() && m != null && m.path() != null; i++) {
                if (rule.conditions().get(i).text().equals(m.condition())) {
                    at = i;
                    break;
                }
            }
            if (at < 0) {
                missing.add(new MissingOut(-1, null, null, m));
            } else {
                String label = RuleCatalogue.missingLabel(rule.conditions().get(at), m.path());
                missing.add(new MissingOut(at, m.path(), Objects.equals(label, m.label()) ? null : m.label(), m));
            }
        }
        facts.putAll(added);
        String note = b == null ? null : b.note();
        Plan p = new Plan(rule, o, met, unmet, missing, note, b != null && !Objects.equals(note, rule.amountNote()), false, null);
        if (rule.exclusive() == null) {
            // Every input of the explanation was checked above to read back as it was (the subject's description,
            // each condition's values and sentence, each missing fact's label, the benefit's note), and the
            // explanation is the same Explainer sentence of those inputs: only Exclusivity changes an outcome after
            // it is explained, and only for rules of an exclusivity group. Building it again to compare cost a
            // quarter of the batch's CPU time (docs/performance.md); CompactResultsTest compares explain with
            // evaluate over the samples and a generated population.
            return p;
        }
        Outcome back = outcome(rule, p, facts);
        if (back != null && Objects.equals(back.explanation(), o.explanation())) {
            return p;
        }
        // an award not paid together with others: Exclusivity closed its note and its explanation with the same words
        String e = o.explanation();
        if (note != null && e != null) {
            List<Integer> cuts = new ArrayList<>();
            cuts.add(-1);
            for (int k = note.indexOf('；'); k >= 0; k = note.indexOf('；', k + 1)) {
                cuts.add(k);
            }
            for (int cut : cuts) {
                String x = note.substring(cut + 1);
                String before = cut < 0 ? null : note.substring(0, cut);
                if (x.isEmpty() || !e.endsWith(x + "。") && !e.endsWith(" " + x)) {
                    continue;
                }
                Plan q = new Plan(rule, o, met, unmet, missing, before, !Objects.equals(before, rule.amountNote()), false, x);
                Outcome again = outcome(rule, q, facts);
                if (again != null && Objects.equals(again.explanation(), e) && Objects.equals(again.benefit().note(), note)) {
                    return q;
                }
            }
        }
        return new Plan(rule, o, met, unmet, missing, note, p.writeNote(), true, null);
    }

    /** The explanation closed with an exclusivity note, as Exclusivity writes it. */
    private static String withExclusive(String explanation, String note) {
        return explanation.endsWith("。") ? explanation.substring(0, explanation.length() - 1) + "；" + note + "。"
                : explanation + " " + note;
    }

    /** The benefit with the exclusivity note merged into its note, as Exclusivity merges it. */
    private static Benefit exclusive(Benefit b, String note) {
        return new Benefit(b.kind(), b.amountWan(), b.note() == null ? note : b.note() + "；" + note, b.pool(), b.allocation());
    }

    private static boolean fact(Map<String, String> facts, Map<String, String> added, String path, String description) {
        String known = facts.containsKey(path) ? facts.get(path) : added.get(path);
        if (known == null && !facts.containsKey(path) && !added.containsKey(path)) {
            added.put(path, description);
            return true;
        }
        return Objects.equals(known, description);
    }

    private static CondOut cond(Rule rule, ConditionResult c, Map<String, String> facts, Map<String, String> added) {
        int at = -1;
        for (int i = 0; i < rule.conditions().size() && c != null; i++) {
            Cond e = rule.conditions().get(i);
            if (e.text().equals(c.condition()) && Objects.equals(e.field(), c.field()) && Objects.equals(e.label(), c.label())) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return new CondOut(-1, -1, null, null, false, null, null, null, c);
        }
        Cond e = rule.conditions().get(at);
        boolean writeRequired = !Objects.equals(e.required(), c.required());
        String fact = null;
        String actual = c.actual();
        if (e.isRelated() && actual != null && actual.endsWith("）")) {
            int open = actual.lastIndexOf("（$");
            if (open > 0) {
                String path = actual.substring(open + 1, actual.length() - 1);
                String desc = actual.substring(0, open);
                if (fact(facts, added, path, desc)) {
                    fact = path;
                }
            }
        }
        int t = -1;
        for (int i = 0; i < RuleCatalogue.TEMPLATES; i++) {
            if (Objects.equals(RuleCatalogue.conditionText(e, i, actual, c.required(), c.gap()), c.text())) {
                t = i;
                break;
            }
        }
        return new CondOut(at, t, actual, fact, writeRequired, c.required(), c.gap(), t < 0 ? c.text() : null, c);
    }

    /** The outcome a plan reads back as (with facts known), or null. */
    private static Outcome outcome(Rule rule, Plan p, Map<String, String> facts) {
        Outcome o = p.o();
        Subject s = new Subject(rule.subjectType(), rule.subjectTypeLabel(), o.subject().path(), o.subject().id(),
                facts.get(o.subject().path()));
        List<ConditionResult> met = p.met().stream().map(c -> back(rule, c.c(), c.t(), c.actual(), c.fact(), c.writeRequired() ? c.required() : null,
                c.writeRequired(), c.gap(), c.text(), c.full(), facts)).toList();
        List<ConditionResult> unmet = p.unmet().stream().map(c -> back(rule, c.c(), c.t(), c.actual(), c.fact(), c.writeRequired() ? c.required() : null,
                c.writeRequired(), c.gap(), c.text(), c.full(), facts)).toList();
        List<MissingFact> missing = p.missing().stream().map(m -> m.c() < 0 ? m.full()
                : new MissingFact(m.path(), m.label() != null ? m.label()
                : RuleCatalogue.missingLabel(rule.conditions().get(m.c()), m.path()), rule.conditions().get(m.c()).text())).toList();
        Benefit b = o.benefit() == null ? null : new Benefit(rule.benefitKind(), o.benefit().amountWan(),
                p.writeNote() ? p.note() : rule.amountNote(), rule.pool(), o.benefit().allocation());
        String explanation = RuleCatalogue.explanation(rule, o.status(), s, met, unmet, missing, b);
        if (p.exclusive() != null) {
            explanation = explanation == null ? null : withExclusive(explanation, p.exclusive());
            b = b == null ? null : exclusive(b, p.exclusive());
        }
        return new Outcome(rule.clause(), rule.name(), rule.title(), rule.area(), rule.department(), s, o.status(), b,
                met, unmet, missing, explanation);
    }

    private static ConditionResult back(Rule rule, int at, int t, String actual, String fact, String required,
                                        boolean hasRequired, String gap, String text, ConditionResult full,
                                        Map<String, String> facts) {
        if (at < 0) {
            return full;
        }
        Cond e = rule.conditions().get(at);
        String a = fact != null ? facts.get(fact) + "（" + fact + "）" : actual;
        String req = hasRequired ? required : e.required();
        String txt = text != null ? text : RuleCatalogue.conditionText(e, t, a, req, gap);
        return new ConditionResult(e.field(), e.label(), e.text(), a, req, gap, txt);
    }

    // ------------------------------------------------------------------------------------------ reading

    /** A compact line is not one of this catalogue's (another rule set, or not a compact line). */
    public static final class Mismatch extends Exception {
        public Mismatch(String message) {
            super(message);
        }
    }

    /** The rule set hash a compact line names. */
    public static String ruleSetHash(JsonNode line) {
        JsonNode h = line.get("ruleSet");
        return h == null || !h.isTextual() ? null : h.asText();
    }

    /** The full result a compact line stands for. */
    public EvaluationResult read(JsonNode line) throws Mismatch {
        String hash = ruleSetHash(line);
        RuleSetId id = catalogue.ruleSet();
        if (hash == null || !hash.equals(id.hash())) {
            throw new Mismatch("结果文件的规则集 " + hash + " 与 rules.json 的规则集 " + id.hash() + " 不同"
                    + " (the results were written with another rule set than rules.json describes)");
        }
        Map<String, String> facts = new HashMap<>();
        JsonNode fs = line.path("facts");
        fs.fields().forEachRemaining(e -> facts.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        Map<String, String> ids = new HashMap<>();
        line.path("ids").fields().forEachRemaining(e -> ids.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        List<Outcome> outcomes = new ArrayList<>();
        for (JsonNode n : line.path("outcomes")) {
            if (n.has("full")) {
                try {
                    outcomes.add(Json.mapper().treeToValue(n.get("full"), Outcome.class));
                } catch (IOException e) {
                    throw new Mismatch("无法读取结论：" + e.getMessage());
                }
                continue;
            }
            Rule rule = byId.get(n.path("rule").asText());
            if (rule == null) {
                throw new Mismatch("规则 " + n.path("rule").asText() + " 不在 rules.json 中 (rule not in rules.json)");
            }
            String path = n.path("subject").asText();
            Subject s = new Subject(rule.subjectType(), rule.subjectTypeLabel(), path, ids.get(path), facts.get(path));
            List<ConditionResult> met = conditions(rule, n.path("met"), facts);
            List<ConditionResult> unmet = conditions(rule, n.path("unmet"), facts);
            List<MissingFact> missing = new ArrayList<>();
            for (JsonNode m : n.path("missing")) {
                if (!m.has("c")) {
                    missing.add(new MissingFact(str(m, "path"), str(m, "label"), str(m, "condition")));
                } else {
                    Cond e = rule.conditions().get(m.get("c").asInt());
                    String p = str(m, "path");
                    missing.add(new MissingFact(p, m.has("label") ? str(m, "label") : RuleCatalogue.missingLabel(e, p), e.text()));
                }
            }
            Benefit b = null;
            if (rule.benefitKind() != null) {
                Allocation a = null;
                if (n.has("allocation")) {
                    JsonNode an = n.get("allocation");
                    a = new Allocation(str(an, "pool"), dec(an, "requestedWan"), dec(an, "allocatedWan"), str(an, "ratio"),
                            str(an, "note"));
                }
                b = new Benefit(rule.benefitKind(), dec(n, "amountWan"), n.has("note") ? str(n, "note") : rule.amountNote(),
                        rule.pool(), a);
            }
            Status status = Status.valueOf(n.path("status").asText());
            String explanation = n.has("explanation") ? str(n, "explanation")
                    : RuleCatalogue.explanation(rule, status, s, met, unmet, missing, b);
            if (n.has("exclusive")) {
                explanation = explanation == null ? null : withExclusive(explanation, str(n, "exclusive"));
                b = b == null ? null : exclusive(b, str(n, "exclusive"));
            }
            outcomes.add(new Outcome(rule.clause(), rule.name(), rule.title(), rule.area(), rule.department(), s, status, b,
                    met, unmet, missing, explanation));
        }
        return new EvaluationResult(str(line, "caseId"), line.hasNonNull("asOf") ? LocalDate.parse(line.get("asOf").asText()) : null,
                str(line, "applicant"), id, !line.has("inForce") || line.get("inForce").asBoolean(), List.copyOf(outcomes));
    }

    private static List<ConditionResult> conditions(Rule rule, JsonNode list, Map<String, String> facts) {
        List<ConditionResult> out = new ArrayList<>();
        for (JsonNode c : list) {
            if (!c.has("c")) {
                out.add(new ConditionResult(str(c, "field"), str(c, "label"), str(c, "condition"), str(c, "actual"),
                        str(c, "required"), str(c, "gap"), str(c, "text")));
                continue;
            }
            out.add(back(rule, c.get("c").asInt(), c.has("t") ? c.get("t").asInt() : -1, str(c, "actual"), str(c, "fact"),
                    str(c, "required"), c.has("required"), str(c, "gap"), str(c, "text"), null, facts));
        }
        return out;
    }

    private static String str(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static BigDecimal dec(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.decimalValue();
    }
}
