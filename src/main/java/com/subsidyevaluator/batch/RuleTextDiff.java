package com.subsidyevaluator.batch;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.subsidyevaluator.engine.Condition;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.Related;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which rules of two versions of a rule set differ in their text, and which dated parameters
 * ({@code parameters.yaml}) differ in their values. A rule is known by its name: a rule only in the edited version is
 * added, one only in the published version removed, one in both whose DRL text (from {@code rule} to {@code end},
 * white space aside) differs changed — with what changed in words (a metadata value, a condition) where that can be
 * told. A rule renamed is removed under its old name and added under its new one.
 */
public final class RuleTextDiff {

    /** What became of a rule: 新增, 删除 or 修改. */
    public enum Kind {
        ADDED("新增"), REMOVED("删除"), CHANGED("修改");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One rule whose text differs.
     *
     * @param kind     added, removed or changed
     * @param clause   the rule's clause (the edited version's when both have it), or null for a target rule
     * @param rule     the rule's name
     * @param location file:line of the rule (the edited version's, the published one's when removed)
     * @param details  what changed, one sentence each (empty for an added or removed rule)
     */
    @JsonPropertyOrder({"kind", "clause", "rule", "location", "details"})
    public record RuleChange(Kind kind, String clause, String rule, String location, List<String> details) {
    }

    /**
     * One dated parameter whose values differ.
     *
     * @param id     the parameter
     * @param clause its clause
     * @param description what it is
     * @param before its values in the published version ("2023-01-01 起 按配套细则"), or null when it is new
     * @param after  its values in the edited version, or null when it was removed
     */
    @JsonPropertyOrder({"id", "clause", "description", "before", "after"})
    public record ParameterChange(String id, String clause, String description, String before, String after) {
    }

    private RuleTextDiff() {
    }

    /** The rules whose text differs, in the edited version's order, then the removed ones in the published order. */
    public static List<RuleChange> rules(RuleSet before, RuleSet after) {
        Map<String, RuleDefinition> old = new LinkedHashMap<>();
        for (RuleDefinition r : before.rules()) {
            old.put(r.name(), r);
        }
        Texts oldTexts = new Texts(before.directory());
        Texts newTexts = new Texts(after.directory());
        List<RuleChange> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (RuleDefinition r : after.rules()) {
            seen.add(r.name());
            RuleDefinition o = old.get(r.name());
            if (o == null) {
                out.add(new RuleChange(Kind.ADDED, r.clause(), r.name(), r.location(), List.of()));
                continue;
            }
            String a = oldTexts.of(o);
            String b = newTexts.of(r);
            List<String> details = details(o, r);
            boolean textDiffers = a == null || b == null ? !details.isEmpty() : !a.equals(b);
            if (!textDiffers) {
                continue;
            }
            if (details.isEmpty()) {
                details = List.of("规则文字有改动（条件与元数据未变） (text edited; conditions and metadata unchanged)");
            }
            out.add(new RuleChange(Kind.CHANGED, r.clause(), r.name(), r.location(), details));
        }
        for (RuleDefinition o : before.rules()) {
            if (!seen.contains(o.name())) {
                out.add(new RuleChange(Kind.REMOVED, o.clause(), o.name(), o.location(), List.of()));
            }
        }
        return out;
    }

    /** The dated parameters whose values differ, in the edited version's order, then the removed ones. */
    public static List<ParameterChange> parameters(RuleSet before, RuleSet after) {
        Map<String, PolicyData.Parameter> old = new LinkedHashMap<>();
        for (PolicyData.Parameter p : before.data().parameters()) {
            old.put(p.id(), p);
        }
        List<ParameterChange> out = new ArrayList<>();
        for (PolicyData.Parameter p : after.data().parameters()) {
            PolicyData.Parameter o = old.remove(p.id());
            String a = o == null ? null : values(o);
            String b = values(p);
            if (!b.equals(a)) {
                out.add(new ParameterChange(p.id(), p.clause(), p.description(), a, b));
            }
        }
        for (PolicyData.Parameter o : old.values()) {
            out.add(new ParameterChange(o.id(), o.clause(), o.description(), values(o), null));
        }
        return out;
    }

    private static String values(PolicyData.Parameter p) {
        List<String> parts = new ArrayList<>();
        for (PolicyData.DatedValue v : p.values()) {
            parts.add(v.from() + " 起 " + (v.value() == null ? "按配套细则" : RuleSetDiff.plain(v.value()) + " 万元"));
        }
        return String.join("；", parts);
    }

    /** What differs between two versions of a rule, in words: metadata values, conditions, related facts. */
    static List<String> details(RuleDefinition a, RuleDefinition b) {
        List<String> out = new ArrayList<>();
        Map<String, String> ma = a.metadata() == null ? Map.of() : a.metadata();
        Map<String, String> mb = b.metadata() == null ? Map.of() : b.metadata();
        Set<String> keys = new LinkedHashSet<>(ma.keySet());
        keys.addAll(mb.keySet());
        for (String k : keys) {
            String x = ma.get(k);
            String y = mb.get(k);
            if (!Objects.equals(x, y)) {
                out.add("@" + k + "：" + (x == null ? "（无）" : x) + " → " + (y == null ? "（无）" : y));
            }
        }
        conditions(out, "条件", a.conditions().stream().map(Condition::text).toList(),
                b.conditions().stream().map(Condition::text).toList());
        conditions(out, "相关事实条件", a.related().stream().map(Related::text).toList(),
                b.related().stream().map(Related::text).toList());
        return out;
    }

    private static void conditions(List<String> out, String what, List<String> a, List<String> b) {
        if (a.equals(b)) {
            return;
        }
        if (a.size() == b.size()) {
            for (int i = 0; i < a.size(); i++) {
                if (!a.get(i).equals(b.get(i))) {
                    out.add(what + "：" + a.get(i) + " → " + b.get(i));
                }
            }
            return;
        }
        for (String x : a) {
            if (!b.contains(x)) {
                out.add("删去" + what + "：" + x);
            }
        }
        for (String y : b) {
            if (!a.contains(y)) {
                out.add("新增" + what + "：" + y);
            }
        }
    }

    /** The DRL text of each rule, read from its file: from its {@code rule} line to its {@code end}, white space collapsed. */
    private static final class Texts {
        private final Path directory;
        private final Map<String, List<String>> files = new HashMap<>();

        Texts(Path directory) {
            this.directory = directory;
        }

        /** The rule's text, or null when its file cannot be read (the rule set was not loaded from a directory). */
        String of(RuleDefinition r) {
            if (directory == null || r.file() == null || r.line() <= 0) {
                return null;
            }
            List<String> lines = files.computeIfAbsent(r.file(), f -> {
                try {
                    String text = Files.readString(directory.resolve(f), StandardCharsets.UTF_8);
                    return (text.startsWith("\uFEFF") ? text.substring(1) : text).lines().toList();
                } catch (IOException | RuntimeException e) {
                    return List.of();
                }
            });
            if (lines.size() < r.line()) {
                return null;
            }
            StringBuilder s = new StringBuilder();
            for (int i = r.line() - 1; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                s.append(line).append(' ');
                if (line.equals("end")) {
                    break;
                }
            }
            return s.toString().replaceAll("\\s+", " ").strip();
        }
    }
}
