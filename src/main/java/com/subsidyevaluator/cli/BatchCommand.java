package com.subsidyevaluator.cli;

import com.subsidyevaluator.batch.BatchException;
import com.subsidyevaluator.batch.BatchOptions;
import com.subsidyevaluator.batch.BatchRunner;
import com.subsidyevaluator.batch.Progress;
import com.subsidyevaluator.engine.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code subsidy batch INPUT... --out DIR}: evaluates many cases at once and writes reports for staff. */
@Command(name = "batch", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"批量评估（政策直达快享、免申即享）：逐条评估全部案例，输出结果、奖补清单、拒绝记录、汇总和报告页。",
                "Evaluates every case of case files, directories (*.json, recursively) and JSON Lines files (*.jsonl), "
                        + "and writes results.jsonl (compact; the rules' texts in rules.json), awards.csv, errors.jsonl, summary.json "
                        + "and report.html to --out, "
                        + "and one workbook per lead department to --out/departments/ (unless --no-departments)."},
        footer = ExitCode.HELP)
public class BatchCommand implements Callable<Integer> {

    enum AllocateMode { none, pro_rata }

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT",
            description = "案例文件（JSON）、目录（其下全部 *.json）、JSON Lines 文件（*.jsonl，每行一个案例）或登记表（*.xlsx、*.csv，每行一个案例）")
    List<Path> inputs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "报告输出目录 output directory")
    Path out;

    @Mixin
    RuleSetOptions ruleSet;

    @Mixin
    CaseTimeoutOption timeout;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "评估日期 YYYY-MM-DD，覆盖各案例的 asOf (evaluation date for every case)")
    LocalDate asOf;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "工作线程数，0 = 每个处理器一个 (worker threads; default: one per processor)")
    int threads;

    @Option(names = "--allocate", paramLabel = "MODE", defaultValue = "none", converter = AllocateConverter.class,
            description = "资金池超出预算时：none 只标出超出部分；pro-rata 按比例核减 (none | pro-rata; default: none)")
    AllocateMode allocate;

    @Option(names = "--all", description = "results.jsonl 中同时写入不符合的结论 (also write not-eligible outcomes)")
    boolean all;

    @Option(names = "--full-results", description = {
            "results.jsonl 每行自成一体（含规则文字、主体描述和说明句子），不写 rules.json",
            "self-contained result lines (rule texts, descriptions, sentences), as before; no rules.json"})
    boolean fullResults;

    @Option(names = "--no-departments", description = {
            "不写各牵头单位的清单 departments/<牵头单位>.xlsx（符合、待定补充材料清单、相关政策、汇总）",
            "do not write the workbook per lead department (departments/*.xlsx)"})
    boolean noDepartments;

    @Option(names = "--report-cases", paramLabel = "N", defaultValue = "" + BatchOptions.DEFAULT_REPORT_CASES,
            description = "report.html 列出并解释的案例数（按输入顺序的前 N 个；默认 ${DEFAULT-VALUE}）")
    int reportCases;

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "CSV 登记表的编码（默认自动识别：有效的 UTF-8 按 UTF-8，否则按 GB18030） (encoding of CSV registers; default: UTF-8 when valid, else GB18030)")
    String encoding;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 0) {
            throw new UsageException(ExitCode.BAD_INPUT, "--threads 须为非负整数，而不是 " + threads);
        }
        if (reportCases < 0) {
            throw new UsageException(ExitCode.BAD_INPUT, "--report-cases 须为非负整数，而不是 " + reportCases);
        }
        java.time.Duration budget = timeout.budget();
        RuleSet rules = ruleSet.load(err);
        BatchOptions options = new BatchOptions(inputs, this.out, asOf, threads,
                allocate == AllocateMode.pro_rata ? BatchOptions.Allocate.PRO_RATA : BatchOptions.Allocate.NONE,
                all, reportCases, null, budget, charset(encoding), fullResults, !noDepartments);
        // what the input directories hold that is not read (an indicators file, a JSON Lines file, a named pipe), and why
        for (com.subsidyevaluator.io.CaseFiles.Skipped skipped : com.subsidyevaluator.batch.InputFiles.skipped(inputs, this.out)) {
            err.println(skipped.message());
        }
        err.flush();
        boolean terminal = System.console() != null;
        ProgressBar bar = terminal ? new ProgressBar(err) : null;
        BatchRunner.Result result;
        try {
            result = BatchRunner.run(rules, options, bar == null ? Progress.NONE : bar);
        } catch (BatchException e) {
            if (bar != null) {
                bar.clear();
            }
            throw new UsageException(ExitCode.BAD_INPUT, "subsidy batch: " + e.getMessage());
        }
        if (terminal) {
            err.println("报告已写入 " + this.out + "：" + BatchRunner.RESULTS + "、" + BatchRunner.AWARDS + "、"
                    + BatchRunner.ERRORS + "、" + BatchRunner.SUMMARY + "、" + BatchRunner.REPORT
                    + (fullResults ? "" : "、" + BatchRunner.RULES)
                    + (noDepartments ? "" : "、" + BatchRunner.DEPARTMENTS + "/（各牵头单位的清单）"));
            err.flush();
        }
        out.println(result.line());
        out.flush();
        return result.rejected() == 0 ? ExitCode.OK : ExitCode.SOME_REJECTED;
    }

    private static java.nio.charset.Charset charset(String name) {
        if (name == null) {
            return null;
        }
        try {
            return java.nio.charset.Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(ExitCode.BAD_INPUT, "--encoding：不认识的编码「" + name + "」（例如 UTF-8、GB18030） (unknown encoding)");
        }
    }

    /** Accepts "pro-rata" as written in the documentation. */
    static final class AllocateConverter implements picocli.CommandLine.ITypeConverter<AllocateMode> {
        @Override
        public AllocateMode convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "none" -> AllocateMode.none;
                case "pro-rata", "pro_rata", "prorata" -> AllocateMode.pro_rata;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "--allocate 应为 none 或 pro-rata，而不是 '" + value + "'");
            };
        }
    }

    /** A progress bar on a terminal: count, rate and time left, redrawn at most five times a second. */
    static final class ProgressBar implements Progress {
        private final PrintWriter err;
        private long started;
        private long total;
        private long last;
        private String pass = "";
        private int width;

        ProgressBar(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void start(int pass, int passes, long totalBytes) {
            this.pass = passes > 1 ? "第 " + pass + "/" + passes + " 遍 " : "";
            this.total = Math.max(1, totalBytes);
            this.started = System.nanoTime();
            this.last = 0;
        }

        @Override
        public void update(long records, long bytes) {
            long now = System.nanoTime();
            if (now - last < 200_000_000L) {
                return;
            }
            last = now;
            draw(records, bytes, now);
        }

        private void draw(long records, long bytes, long now) {
            double f = Math.min(1.0, bytes / (double) total);
            double seconds = (now - started) / 1e9;
            double rate = seconds > 0 ? records / seconds : 0;
            String left = f > 0.001 && f < 1 ? time(seconds * (1 - f) / f) : "--:--";
            int cells = 30;
            int done = (int) Math.round(f * cells);
            String line = String.format("\r%s[%s%s] %,d 条  %3.0f%%  %,.0f 条/秒  剩余 %s", pass, "#".repeat(done),
                    ".".repeat(cells - done), records, f * 100, rate, left);
            width = Math.max(width, line.length());
            err.print(line);
            err.flush();
        }

        @Override
        public void finish() {
            clear();
        }

        void clear() {
            if (width > 0) {
                err.print("\r" + " ".repeat(width + 4) + "\r");
                err.flush();
                width = 0;
            }
        }

        private static String time(double s) {
            long t = Math.round(s);
            return t >= 3600 ? String.format("%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60)
                    : String.format("%d:%02d", t / 60, t % 60);
        }
    }
}
