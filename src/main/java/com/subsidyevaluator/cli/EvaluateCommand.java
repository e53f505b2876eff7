package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.CaseTimeoutException;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.SessionStrategy;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.io.ResultWriter;
import com.subsidyevaluator.model.CaseFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy evaluate INPUT...}: evaluates case files, directories and JSON Lines and explains every outcome. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"评估申请案例：列出适用的每一条款（符合、待定；--all 另列不符合），并说明理由。",
                "Evaluates case files against the rule set and explains every outcome."},
        footer = ExitCode.HELP)
public class EvaluateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = {
            "案例文件（*.json，一个案例）、目录（其下所有 *.json，按路径顺序）或 JSON Lines 文件（*.jsonl，每行一个案例），与 batch 相同",
            "case files, directories of *.json files, or JSON Lines files, as batch reads them"})
    List<Path> files;

    @Mixin
    RuleSetOptions ruleSet;

    @Mixin
    CaseTimeoutOption timeout;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "评估日期 YYYY-MM-DD，覆盖案例中的 asOf (evaluation date; overrides the case's asOf)")
    LocalDate asOf;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "输出格式 text 或 json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--all", description = "同时列出不符合的条款及未满足的条件 (also list not-eligible outcomes)")
    boolean all;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Duration budget = timeout.budget();
        // The rules load on another thread while the case files are read.
        Supplier<RuleSet> loading = ruleSet.loadInBackground(err);
        // files, directories and JSON Lines, as batch reads them
        List<CaseInput.Item> read = CaseInput.readAll(files);
        if (format == Format.json) {
            // while the rules load: let the JSON writer prepare its serializers for results
            try {
                Json.mapper().getSerializerProviderInstance().findTypedValueSerializer(EvaluationResult.class, true, null);
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                // only preparation: writing will report any real problem
            }
        }
        RuleSet rules = loading.get();
        List<EvaluationResult> results = new ArrayList<>();
        int exit = ExitCode.OK;
        try (BatchEvaluator evaluator = rules.newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, budget)) {
            for (CaseInput.Item item : read) {
                if (item.c() == null) {
                    err.println(item.line()); // an error, or a file passed over
                    exit = item.error() ? ExitCode.BAD_INPUT : exit;
                    continue;
                }
                CaseFile c = CaseInput.dated(item.place(), item.c(), asOf, err);
                if (c == null) {
                    exit = ExitCode.BAD_INPUT;
                    continue;
                }
                try {
                    results.add(evaluator.evaluate(c)); // complete: the text report counts what it does not list
                } catch (CaseTimeoutException e) {
                    // the case is refused; the others are evaluated and shown as usual
                    err.println(item.place() + ": " + e.getMessage());
                    exit = ExitCode.BAD_INPUT;
                }
            }
        }
        if (format == Format.json) {
            // the library's public writer: programs embedding the evaluator write the same JSON
            List<EvaluationResult> visible = results.stream().map(r -> r.visible(all)).toList();
            out.println(CaseInput.singleCaseFile(files) && visible.size() == 1 ? ResultWriter.toJson(visible.get(0))
                    : ResultWriter.toJson(visible));
        } else {
            for (int i = 0; i < results.size(); i++) {
                if (i > 0) {
                    out.println();
                    out.println("────────────────────────────────────────");
                }
                TextReport.print(out, results.get(i), all, rules.data());
            }
        }
        out.flush();
        err.flush();
        return exit;
    }
}
