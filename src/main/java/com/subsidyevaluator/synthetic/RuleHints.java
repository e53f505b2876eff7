package com.subsidyevaluator.synthetic;

import com.subsidyevaluator.engine.Condition;
import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The values a rule set compares fact fields with: numeric thresholds ({@code revenueWan >= 3000}) and named
 * constants ({@code level in (Level.NATIONAL, …)}), per fact type and field. The generator places a small share
 * of its values at these points so that boundary cases exist and every rule has applicants it fires for, however
 * the rule set grows.
 */
public final class RuleHints {

    private static final RuleHints NONE = new RuleHints(Map.of(), Map.of());

    /** "Type.field" → thresholds, sorted. */
    private final Map<String, List<BigDecimal>> numbers;
    /** "Type.field" → constant names (enum constant names, without the type), sorted. */
    private final Map<String, List<String>> names;

    private RuleHints(Map<String, List<BigDecimal>> numbers, Map<String, List<String>> names) {
        this.numbers = numbers;
        this.names = names;
    }

    /** No hints: values follow the base distributions only. */
    public static RuleHints none() {
        return NONE;
    }

    /** The thresholds and constants of every single-field comparison in the rule set. */
    public static RuleHints of(RuleSet rules) {
        Map<String, TreeSet<BigDecimal>> numbers = new TreeMap<>();
        Map<String, TreeSet<String>> names = new TreeMap<>();
        for (RuleDefinition rule : rules.rules()) {
            for (Condition c : rule.conditions()) {
                if (c.fields().size() != 1 || c.literals().isEmpty()) {
                    continue;
                }
                FieldInfo f = c.fields().get(0);
                String key = rule.subjectType().getSimpleName() + "." + f.name();
                for (String literal : c.literals()) {
                    String lit = literal.strip();
                    if (lit.equals("null") || lit.equals("true") || lit.equals("false")) {
                        continue;
                    }
                    if (f.type().isEnum()) {
                        names.computeIfAbsent(key, k -> new TreeSet<>()).add(lit.substring(lit.lastIndexOf('.') + 1));
                    } else if (Number.class.isAssignableFrom(f.type())) {
                        try {
                            numbers.computeIfAbsent(key, k -> new TreeSet<>())
                                    .add(new BigDecimal(lit.replaceAll("[BbIiLlDdFf]$", "")));
                        } catch (NumberFormatException e) {
                            // a constant or expression, not a number: no hint
                        }
                    }
                }
            }
        }
        Map<String, List<BigDecimal>> n = new TreeMap<>();
        numbers.forEach((k, v) -> n.put(k, List.copyOf(v)));
        Map<String, List<String>> s = new TreeMap<>();
        names.forEach((k, v) -> s.put(k, List.copyOf(v)));
        return new RuleHints(Collections.unmodifiableMap(n), Collections.unmodifiableMap(s));
    }

    List<BigDecimal> thresholds(String type, String field) {
        return numbers.getOrDefault(type + "." + field, List.of());
    }

    List<String> constants(String type, String field) {
        return names.getOrDefault(type + "." + field, List.of());
    }

    /** Every hint, for documentation and tests: "Type.field" → values as text. */
    public Map<String, List<String>> describe() {
        Map<String, List<String>> out = new TreeMap<>();
        numbers.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>())
                .addAll(v.stream().map(BigDecimal::toPlainString).toList()));
        names.forEach((k, v) -> out.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        return out;
    }
}
