package com.subsidyevaluator.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.EvaluationResult.RuleSetId;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Outcome.Allocation;
import com.subsidyevaluator.engine.Outcome.Benefit;
import com.subsidyevaluator.engine.Outcome.ConditionResult;
import com.subsidyevaluator.engine.Outcome.MissingFact;
import com.subsidyevaluator.engine.Outcome.Subject;
import com.subsidyevaluator.io.Json;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes results as compact JSON exactly as {@link Json#compact()} does — the same properties in the same order,
 * the same escapes and number forms — but faster: each result record's properties are written by code that names
 * them, texts are encoded to UTF-8 in one pass, and what recurs (a rule's texts, its benefit, the rule set's id)
 * is copied from what the thread keeps. {@link #supports()} checks that the result records have exactly the
 * properties written here, in the order their {@link JsonPropertyOrder} gives, and no other Jackson annotations;
 * when a record changes, it says no and the batch writes with the mapper (correct, slower) until this class
 * follows. Tests compare the output with the mapper's byte for byte.
 */
final class ResultJson {

    /** Each result record with the properties written here, in order. */
    private static final Map<Class<?>, List<String>> WRITTEN = new LinkedHashMap<>();

    static {
        WRITTEN.put(EvaluationResult.class, List.of("caseId", "asOf", "applicant", "ruleSet", "inForce", "outcomes"));
        WRITTEN.put(RuleSetId.class, List.of("id", "document", "hash"));
        WRITTEN.put(Outcome.class, List.of("clause", "rule", "title", "area", "department", "subject", "status", "benefit",
                "met", "unmet", "missing", "explanation"));
        WRITTEN.put(Subject.class, List.of("type", "typeLabel", "path", "id", "description"));
        WRITTEN.put(Benefit.class, List.of("kind", "amountWan", "note", "pool", "allocation"));
        WRITTEN.put(Allocation.class, List.of("pool", "requestedWan", "allocatedWan", "ratio", "note"));
        WRITTEN.put(ConditionResult.class, List.of("field", "label", "condition", "actual", "required", "gap", "text"));
        WRITTEN.put(MissingFact.class, List.of("path", "label", "condition"));
    }

    private ResultJson() {
    }

    /**
     * Whether the result records are as this writer writes them: the same components in the order of their
     * {@link JsonPropertyOrder}, no bean getters Jackson would also write, and no Jackson annotation but that
     * order and {@code @JsonInclude(NON_NULL)} on a benefit's allocation.
     */
    static boolean supports() {
        // a status is written as its name, as the mapper writes an enum without Jackson annotations
        if (Arrays.stream(com.subsidyevaluator.engine.Status.class.getAnnotations()).anyMatch(ResultJson::isJackson)
                || Arrays.stream(com.subsidyevaluator.engine.Status.class.getDeclaredMethods())
                .anyMatch(m -> Arrays.stream(m.getAnnotations()).anyMatch(ResultJson::isJackson))) {
            return false;
        }
        for (Map.Entry<Class<?>, List<String>> e : WRITTEN.entrySet()) {
            Class<?> type = e.getKey();
            JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
            List<String> names = Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).toList();
            if (order == null || order.alphabetic() || !List.of(order.value()).equals(e.getValue())
                    || !new java.util.HashSet<>(names).equals(new java.util.HashSet<>(e.getValue()))
                    || Arrays.stream(type.getAnnotations()).anyMatch(a -> isJackson(a) && !(a instanceof JsonPropertyOrder))) {
                return false;
            }
            for (RecordComponent rc : type.getRecordComponents()) {
                List<Annotation> annotations = new ArrayList<>(Arrays.asList(rc.getAnnotations()));
                annotations.addAll(Arrays.asList(rc.getAccessor().getAnnotations()));
                for (Annotation a : annotations) {
                    boolean allowed = type == Benefit.class && rc.getName().equals("allocation") && a instanceof JsonInclude inc
                            && inc.value() == JsonInclude.Include.NON_NULL;
                    if (isJackson(a) && !allowed) {
                        return false;
                    }
                }
            }
            for (Method m : type.getMethods()) {
                if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() != type
                        || names.contains(m.getName())) {
                    continue; // accessors were checked with their components
                }
                String n = m.getName();
                boolean getter = n.length() > 3 && n.startsWith("get") && Character.isUpperCase(n.charAt(3))
                        || n.length() > 2 && n.startsWith("is") && Character.isUpperCase(n.charAt(2));
                if (getter || Arrays.stream(m.getAnnotations()).anyMatch(ResultJson::isJackson)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean isJackson(Annotation a) {
        return a.annotationType().getName().startsWith("com.fasterxml.jackson");
    }

    // ------------------------------------------------------------------------------------------ records

    private static byte[] first(String name) {
        return ("{\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] next(String name) {
        return (",\"" + name + "\":").getBytes(StandardCharsets.UTF_8);
    }

    private static final byte[] R_CASE_ID = first("caseId");
    private static final byte[] R_AS_OF = next("asOf");
    private static final byte[] R_APPLICANT = next("applicant");
    private static final byte[] R_RULE_SET = next("ruleSet");
    private static final byte[] R_IN_FORCE = next("inForce");
    private static final byte[] R_OUTCOMES = next("outcomes");

    /** Appends the JSON of a result to {@code out}. */
    static void write(EvaluationResult r, Bytes out) throws IOException {
        out.put(R_CASE_ID);
        once(r.caseId(), out);
        out.put(R_AS_OF);
        date(r.asOf(), out);
        out.put(R_APPLICANT);
        once(r.applicant(), out);
        out.put(R_RULE_SET);
        ruleSet(r.ruleSet(), out);
        out.put(R_IN_FORCE);
        out.put(r.inForce() ? TRUE : FALSE);
        out.put(R_OUTCOMES);
        List<Outcome> outcomes = r.outcomes();
        if (outcomes == null) {
            out.put(NULL);
        } else {
            out.put((byte) '[');
            for (int i = 0; i < outcomes.size(); i++) {
                if (i > 0) {
                    out.put((byte) ',');
                }
                outcome(outcomes.get(i), out);
            }
            out.put((byte) ']');
        }
        out.put((byte) '}');
    }

    private static final byte[] ID_ID = first("id");
    private static final byte[] ID_DOCUMENT = next("document");
    private static final byte[] ID_HASH = next("hash");

    static void ruleSet(RuleSetId id, Bytes out) throws IOException {
        if (id == null) {
            out.put(NULL);
            return;
        }
        if (kept(id, out)) {
            return;
        }
        int start = out.size();
        out.put(ID_ID);
        text(id.id(), out);
        out.put(ID_DOCUMENT);
        text(id.document(), out);
        out.put(ID_HASH);
        text(id.hash(), out);
        out.put((byte) '}');
        keep(id, start, out);
    }

    private static final byte[] O_CLAUSE = first("clause");
    private static final byte[] O_RULE = next("rule");
    private static final byte[] O_TITLE = next("title");
    private static final byte[] O_AREA = next("area");
    private static final byte[] O_DEPARTMENT = next("department");
    private static final byte[] O_SUBJECT = next("subject");
    private static final byte[] O_STATUS = next("status");
    private static final byte[] O_BENEFIT = next("benefit");
    private static final byte[] O_MET = next("met");
    private static final byte[] O_UNMET = next("unmet");
    private static final byte[] O_MISSING = next("missing");
    private static final byte[] O_EXPLANATION = next("explanation");

    static void outcome(Outcome o, Bytes out) throws IOException {
        if (o == null) {
            out.put(NULL);
            return;
        }
        out.put(O_CLAUSE);
        ruleText(o.clause(), out);
        out.put(O_RULE);
        ruleText(o.rule(), out);
        out.put(O_TITLE);
        ruleText(o.title(), out);
        out.put(O_AREA);
        ruleText(o.area(), out);
        out.put(O_DEPARTMENT);
        ruleText(o.department(), out);
        out.put(O_SUBJECT);
        subject(o.subject(), out);
        out.put(O_STATUS);
        ruleText(o.status() == null ? null : o.status().name(), out);
        out.put(O_BENEFIT);
        benefit(o.benefit(), out);
        out.put(O_MET);
        conditions(o.met(), out);
        out.put(O_UNMET);
        conditions(o.unmet(), out);
        out.put(O_MISSING);
        List<MissingFact> missing = o.missing();
        if (missing == null) {
            out.put(NULL);
        } else {
            out.put((byte) '[');
            for (int i = 0; i < missing.size(); i++) {
                if (i > 0) {
                    out.put((byte) ',');
                }
                missing(missing.get(i), out);
            }
            out.put((byte) ']');
        }
        out.put(O_EXPLANATION);
        once(o.explanation(), out);
        out.put((byte) '}');
    }

    private static final byte[] S_TYPE = first("type");
    private static final byte[] S_TYPE_LABEL = next("typeLabel");
    private static final byte[] S_PATH = next("path");
    private static final byte[] S_ID = next("id");
    private static final byte[] S_DESCRIPTION = next("description");

    private static void subject(Subject s, Bytes out) throws IOException {
        if (s == null) {
            out.put(NULL);
            return;
        }
        out.put(S_TYPE);
        ruleText(s.type(), out);
        out.put(S_TYPE_LABEL);
        ruleText(s.typeLabel(), out);
        out.put(S_PATH);
        text(s.path(), out);
        out.put(S_ID);
        text(s.id(), out);
        out.put(S_DESCRIPTION);
        text(s.description(), out);
        out.put((byte) '}');
    }

    private static final byte[] B_KIND = first("kind");
    private static final byte[] B_AMOUNT = next("amountWan");
    private static final byte[] B_NOTE = next("note");
    private static final byte[] B_POOL = next("pool");
    private static final byte[] B_ALLOCATION = next("allocation");

    private static void benefit(Benefit b, Bytes out) throws IOException {
        if (b == null) {
            out.put(NULL);
            return;
        }
        // a rule's benefit is one object for all its outcomes; one with an allocation is made per outcome
        boolean shared = b.allocation() == null;
        if (shared && kept(b, out)) {
            return;
        }
        int start = out.size();
        out.put(B_KIND);
        ruleText(b.kind(), out);
        out.put(B_AMOUNT);
        decimal(b.amountWan(), out);
        out.put(B_NOTE);
        ruleText(b.note(), out);
        out.put(B_POOL);
        ruleText(b.pool(), out);
        Allocation a = b.allocation();
        if (a != null) { // @JsonInclude(NON_NULL)
            out.put(B_ALLOCATION);
            allocation(a, out);
        }
        out.put((byte) '}');
        if (shared) {
            keep(b, start, out);
        }
    }

    private static final byte[] A_POOL = first("pool");
    private static final byte[] A_REQUESTED = next("requestedWan");
    private static final byte[] A_ALLOCATED = next("allocatedWan");
    private static final byte[] A_RATIO = next("ratio");
    private static final byte[] A_NOTE = next("note");

    static void allocation(Allocation a, Bytes out) throws IOException {
        out.put(A_POOL);
        text(a.pool(), out);
        out.put(A_REQUESTED);
        decimal(a.requestedWan(), out);
        out.put(A_ALLOCATED);
        decimal(a.allocatedWan(), out);
        out.put(A_RATIO);
        once(a.ratio(), out);
        out.put(A_NOTE);
        once(a.note(), out);
        out.put((byte) '}');
    }

    private static final byte[] C_FIELD = first("field");
    private static final byte[] C_LABEL = next("label");
    private static final byte[] C_CONDITION = next("condition");
    private static final byte[] C_ACTUAL = next("actual");
    private static final byte[] C_REQUIRED = next("required");
    private static final byte[] C_GAP = next("gap");
    private static final byte[] C_TEXT = next("text");

    private static void conditions(List<ConditionResult> list, Bytes out) throws IOException {
        if (list == null) {
            out.put(NULL);
            return;
        }
        out.put((byte) '[');
        for (int i = 0; i < list.size(); i++) {
            if (i > 0) {
                out.put((byte) ',');
            }
            ConditionResult c = list.get(i);
            if (c == null) {
                out.put(NULL);
                continue;
            }
            out.put(C_FIELD);
            ruleText(c.field(), out);
            out.put(C_LABEL);
            ruleText(c.label(), out);
            out.put(C_CONDITION);
            ruleText(c.condition(), out);
            out.put(C_ACTUAL);
            text(c.actual(), out);
            out.put(C_REQUIRED);
            text(c.required(), out);
            out.put(C_GAP);
            text(c.gap(), out);
            out.put(C_TEXT);
            text(c.text(), out);
            out.put((byte) '}');
        }
        out.put((byte) ']');
    }

    private static final byte[] M_PATH = first("path");
    private static final byte[] M_LABEL = next("label");
    private static final byte[] M_CONDITION = next("condition");

    private static void missing(MissingFact m, Bytes out) throws IOException {
        if (m == null) {
            out.put(NULL);
            return;
        }
        out.put(M_PATH);
        once(m.path(), out);
        out.put(M_LABEL);
        ruleText(m.label(), out);
        out.put(M_CONDITION);
        ruleText(m.condition(), out);
        out.put((byte) '}');
    }

    /** Whether the JSON of this record (immutable, so always written the same) was kept; if so appends it. */
    private static boolean kept(Object shared, Bytes out) {
        byte[] b = out.records.get(shared);
        if (b != null) {
            out.put(b);
            return true;
        }
        return false;
    }

    private static void keep(Object shared, int start, Bytes out) {
        out.records.put(shared, out.copy(start));
    }

    /**
     * A rule's own text — its name, title, area and department, a condition's words, a field's label, a benefit's
     * kind and note: the same object in every outcome of the rule. Kept whatever its length (a condition written
     * over several lines is long, and has line breaks to escape), in a table of its own that texts made for one
     * case never enter, so that it is encoded once per thread.
     */
    static void ruleText(String s, Bytes out) throws IOException {
        if (s == null) {
            out.put(NULL);
            return;
        }
        cachedText(s, out, out.ruleTexts, Integer.MAX_VALUE);
    }

    static void text(String s, Bytes out) throws IOException {
        if (s == null) {
            out.put(NULL);
        } else {
            string(s, out);
        }
    }

    /**
     * A text written once where it is made (a case's id and applicant, a sentence, a missing fact's path): encoded
     * without looking in, or filling, what the thread keeps, which it would only push recurring texts out of. Texts
     * that recur — a rule's own, a subject's id and name in each of its outcomes, a condition explained once per
     * value — go through {@link #string}.
     */
    static void once(String s, Bytes out) throws IOException {
        if (s == null) {
            out.put(NULL);
        } else {
            encode(s, out);
        }
    }

    static void decimal(BigDecimal v, Bytes out) {
        if (v == null) {
            out.put(NULL);
        } else {
            out.ascii(v.toPlainString());
        }
    }

    static void date(LocalDate d, Bytes out) {
        if (d == null) {
            out.put(NULL);
            return;
        }
        out.put((byte) '"');
        out.ascii(d.toString());
        out.put((byte) '"');
    }

    static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /**
     * A JSON string with the mapper's escapes: quote, backslash and control characters; nothing else. A text
     * object met again (a rule's name, a condition, a label) is copied from what its thread keeps.
     */
    static void string(String s, Bytes out) throws IOException {
        cachedText(s, out, out.texts, KEPT_LENGTH);
    }

    /** Copies the text's bytes from {@code table}, or encodes it and keeps them there when at most maxLength long. */
    private static void cachedText(String s, Bytes out, IdentityCache<String> table, int maxLength) throws IOException {
        byte[] cached = table.get(s);
        if (cached != null) {
            out.put(cached);
            return;
        }
        int start = out.size();
        encode(s, out);
        if (s.length() <= maxLength) {
            table.put(s, out.copy(start));
        }
    }

    /**
     * Texts longer than this are not kept: they are the sentences made for one outcome (explanations, a condition
     * in words), which do not recur, and would push a rule's own names, labels and notes (shorter) out.
     */
    static final int KEPT_LENGTH = 48;

    private static void encode(String s, Bytes out) throws IOException {
        out.put((byte) '"');
        int n = s.length();
        int start = out.size();
        if (!out.utf8(s)) {
            out.truncate(start);
            StringBuilder b = new StringBuilder(n + 16);
            for (int i = 0; i < n; i++) {
                char c = s.charAt(i);
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    b.append(c).append(s.charAt(++i));
                } else if (Character.isSurrogate(c)) {
                    throw new IOException("unpaired surrogate");
                } else if (c == '"' || c == '\\') {
                    b.append('\\').append(c);
                } else if (c < 0x20) {
                    switch (c) {
                        case '\b' -> b.append("\\b");
                        case '\t' -> b.append("\\t");
                        case '\n' -> b.append("\\n");
                        case '\f' -> b.append("\\f");
                        case '\r' -> b.append("\\r");
                        default -> b.append("\\u00").append((char) HEX[c >> 4]).append((char) HEX[c & 0xF]);
                    }
                } else {
                    b.append(c);
                }
            }
            out.put(b.toString().getBytes(StandardCharsets.UTF_8));
        }
        out.put((byte) '"');
    }

    /**
     * What a thread keeps from buffer to buffer (a rule's texts and benefits recur in every chunk): encoded JSON
     * texts and CSV fields by text object, and the JSON of records met again (a rule's benefit, the rule set's id)
     * by instance. Not synchronised: one per thread.
     */
    static final class Kept {
        final IdentityCache<String> texts = new IdentityCache<>(IdentityCache.LIMIT);
        final IdentityCache<String> csvFields = new IdentityCache<>(IdentityCache.LIMIT);
        final IdentityCache<Object> records = new IdentityCache<>(IdentityCache.LIMIT);
        /** A rule's own texts (JSON, then CSV fields): a few thousand for a rule set, kept for the whole run. */
        final IdentityCache<String> ruleTexts = new IdentityCache<>(IdentityCache.RULE_LIMIT);
        final IdentityCache<String> ruleCsvFields = new IdentityCache<>(IdentityCache.RULE_LIMIT);
    }

    /**
     * Encoded bytes by object (identity: immutable objects that are the same object write the same), at most
     * a limit; when full it starts again.
     */
    static final class IdentityCache<K> {
        static final int LIMIT = 4096;
        /** For a rule set's own texts: more than any rule set has, a bound only against misuse. */
        static final int RULE_LIMIT = 1 << 16;
        private final int limit;
        private final java.util.IdentityHashMap<K, byte[]> kept = new java.util.IdentityHashMap<>();

        IdentityCache(int limit) {
            this.limit = limit;
        }

        byte[] get(K key) {
            return kept.get(key);
        }

        void put(K key, byte[] encoded) {
            if (kept.size() >= limit) {
                kept.clear();
            }
            kept.put(key, encoded);
        }
    }

    /** A growable byte buffer (not synchronised). */
    static final class Bytes {
        /** Encoded JSON strings. */
        final IdentityCache<String> texts;
        /** Encoded CSV fields. */
        final IdentityCache<String> csvFields;
        /** The JSON of records met again, by instance. */
        final IdentityCache<Object> records;
        /** A rule's own texts, encoded for JSON and as CSV fields. */
        final IdentityCache<String> ruleTexts;
        final IdentityCache<String> ruleCsvFields;
        private char[] chars = new char[256];
        private byte[] b;
        private int n;

        Bytes(int capacity) {
            this(new byte[Math.max(16, capacity)], new Kept());
        }

        /** A buffer using what its thread keeps. */
        Bytes(int capacity, Kept kept) {
            this(new byte[Math.max(16, capacity)], kept);
        }

        /** A buffer writing into {@code buffer} (growing it when needed) and using what its thread keeps. */
        Bytes(byte[] buffer, Kept kept) {
            b = buffer.length == 0 ? new byte[16] : buffer;
            this.texts = kept.texts;
            this.csvFields = kept.csvFields;
            this.records = kept.records;
            this.ruleTexts = kept.ruleTexts;
            this.ruleCsvFields = kept.ruleCsvFields;
        }

        /** The bytes written so far are the first {@link #size()} of this array (shared, not copied). */
        byte[] array() {
            return b;
        }

        /**
         * Appends the UTF-8 bytes of {@code s} when it has nothing that JSON escapes (quote, backslash, control
         * characters) and no surrogates, and returns true; otherwise returns false, having appended part of it.
         */
        boolean utf8(String s) {
            int len = s.length();
            if (chars.length < len) {
                chars = new char[Math.max(len, chars.length * 2)];
            }
            s.getChars(0, len, chars, 0);
            if (n + 3 * len > b.length) {
                grow(3 * len);
            }
            char[] c = chars;
            byte[] o = b;
            int k = n;
            for (int i = 0; i < len; i++) {
                char ch = c[i];
                if (ch < 0x80) {
                    if (ch < 0x20 || ch == '"' || ch == '\\') {
                        n = k;
                        return false;
                    }
                    o[k++] = (byte) ch;
                } else if (ch < 0x800) {
                    o[k++] = (byte) (0xC0 | ch >> 6);
                    o[k++] = (byte) (0x80 | ch & 0x3F);
                } else if (ch >= Character.MIN_SURROGATE && ch <= Character.MAX_SURROGATE) {
                    n = k;
                    return false;
                } else {
                    o[k++] = (byte) (0xE0 | ch >> 12);
                    o[k++] = (byte) (0x80 | ch >> 6 & 0x3F);
                    o[k++] = (byte) (0x80 | ch & 0x3F);
                }
            }
            n = k;
            return true;
        }

        void put(byte x) {
            if (n == b.length) {
                grow(1);
            }
            b[n++] = x;
        }

        void put(byte[] x) {
            if (n + x.length > b.length) {
                grow(x.length);
            }
            System.arraycopy(x, 0, b, n, x.length);
            n += x.length;
        }

        /** Appends again {@code length} bytes this buffer already holds from {@code from}. */
        void putOwn(int from, int length) {
            if (n + length > b.length) {
                grow(length);
            }
            System.arraycopy(b, from, b, n, length);
            n += length;
        }

        void ascii(String s) {
            int len = s.length();
            if (n + len > b.length) {
                grow(len);
            }
            for (int i = 0; i < len; i++) {
                b[n++] = (byte) s.charAt(i);
            }
        }

        int size() {
            return n;
        }

        void truncate(int size) {
            n = size;
        }

        byte[] copy(int from) {
            return Arrays.copyOfRange(b, from, n);
        }

        byte[] toByteArray() {
            return Arrays.copyOf(b, n);
        }

        private void grow(int need) {
            b = Arrays.copyOf(b, Math.max(b.length * 2, n + need));
        }
    }
}
