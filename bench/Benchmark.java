// The batch benchmark's measuring program: runs one variant of `subsidy batch` in this JVM and prints one line
// of JSON with the time the batch took (reading the input, evaluating, writing results.jsonl, awards.csv and the
// other reports), excluding the JVM start and the loading of the rule set, which are measured separately by
// bench/run.sh.
//
//   java -cp target/subsidy-evaluator-cli.jar bench/Benchmark.java \
//        --variant mini-batch --rules rules/yueqing-2023 --input pop.jsonl --out /tmp/out [--threads N] [--runs N]
//
// --runs N repeats the batch N times in the same JVM, one line each (the rule set loaded once): the later runs show
// the program with its code compiled, which tells the JIT's share of a first run from the work itself.
//
// Variants (all give the same results.jsonl, which the program checks by digest when --expect is given):
//   floor            the empty rule set bench/empty-rules: read each record into the fact model, write one
//                    result line per case (the I/O floor)
//   plain            the plain way: each case read with the JSON mapper, one stateless session per case, every
//                    outcome explained, then filtered, results written with the JSON mapper
//   plain-sessions   the plain use of Drools (stateless session per case, everything explained) inside the
//                    optimised reading and writing
//   stateless-lean   one stateless session per case, only written outcomes explained
//   mini-batch-full  one stateful session per chunk of 128 cases, every outcome explained, then filtered
//   mini-batch       one stateful session per chunk, only written outcomes explained (what subsidy batch does)
//   mini-batch-reused one stateful session per thread, cleared between chunks

import com.subsidyevaluator.batch.BatchOptions;
import com.subsidyevaluator.batch.BatchRunner;
import com.subsidyevaluator.batch.Progress;
import com.subsidyevaluator.engine.RuleSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

public class Benchmark {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String variant = a.getOrDefault("variant", "mini-batch");
        Path rulesDir = Path.of(variant.equals("floor") ? a.getOrDefault("empty-rules", "bench/empty-rules")
                : a.getOrDefault("rules", "rules/yueqing-2023"));
        Path input = Path.of(a.get("input"));
        Path out = Path.of(a.get("out"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "0"));
        int runs = Integer.parseInt(a.getOrDefault("runs", "1"));
        BatchOptions.Engine engine = switch (variant) {
            case "floor", "mini-batch" -> BatchOptions.Engine.MINI_BATCH;
            case "plain" -> BatchOptions.Engine.PLAIN;
            case "plain-sessions" -> BatchOptions.Engine.PLAIN_SESSIONS;
            case "stateless-lean" -> BatchOptions.Engine.STATELESS_LEAN;
            case "mini-batch-full" -> BatchOptions.Engine.MINI_BATCH_FULL;
            case "mini-batch-reused" -> BatchOptions.Engine.MINI_BATCH_REUSED;
            default -> throw new IllegalArgumentException("unknown variant " + variant);
        };
        RuleSet rules = null;
        for (int run = 0; run < runs; run++) {
            if (run > 0) {
                // as bench/run.sh does before each run: the previous run's reports written back first
                new ProcessBuilder("sync").inheritIO().start().waitFor();
            }
            // Start from an empty output directory, as a first run does: replacing 1.8 GB of earlier reports costs
            // the file system about half a second in the final renames (freeing the old files' blocks), which would
            // be counted against whichever variant ran second.
            deleteTree(out);
            long t0 = System.nanoTime();
            if (rules == null) {
                rules = RuleSet.load(rulesDir);
            }
            long t1 = System.nanoTime();
            measure(variant, rules, BatchOptions.of(List.of(input), out).withThreads(threads).withEngine(engine),
                    (t1 - t0) / 1e9);
        }
    }

    /** Runs the batch once and prints its line. */
    private static void measure(String variant, RuleSet rules, BatchOptions options, double loadSeconds)
            throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        long t1 = System.nanoTime();
        BatchRunner.Result r = BatchRunner.run(rules, options, Progress.NONE);
        long t2 = System.nanoTime();
        double cpuSeconds = (os.getProcessCpuTime() - cpu0) / 1e9;
        double seconds = (t2 - t1) / 1e9;
        Path out = options.out();
        String digest = digest(out.resolve(BatchRunner.RESULTS)) + "/" + digest(out.resolve(BatchRunner.AWARDS));
        System.out.printf("{\"variant\":\"%s\",\"cases\":%d,\"evaluated\":%d,\"rejected\":%d,\"loadSeconds\":%.3f,"
                        + "\"seconds\":%.3f,\"cpuSeconds\":%.3f,\"casesPerSecond\":%.0f,\"resultsBytes\":%d,\"digest\":\"%s\"}%n",
                variant, r.records(), r.evaluated(), r.rejected(), loadSeconds, seconds, cpuSeconds, r.records() / seconds,
                Files.size(out.resolve(BatchRunner.RESULTS)), digest);
    }

    private static void deleteTree(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static String digest(Path p) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(p)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }
}
