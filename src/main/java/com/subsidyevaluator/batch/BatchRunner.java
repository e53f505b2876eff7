package com.subsidyevaluator.batch;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.subsidyevaluator.batch.ChunkProcessor.Done;
import com.subsidyevaluator.batch.InputFiles.Source;
import com.subsidyevaluator.batch.RecordReader.Chunk;
import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.RuleCatalogue;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a batch: every input record gives exactly one result or exactly one rejection, in input order, whatever
 * the number of threads.
 *
 * <p>One thread reads records and cuts them into chunks; worker threads read, evaluate and serialise a chunk each;
 * the calling thread takes the finished chunks in input order, rejects duplicate caseIds, writes the reports and
 * adds up the summary. The chunks in flight are bounded (by count and by bytes), so memory does not grow with the
 * number of cases; only the set of caseIds seen grows, by about 20 bytes a case.
 *
 * <p>With {@link BatchOptions.Allocate#PRO_RATA} the input is read twice: once to add up what each budget pool is
 * asked for, once to write the results with the scaled amounts.
 *
 * <p>Reports are written under temporary names and renamed when complete: {@code results.jsonl},
 * {@code awards.csv}, {@code errors.jsonl}, {@code summary.json}, {@code report.html}, with compact results (the
 * default; {@link BatchOptions#fullResults()} false) {@code rules.json}, the catalogue of rule texts the compact
 * lines refer to ({@link CompactResults}), and unless {@link BatchOptions#departments()} is false one workbook per
 * lead department in {@code departments/} ({@link DepartmentWorkbooks}).
 */
public final class BatchRunner {

    public static final String RESULTS = "results.jsonl";
    public static final String AWARDS = "awards.csv";
    public static final String ERRORS = "errors.jsonl";
    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";
    /** The rule catalogue of compact results (not written with --full-results). */
    public static final String RULES = CompactResults.RULES;
    /** The folder of the lists per department ({@code departments/<牵头单位>.xlsx}). */
    public static final String DEPARTMENTS = DepartmentWorkbooks.FOLDER;

    /** Input bytes held in chunks waiting or in work, at most (plus one record longer than this). */
    private static final int BUDGET_KIB = 48 * 1024;

    private final RuleSet rules;
    private final BatchOptions options;
    private final Progress progress;
    /** The compact writer (rules.json beside results.jsonl), or null with --full-results. */
    private final CompactResults compact;

    private BatchRunner(RuleSet rules, BatchOptions options, Progress progress) {
        this.rules = rules;
        this.options = options;
        this.progress = progress == null ? Progress.NONE : progress;
        this.compact = options.fullResults() ? null : new CompactResults(RuleCatalogue.of(rules)
                .withNotEligibleWritten(options.all()));
    }

    /** What a run produced. */
    public record Result(BatchSummary summary, Path out) {
        public long records() {
            return summary.cases().records();
        }

        public long evaluated() {
            return summary.cases().evaluated();
        }

        public long rejected() {
            return summary.cases().rejected();
        }

        /** "N 个案例：X 个已评估，Y 个被拒绝", like the rest of what the commands print. */
        public String line() {
            return records() + " 个案例：" + evaluated() + " 个已评估，" + rejected() + " 个被拒绝";
        }
    }

    /**
     * Runs the batch.
     *
     * @throws BatchException when an input is missing or the reports cannot be written
     */
    public static Result run(RuleSet rules, BatchOptions options, Progress progress)
            throws BatchException, InterruptedException {
        return new BatchRunner(rules, options, progress).run();
    }

    private Result run() throws BatchException, InterruptedException {
        List<Source> sources = InputFiles.expand(options.inputs(), options.out(), skipped -> { }, true);
        Path out = options.out();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new BatchException("--out " + out + "：已有同名的文件，不能用作输出目录；请给一个目录（不存在时会新建）"
                    + " (an existing file, not a directory)");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new BatchException("无法创建输出目录 " + out + "：" + e.getMessage(), e);
        }
        long totalBytes = sources.stream().mapToLong(Source::size).sum();
        PoolAllocation allocation = null;
        int passes = options.allocate() == BatchOptions.Allocate.PRO_RATA ? 2 : 1;
        if (passes == 2) {
            progress.start(1, 2, totalBytes);
            BatchSummary.Builder totals;
            try {
                totals = pass(sources, null, null);
            } catch (IOException e) {
                throw new BatchException("无法读取输入：" + e.getMessage(), e);
            }
            progress.finish();
            allocation = PoolAllocation.of(rules.data().budgets(), totals.poolDirect());
        }
        progress.start(passes, passes, totalBytes);
        Writers w = new Writers(out, options.reportCases(), options.all(), rules, compact, options.departments()
                ? options.asOf() == null ? "" : options.asOf().toString() : null, allocation != null);
        BatchSummary summary;
        try {
            BatchSummary.Builder b = pass(sources, allocation, w);
            progress.finish();
            summary = b.build();
            w.finish(rules, summary, options.effectiveThreads());
        } catch (IOException | UncheckedIOException e) {
            w.abandon();
            throw new BatchException("无法写入报告（" + out + "）：" + e.getMessage(), e);
        } catch (Throwable e) {
            // whatever went wrong (an Error too): no temporary file is left behind
            w.abandon();
            throw e;
        }
        return new Result(summary, out);
    }

    /** One pass over the input; writes the reports when {@code w} is given. */
    private BatchSummary.Builder pass(List<Source> sources, PoolAllocation allocation, Writers w)
            throws BatchException, InterruptedException, IOException {
        int threads = options.effectiveThreads();
        BatchSummary.Builder summary = new BatchSummary.Builder(rules, options.asOf() == null ? null
                : options.asOf().toString(), options.allocate() == BatchOptions.Allocate.PRO_RATA ? "pro-rata" : "none",
                options.all(), allocation);
        ConcurrentLinkedQueue<BatchEvaluator> evaluators = new ConcurrentLinkedQueue<>();
        ThreadLocal<BatchEvaluator> local = ThreadLocal.withInitial(() -> {
            BatchEvaluator e = rules.newBatchEvaluator(options.engine().sessions, options.caseTimeout());
            evaluators.add(e);
            return e;
        });
        ChunkProcessor processor = new ChunkProcessor(options.asOf(), options.all(), options.engine().lean, options.engine().fastIo,
                w != null, allocation,
                local::get);
        processor.money = Money.of(rules);
        if (w != null) {
            processor.compact = compact;
        }
        ThreadPoolExecutor workers = (ThreadPoolExecutor) Executors.newFixedThreadPool(threads, named("subsidy-batch-worker"));
        // A worker abandoned past the time budget (a loop that cannot be interrupted) is replaced by one more thread
        // (which takes its chunk over), and the pool shrinks back should it ever come back.
        AtomicInteger abandoned = new AtomicInteger();
        processor.onAbandoned = job -> {
            abandoned.incrementAndGet();
            resize(workers, +1);
            try {
                workers.execute(job);
            } catch (RejectedExecutionException e) {
                job.done.completeExceptionally(e); // the pass is over
            }
        };
        processor.onReturned = () -> {
            abandoned.decrementAndGet();
            resize(workers, -1);
        };
        BlockingQueue<Future<Done>> queue = new ArrayBlockingQueue<>(2 * threads + 2);
        Future<Done> end = CompletableFuture.completedFuture(null);
        Semaphore budget = new Semaphore(BUDGET_KIB);
        Throwable[] readFailure = new Throwable[1];
        Thread reader = named("subsidy-batch-reader").newThread(() -> {
            try {
                new RecordReader(sources, chunk -> {
                    budget.acquire(kib(chunk));
                    ChunkProcessor.Job job = processor.new Job(chunk);
                    workers.execute(job);
                    queue.put(job.done);
                }, options.encoding()).run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable t) {
                readFailure[0] = t;
            } finally {
                try {
                    queue.put(end);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        CaseIdSet ids = new CaseIdSet();
        long bytes = 0;
        reader.start();
        try {
            while (true) {
                Future<Done> f = queue.take();
                if (f == end) {
                    break;
                }
                Done d;
                try {
                    d = f.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("批处理内部错误: " + e.getCause(), e.getCause());
                }
                consume(d, ids, summary, w);
                processor.buffers.give(d.results);
                processor.buffers.give(d.awards);
                budget.release(kib(d.chunk));
                bytes += d.chunk.inputBytes;
                progress.update(summary.records(), bytes);
            }
            reader.join();
            if (readFailure[0] != null) {
                throw new IllegalStateException("读取输入时发生内部错误: " + readFailure[0], readFailure[0]);
            }
            return summary;
        } finally {
            reader.interrupt();
            workers.shutdownNow();
            // wait for the workers, but not for abandoned ones (they may never end)
            long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (!workers.awaitTermination(20, TimeUnit.MILLISECONDS)
                    && workers.getPoolSize() > abandoned.get() && System.nanoTime() < until) {
                // waiting
            }
            for (BatchEvaluator e : evaluators) {
                e.close(); // what an abandoned thread still uses is closed when it comes back
            }
        }
    }

    /** Adds or removes a worker thread (the maximum first when growing, the core size first when shrinking). */
    private static void resize(ThreadPoolExecutor pool, int by) {
        synchronized (pool) {
            try {
                if (by > 0) {
                    pool.setMaximumPoolSize(pool.getMaximumPoolSize() + by);
                    pool.setCorePoolSize(pool.getCorePoolSize() + by);
                } else if (pool.getCorePoolSize() + by >= 1) {
                    pool.setCorePoolSize(pool.getCorePoolSize() + by);
                    pool.setMaximumPoolSize(pool.getMaximumPoolSize() + by);
                }
            } catch (IllegalArgumentException e) {
                // sizes out of step: leave them
            }
        }
    }

    private static int kib(Chunk c) {
        return Math.min(BUDGET_KIB, Math.max(1, c.held() >>> 10));
    }

    private void consume(Done d, CaseIdSet ids, BatchSummary.Builder summary, Writers w) throws IOException {
        Chunk c = d.chunk;
        // Record i's bytes run from the end of record i-1's to resultEnd[i] (awardEnd[i]); a rejected record has
        // none. The bytes are written in runs, skipping only a record found here to repeat a caseId.
        int resultStart = 0;
        int awardStart = 0;
        int runResults = 0;
        int runAwards = 0;
        EvaluationResult[] kept = w != null && w.departments != null ? new EvaluationResult[d.count] : null;
        for (int i = 0; i < d.count; i++) {
            Rejection r = d.rejection[i];
            if (r == null && d.caseId[i] != null && !ids.add(d.caseId[i])) {
                r = new Rejection(c.source[i], c.firstRecord + i + 1, c.jsonLines[i] ? c.line[i] : null, null, "$.caseId",
                        d.caseId[i], "caseId 重复：此前已有 caseId 为 \"" + d.caseId[i] + "\" 的案例（以先出现者为准，本记录未评估）");
                summary.rejected(true);
                if (w != null) {
                    w.error(r);
                    w.results.write(d.results, runResults, resultStart - runResults);
                    w.awards.write(d.awards, runAwards, awardStart - runAwards);
                    runResults = d.resultEnd[i];
                    runAwards = d.awardEnd[i];
                }
            } else if (r != null) {
                summary.rejected(false);
                if (w != null) {
                    w.error(r);
                }
            } else {
                summary.evaluated(d.result[i]);
                if (w != null) {
                    w.report.add(d.result[i], c.source[i], c.jsonLines[i] ? c.line[i] : 0);
                    if (kept != null) {
                        kept[i] = d.result[i];
                    }
                }
            }
            if (w != null) {
                resultStart = d.resultEnd[i];
                awardStart = d.awardEnd[i];
            }
        }
        if (w != null) {
            w.results.write(d.results, runResults, resultStart - runResults);
            w.awards.write(d.awards, runAwards, awardStart - runAwards);
        }
        if (kept != null) {
            w.departments.add(kept, d.creditCode, d.count);
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The report files of one run, written under temporary names. Whatever happens they are either all renamed
     * ({@link #finish}) or all deleted ({@link #abandon}, and a shutdown hook when the program is stopped meanwhile,
     * e.g. with Ctrl-C): no {@code *.part} file is left behind.
     */
    private static final class Writers {
        private final Path out;
        private final List<Path> parts = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Thread cleanup = new Thread(this::deleteParts, "subsidy-batch-cleanup");
        final OutputStream results;
        final OutputStream awards;
        final OutputStream errors;
        final HtmlReport report;
        private final ObjectWriter errorWriter = Json.compact();
        private final CompactResults compact;
        /** The lists per department, or null (--no-departments). */
        final DepartmentWorkbooks departments;

        /** {@code departmentsAsOf}: the batch's date ("" when each case has its own), or null for no workbooks. */
        Writers(Path out, int reportCases, boolean notEligibleWritten, RuleSet rules, CompactResults compact,
                String departmentsAsOf, boolean allocating) throws BatchException {
            this.out = out;
            this.compact = compact;
            try {
                Runtime.getRuntime().addShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                throw new BatchException("程序正在退出，未写入报告 (the program is exiting)", e);
            }
            try {
                results = open(RESULTS);
                awards = open(AWARDS);
                awards.write(AwardsCsv.BOM);
                awards.write(AwardsCsv.header().getBytes(StandardCharsets.UTF_8));
                errors = open(ERRORS);
                Path cases = Files.createTempFile(out, ".report-cases", ".part");
                parts.add(cases);
                report = new HtmlReport(cases, reportCases, rules, notEligibleWritten, compact != null);
                departments = departmentsAsOf == null ? null : new DepartmentWorkbooks(out, parts, rules,
                        departmentsAsOf.isEmpty() ? null : departmentsAsOf, allocating);
            } catch (IOException | RuntimeException e) {
                abandon();
                throw new BatchException("无法在 " + out + " 中写入报告：" + e.getMessage(), e);
            }
        }

        private OutputStream open(String name) throws IOException {
            Path p = out.resolve(name + ".part");
            parts.add(p);
            return new BufferedOutputStream(Files.newOutputStream(p), 1 << 20);
        }

        void error(Rejection r) throws IOException {
            errors.write(errorWriter.writeValueAsBytes(r));
            errors.write('\n');
        }

        void finish(RuleSet rules, BatchSummary summary, int threads) throws IOException {
            results.close();
            awards.close();
            errors.close();
            Path summaryPart = out.resolve(SUMMARY + ".part");
            parts.add(summaryPart);
            Files.write(summaryPart, (Json.pretty().writeValueAsString(summary) + "\n").getBytes(StandardCharsets.UTF_8));
            Path reportPart = out.resolve(REPORT + ".part");
            parts.add(reportPart);
            report.write(reportPart, rules, summary);
            List<String> names = new ArrayList<>(List.of(RESULTS, AWARDS, ERRORS, SUMMARY, REPORT));
            if (compact != null) {
                // the rule catalogue the compact lines refer to, written once
                Path rulesPart = out.resolve(RULES + ".part");
                parts.add(rulesPart);
                Files.write(rulesPart, (Json.pretty().writeValueAsString(compact.catalogue()) + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                names.add(RULES);
            } else {
                // full lines need no catalogue: one left from an earlier run would describe other results
                Files.deleteIfExists(out.resolve(RULES));
            }
            if (departments != null) {
                departments.write(threads);
            }
            for (String name : names) {
                Files.move(out.resolve(name + ".part"), out.resolve(name), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            }
            if (departments != null) {
                departments.commit();
            } else {
                // no lists this time: workbooks left from an earlier run would describe other results
                DepartmentWorkbooks.removeStale(out.resolve(DEPARTMENTS), java.util.Set.of());
            }
            Files.deleteIfExists(report.casesFile());
            unhook();
        }

        void abandon() {
            for (OutputStream s : new OutputStream[] {results, awards, errors}) {
                try {
                    if (s != null) {
                        s.close();
                    }
                } catch (IOException e) {
                    // already failing
                }
            }
            if (report != null) {
                report.close();
            }
            if (departments != null) {
                departments.abandon();
            }
            deleteParts();
            unhook();
        }

        private void deleteParts() {
            for (Path p : parts) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException | RuntimeException e) {
                    // best effort
                }
            }
        }

        private void unhook() {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // the program is exiting: the hook runs
            }
        }
    }
}
