package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.SessionStrategy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

/**
 * What a batch run reads, where it writes, and how.
 *
 * @param inputs      case files, directories (their {@code *.json} files, recursively) and JSON Lines files
 * @param out         the directory for the reports
 * @param asOf        the evaluation date for every case, or null to use each case's own {@code asOf}
 * @param threads     worker threads (0 = one per processor)
 * @param allocate    what to do with oversubscribed budget pools
 * @param all         also write not-eligible outcomes to results.jsonl
 * @param reportCases how many cases report.html shows with their explanations (the first ones, in input order)
 * @param engine      how the engine is driven (the default is fastest; the others give the same results and exist
 *                    for comparison, see docs/performance.md)
 * @param caseTimeout the time budget per case (null or zero: no limit): a case whose evaluation takes longer is
 *                    rejected (errors.jsonl names the rule that was running) and the batch goes on
 * @param encoding    the encoding of CSV registers, or null to detect it (UTF-8, else GB18030)
 * @param fullResults  write self-contained result lines (--full-results) instead of compact ones with rules.json
 * @param departments  write the lists per department, {@code departments/<牵头单位>.xlsx} (false: --no-departments)
 */
public record BatchOptions(List<Path> inputs, Path out, LocalDate asOf, int threads, Allocate allocate, boolean all,
                           int reportCases, Engine engine, Duration caseTimeout, java.nio.charset.Charset encoding,
                           boolean fullResults, boolean departments) {

    /** How the rule engine is driven (and the cases read and written). Every mode gives the same results. */
    public enum Engine {
        /**
         * The plain way, as a Drools user would first write it: each case read with the JSON mapper, evaluated in a
         * stateless session of its own with every outcome explained, filtered, and written with the JSON mapper.
         */
        PLAIN(SessionStrategy.STATELESS_PER_CASE, false, false),
        /** One stateless session per case, every outcome explained, then filtered; fast reading and writing. */
        PLAIN_SESSIONS(SessionStrategy.STATELESS_PER_CASE, false, true),
        /** One stateless session per case; only written outcomes are explained. */
        STATELESS_LEAN(SessionStrategy.STATELESS_PER_CASE, true, true),
        /** One stateful session per chunk of cases; every outcome explained, then filtered. */
        MINI_BATCH_FULL(SessionStrategy.STATEFUL_PER_LIST, false, true),
        /** One stateful session per chunk of cases; only written outcomes are explained (the default). */
        MINI_BATCH(SessionStrategy.STATEFUL_PER_LIST, true, true),
        /** One stateful session per thread, cleared between chunks; only written outcomes are explained. */
        MINI_BATCH_REUSED(SessionStrategy.STATEFUL_REUSED, true, true);

        final SessionStrategy sessions;
        final boolean lean;
        final boolean fastIo;

        Engine(SessionStrategy sessions, boolean lean, boolean fastIo) {
            this.sessions = sessions;
            this.lean = lean;
            this.fastIo = fastIo;
        }
    }

    /** What to do when the awards of a budget pool exceed its budget. */
    public enum Allocate {
        /** Report the excess only. */
        NONE,
        /** Scale the awards paid from the pool so that it is not exceeded. */
        PRO_RATA
    }

    /** The default number of cases shown in report.html. */
    public static final int DEFAULT_REPORT_CASES = 1000;

    public BatchOptions {
        inputs = List.copyOf(inputs);
        if (allocate == null) {
            allocate = Allocate.NONE;
        }
        if (engine == null) {
            engine = Engine.MINI_BATCH;
        }
        if (caseTimeout != null && caseTimeout.isZero()) {
            caseTimeout = null;
        }
        if (caseTimeout != null && caseTimeout.isNegative()) {
            throw new IllegalArgumentException("negative caseTimeout: " + caseTimeout);
        }
    }

    /** The options with the lists per department written. */
    public BatchOptions(List<Path> inputs, Path out, LocalDate asOf, int threads, Allocate allocate, boolean all,
                        int reportCases, Engine engine, Duration caseTimeout, java.nio.charset.Charset encoding,
                        boolean fullResults) {
        this(inputs, out, asOf, threads, allocate, all, reportCases, engine, caseTimeout, encoding, fullResults, true);
    }

    /** The options with CSV registers' encoding detected, and compact results (with rules.json). */
    public BatchOptions(List<Path> inputs, Path out, LocalDate asOf, int threads, Allocate allocate, boolean all,
                        int reportCases, Engine engine, Duration caseTimeout) {
        this(inputs, out, asOf, threads, allocate, all, reportCases, engine, caseTimeout, null, false);
    }

    /** The options with CSV registers read in this encoding (null: detected). */
    public BatchOptions withEncoding(java.nio.charset.Charset cs) {
        return new BatchOptions(inputs, out, asOf, threads, allocate, all, reportCases, engine, caseTimeout, cs, fullResults,
                departments);
    }

    /** The options with the default time budget per case ({@link BatchEvaluator#DEFAULT_CASE_BUDGET}). */
    public BatchOptions(List<Path> inputs, Path out, LocalDate asOf, int threads, Allocate allocate, boolean all,
                        int reportCases, Engine engine) {
        this(inputs, out, asOf, threads, allocate, all, reportCases, engine, BatchEvaluator.DEFAULT_CASE_BUDGET);
    }

    /**
     * The options with defaults: every processor, no allocation, eligible and undetermined outcomes only, 2 seconds
     * per case.
     */
    public static BatchOptions of(List<Path> inputs, Path out) {
        return new BatchOptions(inputs, out, null, 0, Allocate.NONE, false, DEFAULT_REPORT_CASES, null,
                BatchEvaluator.DEFAULT_CASE_BUDGET);
    }

    public BatchOptions withThreads(int n) {
        return new BatchOptions(inputs, out, asOf, n, allocate, all, reportCases, engine, caseTimeout, encoding, fullResults,
                departments);
    }

    public BatchOptions withAllocate(Allocate a) {
        return new BatchOptions(inputs, out, asOf, threads, a, all, reportCases, engine, caseTimeout, encoding, fullResults,
                departments);
    }

    public BatchOptions withAll(boolean a) {
        return new BatchOptions(inputs, out, asOf, threads, allocate, a, reportCases, engine, caseTimeout, encoding, fullResults,
                departments);
    }

    public BatchOptions withAsOf(LocalDate d) {
        return new BatchOptions(inputs, out, d, threads, allocate, all, reportCases, engine, caseTimeout, encoding, fullResults,
                departments);
    }

    public BatchOptions withOut(Path dir) {
        return new BatchOptions(inputs, dir, asOf, threads, allocate, all, reportCases, engine, caseTimeout, encoding, fullResults,
                departments);
    }

    public BatchOptions withReportCases(int n) {
        return new BatchOptions(inputs, out, asOf, threads, allocate, all, n, engine, caseTimeout, encoding, fullResults,
                departments);
    }

    public BatchOptions withEngine(Engine e) {
        return new BatchOptions(inputs, out, asOf, threads, allocate, all, reportCases, e, caseTimeout, encoding, fullResults,
                departments);
    }

    /** The options with a time budget per case (null or zero: no limit). */
    public BatchOptions withCaseTimeout(Duration budget) {
        return new BatchOptions(inputs, out, asOf, threads, allocate, all, reportCases, engine, budget, encoding, fullResults,
                departments);
    }

    int effectiveThreads() {
        return threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /** {@code --full-results}: every line of results.jsonl self-contained, with the rule's texts and the sentences. */
    public BatchOptions withFullResults(boolean full) {
        return new BatchOptions(inputs, out, asOf, threads, allocate, all, reportCases, engine, caseTimeout, encoding, full,
                departments);
    }

    /** {@code --no-departments} ({@code false}): no {@code departments/} workbooks. */
    public BatchOptions withDepartments(boolean write) {
        return new BatchOptions(inputs, out, asOf, threads, allocate, all, reportCases, engine, caseTimeout, encoding,
                fullResults, write);
    }
}
