package com.subsidyevaluator;

import com.subsidyevaluator.cli.SubsidyCommand;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.RuleSetException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Shared helpers: where the project is, the shipped rule set, and running the CLI with captured output. */
public final class TestSupport {

    private static RuleSet shipped;

    private TestSupport() {
    }

    public static Path projectDir() {
        return Path.of(System.getProperty("subsidy.projectDir", ".")).toAbsolutePath().normalize();
    }

    public static Path rulesDir() {
        return projectDir().resolve("rules/yueqing-2023");
    }

    public static Path samplesDir() {
        return projectDir().resolve("samples");
    }

    /** The shipped rule set, loaded once for all tests. */
    public static synchronized RuleSet shippedRules() {
        if (shipped == null) {
            try {
                shipped = RuleSet.load(rulesDir());
            } catch (RuleSetException e) {
                throw new AssertionError(e.getMessage(), e);
            }
        }
        return shipped;
    }

    /** What a command printed and returned. */
    public record Run(int exitCode, String out, String err) {
    }

    public static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = SubsidyCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Copies a directory tree (e.g. the rule set) so that a test can edit the copy. */
    public static Path copyTree(Path from, Path to) {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Makes a named pipe (FIFO) at {@code p}; false where the machine has no mkfifo. */
    public static boolean mkfifo(Path p) {
        try {
            Process proc = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return proc.waitFor() == 0 && Files.exists(p);
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
