package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.RuleCache;
import com.subsidyevaluator.engine.RuleProblem;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.RuleSetException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/** The {@code --rules DIR} option shared by every command that needs a rule set. */
public class RuleSetOptions {

    /** The rule set used when {@code --rules} is not given. */
    public static final String DEFAULT = "rules/yueqing-2023";

    @Option(names = "--rules", paramLabel = "DIR",
            description = "规则集目录 rule-set directory (default: " + DEFAULT
                    + " under the current directory, else under the installation)")
    Path rules;

    @Option(names = "--no-rule-cache",
            description = "不使用已编译规则的缓存（每次重新编译规则）do not use the compiled-rule cache "
                    + "(cache directory: $SUBSIDY_CACHE_DIR, else ~/.cache/subsidy-evaluator; SUBSIDY_CACHE_DIR=off disables it)")
    boolean noRuleCache;

    /** The directory to load: the option, else the default under the working directory or the installation. */
    public Path directory() {
        if (rules != null) {
            return rules;
        }
        Path local = Path.of(DEFAULT);
        if (Files.isDirectory(local)) {
            return local;
        }
        Path home = installation();
        if (home != null && Files.isDirectory(home.resolve(DEFAULT))) {
            return home.resolve(DEFAULT);
        }
        return local;
    }

    /**
     * The directory to load, which must exist: a {@code --rules} that points nowhere is a mistake in the command
     * (exit code 2), not in the rules.
     */
    public Path existingDirectory() {
        Path dir = directory();
        if (rules != null && !Files.isDirectory(rules)) {
            throw new UsageException(ExitCode.BAD_INPUT, "--rules " + rules + "：" + (Files.exists(rules)
                    ? "不是目录，应为规则集目录（如 " + DEFAULT + "）(not a directory)"
                    : "目录不存在 (no such directory)"));
        }
        return dir;
    }

    /** The installation directory: -Dsubsidy.home, else the folder above the jar's folder. */
    static Path installation() {
        String prop = System.getProperty("subsidy.home");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        try {
            Path jar = Path.of(RuleSetOptions.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path parent = jar.getParent();
            return parent == null ? null : parent.getParent();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** Loads the rule set, or prints every problem to {@code err} and fails with exit code 3. */
    public RuleSet load(PrintWriter err) {
        return loadInBackground(err).get();
    }

    /**
     * Starts loading the rule set on another thread, so that a command can read its input meanwhile; the supplier
     * waits for it, and prints every problem to {@code err} and fails with exit code 3 when it does not load.
     */
    public Supplier<RuleSet> loadInBackground(PrintWriter err) {
        Path dir = existingDirectory();
        RuleCache cache = noRuleCache ? null : RuleCache.standard();
        CompletableFuture<RuleSet> loading = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                loading.complete(RuleSet.load(dir, cache));
            } catch (Throwable e) {
                loading.completeExceptionally(e);
            }
        }, "subsidy-rule-loader");
        t.setDaemon(true);
        t.start();
        return () -> {
            try {
                return loading.join();
            } catch (CompletionException e) {
                if (e.getCause() instanceof RuleSetException rse) {
                    err.println("规则集无法加载: " + dir);
                    for (RuleProblem p : rse.problems()) {
                        err.println(p.format());
                    }
                    err.flush();
                    throw new UsageException(ExitCode.BAD_RULES, null);
                }
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error er) {
                    throw er;
                }
                throw e;
            }
        };
    }
}
