package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.RuleProblem;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.RuleSetException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --rules DIR} option shared by every command that needs a rule set. */
public class RuleSetOptions {

    /** The rule set used when {@code --rules} is not given. */
    public static final String DEFAULT = "rules/yueqing-2023";

    @Option(names = "--rules", paramLabel = "DIR",
            description = "规则集目录 rule-set directory (default: " + DEFAULT
                    + " under the current directory, else under the installation)")
    Path rules;

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
        Path dir = directory();
        try {
            return RuleSet.load(dir);
        } catch (RuleSetException e) {
            err.println("规则集无法加载: " + dir);
            for (RuleProblem p : e.problems()) {
                err.println(p.format());
            }
            err.flush();
            throw new UsageException(ExitCode.BAD_RULES, null);
        }
    }
}
