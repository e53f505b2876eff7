package com.subsidyevaluator.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.subsidyevaluator.batch.BatchRunner;
import com.subsidyevaluator.batch.CompactResults;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.RuleCatalogue;
import com.subsidyevaluator.io.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code subsidy explain OUTDIR CASEID}: the explanation of one case of a batch, made from its compact
 * {@code results.jsonl} and {@code rules.json} — the same text {@code subsidy evaluate} prints for the case.
 */
@Command(name = "explain", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"解释批处理中的一个案例：由 OUTDIR 中的 results.jsonl 与 rules.json 还原完整说明，"
                + "与 subsidy evaluate 对该案例的输出相同（批处理加 --all 时逐字相同；未加时不符合的结论未写入，末行说明这一点）。",
                "Explains one case of a batch from OUTDIR's compact results.jsonl and rules.json, as subsidy evaluate "
                        + "prints it (byte for byte when the batch ran with --all; without it the not-eligible outcomes "
                        + "were not written and the closing line says so)."})
public class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "OUTDIR", description = "subsidy batch 的输出目录 (a batch's --out directory)")
    Path dir;

    @Parameters(index = "1", paramLabel = "CASEID", description = "案例的 caseId (the case's caseId)")
    String caseId;

    @Option(names = "--all", description = "同时列出不符合的条款（须批处理加 --all 写入）(also list not-eligible outcomes)")
    boolean all;

    /** Reads numbers as they were written (50.00 stays 50.00), as the evaluator made them. */
    private static final ObjectMapper EXACT = Json.mapper().copy()
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path resultsFile = dir.resolve(BatchRunner.RESULTS);
        Path rulesFile = dir.resolve(BatchRunner.RULES);
        if (!Files.isRegularFile(resultsFile)) {
            throw new UsageException(ExitCode.BAD_INPUT, "找不到 " + resultsFile + "：请给 subsidy batch 的输出目录"
                    + " (no results.jsonl: give the --out directory of a batch)");
        }
        String wanted = quoted(caseId);
        JsonNode line = null;
        try (BufferedReader r = Files.newBufferedReader(resultsFile, StandardCharsets.UTF_8)) {
            String prefix = "{\"caseId\":" + wanted + ",";
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (l.startsWith(prefix)) {
                    line = EXACT.readTree(l);
                    break;
                }
            }
        } catch (IOException e) {
            throw new UsageException(ExitCode.BAD_INPUT, "无法读取 " + resultsFile + "：" + e.getMessage()
                    + " (cannot read results.jsonl)");
        }
        if (line == null) {
            String rejected = rejected(dir.resolve(BatchRunner.ERRORS), wanted);
            throw new UsageException(ExitCode.NOT_FOUND, "案例 " + caseId + " 不在 " + resultsFile + " 中"
                    + (rejected == null ? "" : "：它被拒绝了（" + rejected + "）")
                    + " (case id not found in results.jsonl" + (rejected == null ? "" : "; it was rejected, see errors.jsonl")
                    + ")");
        }
        if (line.path("ruleSet").isObject()) {
            throw new UsageException(ExitCode.BAD_INPUT, resultsFile + " 是 --full-results 写的完整结果，每行自成一体，"
                    + "无需 explain；请不加 --full-results 重新运行批处理 (results written with --full-results: each line is "
                    + "self-contained; rerun the batch without --full-results to use explain)");
        }
        RuleCatalogue.File catalogue;
        try {
            catalogue = Json.mapper().readValue(Files.readAllBytes(rulesFile), RuleCatalogue.File.class);
        } catch (NoSuchFileException e) {
            throw new UsageException(ExitCode.BAD_INPUT, "找不到 " + rulesFile + "：紧凑的 results.jsonl 须与同一批处理写的"
                    + " rules.json 放在一起 (no rules.json beside the compact results.jsonl)");
        } catch (IOException e) {
            throw new UsageException(ExitCode.BAD_INPUT, "无法读取 " + rulesFile + "：" + e.getMessage()
                    + " (cannot read rules.json)");
        }
        EvaluationResult result;
        try {
            result = new CompactResults(catalogue).read(line);
        } catch (CompactResults.Mismatch e) {
            throw new UsageException(ExitCode.BAD_INPUT, resultsFile + "：" + e.getMessage());
        }
        Map<String, PolicyData.BudgetPool> pools = new HashMap<>();
        for (RuleCatalogue.Pool p : catalogue.pools()) {
            pools.put(p.id(), new PolicyData.BudgetPool(p.id(), p.clause(), null, p.name(), p.amountWan(), null, null));
        }
        TextReport.print(out, result, all, id -> Optional.ofNullable(pools.get(id)), catalogue.notEligibleWritten());
        out.flush();
        return ExitCode.OK;
    }

    private static String quoted(String s) {
        try {
            return Json.mapper().writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reason errors.jsonl gives for rejecting the case, or null. */
    private static String rejected(Path errors, String wanted) {
        if (!Files.isRegularFile(errors)) {
            return null;
        }
        String needle = "\"caseId\":" + wanted;
        try (BufferedReader r = Files.newBufferedReader(errors, StandardCharsets.UTF_8)) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                if (l.contains(needle)) {
                    JsonNode n = Json.mapper().readTree(l);
                    JsonNode why = n.get("reason");
                    return why == null ? "见 errors.jsonl" : why.asText();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
