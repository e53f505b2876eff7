package com.subsidyevaluator.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The training run for the class-data archive the {@code subsidy} launcher builds beside the jar (AppCDS, see
 * docs/performance.md): runs each command once — evaluating a sample with the rules compiled, then stored in and
 * read back from a scratch rule cache, a small batch, a small generated population — so that the JVM archives
 * every class those paths load. Not a user command; the launcher runs it as
 * {@code java -XX:ArchiveClassesAtExit=… -cp subsidy-evaluator-cli.jar com.subsidyevaluator.cli.ClassDataTraining HOME}.
 */
public final class ClassDataTraining {

    private ClassDataTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path home = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path rules = home.resolve(RuleSetOptions.DEFAULT);
        Path samples = home.resolve("samples");
        Path scratch = Files.createTempDirectory("subsidy-training");
        try {
            System.setProperty("subsidy.cacheDir", scratch.resolve("cache").toString());
            Path sample;
            try (Stream<Path> s = Files.list(samples)) {
                sample = s.filter(p -> p.toString().endsWith(".json")).sorted().findFirst().orElseThrow();
            }
            String r = rules.toString();
            run("evaluate", sample.toString(), "--rules", r, "--no-rule-cache", "--format", "json");
            run("evaluate", sample.toString(), "--rules", r, "--all");
            run("evaluate", sample.toString(), "--rules", r, "--format", "json");
            run("generate", "--count", "20", "--seed", "1", "--rules", r, "--out", scratch.resolve("g.jsonl").toString());
            run("batch", samples.toString(), scratch.resolve("g.jsonl").toString(), "--rules", r, "--out",
                    scratch.resolve("out").toString(), "--allocate", "pro-rata");
            run("schema");
        } finally {
            try (Stream<Path> s = Files.walk(scratch)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void run(String... args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        SubsidyCommand.commandLine(sink, sink).execute(List.of(args).toArray(String[]::new));
    }
}
