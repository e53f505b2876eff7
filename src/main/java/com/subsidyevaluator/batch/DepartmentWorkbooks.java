package com.subsidyevaluator.batch;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Explainer;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.engine.PolicyData.BudgetPool;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.io.RegisterSchema;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lists per department: {@code departments/<牵头单位>.xlsx} in the batch's output, one workbook for each lead
 * department that the rule set names, with
 * <ul>
 *   <li><b>汇总</b> — the department's applicants and its three kinds of outcome apart: cash awards with an amount
 *       (summed per budget pool), cash awards whose amount is still to be set by supporting rules (按配套细则,
 *       counted per pool) and benefits that involve no money (counted by kind), as {@link Money} tells them;</li>
 *   <li><b>符合</b> — one row per eligible outcome: applicant, credit code, clause, benefit, amount (a number in 万元,
 *       or 按配套细则 / 非资金), the conditions met in words;</li>
 *   <li><b>待定</b> — the 补充材料清单: per applicant, one row per missing fact, consolidated over the department's
 *       undetermined outcomes of the applicant: the fact's label, where the register takes it, why it is needed (the
 *       requirement in words, per clause) and which clauses wait on it;</li>
 *   <li><b>相关政策</b> — the guidance outcomes (not entitlements), one row each.</li>
 * </ul>
 *
 * <p>An area led by several departments ({@code 市农业农村局、市发改局}) belongs to each of them: its outcomes are
 * listed in each named department's workbook (so adding up the workbooks counts them once per department; 汇总 says
 * so). A department's name comes from the rule set, so the file name is made safe: no path separators, no characters
 * a file system refuses, no leading dot, at most 80 characters ({@link #fileName}).
 *
 * <p>Memory stays bounded whatever the batch's size: while the batch runs, each result's rows are appended, in input
 * order, to one temporary file per department and sheet ({@code .*.part} in the folder, in a compact binary form: a
 * rule's texts by number, a case's own texts once per case); at the end each workbook is written from them, streaming,
 * row by row ({@link XlsxStream}), the workbooks in parallel. The rows are appended on a thread of their own, which the
 * batch's ordered consumer feeds through a short queue (it waits only should that thread fall behind). A
 * sheet that would pass Excel's row limit ({@link #maxRows}, header included) goes on in numbered sheets (符合 (2),
 * 符合 (3), …), which 汇总 names.
 *
 * <p>Texts that belong to the rule set (clause, title, kind, pool, note) are shared strings of the workbook; texts
 * that belong to a case (its id, the applicant, a subject, the conditions met) are inline strings, so that the
 * shared-string table, which is held in memory, does not grow with the number of cases. A text longer than the 32,767
 * characters a cell holds is cut, and says so.
 */
final class DepartmentWorkbooks {

    /** The folder in the batch's output. */
    static final String FOLDER = "departments";
    static final String SUMMARY_SHEET = "汇总";
    static final String ELIGIBLE_SHEET = "符合";
    static final String UNDETERMINED_SHEET = "待定";
    static final String RELEVANT_SHEET = "相关政策";
    /** The amount cell of a cash award whose amount the supporting rules are still to set. */
    static final String PRICED_LATER = "按配套细则";
    /** The amount cell of a benefit that involves no money. */
    static final String NO_MONEY = "非资金";
    /** The department of a rule that names none. */
    static final String NO_DEPARTMENT = "未注明牵头单位";
    /** The pool column of a cash award that names no pool. */
    static final String NO_POOL = "（未指定资金池）";

    /** Excel's limit of rows per sheet. */
    static final int EXCEL_ROWS = 1_048_576;
    /** Rows a sheet holds, its header row included: Excel's limit. Not final: a test lowers it to see the split. */
    static int maxRows = EXCEL_ROWS;
    /** Characters one cell holds (Excel's limit). */
    static final int MAX_CELL_CHARS = 32_767;

    static final String[] ELIGIBLE_HEADER = {"案例编号", "申请主体", "统一社会信用代码", "条款", "支持内容", "支持类型", "对象",
            "对象位置", "金额（万元）", "核定金额（万元）", "资金池", "金额说明", "满足的条件"};
    static final String[] UNDETERMINED_HEADER = {"案例编号", "申请主体", "统一社会信用代码", "需补充的事实", "登记表中填写位置",
            "数据位置", "为什么需要", "等待的条款", "待定事项"};
    static final String[] RELEVANT_HEADER = {"案例编号", "申请主体", "统一社会信用代码", "条款", "相关政策", "支持类型", "对象",
            "对象位置", "说明", "满足的条件"};
    private static final double[] ELIGIBLE_WIDTHS = {16, 30, 22, 8, 30, 12, 30, 18, 12, 14, 16, 40, 60};
    private static final double[] UNDETERMINED_WIDTHS = {16, 30, 22, 24, 30, 28, 60, 20, 50};
    private static final double[] RELEVANT_WIDTHS = {16, 30, 22, 8, 30, 12, 30, 18, 40, 60};

    /** Texts a temporary file numbers at most (recurring texts: conditions met, paths, requirements). */
    private static final int REFS = 50_000;
    private static final byte CASE = 1;
    private static final byte ROW = 2;

    private final Path dir;
    private final List<Path> parts;
    private final Money money;
    private final RuleSet rules;
    private final String asOf;
    private final boolean allocating;
    /** The departments, in the order the rule set first names them. */
    private final List<Dept> depts = new ArrayList<>();
    private final Map<String, Dept> byName = new LinkedHashMap<>();
    /** The departments a rule's department text names, by that text. */
    private final Map<String, Dept[]> byText = new HashMap<>();
    /** What the workbooks need of each rule, by rule name, numbered as they are first met. */
    private final Map<String, RuleInfo> ruleInfo = new HashMap<>();
    private final List<RuleInfo> ruleList = new ArrayList<>();
    private final Map<String, String> poolNames = new HashMap<>();
    private final List<String> poolOrder = new ArrayList<>();
    /** The number of the case being added (rows of one case share its texts). */
    private long caseNo;
    /** The departments with undetermined outcomes in the case being added. */
    private final List<Dept> pending = new ArrayList<>();

    /**
     * @param out        the batch's output directory (the workbooks go to its {@link #FOLDER})
     * @param parts      where each temporary file is registered (deleted with the batch's other parts)
     * @param asOf       the batch's evaluation date, or null when each case has its own
     * @param allocating whether awards are scaled (pro rata): 汇总 then shows the amounts paid too
     */
    DepartmentWorkbooks(Path out, List<Path> parts, RuleSet rules, String asOf, boolean allocating) throws IOException {
        this.dir = out.resolve(FOLDER);
        this.parts = parts;
        this.rules = rules;
        this.asOf = asOf;
        this.allocating = allocating;
        this.money = Money.of(rules);
        for (BudgetPool p : rules.data().budgets()) {
            poolNames.put(p.id(), p.name());
            poolOrder.add(p.id());
        }
        Files.createDirectories(dir);
        for (RuleDefinition r : rules.rules()) {
            if (!r.isTargetRule()) {
                for (Dept d : departments(r.department())) {
                    if (r.area() != null) {
                        d.areas.add(r.area().displayName());
                    }
                }
            }
        }
    }

    /** The departments a rule's department text names ("市农业农村局、市发改局": two), made when first named. */
    private Dept[] departments(String text) throws IOException {
        String key = text == null ? "" : text;
        Dept[] known = byText.get(key);
        if (known != null) {
            return known;
        }
        List<Dept> found = new ArrayList<>();
        for (String name : names(text)) {
            Dept d = byName.get(name);
            if (d == null) {
                d = new Dept(name, uniqueFileName(name));
                byName.put(name, d);
                depts.add(d);
            }
            if (!found.contains(d)) {
                found.add(d);
            }
        }
        Dept[] a = found.toArray(new Dept[0]);
        byText.put(key, a);
        return a;
    }

    /**
     * The departments a department text names: split at 、，,;； and white space ("市农业农村局、市发改局": two);
     * none named: {@link #NO_DEPARTMENT}.
     */
    static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String part : text.split("[、，,;；\\s]+")) {
                String n = part.strip();
                if (!n.isEmpty() && !out.contains(n)) {
                    out.add(n);
                }
            }
        }
        if (out.isEmpty()) {
            out.add(NO_DEPARTMENT);
        }
        return out;
    }

    private String uniqueFileName(String name) {
        String base = fileName(name);
        String f = base;
        Set<String> taken = new HashSet<>();
        for (Dept d : depts) {
            taken.add(d.file.toLowerCase(Locale.ROOT));
        }
        for (int n = 2; taken.contains(f.toLowerCase(Locale.ROOT)); n++) {
            f = base.substring(0, base.length() - 5) + " (" + n + ").xlsx";
        }
        return f;
    }

    /**
     * A safe file name for a department: characters no file system takes ({@code / \ : * ? " < > |}, control
     * characters) become {@code _}, leading dots and spaces and trailing dots and spaces go, the name is cut to 80
     * characters, a name Windows reserves (CON, NUL, COM1, …) gets a leading {@code _}; then {@code .xlsx}.
     */
    static String fileName(String department) {
        StringBuilder s = new StringBuilder();
        department.codePoints().forEach(c -> {
            int type = Character.getType(c);
            if (c < 0x20 || c == 0x7f || "/\\:*?\"<>|".indexOf(c) >= 0 || type == Character.FORMAT
                    || type == Character.UNASSIGNED || type == Character.SURROGATE || type == Character.PRIVATE_USE) {
                s.append('_');
            } else {
                s.appendCodePoint(c);
            }
        });
        String n = s.toString().replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (n.codePointCount(0, n.length()) > 80) {
            n = n.substring(0, n.offsetByCodePoints(0, 80));
        }
        if (n.isEmpty()) {
            n = "_";
        }
        if (n.matches("(?i)(con|prn|aux|nul|com[0-9]|lpt[0-9])(\\..*)?")) {
            n = "_" + n;
        }
        return n + ".xlsx";
    }

    // ------------------------------------------------------------------------------------------ while the batch runs

    /** One chunk's evaluated results, as handed over by the batch's consumer. */
    private record Handed(EvaluationResult[] results, String[] creditCodes, int count) {
    }

    private static final Handed END = new Handed(new EvaluationResult[0], new String[0], 0);
    /** Chunks handed over and not yet taken (the consumer waits when the rows cannot be written as fast). */
    private final java.util.concurrent.BlockingQueue<Handed> queue = new java.util.concurrent.ArrayBlockingQueue<>(8);
    private volatile Throwable failure;
    private Thread feeder;

    /**
     * Hands over one chunk's evaluated cases, in input order (from the batch's ordered consumer): {@code results[i]}
     * is null for a record that was rejected. The rows are appended on a thread of their own.
     */
    void add(EvaluationResult[] results, String[] creditCodes, int count) throws IOException {
        if (failure != null) {
            throw failed();
        }
        if (feeder == null) {
            feeder = new Thread(this::feed, "subsidy-batch-departments-feeder");
            feeder.setDaemon(true);
            feeder.start();
        }
        try {
            queue.put(new Handed(results, creditCodes, count));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while handing results to the department workbooks");
        }
    }

    private void feed() {
        while (true) {
            Handed h;
            try {
                h = queue.take();
            } catch (InterruptedException e) {
                return; // abandoned
            }
            if (h == END) {
                return;
            }
            if (failure != null) {
                continue; // failed: the batch learns it at its next hand-over or at the end; keep taking
            }
            try {
                for (int i = 0; i < h.count; i++) {
                    if (h.results[i] != null) {
                        add(h.results[i], h.creditCodes[i]);
                    }
                }
            } catch (Throwable t) {
                failure = t;
            }
        }
    }

    /** The feeding thread's failure, to throw on the batch's thread: an I/O problem as such, a bug as itself. */
    private IOException failed() {
        Throwable t = failure;
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof RuntimeException e) {
            throw new IllegalStateException("批处理内部错误（各部门清单）: " + e, e);
        }
        return t instanceof IOException io ? io : new IOException(String.valueOf(t), t);
    }

    /** Waits until every chunk handed over is in the temporary files. */
    private void drain() throws IOException {
        if (feeder == null) {
            return;
        }
        try {
            queue.put(END);
            feeder.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while finishing the department workbooks");
        }
        feeder = null;
        if (failure != null) {
            throw failed();
        }
    }

    /** Adds one evaluated case's rows (on the feeding thread, in input order). */
    private void add(EvaluationResult r, String creditCode) throws IOException {
        caseNo++;
        for (Outcome o : r.outcomes()) {
            Status s = o.status();
            if (s == Status.NOT_ELIGIBLE) {
                continue;
            }
            RuleInfo ri = info(o);
            for (Dept d : ri.depts) {
                switch (s) {
                    case ELIGIBLE -> d.eligible(r, creditCode, ri, o);
                    case RELEVANT -> d.relevant(r, creditCode, ri, o);
                    case UNDETERMINED -> d.undetermined(ri, o);
                    default -> { }
                }
            }
        }
        if (!pending.isEmpty()) {
            for (Dept d : pending) {
                d.writeMissing(r, creditCode);
            }
            pending.clear();
        }
    }

    private RuleInfo info(Outcome o) throws IOException {
        RuleInfo ri = ruleInfo.get(o.rule());
        if (ri == null) {
            Outcome.Benefit b = o.benefit();
            ri = new RuleInfo(ruleList.size(), "第" + o.clause() + "条", clauseNumber(o.clause()), o.title(), b.kind(),
                    b.pool(), b.note(), money.cash(o), departments(o.department()));
            ruleInfo.put(o.rule(), ri);
            ruleList.add(ri);
        }
        return ri;
    }

    private static int clauseNumber(String clause) {
        try {
            return Integer.parseInt(clause);
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE;
        }
    }

    /** What the workbooks take from a rule, once. */
    private record RuleInfo(int index, String clause, int clauseNumber, String title, String kind, String pool,
                            String note, boolean cash, Dept[] depts) {
    }

    /** A missing fact of one applicant, with the outcomes that wait on it (consolidated per department). */
    private static final class Missing {
        final String path;
        final String label;
        /** "第11条「研发费用加计扣除」：应有研发费用", each once. */
        final Set<String> why = new LinkedHashSet<>();
        final Set<Integer> clauses = new java.util.TreeSet<>();
        final Set<String> waiting = new LinkedHashSet<>();

        Missing(String path, String label) {
            this.path = path;
            this.label = label;
        }
    }

    /** One department: its temporary files while the batch runs, and its figures. */
    private final class Dept {
        final String name;
        final String file;
        final Set<String> areas = new LinkedHashSet<>();
        final Spool eligibleRows;
        final Spool missingRows;
        final Spool relevantRows;
        long applicantsEligible;
        long applicantsUndetermined;
        long applicantsRelevant;
        long eligible;
        long undetermined;
        long relevant;
        /** Per pool (null key: none): count and sum of the cash awards with an amount, and what is paid. */
        final Map<String, Priced> priced = new HashMap<>();
        /** Per pool: cash awards without an amount yet. */
        final Map<String, long[]> unpriced = new HashMap<>();
        /** Per kind: eligible benefits without money. */
        final Map<String, long[]> nonCash = new HashMap<>();
        /** The case's missing facts, by path (the case being added). */
        final Map<String, Missing> missing = new LinkedHashMap<>();

        Dept(String name, String file) throws IOException {
            this.name = name;
            this.file = file;
            String stem = "." + Integer.toHexString(name.hashCode()) + "-" + depts.size();
            eligibleRows = new Spool(dir.resolve(stem + "-eligible.part"));
            missingRows = new Spool(dir.resolve(stem + "-missing.part"));
            relevantRows = new Spool(dir.resolve(stem + "-relevant.part"));
        }

        void eligible(EvaluationResult r, String credit, RuleInfo ri, Outcome o) throws IOException {
            eligible++;
            Outcome.Benefit b = o.benefit();
            BigDecimal amount = b.amountWan();
            Outcome.Allocation a = b.allocation();
            BigDecimal paid = a == null ? amount : a.allocatedWan();
            if (!ri.cash) {
                nonCash.computeIfAbsent(ri.kind == null ? "其他支持" : ri.kind, k -> new long[1])[0]++;
            } else if (amount == null) {
                unpriced.computeIfAbsent(ri.pool, k -> new long[1])[0]++;
            } else {
                priced.computeIfAbsent(ri.pool, k -> new Priced()).add(amount, paid);
            }
            if (eligibleRows.startCase(caseNo, r, credit)) {
                applicantsEligible++;
            }
            Spool s = eligibleRows;
            s.row(ri.index);
            s.ref(o.subject().path());
            s.str(applicantItself(o) ? null : o.subject().description());
            s.ref(ri.cash && amount != null ? plain(amount) : null);
            s.ref(ri.cash && paid != null ? plain(paid) : null);
            s.ref(sameNote(ri, b.note()) ? null : b.note());
            s.bool(sameNote(ri, b.note()));
            s.ref(a == null ? null : a.note());
            s.ref(met(o.met()));
        }

        void relevant(EvaluationResult r, String credit, RuleInfo ri, Outcome o) throws IOException {
            relevant++;
            if (relevantRows.startCase(caseNo, r, credit)) {
                applicantsRelevant++;
            }
            Spool s = relevantRows;
            s.row(ri.index);
            s.ref(o.subject().path());
            s.str(applicantItself(o) ? null : o.subject().description());
            boolean same = sameNote(ri, o.benefit().note());
            s.bool(same);
            s.ref(same ? null : o.benefit().note());
            s.ref(met(o.met()));
        }

        void undetermined(RuleInfo ri, Outcome o) {
            undetermined++;
            if (missing.isEmpty()) {
                pending.add(this);
            }
            String item = ri.clause + "「" + ri.title + "」";
            for (MissingFact m : o.missing()) {
                Missing x = missing.computeIfAbsent(m.path(), p -> new Missing(p, m.label()));
                String required = Explainer.missingRequirement(o.subject(), m);
                x.why.add(item + "：" + (required == null ? "须提供「" + m.label() + "」才能判定" : required));
                x.clauses.add(ri.clauseNumber);
                x.waiting.add(item);
            }
            if (o.missing().isEmpty()) {
                // an undetermined outcome names what it lacks; should one not, it still waits: on the subject
                Missing x = missing.computeIfAbsent(o.subject().path(), p -> new Missing(p, o.subject().typeLabel()));
                x.why.add(item + "：事实不全，补充后才能判定");
                x.clauses.add(ri.clauseNumber);
                x.waiting.add(item);
            }
        }

        void writeMissing(EvaluationResult r, String credit) throws IOException {
            if (missingRows.startCase(caseNo, r, credit)) {
                applicantsUndetermined++;
            }
            Spool s = missingRows;
            for (Missing m : missing.values()) {
                s.row(0);
                s.ref(m.label);
                s.ref(m.path);
                s.ref(String.join("；", m.why));
                StringBuilder c = new StringBuilder();
                for (int n : m.clauses) {
                    if (!c.isEmpty()) {
                        c.append('、');
                    }
                    c.append(n == Integer.MAX_VALUE ? "?" : "第" + n + "条");
                }
                s.ref(c.toString());
                s.ref(String.join("；", m.waiting));
            }
            missing.clear();
        }
    }

    /** Whether the outcome is about the applicant itself (its name is in the row already). */
    private static boolean applicantItself(Outcome o) {
        return APPLICANT_PATH.equals(o.subject().path());
    }

    private static final String APPLICANT_PATH = "$.enterprise";

    private static boolean sameNote(RuleInfo ri, String note) {
        return note == ri.note || (note != null && note.equals(ri.note));
    }

    /** The conditions met, in words, joined by "；". */
    private static String met(List<ConditionResult> met) {
        if (met.isEmpty()) {
            return null;
        }
        if (met.size() == 1) {
            return met.get(0).text();
        }
        StringBuilder s = new StringBuilder(96);
        for (ConditionResult c : met) {
            if (!s.isEmpty()) {
                s.append('；');
            }
            s.append(c.text());
        }
        return s.toString();
    }

    private static String plain(BigDecimal v) {
        BigDecimal s = v.stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /** Sums of the cash awards with an amount of one pool. */
    private static final class Priced {
        long count;
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal paid = BigDecimal.ZERO;

        void add(BigDecimal amount, BigDecimal allocated) {
            count++;
            sum = sum.add(amount);
            paid = paid.add(allocated == null ? amount : allocated);
        }
    }

    /**
     * A temporary file of rows: a case's texts once ({@code CASE}: id, applicant, credit code), then its rows
     * ({@code ROW}: a number, then texts). A text is its length in UTF-8 bytes (four bytes; -1 for null) and the
     * bytes. Written through a buffer of its own (no lock, no copy per text).
     */
    private final class Spool {
        final Path file;
        private final OutputStream out;
        private byte[] buf = new byte[1 << 16];
        private int len;
        private long lastCase = -1;
        long rows;

        Spool(Path file) throws IOException {
            this.file = file;
            parts.add(file);
            this.out = Files.newOutputStream(file);
        }

        /** Writes the case's texts unless already written; true for the case's first row here. */
        boolean startCase(long no, EvaluationResult r, String credit) throws IOException {
            if (lastCase == no) {
                return false;
            }
            lastCase = no;
            room(1);
            buf[len++] = CASE;
            str(r.caseId());
            str(r.applicant());
            str(credit);
            return true;
        }

        void row(int n) throws IOException {
            rows++;
            room(5);
            buf[len++] = ROW;
            int4(n);
        }

        void bool(boolean b) throws IOException {
            room(1);
            buf[len++] = (byte) (b ? 1 : 0);
        }

        void str(String s) throws IOException {
            if (s == null) {
                room(4);
                int4(-1);
                return;
            }
            int n = s.length();
            room(4 + 3 * n);
            int at = len;
            len += 4;
            byte[] b = buf;
            int p = len;
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (c < 0x80) {
                    b[p++] = (byte) c;
                } else if (c < 0x800) {
                    b[p++] = (byte) (0xc0 | (c >> 6));
                    b[p++] = (byte) (0x80 | (c & 0x3f));
                } else {
                    // a surrogate is written as such (three bytes each) and read back the same way, below
                    b[p++] = (byte) (0xe0 | (c >> 12));
                    b[p++] = (byte) (0x80 | ((c >> 6) & 0x3f));
                    b[p++] = (byte) (0x80 | (c & 0x3f));
                }
            }
            len = p;
            int bytes = p - at - 4;
            b[at] = (byte) (bytes >>> 24);
            b[at + 1] = (byte) (bytes >>> 16);
            b[at + 2] = (byte) (bytes >>> 8);
            b[at + 3] = (byte) bytes;
        }

        /** Texts written by {@link #ref} so far, with their numbers (at most {@link #REFS}). */
        private final Map<String, Integer> refs = new HashMap<>();

        /**
         * A text that recurs (a condition met, a path): the first time as a text, then by its number (-2 - n), as
         * long as the table has room; {@link SpoolReader#ref} keeps the same table.
         */
        void ref(String s) throws IOException {
            if (s == null) {
                str(null);
                return;
            }
            Integer n = refs.get(s);
            if (n != null) {
                room(4);
                int4(-2 - n);
                return;
            }
            if (refs.size() < REFS) {
                refs.put(s, refs.size());
            }
            str(s);
        }

        private void int4(int v) {
            buf[len++] = (byte) (v >>> 24);
            buf[len++] = (byte) (v >>> 16);
            buf[len++] = (byte) (v >>> 8);
            buf[len++] = (byte) v;
        }

        private void room(int n) throws IOException {
            if (len + n > buf.length) {
                drain();
                if (n > buf.length) {
                    buf = new byte[n];
                }
            }
        }

        private void drain() throws IOException {
            out.write(buf, 0, len);
            len = 0;
        }

        void close() throws IOException {
            drain();
            out.close();
        }
    }

    /** Reads a {@link Spool} back. */
    private static final class SpoolReader implements AutoCloseable {
        private final java.io.InputStream in;
        private byte[] buf = new byte[1 << 16];
        private int pos;
        private int end;
        private char[] chars = new char[256];

        SpoolReader(Path file) throws IOException {
            in = Files.newInputStream(file);
        }

        /** Makes {@code n} bytes readable at {@code pos}; false at the end of the file. */
        private boolean need(int n) throws IOException {
            if (end - pos >= n) {
                return true;
            }
            if (n > buf.length) {
                byte[] b = new byte[Math.max(n, buf.length * 2)];
                System.arraycopy(buf, pos, b, 0, end - pos);
                end -= pos;
                pos = 0;
                buf = b;
            } else if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, end - pos);
                end -= pos;
                pos = 0;
            }
            while (end - pos < n) {
                int r = in.read(buf, end, buf.length - end);
                if (r < 0) {
                    return false;
                }
                end += r;
            }
            return true;
        }

        /** CASE, ROW, or -1 at the end. */
        int next() throws IOException {
            return need(1) ? buf[pos++] : -1;
        }

        int number() throws IOException {
            if (!need(4)) {
                throw new EOFException();
            }
            int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
                    | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        boolean bool() throws IOException {
            if (!need(1)) {
                throw new EOFException();
            }
            return buf[pos++] != 0;
        }

        private final List<String> refs = new ArrayList<>();

        /** A text written by {@link Spool#ref}. */
        String ref() throws IOException {
            int n = number();
            if (n <= -2) {
                return refs.get(-2 - n);
            }
            String s = text(n);
            if (s != null && refs.size() < REFS) {
                refs.add(s);
            }
            return s;
        }

        String str() throws IOException {
            return text(number());
        }

        private String text(int n) throws IOException {
            if (n < 0) {
                return null;
            }
            if (!need(n)) {
                throw new EOFException();
            }
            if (chars.length < n) {
                chars = new char[Math.max(n, chars.length * 2)];
            }
            int k = 0;
            int p = pos;
            int stop = pos + n;
            byte[] b = buf;
            while (p < stop) {
                int c = b[p++];
                if (c >= 0) {
                    chars[k++] = (char) c;
                } else if ((c & 0xe0) == 0xc0) {
                    chars[k++] = (char) (((c & 0x1f) << 6) | (b[p++] & 0x3f));
                } else {
                    chars[k++] = (char) (((c & 0x0f) << 12) | ((b[p] & 0x3f) << 6) | (b[p + 1] & 0x3f));
                    p += 2;
                }
            }
            pos = stop;
            return new String(chars, 0, k);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    // ------------------------------------------------------------------------------------------ at the end

    /** The workbooks' final names (in {@link #FOLDER}), once {@link #write} has written them. */
    private final List<Path[]> written = new ArrayList<>();
    /** Each workbook's temporary and final name, from when {@link #write} begins. */
    private final List<Path[]> workbookParts = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Writes every department's workbook under a temporary name, from the rows gathered, on up to {@code threads}
     * threads at once. Nothing is renamed yet ({@link #commit}).
     */
    void write(int threads) throws IOException {
        drain();
        for (Dept d : depts) {
            d.eligibleRows.close();
            d.missingRows.close();
            d.relevantRows.close();
        }
        List<Path[]> files = workbookParts;
        for (Dept d : depts) {
            Path part = dir.resolve("." + d.file + ".part");
            parts.add(part);
            files.add(new Path[] {part, dir.resolve(d.file)});
        }
        int n = Math.max(1, Math.min(threads, depts.size()));
        if (n == 1) {
            for (int i = 0; i < depts.size(); i++) {
                workbook(depts.get(i), files.get(i)[0]);
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
                Thread t = new Thread(r, "subsidy-batch-departments");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < depts.size(); i++) {
                    Dept d = depts.get(i);
                    Path part = files.get(i)[0];
                    done.add(pool.submit(() -> {
                        workbook(d, part);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while writing the department workbooks", e);
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException io) {
                    throw io;
                }
                if (c instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                if (c instanceof RuntimeException re) {
                    throw re;
                }
                if (c instanceof Error err) {
                    throw err;
                }
                throw new IOException(c);
            } finally {
                pool.shutdownNow();
            }
        }
        for (Dept d : depts) {
            for (Spool s : List.of(d.eligibleRows, d.missingRows, d.relevantRows)) {
                Files.deleteIfExists(s.file);
            }
        }
        written.addAll(files);
    }

    /**
     * Gives the workbooks their names, and removes workbooks of an earlier run in the folder that this run did not
     * write (a department the rule set no longer names): they would describe other results.
     */
    void commit() throws IOException {
        Set<Path> mine = new HashSet<>();
        for (Path[] f : written) {
            Files.move(f[0], f[1], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            mine.add(f[1].getFileName());
        }
        removeStale(dir, mine);
    }

    /** Closes the temporary files (after a failure; the batch deletes them). */
    void abandon() {
        Thread f = feeder;
        if (f != null) {
            f.interrupt();
            try {
                f.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Dept d : depts) {
            for (Spool s : List.of(d.eligibleRows, d.missingRows, d.relevantRows)) {
                try {
                    s.close();
                } catch (IOException | RuntimeException e) {
                    // already failing
                }
                delete(s.file);
            }
        }
        for (Path[] w : workbookParts) {
            delete(w[0]);
        }
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(dir)) {
            if (!rest.iterator().hasNext()) {
                Files.delete(dir); // made by this run, and nothing else in it
            }
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException | RuntimeException e) {
            // best effort: the batch deletes its parts once more
        }
    }

    /**
     * Deletes the workbooks ({@code *.xlsx}) in {@code folder} (a batch output's {@link #FOLDER}) but those named
     * in {@code keep}, and the folder itself when that leaves it empty.
     */
    static void removeStale(Path folder, Set<Path> keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.xlsx")) {
            for (Path f : files) {
                if (!keep.contains(f.getFileName()) && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
        try (DirectoryStream<Path> rest = Files.newDirectoryStream(folder)) {
            if (!rest.iterator().hasNext()) {
                Files.delete(folder);
            }
        }
    }

    /** The deflate level of the workbooks: the fastest; the files are about a quarter larger than at the default. */
    static final int LEVEL = 1;

    /** One department's workbook. */
    private void workbook(Dept d, Path part) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(part), 1 << 16)) {
            XlsxStream wb = new XlsxStream(os, "subsidy-evaluator", LEVEL);
            List<String> eligibleSheets = writeEligible(wb, d);
            List<String> missingSheets = writeMissing(wb, d);
            List<String> relevantSheets = writeRelevant(wb, d);
            XlsxStream.Sheet summary = wb.sheet(SUMMARY_SHEET, new double[] {44, 56, 12, 18, 20}, 0, false);
            writeSummary(summary, d, eligibleSheets, missingSheets, relevantSheets);
            summary.end();
            wb.finish();
        }
    }

    /** Rows of one kind over one or more sheets: a numbered sheet begins where one is full. */
    private static final class Sheets {
        private final XlsxStream wb;
        private final String name;
        private final String[] header;
        private final double[] widths;
        final List<String> names = new ArrayList<>();
        XlsxStream.Sheet ws;

        Sheets(XlsxStream wb, String name, String[] header, double[] widths) throws IOException {
            this.wb = wb;
            this.name = name;
            this.header = header;
            this.widths = widths;
            begin();
        }

        private void begin() throws IOException {
            if (ws != null) {
                ws.end();
            }
            String n = names.isEmpty() ? name : name + " (" + (names.size() + 1) + ")";
            names.add(n);
            ws = wb.sheet(n, widths, -1, true);
            ws.row();
            for (String h : header) {
                ws.text(h, XlsxStream.HEADER);
            }
        }

        /** The next row (on a new sheet when this one is full). */
        XlsxStream.Sheet row() throws IOException {
            if (ws.rows() >= maxRows) {
                begin();
            }
            return ws.row();
        }

        List<String> finish() throws IOException {
            ws.end();
            return names;
        }
    }

    /** The cells of one spooled row after its applicant's three, read from the spool as they are written. */
    @FunctionalInterface
    private interface RowCells {
        void write(SpoolReader in, XlsxStream.Sheet ws) throws IOException;
    }

    /**
     * Writes a sheet from its spool: each case record names the applicant of the rows after it, and each row starts
     * with that applicant's 案例编号, 申请主体 and 统一社会信用代码, followed by what {@code cells} reads and writes.
     */
    private static List<String> write(Sheets sh, Spool spool, RowCells cells) throws IOException {
        try (SpoolReader in = new SpoolReader(spool.file)) {
            String caseId = null;
            String applicant = null;
            String credit = null;
            for (int t = in.next(); t >= 0; t = in.next()) {
                if (t == CASE) {
                    caseId = cut(in.str());
                    applicant = cut(in.str());
                    credit = cut(in.str());
                    continue;
                }
                cells.write(in, sh.row().text(caseId).text(applicant).text(credit));
            }
        }
        return sh.finish();
    }

    private List<String> writeEligible(XlsxStream wb, Dept d) throws IOException {
        return write(new Sheets(wb, ELIGIBLE_SHEET, ELIGIBLE_HEADER, ELIGIBLE_WIDTHS), d.eligibleRows, (in, ws) -> {
            RuleInfo ri = ruleList.get(in.number());
            String path = in.ref();
            String subject = in.str();
            String amount = in.ref();
            String paid = in.ref();
            String note = in.ref();
            boolean ruleNote = in.bool();
            String allocationNote = in.ref();
            String met = in.ref();
            ws.shared(ri.clause).shared(cut(ri.title)).shared(ri.kind);
            subject(ws, path, subject);
            if (!ri.cash) {
                ws.shared(NO_MONEY);
            } else if (amount == null) {
                ws.shared(PRICED_LATER);
            } else {
                ws.number(new BigDecimal(amount));
            }
            ws.number(paid == null ? null : new BigDecimal(paid));
            ws.shared(ri.pool == null ? (ri.cash ? NO_POOL : null) : ri.pool);
            String n = ruleNote ? ri.note : note;
            if (allocationNote != null) {
                ws.text(cut(n == null ? allocationNote : n + "；" + allocationNote));
            } else if (ruleNote) {
                ws.shared(cut(n));
            } else {
                ws.text(cut(n));
            }
            ws.recurring(cut(met));
        });
    }

    /** The text of the 对象 column for the applicant itself (its name is in 申请主体 already). */
    static final String THE_APPLICANT = "申请主体本身";

    /** The 对象 and 对象位置 cells. */
    private static void subject(XlsxStream.Sheet ws, String path, String description) throws IOException {
        if (APPLICANT_PATH.equals(path)) {
            ws.shared(THE_APPLICANT);
        } else {
            ws.text(cut(description));
        }
        ws.recurring(cut(path));
    }

    private List<String> writeMissing(XlsxStream wb, Dept d) throws IOException {
        return write(new Sheets(wb, UNDETERMINED_SHEET, UNDETERMINED_HEADER, UNDETERMINED_WIDTHS), d.missingRows, (in, ws) -> {
            in.number();
            String label = in.ref();
            String path = in.ref();
            String why = in.ref();
            String clauses = in.ref();
            String waiting = in.ref();
            ws.recurring(cut(label)).recurring(registerPlace(path)).recurring(cut(path)).recurring(cut(why))
                    .recurring(cut(clauses)).recurring(cut(waiting));
        });
    }

    private List<String> writeRelevant(XlsxStream wb, Dept d) throws IOException {
        return write(new Sheets(wb, RELEVANT_SHEET, RELEVANT_HEADER, RELEVANT_WIDTHS), d.relevantRows, (in, ws) -> {
            RuleInfo ri = ruleList.get(in.number());
            String path = in.ref();
            String subject = in.str();
            boolean ruleNote = in.bool();
            String note = in.ref();
            String met = in.ref();
            ws.shared(ri.clause).shared(cut(ri.title)).shared(ri.kind);
            subject(ws, path, subject);
            if (ruleNote) {
                ws.shared(cut(ri.note));
            } else {
                ws.text(cut(note));
            }
            ws.recurring(cut(met));
        });
    }

    private static final String CUT = "…（超出单元格 32767 字的上限，其余从略）";

    /** The text, cut to what a cell holds (null stays null). */
    static String cut(String v) {
        if (v == null || v.length() <= MAX_CELL_CHARS) {
            return v;
        }
        int end = MAX_CELL_CHARS - CUT.length();
        if (Character.isHighSurrogate(v.charAt(end - 1))) {
            end--;
        }
        return v.substring(0, end) + CUT;
    }

    private static final Pattern PATH = Pattern.compile("\\$\\.(\\w+)(?:\\[(\\d+)])?\\.(\\w+)");
    private static final Map<String, String> PLACES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Where staff enter a fact in a register ({@code subsidy template}): "案例 表「营业收入（万元）」列" for
     * {@code $.enterprise.revenueWan}, "人才 表「人才类型」列（本案例第 1 行）" for {@code $.talents[0].role}; null for a
     * path the register has no column for.
     */
    static String registerPlace(String path) {
        if (path == null) {
            return null;
        }
        String known = PLACES.get(path);
        if (known != null) {
            return known.isEmpty() ? null : known;
        }
        String place = null;
        Matcher m = PATH.matcher(path);
        if (m.matches()) {
            String parent = m.group(1);
            String field = m.group(3);
            for (RegisterSchema.Sheet s : RegisterSchema.sheets()) {
                boolean main = s.kind() == RegisterSchema.Kind.MAIN;
                if (main ? !parent.equals("enterprise") : !parent.equals(s.field())) {
                    continue;
                }
                for (RegisterSchema.Column c : s.columns()) {
                    if (c.field().equals(field) && (!main || "enterprise".equals(c.parent()))) {
                        place = s.label() + " 表「" + c.header() + "」列"
                                + (m.group(2) == null || s.kind() != RegisterSchema.Kind.LIST ? ""
                                : "（本案例第 " + (Integer.parseInt(m.group(2)) + 1) + " 行）");
                    }
                }
            }
        }
        if (PLACES.size() < 10_000) {
            PLACES.put(path, place == null ? "" : place);
        }
        return place;
    }

    private void writeSummary(XlsxStream.Sheet ws, Dept d, List<String> eligibleSheets, List<String> missingSheets,
                              List<String> relevantSheets) throws IOException {
        ws.row().text(d.name + " · 政策直达清单", XlsxStream.TITLE);
        ws.row().text("政策文件", XlsxStream.BOLD).text(rules.document().number() + "《" + rules.document().title() + "》");
        ws.row().text("规则集", XlsxStream.BOLD).text(rules.id().id() + "（" + rules.id().hash() + "）");
        ws.row().text("评估日期", XlsxStream.BOLD).text(asOf == null ? "各案例自带的评估日期" : asOf);
        ws.row().text("牵头的领域", XlsxStream.BOLD).text(String.join("；", d.areas));
        ws.row();
        heading(ws, "申请主体", null, "个数");
        ws.row().text("有符合项的申请主体").empty().number(d.applicantsEligible);
        ws.row().text("有待定项的申请主体").empty().number(d.applicantsUndetermined);
        ws.row().text("有相关政策的申请主体").empty().number(d.applicantsRelevant);
        ws.row();

        // one: cash awards with an amount, summed per pool
        ws.row().text("一、资金奖补 · 金额已定（按资金池合计）", XlsxStream.BOLD);
        if (allocating) {
            heading(ws, "资金池", "名称", "项数", "金额合计（万元）", "核定金额合计（万元）");
        } else {
            heading(ws, "资金池", "名称", "项数", "金额合计（万元）");
        }
        long pricedCount = 0;
        BigDecimal pricedSum = BigDecimal.ZERO;
        BigDecimal paidSum = BigDecimal.ZERO;
        for (String pool : pools(d.priced.keySet())) {
            Priced p = d.priced.get(pool);
            ws.row().text(pool == null ? NO_POOL : pool).text(pool == null ? null : poolNames.get(pool)).number(p.count)
                    .number(p.sum);
            if (allocating) {
                ws.number(p.paid);
            }
            pricedCount += p.count;
            pricedSum = pricedSum.add(p.sum);
            paidSum = paidSum.add(p.paid);
        }
        ws.row().text("合计", XlsxStream.BOLD).empty().number(pricedCount).number(pricedSum);
        if (allocating) {
            ws.number(paidSum);
        }
        ws.row();

        // two: cash awards whose amount is still to be set, counted per pool
        ws.row().text("二、资金奖补 · 金额待配套细则确定（按资金池计数，不合计金额）", XlsxStream.BOLD);
        heading(ws, "资金池", "名称", "项数");
        long unpricedCount = 0;
        for (String pool : pools(d.unpriced.keySet())) {
            long n = d.unpriced.get(pool)[0];
            ws.row().text(pool == null ? NO_POOL : pool).text(pool == null ? null : poolNames.get(pool)).number(n);
            unpricedCount += n;
        }
        ws.row().text("合计", XlsxStream.BOLD).empty().number(unpricedCount);
        ws.row();

        // three: benefits that involve no money, counted by kind
        ws.row().text("三、不涉及资金的符合项（按支持类型计数）", XlsxStream.BOLD);
        heading(ws, "支持类型", null, "项数");
        long nonCashCount = 0;
        for (String kind : kinds(d.nonCash.keySet())) {
            long n = d.nonCash.get(kind)[0];
            ws.row().text(kind).empty().number(n);
            nonCashCount += n;
        }
        ws.row().text("合计", XlsxStream.BOLD).empty().number(nonCashCount);
        ws.row();

        heading(ws, "其他", "见", "项数");
        ws.row().text("符合项合计（一 + 二 + 三）").text("「" + String.join("」「", eligibleSheets) + "」表").number(d.eligible);
        ws.row().text("待定项（缺少事实，补充后才能判定）").text("补充材料清单：「" + String.join("」「", missingSheets) + "」表，共 "
                + d.missingRows.rows + " 行（每个申请主体缺少的每项事实一行）").number(d.undetermined);
        ws.row().text("相关政策（鼓励、支持、优先等，不是确定的奖补或资格）").text("「" + String.join("」「", relevantSheets) + "」表")
                .number(d.relevant);
        ws.row();

        ws.row().text("说明", XlsxStream.BOLD);
        List<String> notes = new ArrayList<>();
        notes.add("金额单位为万元。「符合」表的金额列：金额已定的资金奖补为数字（可求和）；金额待配套细则确定的写「" + PRICED_LATER
                + "」；不涉及资金的写「" + NO_MONEY + "」。三者分开统计，不相加。");
        notes.add("资金池按奖补直接列明的资金池统计，不向上级资金池汇总；全市合计见 summary.json 与 report.html。");
        List<String> joint = new ArrayList<>();
        for (Map.Entry<String, Dept[]> e : byText.entrySet()) {
            if (e.getValue().length > 1 && java.util.Arrays.asList(e.getValue()).contains(d)) {
                joint.add(e.getKey());
            }
        }
        java.util.Collections.sort(joint);
        for (String text : joint) {
            notes.add("「" + text + "」共同牵头的条款，其结果在每个牵头单位的工作簿中都列出：把各单位的工作簿相加时，这些结果会重复计算。");
        }
        for (List<String> sheets : List.of(eligibleSheets, missingSheets, relevantSheets)) {
            if (sheets.size() > 1) {
                notes.add("「" + sheets.get(0) + "」的行数超过一张工作表的上限（" + (maxRows - 1) + " 行，另有表头），续在「"
                        + String.join("」「", sheets.subList(1, sheets.size())) + "」表中，顺序不变。");
            }
        }
        for (String n : notes) {
            ws.row().text(n);
        }
    }

    private static void heading(XlsxStream.Sheet ws, String a, String b, String... rest) throws IOException {
        ws.row().text(a, XlsxStream.HEADER).text(b == null ? "" : b, XlsxStream.HEADER);
        for (String r : rest) {
            ws.text(r, XlsxStream.HEADER);
        }
    }

    /** Pools in budgets.yaml's order, then any other, then none. */
    private List<String> pools(Set<String> used) {
        List<String> out = new ArrayList<>();
        for (String p : poolOrder) {
            if (used.contains(p)) {
                out.add(p);
            }
        }
        new TreeMap<String, Boolean>(used.stream().filter(p -> p != null && !poolOrder.contains(p))
                .collect(java.util.stream.Collectors.toMap(p -> p, p -> true))).keySet().forEach(out::add);
        if (used.contains(null)) {
            out.add(null);
        }
        return out;
    }

    /** Kinds in the rule language's order, then any other. */
    private static List<String> kinds(Set<String> used) {
        List<String> out = new ArrayList<>();
        for (com.subsidyevaluator.engine.BenefitKind k : com.subsidyevaluator.engine.BenefitKind.values()) {
            if (used.contains(k.label())) {
                out.add(k.label());
            }
        }
        new java.util.TreeSet<>(used).forEach(k -> {
            if (!out.contains(k)) {
                out.add(k);
            }
        });
        return out;
    }
}
