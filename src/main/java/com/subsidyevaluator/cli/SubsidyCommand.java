package com.subsidyevaluator.cli;

import com.subsidyevaluator.engine.Suggestions;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code subsidy}: the command line of subsidy-evaluator.
 *
 * <p>Every mistake on the command line (an unknown command or option, a value that is not a date or a number, a
 * missing value, parameter or required option, an option given twice) is one line in Chinese and then in English,
 * naming the option and the value, with the nearest command or option for a misspelt one, then a line pointing to
 * the command's --help; exit code 2, never a stack trace.
 */
@Command(name = "subsidy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"政策即代码：按 乐政发〔2023〕6号 逐条评估企业可享受的政策，并说明理由。",
                "Policy as code for enterprise subsidies: evaluates cases against Drools rules and explains every outcome."},
        subcommands = {EvaluateCommand.class, BatchCommand.class, ExplainCommand.class, GenerateCommand.class, ValidateCommand.class,
                TestCommand.class, RulesCommand.class, DiffCommand.class, CoverageCommand.class, TargetsCommand.class,
                SchemaCommand.class, TemplateCommand.class, ServeCommand.class},
        footer = ExitCode.HELP)
public class SubsidyCommand implements Callable<Integer> {

    private static final String OK = ExitCode.line(ExitCode.OK, "成功", "ok");
    private static final String INTERNAL = ExitCode.line(ExitCode.INTERNAL, "内部错误", "internal error");
    private static final String BAD_RULES = ExitCode.line(ExitCode.BAD_RULES, "规则有误", "bad rules (DRL or rule-set data)");

    /**
     * The exit codes each command can return, as its --help lists them (the help of {@code subsidy} itself lists
     * them all, {@link ExitCode#HELP}). Every command can return 0, 1 (a bug) and 2 (a mistake on its command line,
     * at the least); the others as its code returns them.
     */
    static final Map<String, String> EXIT_CODES = Map.ofEntries(
            Map.entry("evaluate", ExitCode.help(OK, INTERNAL,
                    ExitCode.line(2, "输入有误（案例文件、选项）或案例评估超时",
                            "bad input (case file, option) or a case over its time budget"),
                    BAD_RULES)),
            Map.entry("batch", ExitCode.help(
                    ExitCode.line(0, "成功，没有记录被拒绝", "ok, no record rejected"),
                    INTERNAL,
                    ExitCode.line(2, "输入无法读取或选项有误", "an input that cannot be read, or a bad option"),
                    BAD_RULES,
                    ExitCode.line(4, "批处理完成，但有记录被拒绝（含评估超时的案例，见 errors.jsonl）",
                            "batch finished with rejected records (see errors.jsonl)"))),
            Map.entry("explain", ExitCode.help(OK, INTERNAL,
                    ExitCode.line(2, "文件缺失或无法读取，或 results.jsonl 与 rules.json 不属同一规则集",
                            "missing or unreadable files, or results of another rule set"),
                    ExitCode.line(6, "results.jsonl 中没有该案例（被拒绝的案例另见 errors.jsonl）",
                            "case id not in results.jsonl (a rejected case: see errors.jsonl)"))),
            Map.entry("generate", ExitCode.help(OK, INTERNAL,
                    ExitCode.line(2, "选项有误或输出文件无法写入", "bad option, or the output file cannot be written"),
                    ExitCode.line(3, "规则有误（用于在阈值附近取值的规则集）", "bad rules (read for values at rule thresholds)"))),
            Map.entry("validate", ExitCode.help(
                    ExitCode.line(0, "规则集可以使用（可有警告）", "the rule set is valid (warnings allowed)"),
                    INTERNAL,
                    ExitCode.line(2, "选项有误（如 --rules 目录不存在）", "bad option (e.g. no such --rules directory)"),
                    ExitCode.line(3, "规则集有错误", "the rule set has errors"))),
            Map.entry("test", ExitCode.help(
                    ExitCode.line(0, "全部通过", "every test passed"),
                    INTERNAL,
                    ExitCode.line(2, "选项或测试文件有误，或没有与 FILTER 匹配的测试",
                            "bad option or test file, or no test matches FILTER"),
                    BAD_RULES,
                    ExitCode.line(5, "有测试未通过（评估超时的测试算未通过）",
                            "a test failed (a test over its time budget fails)"))),
            Map.entry("rules", ExitCode.help(OK, INTERNAL,
                    ExitCode.line(2, "选项有误（如 --clause 没有规则）", "bad option (e.g. a clause without rules)"),
                    BAD_RULES)),
            Map.entry("diff", ExitCode.help(
                    ExitCode.line(0, "成功（结论有无变化都是 0）", "ok, whether or not outcomes changed"),
                    INTERNAL,
                    ExitCode.line(2, "输入有误（案例文件、选项）或案例评估超时",
                            "bad input (case file, option) or a case over its time budget"),
                    ExitCode.line(3, "规则有误（任一规则集）", "bad rules (either rule set)"))),
            Map.entry("coverage", ExitCode.help(
                    ExitCode.line(0, "每一条款都已覆盖", "every clause covered"),
                    INTERNAL,
                    ExitCode.line(2, "输入有误（测试文件、样例、选项）", "bad input (test file, sample, option)"),
                    BAD_RULES,
                    ExitCode.line(5, "有条款缺项", "a clause lacks rules, tests or samples"))),
            Map.entry("targets", ExitCode.help(OK, INTERNAL,
                    ExitCode.line(2, "输入有误（实际数字文件、选项）", "bad input (indicators file, option)"),
                    ExitCode.line(3, "规则有误（目标规则、容差或目标数据）", "bad rules (target rules, tolerances, target data)"))),
            Map.entry("serve", ExitCode.help(
                    ExitCode.line(0, "已停止（Ctrl-C 或 SIGTERM 时由 shell 显示 130 或 143）",
                            "stopped (on Ctrl-C or SIGTERM the shell shows 130 or 143)"),
                    INTERNAL,
                    ExitCode.line(2, "选项有误，或无法在该地址和端口上监听", "bad option, or the address and port cannot be bound"),
                    ExitCode.line(3, "规则集无法加载（启动时）", "bad rules: the rule set does not load at start"))),
            Map.entry("schema", ExitCode.help(OK, INTERNAL,
                    ExitCode.line(2, "命令行有误", "bad option or argument"))),
            Map.entry("template", ExitCode.help(OK, INTERNAL,
                    ExitCode.line(2, "输入有误（案例文件、选项）或无法写入", "bad input (case file, option) or cannot write"))));

    @Spec
    CommandSpec spec;

    /** {@code subsidy} without a command: the help, on the error stream, as a mistake (exit code 2). */
    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        spec.commandLine().usage(err);
        err.flush();
        return ExitCode.BAD_INPUT;
    }

    /** A command line whose output goes to the given writers, with the program's error handling. */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new SubsidyCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // registered after the subcommands are added, so that it applies to all of them
        cl.registerConverter(LocalDate.class, SubsidyCommand::date);
        for (CommandLine sub : cl.getSubcommands().values()) {
            configure(sub);
        }
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            PrintWriter e = commandLine.getErr();
            if (ex instanceof UsageException u) {
                if (u.getMessage() != null) {
                    e.println(u.getMessage());
                }
                e.flush();
                return u.exitCode();
            }
            FileSystemException io = fileProblem(ex);
            if (io != null) {
                // a file or directory named on the command line that cannot be read or written: the user's to fix
                e.println(commandLine.getCommandSpec().qualifiedName() + ": " + describe(io));
                e.flush();
                return ExitCode.BAD_INPUT;
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
            e.println(message(ex));
            e.println("用 " + c.getCommandSpec().qualifiedName() + " --help 查看用法 (see --help)");
            e.flush();
            return ExitCode.BAD_INPUT;
        });
        return cl;
    }

    /** Gives a command --help, --version and the list of the exit codes it can return. */
    private static void configure(CommandLine command) {
        CommandSpec s = command.getCommandSpec();
        // every command has them today (mixinStandardHelpOptions); this keeps a new command from lacking them
        if (!s.mixinStandardHelpOptions() && !s.optionsMap().containsKey("--help")
                && !s.optionsMap().containsKey("--version")) {
            s.mixinStandardHelpOptions(true);
        }
        if (s.versionProvider() == null) {
            s.versionProvider(new VersionProvider());
        }
        String codes = EXIT_CODES.get(s.name());
        if (codes != null) {
            s.usageMessage().footer(codes);
        }
        for (CommandLine sub : command.getSubcommands().values()) {
            configure(sub);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Messages for mistakes on the command line

    /** The one-line message, in Chinese and then in English, for a mistake on the command line. */
    static String message(ParameterException ex) {
        try {
            if (ex instanceof UnmatchedArgumentException u) {
                return unmatched(u);
            }
            if (ex instanceof MissingParameterException m) {
                return missing(m);
            }
            if (ex instanceof OverwrittenOptionException o && o.getOverwritten() != null) {
                String name = name(o.getOverwritten());
                return (o.getOverwritten().isOption() ? "选项 " : "参数 ") + name + " 只能给一次 ("
                        + name + " given more than once)";
            }
            if (ex.getArgSpec() != null && ex.getValue() != null) {
                return invalid(ex.getArgSpec(), ex.getValue(), ex.getCause());
            }
        } catch (RuntimeException unexpected) {
            // the message below still tells the user what is wrong
        }
        return "命令行有误 (invalid command line: " + ex.getMessage() + ")";
    }

    private static String unmatched(UnmatchedArgumentException u) {
        CommandLine c = u.getCommandLine();
        CommandSpec spec = c.getCommandSpec();
        List<String> args = u.getUnmatched();
        String first = args.isEmpty() ? "" : args.get(0);
        if (u.isUnknownOption()) {
            String name = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            List<String> names = new ArrayList<>();
            for (OptionSpec o : spec.options()) {
                if (!o.hidden()) {
                    Arrays.stream(o.names()).filter(n -> n.startsWith("--")).forEach(names::add);
                }
            }
            List<String> near = name.startsWith("--") ? Suggestions.nearest(name, names, 1) : List.of();
            if (!near.isEmpty()) {
                return "未知的选项 " + name + "，是否指 " + near.get(0) + "? (unknown option)";
            }
            return "未知的选项 " + name + elsewhere(c, name) + " (unknown option)";
        }
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            List<String> commands = spec.subcommands().entrySet().stream()
                    .filter(e -> !e.getValue().getCommandSpec().usageMessage().hidden())
                    .map(Map.Entry::getKey).toList();
            List<String> near = Suggestions.nearest(first, commands, 1);
            String root = spec.qualifiedName();
            String hint;
            if (!near.isEmpty()) {
                hint = "，是否指 " + near.get(0) + "?";
            } else if (first.equalsIgnoreCase("help")) {
                hint = "，是否指 " + root + " --help?";
            } else if (first.endsWith(".json") || first.endsWith(".jsonl") || first.contains("/")) {
                hint = "，是否指 " + root + " evaluate " + first + "?";
            } else {
                hint = "；命令有 " + String.join("、", commands);
            }
            return "未知的命令 " + first + hint + " (unknown command)";
        }
        return "多余的参数 " + String.join(" ", args) + " (unexpected argument" + (args.size() == 1 ? "" : "s") + ")";
    }

    /** Where an option that this command does not have belongs: after a command, or to other commands. */
    private static String elsewhere(CommandLine c, String name) {
        CommandLine root = c;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        String program = root.getCommandSpec().name();
        List<String> owners = new ArrayList<>();
        for (CommandLine sub : root.getSubcommands().values()) {
            if (sub != c && sub.getCommandSpec().optionsMap().containsKey(name)) {
                owners.add(program + " " + sub.getCommandSpec().name());
            }
        }
        if (owners.isEmpty()) {
            return "";
        }
        if (c == root) {
            return "，它是命令的选项，应写在命令之后，如 " + owners.get(0) + " " + name + " …";
        }
        return "，只有 " + String.join("、", owners) + " 有此选项";
    }

    private static String missing(MissingParameterException m) {
        String text = m.getMessage() == null ? "" : m.getMessage();
        List<ArgSpec> args = m.getMissing() == null ? List.of() : m.getMissing();
        boolean absent = text.startsWith("Missing required ") && !text.startsWith("Missing required parameter for ");
        if (!absent && args.size() == 1 && args.get(0).isOption()) {
            // the option was given, its value not: "--as-of" at the end, or followed by another option
            ArgSpec a = args.get(0);
            String name = name(a);
            Matcher found = Pattern.compile("but found '(.*)'$").matcher(text);
            String after = found.find() ? "，其后是 " + found.group(1) : "";
            return "选项 " + name + " 缺少值 " + a.paramLabel() + after + " (missing value for " + name + ")";
        }
        List<String> options = new ArrayList<>();
        List<String> params = new ArrayList<>();
        for (ArgSpec a : args) {
            if (a.isOption()) {
                options.add(name(a) + (a.arity().max() > 0 ? " " + a.paramLabel() : ""));
            } else {
                params.add(a.paramLabel());
            }
        }
        List<String> zh = new ArrayList<>();
        List<String> en = new ArrayList<>();
        if (!options.isEmpty()) {
            zh.add("必需的选项 " + String.join("、", options));
            en.add("required option" + (options.size() == 1 ? " " : "s ")
                    + args.stream().filter(ArgSpec::isOption).map(SubsidyCommand::name).collect(Collectors.joining(", ")));
        }
        if (!params.isEmpty()) {
            zh.add("参数 " + String.join("、", params));
            en.add("parameter" + (params.size() == 1 ? " " : "s ") + String.join(", ", params));
        }
        if (zh.isEmpty()) {
            return "命令行缺少参数 (missing parameter: " + text + ")";
        }
        return "缺少" + String.join(" 和", zh) + " (missing " + String.join(" and ", en) + ")";
    }

    /** A value that could not be converted to the option's type. */
    private static String invalid(ArgSpec arg, String value, Throwable cause) {
        String name = name(arg);
        String shown = value.isEmpty() ? "''" : value;
        if (cause instanceof InvalidValue v) {
            return name + " " + shown + "：" + v.getMessage();
        }
        if (cause instanceof TypeConversionException t && t.getMessage() != null
                && t.getMessage().codePoints().anyMatch(SubsidyCommand::isChinese)) {
            // a command's own converter, already in Chinese
            String msg = t.getMessage();
            return (msg.startsWith(name) ? msg : name + " " + shown + "：" + msg)
                    + (msg.matches("(?s).*\\([A-Za-z][^)]*\\)\\s*") ? "" : " (invalid value)");
        }
        Class<?> type = arg.auxiliaryTypes().length > 0 && arg.isMultiValue() ? arg.auxiliaryTypes()[0] : arg.type();
        if (type.isEnum()) {
            List<String> values = Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
            return name + " " + shown + "：应为 " + String.join("、", values) + " 之一 (expected one of "
                    + String.join(", ", values) + ")";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class) {
            if (value.strip().matches("[-+]?\\d+")) {
                long max = type == int.class || type == Integer.class ? Integer.MAX_VALUE
                        : type == short.class || type == Short.class ? Short.MAX_VALUE
                        : type == byte.class || type == Byte.class ? Byte.MAX_VALUE : Long.MAX_VALUE;
                long min = -max - 1;
                return name + " " + shown + "：超出范围，应在 " + min + " 到 " + max + " 之间 (out of range: " + min
                        + " to " + max + ")";
            }
            return name + " " + shown + "：不是整数 (not a whole number)";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return name + " " + shown + "：不是数字 (not a number)";
        }
        if (type == Path.class) {
            return name + " " + shown + "：不是有效的路径 (invalid path)";
        }
        return name + " " + shown + "：值无效 (invalid value)";
    }

    private static boolean isChinese(int cp) {
        return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
    }

    /** An option's longest name, or a positional parameter's label. */
    private static String name(ArgSpec a) {
        return a instanceof OptionSpec o ? o.longestName() : a.paramLabel();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Type converters

    /** A value a converter refuses, with the reason in Chinese and then in English; the option is named by the handler. */
    static final class InvalidValue extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        InvalidValue(String zh, String en) {
            super(zh + " (" + en + ")");
        }
    }

    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");

    /** A date option (--as-of): YYYY-MM-DD, a date that exists. */
    static LocalDate date(String text) {
        Matcher m = DATE.matcher(text.strip());
        if (!m.matches()) {
            throw new InvalidValue("不是有效的日期，应为 YYYY-MM-DD", "invalid date: expected YYYY-MM-DD");
        }
        int year = Integer.parseInt(m.group(1));
        int month = Integer.parseInt(m.group(2));
        int day = Integer.parseInt(m.group(3));
        if (month < 1 || month > 12) {
            throw new InvalidValue("不是有效的日期（没有 " + month + " 月），应为 YYYY-MM-DD",
                    "invalid date: there is no month " + month);
        }
        int days = YearMonth.of(year, month).lengthOfMonth();
        if (day < 1 || day > days) {
            throw new InvalidValue("不是有效的日期（" + year + " 年 " + month + " 月只有 " + days + " 天），应为 YYYY-MM-DD",
                    "invalid date: " + YearMonth.of(year, month) + " has " + days + " days");
        }
        return LocalDate.of(year, month, day);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Files that cannot be read or written

    /** The file problem a command failed with: thrown as it is, or wrapped in an UncheckedIOException. */
    private static FileSystemException fileProblem(Throwable ex) {
        if (ex instanceof FileSystemException f) {
            return f;
        }
        if (ex instanceof UncheckedIOException u && u.getCause() instanceof FileSystemException f) {
            return f;
        }
        return null;
    }

    private static String describe(FileSystemException f) {
        String file = f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile());
        String zh;
        String en;
        if (f instanceof NoSuchFileException) {
            zh = "文件或目录不存在";
            en = "no such file or directory";
        } else if (f instanceof AccessDeniedException) {
            zh = "没有权限";
            en = "permission denied";
        } else if (f instanceof FileAlreadyExistsException && isFile(f.getFile())) {
            // Files.createDirectories on a path that is a file
            zh = "是文件，不是目录";
            en = "a file, not a directory";
        } else if (f instanceof FileAlreadyExistsException) {
            zh = "已存在";
            en = "already exists";
        } else if (f instanceof NotDirectoryException) {
            zh = "不是目录";
            en = "not a directory";
        } else if (f instanceof DirectoryNotEmptyException) {
            zh = "目录不为空";
            en = "directory not empty";
        } else {
            zh = "无法读写";
            en = f.getReason() == null ? "cannot read or write" : f.getReason();
        }
        return file + "：" + zh + " (" + en + ")";
    }

    private static boolean isFile(String path) {
        try {
            return path != null && Files.isRegularFile(Path.of(path));
        } catch (RuntimeException e) {
            return false;
        }
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
