package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.PolicyData.ClauseKind;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseFiles;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.testing.Coverage;
import com.subsidyevaluator.testing.Coverage.Row;
import com.subsidyevaluator.testing.DataTest;
import com.subsidyevaluator.testing.DataTestFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy coverage}: the clause matrix — kind, rules, tests, samples and pools of every clause. */
@Command(name = "coverage", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"逐条列出文件的每一条款：类型、规则（文件:行）、测试（符合/不符合/待定）、触发它的样例、资金池；"
                + "有条款缺项时以退出码 5 结束。",
                "Prints the clause coverage matrix; exits 5 when a clause has no entry or an entitlement clause lacks"
                        + " rules, an eligible, a not-eligible or an undetermined test, or a sample for either of the"
                        + " first two."},
        footer = ExitCode.HELP)
public class CoverageCommand implements Callable<Integer> {

    enum Format { text, json }

    @Spec
    CommandSpec spec;

    @Mixin
    RuleSetOptions ruleSet;

    @Option(names = "--samples", paramLabel = "DIR", description = "样例目录 (default: samples under the current directory or the installation)")
    Path samples;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text 或 json (default: ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleSet rules = ruleSet.load(err);
        List<DataTest> tests;
        try {
            tests = DataTestFile.loadAll(rules.directory());
        } catch (DataTestFile.BadTestFile e) {
            err.println(e.getMessage());
            return ExitCode.BAD_INPUT;
        }
        List<CaseFile> cases = new ArrayList<>();
        Path dir = samplesDir();
        if (Files.isDirectory(dir)) {
            for (Path p : CaseFiles.in(dir, false)) {
                try {
                    CaseFile c = CaseReader.read(p);
                    if (c.asOf() != null) {
                        cases.add(c);
                    }
                } catch (CaseFormatException e) {
                    err.println(e.getMessage());
                    return ExitCode.BAD_INPUT;
                }
            }
        }
        List<Row> rows = Coverage.compute(rules, tests, cases);
        if (format == Format.json) {
            try {
                out.println(Json.pretty().writeValueAsString(rows));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } else {
            print(out, rows, cases.size(), tests.size());
        }
        out.flush();
        return rows.stream().allMatch(Row::covered) ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private Path samplesDir() {
        if (samples != null) {
            return samples;
        }
        Path local = Path.of("samples");
        if (Files.isDirectory(local)) {
            return local;
        }
        Path home = RuleSetOptions.installation();
        return home == null ? local : home.resolve("samples");
    }

    private static void print(PrintWriter out, List<Row> rows, int samples, int tests) {
        out.println("条款覆盖（" + rows.size() + " 条；" + tests + " 项数据测试；" + samples + " 个样例）");
        out.println("测试列为 符合/不符合/待定/相关政策/无结论 的期望数；样例列为 使其符合 | 使其不符合 的样例");
        out.println();
        for (Row r : rows) {
            String kinds = r.kinds().stream().map(CoverageCommand::kind).collect(Collectors.joining("+"));
            out.printf("第%d条 %s [%s]%s%n", r.clause(), r.title() == null ? "?" : r.title(), kinds,
                    r.covered() ? "" : "  ✗ " + String.join("；", r.gaps()));
            if (!r.rules().isEmpty()) {
                out.println("    规则  " + String.join(", ", r.rules()));
                out.printf("    测试  %d/%d/%d/%d/%d   样例  %s | %s%n", r.testsEligible(), r.testsNotEligible(),
                        r.testsUndetermined(), r.testsRelevant(), r.testsNoOutcome(),
                        r.samplesEligible().isEmpty() ? "—" : String.join(",", r.samplesEligible()),
                        r.samplesNotEligible().isEmpty() ? "—" : String.join(",", r.samplesNotEligible()));
            } else if (r.noRule() != null) {
                out.println("    无规则：" + r.noRule());
            }
            if (!r.pools().isEmpty()) {
                out.println("    资金池 " + String.join(", ", r.pools()));
            }
        }
        long missing = rows.stream().filter(r -> !r.covered()).count();
        long entitlements = rows.stream().filter(r -> r.kinds().contains(ClauseKind.ENTITLEMENT)).count();
        long guidance = rows.stream().filter(r -> r.kinds().contains(ClauseKind.GUIDANCE)).count();
        out.println();
        out.println("合计：" + rows.size() + " 条，其中可享受的政策 " + entitlements + " 条、有相关政策的 " + guidance + " 条；"
                + (missing == 0 ? "全部覆盖" : missing + " 条有缺项"));
    }

    private static String kind(ClauseKind k) {
        return switch (k) {
            case ENTITLEMENT -> "政策";
            case GUIDANCE -> "相关政策";
            case BUDGET -> "预算";
            case TARGET -> "目标";
            case GOVERNMENT_ACTION -> "政府工作";
        };
    }
}
