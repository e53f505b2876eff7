package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.synthetic.Population;
import com.subsidyevaluator.synthetic.RuleHints;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy generate --count N --seed S [--out FILE]}: a synthetic population of fictional applicants. */
@Command(name = "generate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"生成虚构的申请主体（JSON Lines，每行一个案例），按 docs/batch.md 所述分布抽样；同一种子得到同一文件。",
                "Writes N fictional cases as JSON Lines, drawn from the distributions in docs/batch.md; "
                        + "the same seed (and rule set) gives the same file."},
        footer = ExitCode.HELP)
public class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--count", required = true, paramLabel = "N", description = "案例数 number of cases")
    long count;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "随机种子 seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", paramLabel = "FILE", description = "输出文件（默认标准输出）output file (default: stdout)")
    Path out;

    @Option(names = "--no-rule-hints",
            description = "不在规则阈值附近取值（默认有 8%% 的数值取在规则的阈值附近）do not place values at rule thresholds")
    boolean noHints;

    @Mixin
    RuleSetOptions ruleSet;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (count < 0) {
            throw new UsageException(ExitCode.BAD_INPUT, "--count 须为非负整数，而不是 " + count);
        }
        RuleHints hints = RuleHints.none();
        if (!noHints) {
            RuleSet rules = ruleSet.load(err);
            hints = RuleHints.of(rules);
        }
        Population population = new Population(seed, hints);
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            population.write(count, stdout);
            stdout.flush();
            return ExitCode.OK;
        }
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        // written beside the target under a temporary name, then renamed (permissions as for any new file)
        Path tmp = out.resolveSibling(out.getFileName() + "." + ProcessHandle.current().pid() + ".part");
        try {
            try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                population.write(count, o);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        err.flush();
        return ExitCode.OK;
    }
}
