package com.subsidyevaluator.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy}: the command line of subsidy-evaluator. */
@Command(name = "subsidy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"政策即代码：按 乐政发〔2023〕6号 逐条评估企业可享受的政策，并说明理由。",
                "Policy as code for enterprise subsidies: evaluates cases against Drools rules and explains every outcome."},
        subcommands = {EvaluateCommand.class, BatchCommand.class, GenerateCommand.class, ValidateCommand.class,
                TestCommand.class, RulesCommand.class, DiffCommand.class, CoverageCommand.class, TargetsCommand.class,
                SchemaCommand.class},
        footer = ExitCode.HELP)
public class SubsidyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCode.OK;
    }

    /** A command line whose output goes to the given writers, with the program's error handling. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SubsidyCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof UsageException u) {
                if (u.getMessage() != null) {
                    e.println(u.getMessage());
                }
                e.flush();
                return u.exitCode();
            }
            e.println("内部错误 (internal error): " + ex);
            for (StackTraceElement el : ex.getStackTrace()) {
                e.println("    at " + el);
            }
            e.println("这是程序的问题，不是输入的问题；请把以上信息报告给开发者。");
            e.flush();
            return ExitCode.INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            PrintWriter e = c.getErr();
            e.println(ex.getMessage());
            e.println("用法 (usage): " + c.getCommandSpec().qualifiedName() + " --help");
            e.flush();
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
