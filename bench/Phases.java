// The batch's phases measured one by one on one thread: microseconds per case for reading records into the fact
// model, evaluating them (Drools, diagnosis and explanations, chunks of 128 per session as `subsidy batch` does),
// writing their results.jsonl lines, writing their awards.csv rows, adding them to the summary and to the HTML
// report's table. Each round repeats every phase over the same cases; the figure kept for each phase is its
// fastest round (the machine may be shared, and a phase cannot run faster than it can). bench/run.sh runs it.
//
//   java -cp target/subsidy-evaluator-cli.jar:bench/work/classes com.subsidyevaluator.batch.Phases \
//        --rules rules/yueqing-2023 --input pop.jsonl [--cases 20000] [--rounds 15]
//
// It lives in the package of the batch to reach the batch's own writers.
package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.SessionStrategy;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Phases {
    private static final int CHUNK = 128;
    private static final String[] NAMES = {"read", "evaluate", "results.jsonl", "awards.csv", "summary", "report"};

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        RuleSet rules = RuleSet.load(Path.of(a.getOrDefault("rules", "rules/yueqing-2023")));
        int limit = Integer.parseInt(a.getOrDefault("cases", "20000"));
        int rounds = Integer.parseInt(a.getOrDefault("rounds", "15"));
        List<byte[]> records = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(Path.of(a.get("input")), StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null && records.size() < limit; line = in.readLine()) {
                records.add(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        int n = records.size();
        Path scratch = Files.createTempFile("phases-report", ".html");
        double[] best = new double[NAMES.length];
        Arrays.fill(best, Double.MAX_VALUE);
        long bytes = 0;
        try (BatchEvaluator evaluator = rules.newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST)) {
            for (int r = 0; r < rounds; r++) {
                long[] t = new long[NAMES.length + 1];
                t[0] = System.nanoTime();
                List<CaseFile> cases = new ArrayList<>(n);
                for (byte[] b : records) {
                    cases.add(CaseReader.parse("population", b, 0, b.length, 0));
                }
                t[1] = System.nanoTime();
                List<EvaluationResult> results = new ArrayList<>(n);
                for (int i = 0; i < n; i += CHUNK) {
                    results.addAll(evaluator.evaluate(cases.subList(i, Math.min(n, i + CHUNK)), false));
                }
                t[2] = System.nanoTime();
                ResultJson.Kept kept = new ResultJson.Kept();
                bytes = 0;
                for (int i = 0; i < n; i += CHUNK) {
                    ResultJson.Bytes out = new ResultJson.Bytes(1 << 20, kept);
                    for (int k = i; k < Math.min(n, i + CHUNK); k++) {
                        ResultJson.write(results.get(k), out);
                        out.put((byte) '\n');
                    }
                    bytes += out.toByteArray().length;
                }
                t[3] = System.nanoTime();
                for (int i = 0; i < n; i += CHUNK) {
                    ResultJson.Bytes out = new ResultJson.Bytes(4096, kept);
                    for (int k = i; k < Math.min(n, i + CHUNK); k++) {
                        AwardsCsv.rows(out, results.get(k));
                    }
                    out.toByteArray();
                }
                t[4] = System.nanoTime();
                BatchSummary.Builder summary = new BatchSummary.Builder(rules, null, "none", false, null);
                CaseIdSet ids = new CaseIdSet();
                for (EvaluationResult e : results) {
                    ids.add(e.caseId());
                    summary.evaluated(e);
                }
                t[5] = System.nanoTime();
                try (HtmlReport report = new HtmlReport(scratch, 500)) {
                    for (EvaluationResult e : results) {
                        report.add(e, "population.jsonl", 1);
                    }
                }
                t[6] = System.nanoTime();
                for (int p = 0; p < NAMES.length; p++) {
                    best[p] = Math.min(best[p], (t[p + 1] - t[p]) / 1e3 / n);
                }
            }
        } finally {
            Files.deleteIfExists(scratch);
        }
        StringBuilder s = new StringBuilder("{\"cases\":" + n + ",\"rounds\":" + rounds + ",\"resultBytesPerCase\":" + bytes / n);
        double total = 0;
        for (int p = 0; p < NAMES.length; p++) {
            s.append(String.format(",\"%s\":%.2f", NAMES[p], best[p]));
            total += best[p];
        }
        System.out.println(s.append(String.format(",\"total\":%.2f}", total)));
    }
}
