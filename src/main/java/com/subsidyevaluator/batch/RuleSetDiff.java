package com.subsidyevaluator.batch;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.subsidyevaluator.batch.InputFiles.Source;
import com.subsidyevaluator.batch.RecordReader.Chunk;
import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.CaseTimeoutException;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.OutcomeChange;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.SessionStrategy;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseFiles.Skipped;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What an edit of the rules changes for a population: every case of the inputs — what {@code subsidy batch} reads
 * (case files, directories of them, JSON Lines, registers), through the batch's own {@link InputFiles} and
 * {@link RecordReader} — is evaluated under both versions of the rule set, and only what differs is kept: each
 * changed outcome (status changes apart from changes of amount alone; the amount of an outcome that is 不符合 under
 * both versions is no change), totals per clause and per budget pool under
 * each version (eligible awards: cash with an amount summed, cash 按配套细则 and non-cash counted, as
 * {@link Money} tells them), the rules whose text differs ({@link RuleTextDiff}) and the records that could not be
 * evaluated, with their place.
 *
 * <p>It streams: the input is read in chunks of {@link RecordReader#CHUNK_RECORDS} records, each chunk evaluated on a
 * worker thread under both versions and then forgotten but for its changes; the first {@link Options#listed()}
 * changes of each kind are held for the report, the others written to files ({@code --out}) or not kept at all.
 * Memory does not grow with the number of cases.
 */
public final class RuleSetDiff implements AutoCloseable {

    /** Files written to the output directory. */
    public static final String CHANGES_CSV = "changes.csv";
    public static final String CHANGES_JSONL = "changes.jsonl";
    public static final String CLAUSES_CSV = "clauses.csv";
    public static final String POOLS_CSV = "pools.csv";
    public static final String RULES_CSV = "rules.csv";
    public static final String ERRORS = "errors.jsonl";
    public static final String SUMMARY = "summary.json";

    /** The messages of a case over its time budget name the version it was evaluated under. */
    public static final String UNDER_BEFORE = "按修改前的规则集（--rules）";
    public static final String UNDER_AFTER = "按修改后的规则集（--against）";

    /**
     * How to run a diff.
     *
     * @param inputs     case files, directories, JSON Lines files and registers, as batch takes them
     * @param out        the directory for the complete files of changes and totals, or null for none
     * @param asOf       the evaluation date for every case, or null for each case's own
     * @param threads    worker threads; 0 for one per processor
     * @param caseBudget the time budget per case and version, or null for none
     * @param encoding   the encoding of CSV registers, or null to detect it
     * @param listed     how many changes of each kind (and bad records) to hold for the report
     * @param keepAll    keep every change for {@link #eachChange} even without {@code out} (in a temporary file)
     */
    public record Options(List<Path> inputs, Path out, LocalDate asOf, int threads, Duration caseBudget,
                          Charset encoding, int listed, boolean keepAll) {
    }

    /** What changed about one outcome: its status (and maybe its amount too), or its amount alone. */
    public enum ChangeKind {
        STATUS("结论变化"), AMOUNT("金额变化");

        private final String label;

        ChangeKind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One changed outcome of one case.
     *
     * @param kind            a status change (符合→不符合, …; the amount may change too) or an amount change alone
     * @param file            the input file
     * @param line            the record's line in a JSON Lines file or row in a register, or null for a case file
     * @param applicant       the applicant's name
     * @param deltaWan        after − before in 万元, when both amounts are known
     */
    @JsonPropertyOrder({"kind", "caseId", "applicant", "file", "line", "clause", "rule", "title", "subject", "description",
            "before", "beforeAmountWan", "after", "afterAmountWan", "deltaWan"})
    public record Change(ChangeKind kind, String caseId, String applicant, String file, Integer line, String clause,
                         String rule, String title, String subject, String description, Status before,
                         BigDecimal beforeAmountWan, Status after, BigDecimal afterAmountWan, BigDecimal deltaWan) {

        /** "{@code file}" or "{@code file:line}". */
        @JsonIgnore
        public String place() {
            return line == null ? file : file + ":" + line;
        }

        static Change of(OutcomeChange c, String applicant, String file, Integer line) {
            BigDecimal delta = c.beforeAmountWan() != null && c.afterAmountWan() != null
                    ? c.afterAmountWan().subtract(c.beforeAmountWan()) : null;
            return new Change(c.statusChanged() ? ChangeKind.STATUS : ChangeKind.AMOUNT, c.caseId(), applicant, file, line,
                    c.clause(), c.rule(), c.title(), c.subject(), c.description(), c.before(), c.beforeAmountWan(),
                    c.after(), c.afterAmountWan(), delta);
        }
    }

    /**
     * Eligible outcomes under one version: how many, and of them cash awards with an amount (summed), cash awards
     * whose amount the supporting rules set (按配套细则, counted) and benefits that involve no money (counted).
     */
    @JsonPropertyOrder({"eligible", "cashPriced", "amountWan", "cashUnpriced", "nonCash", "undetermined"})
    public record Side(long eligible, long cashPriced, BigDecimal amountWan, long cashUnpriced, long nonCash,
                       long undetermined) {

        /** Whether two sides have the same counts and the same amount. */
        public boolean same(Side o) {
            return eligible == o.eligible && cashPriced == o.cashPriced && amountWan.compareTo(o.amountWan) == 0
                    && cashUnpriced == o.cashUnpriced && nonCash == o.nonCash && undetermined == o.undetermined;
        }
    }

    /**
     * One clause: its changes, and its eligible outcomes under each version.
     *
     * @param changedCases cases with at least one change in the clause
     * @param transitions  how many outcomes went from one status to another ("ELIGIBLE→NOT_ELIGIBLE", "无结论" as
     *                     NO_OUTCOME), or kept their status with another amount ("ELIGIBLE（金额变化）")
     */
    @JsonPropertyOrder({"clause", "title", "changedCases", "statusChanges", "amountChanges", "transitions", "before", "after"})
    public record ClauseTotal(String clause, String title, long changedCases, long statusChanges, long amountChanges,
                              List<Transition> transitions, Side before, Side after) {
    }

    /** How many outcomes of a clause changed in one way ({@link ClauseTotal#transitions}). */
    @JsonPropertyOrder({"change", "count"})
    public record Transition(String change, long count) {
    }

    /**
     * One budget pool with what is paid from it and the pools under it under each version; {@code id} null for the
     * eligible outcomes that name no pool.
     */
    @JsonPropertyOrder({"id", "parent", "clause", "name", "budgetWan", "before", "after"})
    public record PoolTotal(String id, String parent, String clause, String name, BigDecimal budgetWan, Side before,
                            Side after) {
    }

    /** A record that could not be evaluated: its line of errors.jsonl, and the message that places it. */
    public record Bad(Rejection rejection, String message) {
    }

    // ------------------------------------------------------------------------------------------------ the result

    private final RuleSet before;
    private final RuleSet after;
    private final Options options;
    private long records;
    private long evaluated;
    private long rejected;
    private long changedCases;
    private long statusChanges;
    private long amountChanges;
    private final List<Change> keptStatus = new ArrayList<>();
    private final List<Change> keptAmount = new ArrayList<>();
    private final List<Bad> keptBad = new ArrayList<>();
    private final Tally tally = new Tally();
    private List<ClauseTotal> clauses;
    private List<PoolTotal> pools;
    private PoolTotal unpooled;
    private Side totalBefore;
    private Side totalAfter;
    private final List<RuleTextDiff.RuleChange> ruleChanges;
    private final List<RuleTextDiff.ParameterChange> parameterChanges;
    /** Where every change is, status changes first, once the run is over (null when not kept). */
    private Path allChanges;
    private Path tempDir;

    private RuleSetDiff(RuleSet before, RuleSet after, Options options) {
        this.before = before;
        this.after = after;
        this.options = options;
        this.ruleChanges = RuleTextDiff.rules(before, after);
        this.parameterChanges = RuleTextDiff.parameters(before, after);
    }

    public RuleSet before() {
        return before;
    }

    public RuleSet after() {
        return after;
    }

    /** Records read (good and bad). */
    public long records() {
        return records;
    }

    /** Cases evaluated under both versions. */
    public long evaluated() {
        return evaluated;
    }

    /** Records that could not be evaluated. */
    public long rejected() {
        return rejected;
    }

    public long changedCases() {
        return changedCases;
    }

    public long statusChanges() {
        return statusChanges;
    }

    public long amountChanges() {
        return amountChanges;
    }

    /** The first {@link Options#listed()} changes of a kind, in input order. */
    public List<Change> listed(ChangeKind kind) {
        return kind == ChangeKind.STATUS ? keptStatus : keptAmount;
    }

    /** The first {@link Options#listed()} bad records, in input order. */
    public List<Bad> listedBad() {
        return keptBad;
    }

    /** Every clause with an eligible outcome under either version or a change, in clause order. */
    public List<ClauseTotal> clauses() {
        return clauses;
    }

    /** Every budget pool of either version (the edited version's order), each including the pools under it. */
    public List<PoolTotal> pools() {
        return pools;
    }

    /** The eligible outcomes that name no pool. */
    public PoolTotal unpooled() {
        return unpooled;
    }

    public Side totalBefore() {
        return totalBefore;
    }

    public Side totalAfter() {
        return totalAfter;
    }

    public List<RuleTextDiff.RuleChange> ruleChanges() {
        return ruleChanges;
    }

    public List<RuleTextDiff.ParameterChange> parameterChanges() {
        return parameterChanges;
    }

    /** Whether {@link #eachChange} can give every change. */
    public boolean keptAll() {
        return allChanges != null || statusChanges <= keptStatus.size() && amountChanges <= keptAmount.size();
    }

    /** Gives every change, status changes first, then amount changes, each in input order (needs {@link #keptAll}). */
    public void eachChange(Consumer<Change> each) {
        if (allChanges == null) {
            keptStatus.forEach(each);
            keptAmount.forEach(each);
            return;
        }
        try (BufferedReader in = Files.newBufferedReader(allChanges, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                each.accept(Json.mapper().readValue(line, Change.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes the temporary file of changes, if any. */
    @Override
    public void close() {
        if (tempDir != null) {
            try (var files = Files.list(tempDir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
                Files.deleteIfExists(tempDir);
            } catch (IOException e) {
                // a temporary directory left behind is no reason to fail
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ running

    /**
     * Evaluates every case of the inputs under both versions.
     *
     * @param skipped hears of every file a directory holds that is passed over, with why
     * @throws BatchException when an input does not exist or cannot be listed, or the output cannot be written
     */
    public static RuleSetDiff run(RuleSet before, RuleSet after, Options options, Consumer<Skipped> skipped)
            throws BatchException {
        return run(before, after, options, skipped, Progress.NONE);
    }

    /** {@link #run(RuleSet, RuleSet, Options, Consumer)}, telling {@code progress} how far it has got. */
    public static RuleSetDiff run(RuleSet before, RuleSet after, Options options, Consumer<Skipped> skipped,
                                  Progress progress) throws BatchException {
        List<Source> sources = InputFiles.expand(options.inputs(), options.out(), skipped);
        RuleSetDiff d = new RuleSetDiff(before, after, options);
        d.progress = progress;
        long total = 0;
        for (Source s : sources) {
            total += s.size();
        }
        progress.start(1, 1, total);
        try {
            d.evaluate(sources);
            progress.finish();
            d.finish();
        } catch (IOException | UncheckedIOException e) {
            progress.finish();
            d.close();
            throw new BatchException("无法写入 " + options.out() + "：" + e.getMessage() + " (cannot write the output)", e);
        } catch (InterruptedException e) {
            d.close();
            Thread.currentThread().interrupt();
            throw new BatchException("已中断 (interrupted)", e);
        } catch (RuntimeException | Error e) {
            d.close();
            throw e;
        }
        return d;
    }

    /** The two evaluators of a worker thread. */
    private record Evaluators(BatchEvaluator before, BatchEvaluator after) {
    }

    private Progress progress = Progress.NONE;
    private long bytesDone;
    private OutputStream statusPart;
    private OutputStream amountPart;
    private OutputStream errors;
    private final ObjectWriter compact = Json.compact();

    private void evaluate(List<Source> sources) throws IOException, InterruptedException {
        Path dir = options.out();
        if (dir != null) {
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new IOException(dir + "：是文件，不是目录 (a file, not a directory)");
            }
            Files.createDirectories(dir);
        } else if (options.keepAll()) {
            tempDir = Files.createTempDirectory("subsidy-diff-");
            dir = tempDir;
        }
        if (dir != null) {
            statusPart = Files.newOutputStream(dir.resolve(".status-changes.part"));
            amountPart = Files.newOutputStream(dir.resolve(".amount-changes.part"));
            statusPart = new java.io.BufferedOutputStream(statusPart, 1 << 16);
            amountPart = new java.io.BufferedOutputStream(amountPart, 1 << 16);
        }
        if (options.out() != null) {
            errors = new java.io.BufferedOutputStream(Files.newOutputStream(options.out().resolve(ERRORS)), 1 << 16);
        }
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        Money moneyBefore = Money.of(before);
        Money moneyAfter = Money.of(after);
        ConcurrentLinkedQueue<Evaluators> made = new ConcurrentLinkedQueue<>();
        ThreadLocal<Evaluators> evaluators = ThreadLocal.withInitial(() -> {
            Evaluators e = new Evaluators(before.newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, options.caseBudget()),
                    after.newBatchEvaluator(SessionStrategy.STATEFUL_PER_LIST, options.caseBudget()));
            made.add(e);
            return e;
        });
        AtomicInteger n = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "subsidy-diff-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
        try {
            new RecordReader(sources, chunk -> {
                inFlight.add(pool.submit(() -> process(chunk, evaluators.get(), moneyBefore, moneyAfter)));
                while (inFlight.size() > 2 * threads) {
                    try {
                        merge(take(inFlight));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }, options.encoding()).run();
            while (!inFlight.isEmpty()) {
                merge(take(inFlight));
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
            for (Evaluators e : made) {
                e.before().close();
                e.after().close();
            }
        }
    }

    private static Done take(ArrayDeque<Future<Done>> inFlight) throws InterruptedException {
        try {
            return inFlight.poll().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error er) {
                throw er;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** What one chunk gave. */
    private static final class Done {
        long records;
        long bytes;
        long evaluated;
        long changedCases;
        final List<Change> changes = new ArrayList<>();
        final List<Bad> bad = new ArrayList<>();
        final Tally tally = new Tally();
    }

    /** Reads, evaluates under both versions and compares the records of one chunk (on a worker thread). */
    private Done process(Chunk chunk, Evaluators ev, Money moneyBefore, Money moneyAfter) {
        Done d = new Done();
        d.records = chunk.count;
        d.bytes = chunk.inputBytes;
        List<CaseFile> cases = new ArrayList<>(chunk.count);
        int[] index = new int[chunk.count];
        for (int i = 0; i < chunk.count; i++) {
            ChunkProcessor.Read read = ChunkProcessor.read(chunk, i, options.asOf(), true);
            Rejection r = read.rejection();
            if (r != null) {
                d.bad.add(new Bad(r, new CaseFormatException(r.file(), r.path(), r.line() == null ? 0 : r.line(),
                        r.column() == null ? 0 : r.column(), r.reason()).getMessage()));
                continue;
            }
            CaseFile c = read.c();
            index[cases.size()] = i;
            cases.add(c);
        }
        if (cases.isEmpty()) {
            return d;
        }
        List<EvaluationResult> a = null;
        List<EvaluationResult> b = null;
        int slow = -1;
        String slowReason = null;
        try {
            a = ev.before().evaluate(cases, true);
            try {
                b = ev.after().evaluate(cases, true);
            } catch (CaseTimeoutException t) {
                if (t.caseIndex() >= 0 && t.caseIndex() < cases.size()) {
                    slow = t.caseIndex();
                    slowReason = UNDER_AFTER + t.getMessage();
                }
                b = null;
            }
        } catch (CaseTimeoutException t) {
            if (t.caseIndex() >= 0 && t.caseIndex() < cases.size()) {
                slow = t.caseIndex();
                slowReason = UNDER_BEFORE + t.getMessage();
            }
            a = null;
        } catch (RuntimeException whole) {
            // one case broke the engine: each is evaluated on its own below, so that only that case is rejected
            a = null;
        }
        for (int k = 0; k < cases.size(); k++) {
            CaseFile c = cases.get(k);
            int i = index[k];
            EvaluationResult ra;
            EvaluationResult rb;
            String reason = null;
            if (a != null && b != null) {
                ra = a.get(k);
                rb = b.get(k);
            } else if (k == slow) {
                ra = null;
                rb = null;
                reason = slowReason;
            } else {
                ra = null;
                rb = null;
                try {
                    ra = a != null ? a.get(k) : ev.before().evaluate(List.of(c), true).get(0);
                    try {
                        rb = ev.after().evaluate(List.of(c), true).get(0);
                    } catch (CaseTimeoutException t) {
                        reason = UNDER_AFTER + t.getMessage();
                    } catch (RuntimeException e) {
                        reason = UNDER_AFTER + "评估时发生内部错误（请报告给开发者）：" + e;
                    }
                } catch (CaseTimeoutException t) {
                    reason = UNDER_BEFORE + t.getMessage();
                } catch (RuntimeException e) {
                    reason = UNDER_BEFORE + "评估时发生内部错误（请报告给开发者）：" + e;
                }
            }
            if (reason != null) {
                String source = chunk.source[i];
                Integer line = chunk.jsonLines[i] ? chunk.line[i] : null;
                d.bad.add(new Bad(new Rejection(source, chunk.firstRecord + i + 1, line, null, "$", c.caseId(), reason),
                        (line == null ? source : source + ":" + line) + ": " + reason));
                continue;
            }
            d.evaluated++;
            compare(d, chunk, i, ra, rb, moneyBefore, moneyAfter);
        }
        // the bad records in input order, among those found while reading and those found while evaluating
        d.bad.sort(Comparator.comparingLong(x -> x.rejection().record()));
        return d;
    }

    private static void compare(Done d, Chunk chunk, int i, EvaluationResult a, EvaluationResult b, Money moneyBefore,
                                Money moneyAfter) {
        d.tally.add(0, a, moneyBefore);
        d.tally.add(1, b, moneyAfter);
        List<OutcomeChange> changes = new ArrayList<>();
        for (OutcomeChange ch : OutcomeChange.between(a, b)) {
            // the amount of an outcome that pays nothing either way (不符合, 相关政策) is no change for anyone
            if (ch.statusChanged() || ch.after() == Status.ELIGIBLE || ch.after() == Status.UNDETERMINED) {
                changes.add(ch);
            }
        }
        if (changes.isEmpty()) {
            return;
        }
        d.changedCases++;
        Integer line = chunk.jsonLines[i] ? chunk.line[i] : null;
        String applicant = b.applicant() != null ? b.applicant() : a.applicant();
        Set<String> clausesOfCase = new HashSet<>();
        for (OutcomeChange ch : changes) {
            d.changes.add(Change.of(ch, applicant, chunk.source[i], line));
            d.tally.change(ch, clausesOfCase.add(ch.clause()));
        }
    }

    /** Adds one chunk's findings, in input order (on the reading thread). */
    private void merge(Done d) throws IOException {
        records += d.records;
        bytesDone += d.bytes;
        progress.update(records, bytesDone);
        evaluated += d.evaluated;
        changedCases += d.changedCases;
        tally.merge(d.tally);
        for (Change c : d.changes) {
            boolean status = c.kind() == ChangeKind.STATUS;
            if (status) {
                statusChanges++;
            } else {
                amountChanges++;
            }
            List<Change> kept = status ? keptStatus : keptAmount;
            if (kept.size() < options.listed()) {
                kept.add(c);
            }
            OutputStream part = status ? statusPart : amountPart;
            if (part != null) {
                part.write(compact.writeValueAsBytes(c));
                part.write('\n');
            }
        }
        for (Bad b : d.bad) {
            rejected++;
            if (keptBad.size() < options.listed()) {
                keptBad.add(b);
            }
            if (errors != null) {
                errors.write(compact.writeValueAsBytes(b.rejection()));
                errors.write('\n');
            }
        }
    }

    /** Ends the run: the totals, and the complete files of changes. */
    private void finish() throws IOException {
        if (errors != null) {
            errors.close();
        }
        buildTotals();
        Path dir = options.out() != null ? options.out() : tempDir;
        if (dir != null) {
            statusPart.close();
            amountPart.close();
            Path s = dir.resolve(".status-changes.part");
            Path m = dir.resolve(".amount-changes.part");
            Path all = dir.resolve(CHANGES_JSONL + ".part");
            Files.move(s, all, StandardCopyOption.REPLACE_EXISTING);
            try (OutputStream o = Files.newOutputStream(all, StandardOpenOption.APPEND)) {
                Files.copy(m, o);
            }
            Files.delete(m);
            Files.move(all, dir.resolve(CHANGES_JSONL), StandardCopyOption.REPLACE_EXISTING);
            allChanges = dir.resolve(CHANGES_JSONL);
        }
        if (options.out() != null) {
            writeFiles(options.out());
        }
    }

    // ------------------------------------------------------------------------------------------------ totals

    /** Counts and sums of eligible outcomes. */
    private static final class Acc {
        long eligible;
        long cashPriced;
        BigDecimal amount = BigDecimal.ZERO;
        long cashUnpriced;
        long nonCash;
        long undetermined;

        void add(Outcome o, boolean cash) {
            if (o.status() == Status.UNDETERMINED) {
                undetermined++;
                return;
            }
            if (o.status() != Status.ELIGIBLE) {
                return;
            }
            eligible++;
            if (!cash) {
                nonCash++;
            } else if (o.benefit().amountWan() == null) {
                cashUnpriced++;
            } else {
                cashPriced++;
                amount = amount.add(o.benefit().amountWan());
            }
        }

        void merge(Acc o) {
            eligible += o.eligible;
            cashPriced += o.cashPriced;
            amount = amount.add(o.amount);
            cashUnpriced += o.cashUnpriced;
            nonCash += o.nonCash;
            undetermined += o.undetermined;
        }

        Side side() {
            return new Side(eligible, cashPriced, plainValue(amount), cashUnpriced, nonCash, undetermined);
        }
    }

    /** A clause's changes. */
    private static final class ClauseChanges {
        long changedCases;
        long statusChanges;
        long amountChanges;
        final Map<String, Long> transitions = new LinkedHashMap<>();

        void merge(ClauseChanges o) {
            changedCases += o.changedCases;
            statusChanges += o.statusChanges;
            amountChanges += o.amountChanges;
            o.transitions.forEach((k, v) -> transitions.merge(k, v, Long::sum));
        }
    }

    /** Everything summed, per version (0 before, 1 after). */
    private static final class Tally {
        final Map<String, Acc[]> clauses = new LinkedHashMap<>();
        final Map<String, Acc[]> pools = new LinkedHashMap<>();
        final Acc[] unpooled = {new Acc(), new Acc()};
        final Acc[] total = {new Acc(), new Acc()};
        final Map<String, ClauseChanges> changes = new LinkedHashMap<>();

        void add(int side, EvaluationResult r, Money money) {
            for (Outcome o : r.outcomes()) {
                if (o.status() != Status.ELIGIBLE && o.status() != Status.UNDETERMINED) {
                    continue;
                }
                boolean cash = money.cash(o);
                clauses.computeIfAbsent(o.clause(), k -> new Acc[] {new Acc(), new Acc()})[side].add(o, cash);
                String pool = o.benefit().pool();
                (pool == null ? unpooled : pools.computeIfAbsent(pool, k -> new Acc[] {new Acc(), new Acc()}))[side]
                        .add(o, cash);
                total[side].add(o, cash);
            }
        }

        void change(OutcomeChange ch, boolean firstOfCaseInClause) {
            ClauseChanges c = changes.computeIfAbsent(ch.clause(), k -> new ClauseChanges());
            if (firstOfCaseInClause) {
                c.changedCases++;
            }
            if (ch.statusChanged()) {
                c.statusChanges++;
            } else {
                c.amountChanges++;
            }
            c.transitions.merge(transition(ch), 1L, Long::sum);
        }

        void merge(Tally o) {
            mergeAll(clauses, o.clauses);
            mergeAll(pools, o.pools);
            unpooled[0].merge(o.unpooled[0]);
            unpooled[1].merge(o.unpooled[1]);
            total[0].merge(o.total[0]);
            total[1].merge(o.total[1]);
            o.changes.forEach((k, v) -> changes.computeIfAbsent(k, x -> new ClauseChanges()).merge(v));
        }

        private static void mergeAll(Map<String, Acc[]> into, Map<String, Acc[]> from) {
            from.forEach((k, v) -> {
                Acc[] mine = into.computeIfAbsent(k, x -> new Acc[] {new Acc(), new Acc()});
                mine[0].merge(v[0]);
                mine[1].merge(v[1]);
            });
        }
    }

    /** "ELIGIBLE→NOT_ELIGIBLE" (no outcome: NO_OUTCOME), or "ELIGIBLE（金额变化）" for an amount alone. */
    static String transition(OutcomeChange ch) {
        return ch.statusChanged() ? name(ch.before()) + "→" + name(ch.after()) : name(ch.after()) + "（金额变化）";
    }

    private static String name(Status s) {
        return s == null ? "NO_OUTCOME" : s.name();
    }

    /** A transition in words: "符合→不符合", "符合（金额变化）". */
    public static String readable(String transition) {
        List<String> parts = new ArrayList<>();
        for (String part : transition.split("→")) {
            boolean amount = part.endsWith("（金额变化）");
            String word = part.replace("（金额变化）", "");
            String label = word.equals("NO_OUTCOME") ? "无结论" : Status.valueOf(word).label();
            parts.add(label + (amount ? "（金额变化）" : ""));
        }
        return String.join("→", parts);
    }

    private static int clauseNumber(String clause) {
        try {
            return Integer.parseInt(clause);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    private void buildTotals() {
        Map<String, ClauseTotal> byClause = new TreeMap<>((x, y) -> {
            int c = Integer.compare(clauseNumber(x), clauseNumber(y));
            return c != 0 ? c : x.compareTo(y);
        });
        Set<String> names = new HashSet<>(tally.clauses.keySet());
        names.addAll(tally.changes.keySet());
        for (String clause : names) {
            Acc[] s = tally.clauses.getOrDefault(clause, new Acc[] {new Acc(), new Acc()});
            ClauseChanges c = tally.changes.getOrDefault(clause, new ClauseChanges());
            String title = title(after.data(), clause);
            if (title == null) {
                title = title(before.data(), clause);
            }
            byClause.put(clause, new ClauseTotal(clause, title, c.changedCases, c.statusChanges, c.amountChanges,
                    c.transitions.entrySet().stream().map(e -> new Transition(e.getKey(), e.getValue())).toList(), s[0].side(),
                    s[1].side()));
        }
        clauses = List.copyOf(byClause.values());

        // the pools of both versions, the edited version's first; each pool's sums include those of the pools under it
        Map<String, BudgetPool> all = new LinkedHashMap<>();
        for (BudgetPool p : after.data().budgets()) {
            all.put(p.id(), p);
        }
        for (BudgetPool p : before.data().budgets()) {
            all.putIfAbsent(p.id(), p);
        }
        List<BudgetPool> budgets = List.copyOf(all.values());
        Map<String, Side[]> sides = new LinkedHashMap<>();
        for (int side = 0; side < 2; side++) {
            final int s = side;
            Map<String, Long> eligible = new LinkedHashMap<>();
            Map<String, Long> priced = new LinkedHashMap<>();
            Map<String, BigDecimal> amount = new LinkedHashMap<>();
            Map<String, Long> unpriced = new LinkedHashMap<>();
            Map<String, Long> nonCash = new LinkedHashMap<>();
            Map<String, Long> undetermined = new LinkedHashMap<>();
            tally.pools.forEach((id, acc) -> {
                eligible.put(id, acc[s].eligible);
                priced.put(id, acc[s].cashPriced);
                amount.put(id, acc[s].amount);
                unpriced.put(id, acc[s].cashUnpriced);
                nonCash.put(id, acc[s].nonCash);
                undetermined.put(id, acc[s].undetermined);
            });
            Map<String, Long> e = BudgetTotals.rollUpCounts(budgets, eligible);
            Map<String, Long> p = BudgetTotals.rollUpCounts(budgets, priced);
            Map<String, BigDecimal> a = BudgetTotals.rollUp(budgets, amount);
            Map<String, Long> u = BudgetTotals.rollUpCounts(budgets, unpriced);
            Map<String, Long> n = BudgetTotals.rollUpCounts(budgets, nonCash);
            Map<String, Long> und = BudgetTotals.rollUpCounts(budgets, undetermined);
            for (BudgetPool b : budgets) {
                sides.computeIfAbsent(b.id(), k -> new Side[2])[s] = new Side(e.get(b.id()), p.get(b.id()),
                        plainValue(a.get(b.id())), u.get(b.id()), n.get(b.id()), und.get(b.id()));
            }
        }
        List<PoolTotal> out = new ArrayList<>();
        for (BudgetPool b : budgets) {
            Side[] s = sides.get(b.id());
            out.add(new PoolTotal(b.id(), b.parent(), b.clause(), b.name(), b.amountWan(), s[0], s[1]));
        }
        // a pool a rule names that neither version's budgets.yaml has (not possible for a valid rule set): on its own
        tally.pools.forEach((id, acc) -> {
            if (!all.containsKey(id)) {
                out.add(new PoolTotal(id, null, null, id, null, acc[0].side(), acc[1].side()));
            }
        });
        pools = List.copyOf(out);
        unpooled = new PoolTotal(null, null, null, "不属任何资金池 (no pool)", null, tally.unpooled[0].side(),
                tally.unpooled[1].side());
        totalBefore = tally.total[0].side();
        totalAfter = tally.total[1].side();
    }

    private static String title(PolicyData data, String clause) {
        int n = clauseNumber(clause);
        return n == Integer.MAX_VALUE ? null : data.clause(n).map(PolicyData.ClauseInfo::title).orElse(null);
    }

    // ------------------------------------------------------------------------------------------------ files

    private void writeFiles(Path dir) throws IOException {
        write(dir.resolve(CHANGES_CSV), w -> {
            row(w, "变化类型", "案例编号", "申请主体", "条款", "标题", "规则", "对象", "对象位置", "修改前结论", "修改前金额（万元）",
                    "修改后结论", "修改后金额（万元）", "金额差（万元）", "文件", "行");
            eachChange(c -> {
                try {
                    row(w, c.kind().label(), c.caseId(), c.applicant(), c.clause(), c.title(), c.rule(), c.description(),
                            c.subject(), OutcomeChange.label(c.before()), c.beforeAmountWan(), OutcomeChange.label(c.after()),
                            c.afterAmountWan(), c.deltaWan(), c.file(), c.line());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        });
        write(dir.resolve(CLAUSES_CSV), w -> {
            row(w, "条款", "标题", "有变化的案例", "结论变化", "金额变化", "变化明细", "修改前符合", "修改前资金（项）", "修改前金额（万元）",
                    "修改前按配套细则（项）", "修改前不涉及资金（项）", "修改前待定", "修改后符合", "修改后资金（项）", "修改后金额（万元）",
                    "修改后按配套细则（项）", "修改后不涉及资金（项）", "修改后待定", "金额差（万元）");
            for (ClauseTotal c : clauses) {
                List<String> t = new ArrayList<>();
                c.transitions().forEach(x -> t.add(readable(x.change()) + " " + x.count()));
                row(w, c.clause(), c.title(), c.changedCases(), c.statusChanges(), c.amountChanges(), String.join("；", t),
                        c.before().eligible(), c.before().cashPriced(), c.before().amountWan(), c.before().cashUnpriced(),
                        c.before().nonCash(), c.before().undetermined(), c.after().eligible(), c.after().cashPriced(),
                        c.after().amountWan(), c.after().cashUnpriced(), c.after().nonCash(), c.after().undetermined(),
                        plainValue(c.after().amountWan().subtract(c.before().amountWan())));
            }
        });
        write(dir.resolve(POOLS_CSV), w -> {
            row(w, "资金池", "上级资金池", "条款", "名称", "预算（万元）", "修改前符合", "修改前资金（项）", "修改前金额（万元）",
                    "修改前按配套细则（项）", "修改前不涉及资金（项）", "修改后符合", "修改后资金（项）", "修改后金额（万元）",
                    "修改后按配套细则（项）", "修改后不涉及资金（项）", "金额差（万元）");
            List<PoolTotal> rows = new ArrayList<>(pools);
            rows.add(unpooled);
            for (PoolTotal p : rows) {
                row(w, p.id(), p.parent(), p.clause(), p.name(), p.budgetWan(), p.before().eligible(), p.before().cashPriced(),
                        p.before().amountWan(), p.before().cashUnpriced(), p.before().nonCash(), p.after().eligible(),
                        p.after().cashPriced(), p.after().amountWan(), p.after().cashUnpriced(), p.after().nonCash(),
                        plainValue(p.after().amountWan().subtract(p.before().amountWan())));
            }
        });
        write(dir.resolve(RULES_CSV), w -> {
            row(w, "变化", "条款", "规则", "位置", "改动");
            for (RuleTextDiff.RuleChange r : ruleChanges) {
                row(w, r.kind().label(), r.clause(), r.rule(), r.location(), String.join("\n", r.details()));
            }
            for (RuleTextDiff.ParameterChange p : parameterChanges) {
                row(w, "参数" + (p.before() == null ? "新增" : p.after() == null ? "删除" : "修改"), p.clause(),
                        p.id() + " " + p.description(), "parameters.yaml",
                        (p.before() == null ? "（无）" : p.before()) + " → " + (p.after() == null ? "（无）" : p.after()));
            }
        });
        Path summary = dir.resolve(SUMMARY);
        try (Writer w = Files.newBufferedWriter(summary, StandardCharsets.UTF_8)) {
            writeJson(w, false, 0);
            w.write('\n');
        }
    }

    private interface Body {
        void write(Writer w) throws IOException;
    }

    /** A CSV file for spreadsheets: UTF-8 with a byte-order mark, CRLF line ends, fields as {@link AwardsCsv} writes them. */
    private static void write(Path file, Body body) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try (OutputStream o = Files.newOutputStream(part);
             Writer w = new BufferedWriter(new java.io.OutputStreamWriter(o, StandardCharsets.UTF_8), 1 << 16)) {
            o.write(AwardsCsv.BOM);
            body.write(w);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void row(Writer w, Object... fields) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                s.append(',');
            }
            Object f = fields[i];
            if (f instanceof BigDecimal b) {
                s.append(plain(b)); // a number, never taken for a formula: written as it is
            } else if (f instanceof Number n) {
                s.append(n);
            } else if (f != null) {
                AwardsCsv.field(s, f.toString());
            }
        }
        w.write(s.append("\r\n").toString());
    }

    // ------------------------------------------------------------------------------------------------ JSON

    /**
     * The whole diff as one JSON object: the two versions, the counts, with {@code changes} the changes (status
     * changes first; at most {@code limit} of each kind as held, or every change when {@code limit} is 0: see
     * {@link #keptAll}), the totals per clause and per pool, the changed rules and parameters, and the bad records held.
     */
    public void writeJson(Writer w, boolean changes, int limit) throws IOException {
        JsonGenerator g = Json.mapper().getFactory().createGenerator(w);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeObjectField("before", ruleSetNode(before));
        g.writeObjectField("after", ruleSetNode(after));
        g.writeNumberField("records", records);
        g.writeNumberField("cases", evaluated);
        g.writeNumberField("rejected", rejected);
        g.writeNumberField("changedCases", changedCases);
        g.writeNumberField("statusChanges", statusChanges);
        g.writeNumberField("amountChanges", amountChanges);
        if (changes) {
            g.writeArrayFieldStart("changes");
            if (limit == 0) {
                try {
                    eachChange(c -> {
                        try {
                            g.writeObject(c);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            } else {
                for (ChangeKind k : ChangeKind.values()) {
                    List<Change> kept = listed(k);
                    for (int i = 0; i < Math.min(limit, kept.size()); i++) {
                        g.writeObject(kept.get(i));
                    }
                }
            }
            g.writeEndArray();
        }
        g.writeObjectField("byClause", clauses);
        g.writeObjectField("byPool", pools);
        g.writeObjectField("unpooled", unpooled);
        g.writeObjectFieldStart("total");
        g.writeObjectField("before", totalBefore);
        g.writeObjectField("after", totalAfter);
        g.writeEndObject();
        g.writeObjectField("rules", ruleChanges);
        g.writeObjectField("parameters", parameterChanges);
        g.writeArrayFieldStart("errors");
        for (Bad b : keptBad) {
            g.writeObject(b.rejection());
        }
        g.writeEndArray();
        g.writeEndObject();
        g.flush();
    }

    private static Map<String, String> ruleSetNode(RuleSet rs) {
        Map<String, String> n = new LinkedHashMap<>();
        n.put("directory", String.valueOf(rs.directory()));
        n.put("id", rs.document().id());
        n.put("hash", rs.hash());
        return n;
    }

    /** An amount without trailing zeros, in plain notation ("50", "12.5"). */
    public static String plain(BigDecimal amount) {
        return plainValue(amount).toPlainString();
    }

    static BigDecimal plainValue(BigDecimal amount) {
        BigDecimal p = amount.stripTrailingZeros();
        return p.scale() < 0 ? p.setScale(0) : p;
    }
}
