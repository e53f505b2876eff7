package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
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

/** {@code subsidy evaluate FILE...}: evaluates case files and explains every outcome. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"评估申请案例：列出适用的每一条款（符合、待定；--all 另列不符合），并说明理由。",
                "Evaluates case files against the rule set and explains every outcome."},
        footer = ExitCode.HELP)
public class EvaluateCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "案例文件（JSON）case files")
    List<Path> files;

    @Mixin
    RuleSetOptions ruleSet;

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
        // The rules load on another thread while the case files are read.
        Supplier<RuleSet> loading = ruleSet.loadInBackground(err);
        List<Object> read = new ArrayList<>(files.size());
        for (Path file : files) {
            try {
                read.add(CaseReader.read(file));
            } catch (CaseFormatException e) {
                read.add(e);
            }
        }
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
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            if (read.get(i) instanceof CaseFormatException e) {
                err.println(e.getMessage());
                exit = ExitCode.BAD_INPUT;
                continue;
            }
            CaseFile c = CaseInput.dated(file, (CaseFile) read.get(i), asOf, err);
            if (c == null) {
                exit = ExitCode.BAD_INPUT;
                continue;
            }
            results.add(rules.evaluate(c).visible(all));
        }
        if (format == Format.json) {
            try {
                Object doc = files.size() == 1 && results.size() == 1 ? results.get(0) : results;
                out.println(Json.pretty().writeValueAsString(doc));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
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
