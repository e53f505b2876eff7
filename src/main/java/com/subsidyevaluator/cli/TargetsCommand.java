package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.RuleProblem;
import com.subsidyevaluator.engine.RuleSetException;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.IndicatorsReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.targets.Indicators;
import com.subsidyevaluator.targets.TargetEvaluator;
import com.subsidyevaluator.targets.TargetReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy targets INDICATORS}: judges the document's quantitative targets against a year's actual figures. */
@Command(name = "targets", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"政策评估：逐条列出文件的量化目标、实际数字和是否达到（达到、未达到、无数据），以及预算执行情况。",
                "Evaluates the document's quantitative targets and budgets against actual figures (an indicators file)."},
        footer = ExitCode.HELP)
public class TargetsCommand implements Callable<Integer> {

    enum Format { text, json, html }

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "INDICATORS",
            description = "实际数字文件（JSON），如 samples/yueqing-2023-indicators.json (indicators file)")
    Path indicators;

    @Mixin
    RuleSetOptions ruleSet;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "输出格式 text、json 或 html（单个网页，不含脚本、不联网）(default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = ruleSet.directory();
        TargetEvaluator evaluator;
        try {
            evaluator = TargetEvaluator.load(dir);
        } catch (RuleSetException e) {
            err.println("目标规则无法加载: " + dir);
            for (RuleProblem p : e.problems()) {
                err.println(p.format());
            }
            err.flush();
            return ExitCode.BAD_RULES;
        }
        Indicators figures;
        try {
            figures = IndicatorsReader.read(indicators, evaluator.document(), evaluator.data());
        } catch (CaseFormatException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCode.BAD_INPUT;
        }
        TargetReport report = evaluator.evaluate(figures, indicators.toString());
        switch (format) {
            case json -> {
                try {
                    out.println(Json.pretty().writeValueAsString(report));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case html -> out.print(TargetsHtml.render(report));
            default -> TargetsText.print(out, report);
        }
        out.flush();
        return ExitCode.OK;
    }
}
