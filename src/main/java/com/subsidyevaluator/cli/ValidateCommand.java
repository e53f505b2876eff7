package com.subsidyevaluator.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.RuleProblem;
import com.subsidyevaluator.engine.RuleValidator;
import com.subsidyevaluator.io.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy validate}: compiles and checks a rule set without evaluating anything. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"检查规则集（不评估任何案例）：语法、沙箱、元数据、条款号、字段和枚举取值、资金池、不重复享受组、"
                + "数据测试文件；每个问题列出 文件:行:列、规则名称和中文说明（附引擎原文）。",
                "Compiles and checks a rule set without evaluating anything; prints every problem as "
                        + "file:line:column  rule \"name\"  message. Exit 0 when clean (warnings allowed), 3 on errors."},
        footer = ExitCode.HELP)
public class ValidateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    RuleSetOptions ruleSet;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "输出格式 text 或 json (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path dir = ruleSet.existingDirectory();
        RuleValidator.Report report = RuleValidator.validate(dir);
        int errors = report.errors().size();
        int warnings = report.warnings().size();
        if (format == Format.json) {
            ObjectNode root = Json.mapper().createObjectNode();
            root.put("directory", dir.toString());
            root.put("valid", report.valid());
            root.put("errors", errors);
            root.put("warnings", warnings);
            if (report.ruleSet() != null) {
                root.put("rules", report.ruleSet().rules().size());
                root.put("hash", report.ruleSet().hash());
            }
            ArrayNode list = root.putArray("problems");
            report.problems().forEach(p -> list.add(Json.mapper().valueToTree(p)));
            try {
                out.println(Json.pretty().writeValueAsString(root));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            out.println("检查规则集 " + dir);
            for (RuleProblem p : report.problems()) {
                out.println(p.format());
            }
            if (report.ruleSet() != null) {
                long clauses = report.ruleSet().rules().stream().map(r -> r.clause()).distinct().count();
                out.println((report.problems().isEmpty() ? "" : "\n") + "规则集可以使用：" + report.ruleSet().rules().size()
                        + " 条规则，覆盖 " + clauses + " 个条款；" + warnings + " 个警告");
            } else {
                out.println("\n规则集有错误：" + errors + " 个错误，" + warnings + " 个警告（改正后再运行 subsidy validate）");
            }
        }
        out.flush();
        return report.valid() ? ExitCode.OK : ExitCode.BAD_RULES;
    }
}
