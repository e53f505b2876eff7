package com.subsidyevaluator.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.FactModel;
import com.subsidyevaluator.engine.Related;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.io.RuleJson;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy rules}: the catalogue of a rule set, one entry per rule. */
@Command(name = "rules", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"列出规则集的目录：每条规则的条款、名称、标题、牵头单位、支持类型、资金池和 文件:行。",
                "Prints the catalogue of the rule set: clause, rule, title, department, benefit kind, budget pool, file:line."},
        footer = ExitCode.HELP)
public class RulesCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    RuleSetOptions ruleSet;

    @Option(names = "--clause", paramLabel = "N", description = "只列出第 N 条的规则 (only the rules of clause N)")
    String clause;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "输出格式 text 或 json (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RuleSet rules = ruleSet.load(spec.commandLine().getErr());
        String wanted = clause == null ? null : clause.strip().replaceAll("^第", "").replaceAll("条$", "");
        List<RuleDefinition> selected = rules.rules().stream()
                .filter(r -> wanted == null || r.clause().equals(wanted)).toList();
        if (wanted != null && selected.isEmpty()) {
            int total = rules.document().clauses();
            boolean number = wanted.matches("[0-9]{1,9}");
            if (!number || Integer.parseInt(wanted) < 1 || Integer.parseInt(wanted) > total) {
                throw new UsageException(ExitCode.BAD_INPUT, "--clause " + clause + "：" + rules.document().number()
                        + " 共 " + total + " 条，条款号应为 1 到 " + total + " (the document has " + total + " clauses)");
            }
            String why = rules.data().clause(Integer.parseInt(wanted)).map(c -> c.noRule()).filter(w -> w != null && !w.isBlank())
                    .map(w -> "：" + w).orElse("");
            throw new UsageException(ExitCode.BAD_INPUT, "第" + wanted + "条没有规则" + why
                    + "（subsidy rules 列出全部规则；clause " + wanted + " has no rules）");
        }
        if (format == Format.json) {
            ArrayNode list = Json.mapper().createArrayNode();
            for (RuleDefinition r : selected) {
                list.add(RuleJson.rule(r));
            }
            try {
                out.println(Json.pretty().writeValueAsString(list));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            out.flush();
            return ExitCode.OK;
        }
        long clauses = selected.stream().map(RuleDefinition::clause).distinct().count();
        long guidance = selected.stream().filter(RuleDefinition::isGuidance).count();
        out.println(rules.document().number() + " · 规则集 " + rules.directory().getFileName() + "：" + selected.size()
                + " 条规则（权益 " + (selected.size() - guidance) + " 条、相关政策 " + guidance + " 条），覆盖 " + clauses + " 个条款");
        String area = null;
        for (RuleDefinition r : selected) {
            if (!r.area().displayName().equals(area)) {
                area = r.area().displayName();
                out.println();
                out.println(area);
            }
            out.println();
            out.println("  第" + r.clause() + "条  " + r.title() + (r.isGuidance() ? "  [相关政策]" : ""));
            out.println("    规则    " + r.name());
            out.println("    层级    " + r.tier().label() + "（" + r.tier().code() + "）");
            if (!r.related().isEmpty()) {
                out.println("    相关事实 " + String.join("；", r.related().stream().map(Related::text).toList()));
            }
            out.println("    主体    " + FactModel.labelOf(r.subjectType()) + "（" + r.subjectType().getSimpleName() + "）");
            out.println("    支持    " + r.benefitKind().label() + " · " + amount(r));
            out.println("    牵头    " + r.department());
            out.println("    资金池  " + (r.pool() == null ? "—" : r.pool())
                    + (r.exclusiveGroup() == null ? "" : " · 不重复享受组 " + r.exclusiveGroup()));
            out.println("    位置    " + r.location());
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String amount(RuleDefinition r) {
        if (r.amountWan() != null) {
            return plain(r.amountWan()) + " 万元";
        }
        if (r.amountParameter() != null) {
            return "参数 " + r.amountParameter() + (r.amountNote() == null ? "" : "（" + r.amountNote() + "）");
        }
        return r.amountNote() == null ? "金额未定" : r.amountNote();
    }

    private static String plain(BigDecimal n) {
        BigDecimal s = n.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }
}
