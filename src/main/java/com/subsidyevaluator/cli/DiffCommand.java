package com.subsidyevaluator.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.CaseTimeoutException;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.OutcomeChange;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.SessionStrategy;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseFiles;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy diff --rules OLD --against NEW INPUT...}: what an edit of the rules changes for real cases. */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"用两个版本的规则集评估同一批案例，列出结论的变化：每个案例、每个条款变化前后的结论和金额，"
                + "以及按条款的合计（多少案例从哪种结论变为哪种）。发布修改前用它复核。",
                "Evaluates the same cases under two versions of a rule set and lists what changes: per case and clause, "
                        + "status and amount before and after, with totals per clause."},
        footer = ExitCode.HELP)
public class DiffCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    RuleSetOptions ruleSet;

    @Mixin
    CaseTimeoutOption timeout;

    @Option(names = "--against", paramLabel = "DIR", required = true,
            description = "修改后的规则集目录，与 --rules（修改前）比较 (the edited rule set, compared with --rules)")
    Path against;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "案例文件（JSON），或含 *.json 案例的目录 (case files or directories of *.json)")
    List<Path> inputs;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "评估日期 YYYY-MM-DD，覆盖案例中的 asOf (evaluation date; overrides the case's asOf)")
    LocalDate asOf;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "输出格式 text 或 json (default: ${DEFAULT-VALUE})")
    Format format;

    /** One case with its changes. */
    private record CaseDiff(Path file, CaseFile c, List<OutcomeChange> changes) {
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration budget = timeout.budget();
        RuleSet before = ruleSet.load(err);
        RuleSetOptions newOptions = new RuleSetOptions();
        newOptions.rules = against;
        RuleSet after = newOptions.load(err);
        int exit = ExitCode.OK;
        List<Path> files = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try {
                    // what is passed over (an indicators file, a named pipe, …) is told, one line each
                    files.addAll(CaseFiles.in(p, false, null, skipped -> err.println(skipped.message())));
                } catch (IOException e) {
                    err.println(p + ": 无法列出目录: " + e.getMessage());
                    exit = ExitCode.BAD_INPUT;
                }
            } else {
                files.add(p);
            }
        }
        List<CaseDiff> diffs = new ArrayList<>();
        try (BatchEvaluator old = before.newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, budget);
             BatchEvaluator edited = after.newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, budget)) {
            for (Path file : files) {
                CaseFile c = CaseInput.read(file, asOf, err);
                if (c == null) {
                    exit = ExitCode.BAD_INPUT;
                    continue;
                }
                EvaluationResult a;
                EvaluationResult b;
                try {
                    a = old.evaluate(c);
                } catch (CaseTimeoutException e) {
                    err.println(file + ": 按修改前的规则集（--rules）" + e.getMessage());
                    exit = ExitCode.BAD_INPUT;
                    continue;
                }
                try {
                    b = edited.evaluate(c);
                } catch (CaseTimeoutException e) {
                    err.println(file + ": 按修改后的规则集（--against）" + e.getMessage());
                    exit = ExitCode.BAD_INPUT;
                    continue;
                }
                diffs.add(new CaseDiff(file, c, OutcomeChange.between(a, b)));
            }
        }
        if (files.isEmpty()) {
            err.println("没有案例：INPUT 中没有 .json 文件");
            exit = ExitCode.BAD_INPUT;
        }
        Map<String, ClauseTotal> totals = totals(diffs);
        if (format == Format.json) {
            printJson(out, before, after, diffs, totals);
        } else {
            printText(out, before, after, diffs, totals);
        }
        out.flush();
        err.flush();
        return exit;
    }

    /** Per clause: the cases that changed and how many outcomes went from one status to another. */
    private static final class ClauseTotal {
        final Set<String> cases = new LinkedHashSet<>();
        final Map<String, Integer> transitions = new LinkedHashMap<>();
    }

    private static Map<String, ClauseTotal> totals(List<CaseDiff> diffs) {
        Map<String, ClauseTotal> totals = new TreeMap<>((x, y) -> {
            int c = Integer.compare(number(x), number(y));
            return c != 0 ? c : x.compareTo(y);
        });
        for (CaseDiff d : diffs) {
            for (OutcomeChange ch : d.changes()) {
                ClauseTotal t = totals.computeIfAbsent(ch.clause(), k -> new ClauseTotal());
                t.cases.add(d.c().caseId());
                t.transitions.merge(transition(ch), 1, Integer::sum);
            }
        }
        return totals;
    }

    private static String transition(OutcomeChange ch) {
        return ch.statusChanged() ? name(ch.before()) + "→" + name(ch.after()) : name(ch.after()) + "（金额变化）";
    }

    private static String name(Status s) {
        return s == null ? "NO_OUTCOME" : s.name();
    }

    private static int number(String clause) {
        try {
            return Integer.parseInt(clause);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static void printText(PrintWriter out, RuleSet before, RuleSet after, List<CaseDiff> diffs,
                                  Map<String, ClauseTotal> totals) {
        out.println("比较规则集");
        out.println("  修改前  " + before.directory() + "  " + before.hash());
        out.println("  修改后  " + after.directory() + "  " + after.hash());
        out.println("评估 " + diffs.size() + " 个案例");
        int changedCases = 0;
        int changes = 0;
        for (CaseDiff d : diffs) {
            if (d.changes().isEmpty()) {
                continue;
            }
            changedCases++;
            changes += d.changes().size();
            out.println();
            String applicant = d.c().enterprise() == null || d.c().enterprise().name() == null ? ""
                    : " · " + d.c().enterprise().name();
            out.println("案例 " + d.c().caseId() + applicant + "（" + d.file() + "）");
            for (OutcomeChange ch : d.changes()) {
                out.println("  第" + ch.clause() + "条「" + ch.title() + "」" + ch.description() + "（" + ch.subject() + "）");
                out.println("      " + status(ch.before(), ch.beforeAmountWan()) + " → " + status(ch.after(), ch.afterAmountWan()));
                out.println("      规则：" + ch.rule());
            }
        }
        out.println();
        if (totals.isEmpty()) {
            out.println("两个规则集对这 " + diffs.size() + " 个案例的结论完全相同。");
            return;
        }
        out.println("按条款合计");
        for (Map.Entry<String, ClauseTotal> e : totals.entrySet()) {
            List<String> parts = new ArrayList<>();
            e.getValue().transitions.forEach((k, v) -> parts.add(readable(k) + " " + v));
            out.println("  第" + e.getKey() + "条  " + e.getValue().cases.size() + " 个案例有变化：" + String.join("，", parts));
        }
        out.println();
        out.println("合计：" + diffs.size() + " 个案例中 " + changedCases + " 个有变化，共 " + changes + " 处变化");
    }

    private static String readable(String transition) {
        List<String> parts = new ArrayList<>();
        for (String part : transition.split("→")) {
            String word = part.replace("（金额变化）", "");
            String label = word.equals("NO_OUTCOME") ? "无结论" : Status.valueOf(word).label();
            parts.add(label + (part.endsWith("（金额变化）") ? "（金额变化）" : ""));
        }
        return String.join("→", parts);
    }

    private static String status(Status s, BigDecimal amount) {
        String t = OutcomeChange.label(s);
        if (amount != null) {
            BigDecimal p = amount.stripTrailingZeros();
            t += " " + (p.scale() < 0 ? p.setScale(0) : p).toPlainString() + " 万元";
        }
        return t;
    }

    private static void printJson(PrintWriter out, RuleSet before, RuleSet after, List<CaseDiff> diffs,
                                  Map<String, ClauseTotal> totals) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.set("before", ruleSetNode(before));
        root.set("after", ruleSetNode(after));
        root.put("cases", diffs.size());
        root.put("changedCases", diffs.stream().filter(d -> !d.changes().isEmpty()).count());
        ArrayNode changes = root.putArray("changes");
        for (CaseDiff d : diffs) {
            for (OutcomeChange ch : d.changes()) {
                ObjectNode n = Json.mapper().valueToTree(ch);
                n.put("file", d.file().toString());
                changes.add(n);
            }
        }
        ArrayNode byClause = root.putArray("byClause");
        for (Map.Entry<String, ClauseTotal> e : totals.entrySet()) {
            ObjectNode n = byClause.addObject();
            n.put("clause", e.getKey());
            ArrayNode cases = n.putArray("cases");
            e.getValue().cases.forEach(cases::add);
            ArrayNode tr = n.putArray("transitions");
            e.getValue().transitions.forEach((k, v) -> {
                ObjectNode t = tr.addObject();
                t.put("change", k);
                t.put("count", v);
            });
        }
        try {
            out.println(Json.pretty().writeValueAsString(root));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode ruleSetNode(RuleSet rs) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("directory", rs.directory().toString());
        n.put("id", rs.document().id());
        n.put("hash", rs.hash());
        return n;
    }
}
