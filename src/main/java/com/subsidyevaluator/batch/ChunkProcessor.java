package com.subsidyevaluator.batch;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.subsidyevaluator.batch.RecordReader.Chunk;
import com.subsidyevaluator.engine.BatchEvaluator;
import com.subsidyevaluator.engine.CaseTimeoutException;
import com.subsidyevaluator.engine.EvaluationAbandonedException;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The work of one thread on one chunk: read each record into the fact model, evaluate the valid ones together
 * (one engine session for the chunk), and write each result's line of {@code results.jsonl} and rows of
 * {@code awards.csv}. A record that cannot be read becomes a {@link Rejection}; a record the engine fails on is
 * evaluated again on its own, and only that record is rejected if it fails again. Likewise when the chunk's
 * evaluation exceeds the time budget per case: the case known to be slow is rejected (errors.jsonl names the rule
 * that was running and the budget), and the others are evaluated again one at a time, each within its own budget.
 */
final class ChunkProcessor {

    /** What became of the records of one chunk, in order. */
    static final class Done {
        final Chunk chunk;
        final int count;
        final String[] caseId;
        /** The applicant's 统一社会信用代码 of each evaluated record, or null (for the department workbooks). */
        final String[] creditCode;
        final EvaluationResult[] result;
        final Rejection[] rejection;
        /**
         * results.jsonl bytes (a buffer of {@link Buffers}, longer than what was written); record i's line ends at
         * resultEnd[i] (starts where i-1 ended).
         */
        byte[] results;
        final int[] resultEnd;
        byte[] awards;
        final int[] awardEnd;

        Done(Chunk chunk) {
            this.chunk = chunk;
            this.count = chunk.count;
            this.caseId = new String[count];
            this.creditCode = new String[count];
            this.result = new EvaluationResult[count];
            this.rejection = new Rejection[count];
            this.resultEnd = new int[count];
            this.awardEnd = new int[count];
        }
    }

    private final LocalDate asOf;
    private final boolean all;
    private final boolean lean;
    private final boolean fastIo;
    private final boolean write;
    private final PoolAllocation allocation;
    private final Supplier<BatchEvaluator> evaluators;
    private final ObjectWriter json = Json.compact();
    /** Byte buffers handed back by the writer once it has written a chunk's bytes. */
    final Buffers buffers = new Buffers();

    /**
     * Buffers for the bytes of chunks, reused: a chunk's bytes (about a megabyte) stay alive while they wait to be
     * written, so new ones each time would be copied by every young collection; reused ones settle in the old
     * generation. At most {@link #MAX} are kept, none larger than {@link #LARGEST}.
     */
    static final class Buffers {
        static final int MAX = 16;
        static final int LARGEST = 4 << 20;
        private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> free = new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();

        byte[] take(int atLeast) {
            byte[] b = free.poll();
            if (b == null) {
                return new byte[atLeast];
            }
            count.decrementAndGet();
            return b;
        }

        void give(byte[] b) {
            if (b == null || b.length > LARGEST) {
                return;
            }
            if (count.incrementAndGet() <= MAX) {
                free.offer(b);
            } else {
                count.decrementAndGet();
            }
        }
    }

    /**
     * @param asOf       overrides every case's date, or null
     * @param all        also keep not-eligible outcomes
     * @param lean       explain only the outcomes that are kept (false: explain all, then filter)
     * @param fastIo     read and write with the fast paths (false: with the JSON mapper only, for comparison)
     * @param write      write results and award rows (false for a pass that only adds up amounts)
     * @param allocation pro-rata factors to apply, or null
     * @param evaluators the calling thread's evaluator
     */
    ChunkProcessor(LocalDate asOf, boolean all, boolean lean, boolean fastIo, boolean write, PoolAllocation allocation,
                   Supplier<BatchEvaluator> evaluators) {
        this.asOf = asOf;
        this.all = all;
        this.lean = lean;
        this.fastIo = fastIo;
        this.write = write;
        this.allocation = allocation;
        this.evaluators = evaluators;
    }

    /**
     * The processing of one chunk, on a worker thread. It may take more than one attempt: when a worker thread runs
     * past the time budget and does not stop when asked (a loop that cannot be interrupted), it is abandoned and the
     * chunk is processed again from its bytes by another thread ({@link #onAbandoned}), one case at a time, the case
     * found to be slow rejected without being evaluated again. Only the attempt that finishes completes {@link #done}.
     */
    final class Job implements Runnable {
        final Chunk chunk;
        final CompletableFuture<Done> done = new CompletableFuture<>();
        /** Records of the chunk (by index in it) that an abandoned attempt found over the budget, with the reason. */
        final Map<Integer, String> slow = new ConcurrentHashMap<>();
        /** Whether an attempt was abandoned: the next evaluates one case at a time. */
        volatile boolean apart;

        Job(Chunk chunk) {
            this.chunk = chunk;
        }

        @Override
        public void run() {
            try {
                done.complete(process(this));
            } catch (EvaluationAbandonedException late) {
                // this attempt was abandoned and another one took the chunk over
                onReturned.run();
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }

        /** What an evaluation that abandons the calling thread does: the chunk goes to another attempt. */
        private Consumer<CaseTimeoutException> ifAbandoned(int[] index, int record) {
            return timeout -> {
                int k = record >= 0 ? record : timeout.caseIndex() >= 0 ? index[timeout.caseIndex()] : -1;
                if (k >= 0) {
                    slow.put(k, timeout.getMessage());
                }
                apart = true;
                onAbandoned.accept(this);
            };
        }
    }

    /** Which outcomes involve money, for awards.csv (set by the runner from the rule set). */
    Money money = Money.of(null);

    /** Starts another attempt at a job whose worker thread was abandoned (set by the runner). */
    Consumer<Job> onAbandoned = job -> job.done.completeExceptionally(new IllegalStateException("worker abandoned"));
    /** An abandoned worker thread came back (set by the runner). */
    Runnable onReturned = () -> { };

    Done process(Chunk chunk) {
        return process(new Job(chunk));
    }

    /** One record of a chunk: the case, dated for the batch, or why it is not one. */
    record Read(CaseFile c, Rejection rejection) {
    }

    /**
     * Reads record {@code i} of a chunk into a case ({@code asOf}, when given, replacing its date), or the record's
     * rejection: unreadable, not a valid case (at the problem's line and column), or without a date.
     */
    static Read read(Chunk chunk, int i, LocalDate asOf, boolean fastIo) {
        long recordNo = chunk.firstRecord + i + 1;
        String source = chunk.source[i];
        Integer line = chunk.jsonLines[i] ? chunk.line[i] : null;
        if (chunk.readError[i] != null) {
            return new Read(null, new Rejection(source, recordNo, line, null, null, null, chunk.readError[i]));
        }
        CaseFile c;
        try {
            c = fastIo
                    ? CaseReader.parse(source, chunk.data, chunk.offset[i], chunk.length[i],
                            chunk.jsonLines[i] ? chunk.line[i] - 1 : 0)
                    : CaseReader.parseWithMapper(source, chunk.data, chunk.offset[i], chunk.length[i],
                            chunk.jsonLines[i] ? chunk.line[i] - 1 : 0);
        } catch (CaseFormatException e) {
            // a problem without a place (e.g. nesting too deep, found before a line is known) is the record's:
            // never unbox the record's line, which a single-case file does not have (null)
            Integer where = e.line() > 0 ? Integer.valueOf(e.line()) : line;
            Integer column = e.column() > 0 ? Integer.valueOf(e.column()) : null;
            return new Read(null, new Rejection(source, recordNo, where, column, e.jsonPath(), null, e.problem()));
        } catch (RuntimeException e) {
            return new Read(null, new Rejection(source, recordNo, line, null, "$", null, "无法读取：" + e));
        }
        if (asOf != null) {
            return new Read(c.withAsOf(asOf), null);
        }
        if (c.asOf() == null) {
            return new Read(null, new Rejection(source, recordNo, line, null, "$.asOf", c.caseId(), CaseReader.MISSING_AS_OF));
        }
        return new Read(c, null);
    }

    private Done process(Job job) {
        Chunk chunk = job.chunk;
        Done d = new Done(chunk);
        List<CaseFile> cases = new ArrayList<>(chunk.count);
        int[] index = new int[chunk.count];
        for (int i = 0; i < chunk.count; i++) {
            Read read = read(chunk, i, asOf, fastIo);
            if (read.rejection() != null) {
                d.rejection[i] = read.rejection();
                continue;
            }
            CaseFile c = read.c();
            d.caseId[i] = c.caseId();
            d.creditCode[i] = c.enterprise() == null ? null : c.enterprise().creditCode();
            index[cases.size()] = i;
            cases.add(c);
        }
        List<EvaluationResult> results = evaluate(cases, d, index, job);
        for (int k = 0; k < cases.size(); k++) {
            EvaluationResult r = results.get(k);
            if (r != null) {
                d.result[index[k]] = allocation == null ? r : allocate(r);
            }
        }
        if (write) {
            serialize(d);
        }
        return d;
    }

    private List<EvaluationResult> evaluate(List<CaseFile> cases, Done d, int[] index, Job job) {
        if (cases.isEmpty()) {
            return List.of();
        }
        BatchEvaluator e = evaluators.get();
        int slow = -1;
        String slowReason = null;
        if (!job.apart) {
            try {
                return evaluate(e, cases, job.ifAbandoned(index, -1));
            } catch (CancellationException stop) {
                throw stop; // interrupted, or abandoned (the chunk is another attempt's now)
            } catch (CaseTimeoutException timeout) {
                // over the time budget: the slow case, when known, is rejected; the others are evaluated again
                if (timeout.caseIndex() >= 0 && timeout.caseIndex() < cases.size() && cases.size() > 1) {
                    slow = timeout.caseIndex();
                    slowReason = timeout.getMessage();
                }
            } catch (RuntimeException whole) {
                // one case broke the engine: evaluate each on its own so that only that case is rejected
            }
        }
        List<EvaluationResult> out = new ArrayList<>(cases.size());
        for (int k = 0; k < cases.size(); k++) {
            String reason = job.slow.get(index[k]);
            if (reason != null) {
                // found over the budget by an abandoned attempt: not evaluated again
            } else if (k == slow) {
                reason = slowReason;
            } else {
                try {
                    out.add(evaluate(e, List.of(cases.get(k)), job.ifAbandoned(index, index[k])).get(0));
                    continue;
                } catch (CancellationException stop) {
                    throw stop;
                } catch (CaseTimeoutException one) {
                    reason = one.getMessage();
                } catch (RuntimeException one) {
                    reason = "评估时发生内部错误（请报告给开发者）：" + one;
                }
            }
            int i = index[k];
            Chunk c = d.chunk;
            d.rejection[i] = new Rejection(c.source[i], c.firstRecord + i + 1, c.jsonLines[i] ? c.line[i] : null,
                    null, "$", d.caseId[i], reason);
            d.caseId[i] = null;
            out.add(null);
        }
        return out;
    }

    private List<EvaluationResult> evaluate(BatchEvaluator e, List<CaseFile> cases,
                                            Consumer<CaseTimeoutException> ifAbandoned) {
        if (lean || all) {
            return e.evaluate(cases, all, ifAbandoned);
        }
        List<EvaluationResult> full = e.evaluate(cases, true, ifAbandoned);
        List<EvaluationResult> out = new ArrayList<>(full.size());
        for (EvaluationResult r : full) {
            out.add(r.visible(false));
        }
        return out;
    }

    private EvaluationResult allocate(EvaluationResult r) {
        List<Outcome> outcomes = null;
        for (int j = 0; j < r.outcomes().size(); j++) {
            Outcome o = r.outcomes().get(j);
            if (o.status() != Status.ELIGIBLE) {
                continue;
            }
            Outcome.Allocation a = allocation.allocate(o.benefit().pool(), o.benefit().amountWan());
            if (a == null) {
                continue;
            }
            if (outcomes == null) {
                outcomes = new ArrayList<>(r.outcomes());
            }
            outcomes.set(j, o.withBenefit(o.benefit().withAllocation(a)));
        }
        return outcomes == null ? r : new EvaluationResult(r.caseId(), r.asOf(), r.applicant(), r.ruleSet(), r.inForce(),
                List.copyOf(outcomes));
    }

    /** Whether results can be written by {@link ResultJson} (else the mapper writes them). */
    private static final boolean FAST_JSON = ResultJson.supports();

    /** What each thread keeps from chunk to chunk (a rule's texts recur in every chunk). */
    private static final ThreadLocal<ResultJson.Kept> KEPT = ThreadLocal.withInitial(ResultJson.Kept::new);

    /** Writes compact lines with the rule set's catalogue; null: the full, self-contained lines (--full-results). */
    CompactResults compact;

    private void serialize(Done d) {
        // results are about seven times the input, award rows about one and a half (the buffer grows if not)
        ResultJson.Bytes results = new ResultJson.Bytes(buffers.take(Math.max(4096, d.chunk.used * 8)), KEPT.get());
        ResultJson.Bytes awards = new ResultJson.Bytes(buffers.take(Math.max(4096, d.chunk.used * 2)), KEPT.get());
        for (int i = 0; i < d.count; i++) {
            EvaluationResult r = d.result[i];
            if (r != null) {
                int start = results.size();
                try {
                    if (compact != null) {
                        compact.write(r, results);
                    } else if (FAST_JSON && fastIo) {
                        ResultJson.write(r, results);
                    } else {
                        results.put(json.writeValueAsBytes(r));
                    }
                } catch (IOException e) {
                    results.truncate(start);
                    try {
                        results.put(json.writeValueAsBytes(r));
                    } catch (IOException again) {
                        throw new UncheckedIOException(again);
                    }
                }
                results.put((byte) '\n');
                AwardsCsv.rows(awards, r, money);
            }
            d.resultEnd[i] = results.size();
            d.awardEnd[i] = awards.size();
        }
        d.results = results.array();
        d.awards = awards.array();
    }
}
