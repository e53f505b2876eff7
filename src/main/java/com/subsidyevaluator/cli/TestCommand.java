package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.testing.DataTest;
import com.subsidyevaluator.testing.DataTestFile;
import com.subsidyevaluator.testing.DataTestRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy test [FILTER]}: runs the rule set's data tests (rules/&lt;set&gt;/tests/*.yaml). */
@Command(name = "test", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"运行规则集的数据测试（tests/*.yaml）：逐项列出 ✓/✗、文件:行 和测试名称，"
                + "失败时说明期望与实际的差别。FILTER 按文件名、条款号或测试名称筛选。",
                "Runs the rule set's data tests; FILTER matches a file name, a clause number or part of a test name."},
        footer = ExitCode.HELP)
public class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RuleSetOptions ruleSet;

    @Mixin
    CaseTimeoutOption timeout;

    @Parameters(arity = "0..1", paramLabel = "FILTER",
            description = "只运行文件名、条款号或测试名称与之匹配的测试，如 12、rd-post、研发后补助 (filter)")
    String filter;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        java.time.Duration budget = timeout.budget();
        RuleSet rules = ruleSet.load(err);
        try (DataTestRunner runner = new DataTestRunner(rules, budget)) {
            return run(runner, out, err);
        }
    }

    private int run(DataTestRunner runner, PrintWriter out, PrintWriter err) throws IOException {
        Path dir = ruleSet.directory();
        List<Path> files = DataTestFile.files(dir);
        int passed = 0;
        int failed = 0;
        boolean malformed = false;
        for (Path file : files) {
            List<DataTest> tests;
            try {
                tests = DataTestFile.load(dir, file);
            } catch (DataTestFile.BadTestFile e) {
                err.println("测试文件有误: " + e.getMessage());
                malformed = true;
                continue;
            }
            List<DataTest> selected = new ArrayList<>();
            for (DataTest t : tests) {
                if (matches(t, file)) {
                    selected.add(t);
                }
            }
            if (selected.isEmpty()) {
                continue;
            }
            out.println(dir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
                    .replace('\\', '/'));
            for (DataTest t : selected) {
                DataTestRunner.Result r = runner.run(t);
                if (r.passed()) {
                    passed++;
                    out.println("  ✓ " + t.location() + "  " + t.name());
                } else {
                    failed++;
                    out.println("  ✗ " + t.location() + "  " + t.name());
                    for (String d : r.differences()) {
                        out.println("      " + d);
                    }
                }
            }
            out.println();
        }
        int total = passed + failed;
        if (total == 0 && !malformed) {
            if (filter != null) {
                err.println("没有与 '" + filter + "' 匹配的测试（按文件名、条款号或测试名称匹配）");
                err.flush();
                return ExitCode.BAD_INPUT;
            }
            out.println("规则集 " + dir + " 没有数据测试（写在 " + DataTestFile.FOLDER + "/*.yaml 中）");
        }
        out.println(total + " 项测试：" + passed + " 通过，" + failed + " 失败");
        out.flush();
        err.flush();
        if (malformed) {
            return ExitCode.BAD_INPUT;
        }
        return failed > 0 ? ExitCode.CHECK_FAILED : ExitCode.OK;
    }

    private boolean matches(DataTest t, Path file) {
        if (filter == null || filter.isBlank()) {
            return true;
        }
        String f = filter.strip();
        String clause = f.replaceAll("^第", "").replaceAll("条$", "");
        return file.getFileName().toString().contains(f)
                || t.name().contains(f)
                || t.expect().stream().anyMatch(e -> e.clause().equals(clause));
    }
}
