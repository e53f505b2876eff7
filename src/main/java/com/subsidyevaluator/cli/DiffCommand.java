package com.subsidyevaluator.cli;

import com.subsidyevaluator.batch.BatchException;
import com.subsidyevaluator.batch.RuleSetDiff;
import com.subsidyevaluator.batch.RuleSetDiff.Change;
import com.subsidyevaluator.batch.RuleSetDiff.ChangeKind;
import com.subsidyevaluator.batch.RuleSetDiff.ClauseTotal;
import com.subsidyevaluator.batch.RuleSetDiff.PoolTotal;
import com.subsidyevaluator.batch.RuleSetDiff.Side;
import com.subsidyevaluator.batch.RuleTextDiff;
import com.subsidyevaluator.engine.OutcomeChange;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code subsidy diff --rules OLD --against NEW INPUT...}: what an edit of the rules changes for real cases — a few
 * samples or a whole register of 220,000 applicants. The work is {@link RuleSetDiff}'s; this prints it.
 */
@Command(name = "diff", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"用两个版本的规则集评估同一批案例（与 batch 读取的相同：案例文件、目录、JSON Lines、登记表），列出结论的变化："
                + "先列结论变化（符合→不符合 等），再列金额变化（修改前 → 修改后，万元）；再按条款、按资金池合计修改前后的符合项数与金额；"
                + "最后列出文字有改动的规则（新增、删除、修改）。发布修改前用它复核。",
                "Evaluates the same cases (as batch reads them: case files, directories, JSON Lines, registers) under two "
                        + "versions of a rule set: status changes first, then amount changes, totals per clause and per "
                        + "budget pool before and after, and the rules whose text changed. With --out DIR the complete "
                        + "lists are written as CSV (for Excel) and JSON Lines."},
        footer = ExitCode.HELP)
public class DiffCommand implements Callable<Integer> {

    enum Format { text, json }

    /** Changes of each kind the text report lists unless --limit says otherwise. */
    static final int DEFAULT_LIMIT = 50;

    @Spec
    CommandSpec spec;

    @Mixin
    RuleSetOptions ruleSet;

    @Mixin
    CaseTimeoutOption timeout;

    @Option(names = "--against", paramLabel = "DIR", required = true,
            description = "修改后的规则集目录，与 --rules（修改前）比较 (the edited rule set, compared with --rules)")
    Path against;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = {
            "案例文件（*.json）、目录（其下全部 *.json）、JSON Lines 文件（*.jsonl，每行一个案例）或登记表（*.xlsx、*.csv，每行一个案例），与 batch 相同",
            "case files, directories of *.json, JSON Lines files or registers, as batch reads them"})
    List<Path> inputs;

    @Option(names = "--as-of", paramLabel = "DATE",
            description = "评估日期 YYYY-MM-DD，覆盖案例中的 asOf (evaluation date; overrides the case's asOf)")
    LocalDate asOf;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "输出格式 text 或 json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--out", paramLabel = "DIR", description = {
            "把全部变化写入该目录：changes.csv、changes.jsonl（先结论变化、后金额变化）、clauses.csv、pools.csv、rules.csv、"
                    + "errors.jsonl、summary.json（CSV 为带 BOM 的 UTF-8，Excel 可直接打开）",
            "write every change and the totals to DIR (CSV for Excel, JSON Lines)"})
    Path out;

    @Option(names = "--limit", paramLabel = "N", description = {
            "每种变化（结论、金额）最多列出 N 处，0 = 全部（text 默认 " + DEFAULT_LIMIT + "，json 默认全部）；全部变化见 --out",
            "list at most N changes of each kind; 0 = all (text: " + DEFAULT_LIMIT + ", json: all)"})
    Integer limit;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "工作线程数，0 = 每个处理器一个 (worker threads; default: one per processor)")
    int threads;

    @Option(names = "--encoding", paramLabel = "CHARSET",
            description = "CSV 登记表的编码（默认自动识别：有效的 UTF-8 按 UTF-8，否则按 GB18030） (encoding of CSV registers)")
    String encoding;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (threads < 0) {
            throw new UsageException(ExitCode.BAD_INPUT, "--threads 须为非负整数，而不是 " + threads);
        }
        if (limit != null && limit < 0) {
            throw new UsageException(ExitCode.BAD_INPUT, "--limit 须为非负整数，而不是 " + limit);
        }
        Charset charset = charset(encoding);
        Duration budget = timeout.budget();
        RuleSetOptions edited = new RuleSetOptions();
        edited.rules = against;
        edited.noRuleCache = ruleSet.noRuleCache;
        // both versions load at once, each on a thread of its own
        Supplier<RuleSet> loadingBefore = ruleSet.loadInBackground(err);
        Supplier<RuleSet> loadingAfter = edited.loadInBackground(err);
        RuleSet before = loadingBefore.get();
        RuleSet after = loadingAfter.get();
        int shown = limit != null ? limit : format == Format.json ? 0 : DEFAULT_LIMIT;
        boolean all = shown == 0;
        RuleSetDiff.Options options = new RuleSetDiff.Options(inputs, this.out, asOf, threads, budget, charset,
                all ? 1000 : shown, all);
        int exit = ExitCode.OK;
        try (RuleSetDiff d = run(before, after, options, err)) {
            for (RuleSetDiff.Bad b : d.listedBad()) {
                err.println(b.message());
            }
            if (d.rejected() > 0) {
                exit = ExitCode.BAD_INPUT;
                long more = d.rejected() - d.listedBad().size();
                err.println((more > 0 ? "……另有 " + more + " 条未列出；" : "")
                        + "共 " + d.rejected() + " 条记录无法评估，未计入比较"
                        + (this.out != null ? "（全部见 " + this.out.resolve(RuleSetDiff.ERRORS) + "）" : "")
                        + " (" + d.rejected() + " records could not be evaluated)");
            }
            if (d.records() == 0) {
                err.println("没有案例：INPUT 中没有可读取的案例 (no cases in the inputs)");
                exit = ExitCode.BAD_INPUT;
            }
            if (format == Format.json) {
                try {
                    d.writeJson(out, true, shown);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out.println();
            } else {
                printText(out, d, shown);
            }
        }
        out.flush();
        err.flush();
        return exit;
    }

    private static RuleSetDiff run(RuleSet before, RuleSet after, RuleSetDiff.Options options, PrintWriter err) {
        try {
            // what the input directories hold that is not read (an indicators file, a JSON Lines file, …), and why
            // on a terminal, the batch's progress bar (on the error stream, cleared when done)
            BatchCommand.ProgressBar bar = System.console() != null ? new BatchCommand.ProgressBar(err) : null;
            return RuleSetDiff.run(before, after, options, skipped -> err.println(skipped.message()),
                    bar == null ? com.subsidyevaluator.batch.Progress.NONE : bar);
        } catch (BatchException e) {
            err.flush();
            throw new UsageException(ExitCode.BAD_INPUT, "subsidy diff: " + e.getMessage());
        }
    }

    private static Charset charset(String name) {
        if (name == null) {
            return null;
        }
        try {
            return Charset.forName(name);
        } catch (IllegalArgumentException e) {
            throw new UsageException(ExitCode.BAD_INPUT, "--encoding：不认识的编码「" + name + "」（例如 UTF-8、GB18030） (unknown encoding)");
        }
    }

    // ---------------------------------------------------------------------------------------------- text

    private void printText(PrintWriter out, RuleSetDiff d, int shown) {
        out.println("比较规则集 (comparing rule sets)");
        out.println("  修改前  " + d.before().directory() + "  " + d.before().hash());
        out.println("  修改后  " + d.after().directory() + "  " + d.after().hash());
        out.println("评估 " + d.evaluated() + " 个案例" + (d.rejected() > 0 ? "（另有 " + d.rejected() + " 条记录无法评估）" : ""));

        Listing listing = new Listing(out, d, shown);
        if (shown == 0) {
            d.eachChange(listing::print);
        } else {
            d.listed(ChangeKind.STATUS).forEach(listing::print);
            d.listed(ChangeKind.AMOUNT).forEach(listing::print);
        }
        listing.finish();

        out.println();
        if (d.clauses().stream().noneMatch(c -> c.changedCases() > 0)) {
            out.println("两个规则集对这 " + d.evaluated() + " 个案例的结论完全相同。");
        } else {
            out.println("按条款合计 (per clause; 符合的结论，修改前 → 修改后)");
            for (ClauseTotal c : d.clauses()) {
                if (c.changedCases() == 0) {
                    continue;
                }
                List<String> parts = new ArrayList<>();
                c.transitions().forEach(x -> parts.add(RuleSetDiff.readable(x.change()) + " " + x.count()));
                out.println("  第" + c.clause() + "条  " + c.changedCases() + " 个案例有变化：" + String.join("，", parts)
                        + (c.title() == null ? "" : "  （" + c.title() + "）"));
                sides(out, c.before(), c.after());
            }
            out.println();
            out.println("按资金池合计 (per budget pool; 含下级资金池，只列有变化的)");
            List<PoolTotal> pools = new ArrayList<>(d.pools());
            pools.add(d.unpooled());
            boolean any = false;
            for (PoolTotal p : pools) {
                if (p.before().same(p.after())) {
                    continue;
                }
                any = true;
                out.println("  " + (p.id() == null ? p.name() : p.id() + " " + p.name())
                        + (p.budgetWan() == null ? "" : "（预算 " + RuleSetDiff.plain(p.budgetWan()) + " 万元）"));
                sides(out, p.before(), p.after());
                if (p.budgetWan() != null && p.budgetWan().signum() > 0) {
                    out.println("      已定金额占预算：修改前 " + share(p.before().amountWan(), p.budgetWan()) + "，修改后 "
                            + share(p.after().amountWan(), p.budgetWan())
                            + (p.after().amountWan().compareTo(p.budgetWan()) > 0 ? "（超出预算 "
                                    + RuleSetDiff.plain(p.after().amountWan().subtract(p.budgetWan())) + " 万元）" : ""));
                }
            }
            if (!any) {
                out.println("  各资金池的符合项数与金额不变");
            }
            out.println("  合计 (all eligible outcomes)");
            sides(out, d.totalBefore(), d.totalAfter());
        }

        out.println();
        printRules(out, d);

        out.println();
        out.println("合计：" + d.evaluated() + " 个案例中 " + d.changedCases() + " 个有变化，共 "
                + (d.statusChanges() + d.amountChanges()) + " 处变化（结论变化 " + d.statusChanges() + " 处，金额变化 "
                + d.amountChanges() + " 处）");
        if (this.out != null) {
            out.println("全部变化与合计已写入 " + this.out + "：" + String.join("、", RuleSetDiff.CHANGES_CSV,
                    RuleSetDiff.CHANGES_JSONL, RuleSetDiff.CLAUSES_CSV, RuleSetDiff.POOLS_CSV, RuleSetDiff.RULES_CSV,
                    RuleSetDiff.ERRORS, RuleSetDiff.SUMMARY));
        }
    }

    /** The changes of both kinds, grouped by case, with a heading for each kind. */
    private static final class Listing {
        private final PrintWriter out;
        private final RuleSetDiff d;
        private final int shown;
        private ChangeKind kind;
        private String lastCase;

        Listing(PrintWriter out, RuleSetDiff d, int shown) {
            this.out = out;
            this.d = d;
            this.shown = shown;
        }

        void print(Change c) {
            while (kind != c.kind()) {
                next();
            }
            String caseKey = c.caseId() + "\u0000" + c.place();
            if (!caseKey.equals(lastCase)) {
                out.println();
                out.println("案例 " + c.caseId() + (c.applicant() == null ? "" : " · " + c.applicant()) + "（" + c.place() + "）");
                lastCase = caseKey;
            }
            out.println("  第" + c.clause() + "条「" + c.title() + "」" + c.description() + "（" + c.subject() + "）");
            String delta = c.deltaWan() == null || c.deltaWan().signum() == 0 ? ""
                    : "（" + (c.deltaWan().signum() > 0 ? "+" : "") + RuleSetDiff.plain(c.deltaWan()) + " 万元）";
            boolean amount = c.kind() == ChangeKind.AMOUNT;
            out.println("      " + status(c.before(), c.beforeAmountWan(), amount) + " → "
                    + status(c.after(), c.afterAmountWan(), amount) + delta);
            out.println("      规则：" + c.rule());
        }

        /** Ends the listing of one kind, and starts the next one's. */
        private void next() {
            if (kind != null) {
                end(kind);
            }
            kind = kind == null ? ChangeKind.STATUS : ChangeKind.AMOUNT;
            lastCase = null;
            long count = kind == ChangeKind.STATUS ? d.statusChanges() : d.amountChanges();
            out.println();
            out.println((kind == ChangeKind.STATUS ? "一、结论变化 (status changes)：" : "二、金额变化 (amount changes, 万元)：")
                    + (count == 0 ? "无" : count + " 处" + (shown > 0 && count > shown ? "，列出前 " + shown + " 处" : "")));
        }

        private void end(ChangeKind k) {
            long count = k == ChangeKind.STATUS ? d.statusChanges() : d.amountChanges();
            if (shown > 0 && count > shown) {
                out.println();
                out.println("  ……另有 " + (count - shown) + " 处" + k.label() + "未列出（--limit 0 列出全部，--out DIR 写入文件）");
            }
        }

        void finish() {
            while (kind != ChangeKind.AMOUNT) {
                next();
            }
            end(ChangeKind.AMOUNT);
        }
    }

    private static void sides(PrintWriter out, Side before, Side after) {
        out.println("      修改前  " + side(before));
        BigDecimal delta = after.amountWan().subtract(before.amountWan());
        out.println("      修改后  " + side(after) + (delta.signum() == 0 ? ""
                : "  金额" + (delta.signum() > 0 ? "增加 +" : "减少 ") + RuleSetDiff.plain(delta) + " 万元"));
    }

    /** "12.5%" of the budget, to one decimal. */
    private static String share(BigDecimal amount, BigDecimal budget) {
        return amount.multiply(BigDecimal.valueOf(100)).divide(budget, 1, java.math.RoundingMode.HALF_UP).toPlainString() + "%";
    }

    /** "符合 120 项：资金 100 项共 5000 万元，按配套细则 10 项，不涉及资金 10 项；待定 3 项". */
    private static String side(Side s) {
        return "符合 " + s.eligible() + " 项：资金 " + s.cashPriced() + " 项共 " + RuleSetDiff.plain(s.amountWan())
                + " 万元，按配套细则 " + s.cashUnpriced() + " 项，不涉及资金 " + s.nonCash() + " 项；待定 " + s.undetermined() + " 项";
    }

    private static void printRules(PrintWriter out, RuleSetDiff d) {
        List<RuleTextDiff.RuleChange> rules = d.ruleChanges();
        out.println("三、规则文字的变化 (rules whose text changed)：" + (rules.isEmpty() ? "无" : rules.size() + " 条"));
        for (RuleTextDiff.RuleChange r : rules) {
            out.println("  " + r.kind().label() + "  " + (r.clause() == null ? "" : "第" + r.clause() + "条 ") + "「" + r.rule()
                    + "」（" + r.location() + "）");
            for (String detail : r.details()) {
                out.println("        " + detail);
            }
        }
        List<RuleTextDiff.ParameterChange> params = d.parameterChanges();
        if (!params.isEmpty()) {
            out.println("  参数的变化 (parameters.yaml)：" + params.size() + " 个");
            for (RuleTextDiff.ParameterChange p : params) {
                out.println("  " + (p.before() == null ? "新增" : p.after() == null ? "删除" : "修改") + "  " + p.id()
                        + (p.clause() == null ? "" : "（第" + p.clause() + "条 " + Objects.toString(p.description(), "") + "）")
                        + "：" + (p.before() == null ? "（无）" : p.before()) + " → " + (p.after() == null ? "（无）" : p.after()));
            }
        }
    }

    /** "符合 30 万元"; in an amount change, a side without an amount reads "无金额（按配套细则）". */
    private static String status(Status s, BigDecimal amount, boolean amountChange) {
        String t = OutcomeChange.label(s);
        if (amount != null) {
            t += " " + RuleSetDiff.plain(amount) + " 万元";
        } else if (amountChange) {
            t += " 无金额（按配套细则）";
        }
        return t;
    }
}
