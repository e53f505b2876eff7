package com.subsidyevaluator.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.subsidyevaluator.engine.SharedValue;
import com.subsidyevaluator.io.Json;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes results as compact JSON exactly as {@link Json#compact()} does — the same properties in the same order,
 * the same escapes and number forms — but faster, by encoding each text with the platform's UTF-8 encoder. It
 * understands what the result records use: records whose properties are ordered with {@link JsonPropertyOrder} and
 * left out when null with {@link JsonInclude}, lists, text, numbers, flags, enums and dates. Given a type with
 * anything else (another Jackson annotation, a bean getter Jackson would also write, a map, …) it declines, and
 * the mapper writes. Tests compare its output with the mapper's byte for byte.
 */
final class ResultJson {

    private enum Kind { STRING, BOOLEAN, INTEGRAL, DECIMAL, DATE, ENUM, RECORD, LIST, PRIMITIVE_BOOLEAN, PRIMITIVE_INT }

    private static final class Property {
        final byte[] name;
        final Function<Object, Object> getter;
        final Kind kind;
        final Kind element;
        final boolean skipNull;
        /** The declared record type of the value (or of the list's elements), for {@link #nested}. */
        final Class<?> recordType;
        private Plan nested;

        Property(byte[] name, Function<Object, Object> getter, Kind kind, Kind element, boolean skipNull, Class<?> recordType) {
            this.name = name;
            this.getter = getter;
            this.kind = kind;
            this.element = element;
            this.skipNull = skipNull;
            this.recordType = recordType;
        }

        /** The plan of the nested records (records are final: the declared type is the class). */
        Plan nested() {
            Plan p = nested;
            if (p == null) {
                p = nested = PLANS.get(recordType);
            }
            return p;
        }
    }

    /** How to write one record type; {@code shared}: instances recur, so their JSON is kept by identity. */
    private record Plan(boolean usable, Class<?> type, Property[] properties, boolean shared) {
    }

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return plan(type);
        }
    };

    private ResultJson() {
    }

    /** Whether values of {@code type} (and everything they contain) can be written here. */
    static boolean supports(Class<?> type) {
        return supports(type, new ArrayList<>());
    }

    private static boolean supports(Class<?> type, List<Class<?>> seen) {
        if (seen.contains(type)) {
            return true;
        }
        seen.add(type);
        Plan p = PLANS.get(type);
        if (!p.usable()) {
            return false;
        }
        for (RecordComponent rc : type.getRecordComponents()) {
            Class<?> t = rc.getType();
            if (t.isRecord() && !supports(t, seen)) {
                return false;
            }
            if (t == List.class) {
                Class<?> e = elementClass(rc.getGenericType());
                if (e != null && e.isRecord() && !supports(e, seen)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Appends the JSON of {@code value} (a supported record) to {@code out}. */
    static void write(Object value, Bytes out) throws IOException {
        object(value, PLANS.get(value.getClass()), out);
    }

    private static void object(Object value, Plan plan, Bytes out) throws IOException {
        if (!plan.usable() || value.getClass() != plan.type()) {
            throw new IOException("cannot write " + value.getClass());
        }
        if (plan.shared()) {
            byte[] kept = out.records.get(value);
            if (kept != null) {
                out.put(kept);
                return;
            }
        }
        int start = out.size();
        out.put((byte) '{');
        boolean first = true;
        for (Property p : plan.properties()) {
            Object v = p.getter.apply(value);
            if (v == null && p.skipNull) {
                continue;
            }
            if (!first) {
                out.put((byte) ',');
            }
            first = false;
            out.put(p.name);
            value(v, p.kind, p.element, p, out);
        }
        out.put((byte) '}');
        if (plan.shared()) {
            if (out.records.size() >= TextCache.LIMIT) {
                out.records.clear();
            }
            out.records.put(value, out.copy(start));
        }
    }

    private static void value(Object v, Kind kind, Kind element, Property p, Bytes out) throws IOException {
        if (v == null) {
            out.put(NULL);
            return;
        }
        switch (kind) {
            case STRING -> string((String) v, out);
            case BOOLEAN, PRIMITIVE_BOOLEAN -> out.put((Boolean) v ? TRUE : FALSE);
            case INTEGRAL, PRIMITIVE_INT -> out.ascii(v.toString());
            case DECIMAL -> out.ascii(((BigDecimal) v).toPlainString());
            case DATE -> {
                out.put((byte) '"');
                out.ascii(v.toString());
                out.put((byte) '"');
            }
            case ENUM -> string(((Enum<?>) v).name(), out);
            case RECORD -> object(v, p.nested(), out);
            case LIST -> {
                out.put((byte) '[');
                List<?> list = (List<?>) v;
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.put((byte) ',');
                    }
                    Object e = list.get(i);
                    if (e == null) {
                        out.put(NULL);
                    } else if (element == Kind.RECORD) {
                        object(e, p.nested(), out);
                    } else {
                        value(e, element, null, null, out);
                    }
                }
                out.put((byte) ']');
            }
        }
    }

    private static final byte[] NULL = "null".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRUE = "true".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FALSE = "false".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    /**
     * A JSON string with the mapper's escapes: quote, backslash and control characters; nothing else. A text
     * object met again (a rule's name, a condition, a label) is copied from what its thread keeps.
     */
    static void string(String s, Bytes out) throws IOException {
        byte[] cached = out.texts.get(s);
        if (cached != null) {
            out.put(cached);
            return;
        }
        int start = out.size();
        encode(s, out);
        if (s.length() <= KEPT_LENGTH) {
            out.texts.put(s, out.copy(start));
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

    // ------------------------------------------------------------------------------------------ plans

    private static Plan plan(Class<?> type) {
        Plan no = new Plan(false, type, new Property[0], false);
        if (!type.isRecord() || !Modifier.isPublic(type.getModifiers())) {
            return no;
        }
        boolean classNonNull = false;
        String[] order = new String[0];
        for (Annotation a : type.getAnnotations()) {
            if (a instanceof JsonPropertyOrder o) {
                if (o.alphabetic()) {
                    return no;
                }
                order = o.value();
            } else if (a instanceof JsonInclude inc) {
                if (inc.value() == JsonInclude.Include.NON_NULL) {
                    classNonNull = true;
                } else if (inc.value() != JsonInclude.Include.ALWAYS && inc.value() != JsonInclude.Include.USE_DEFAULTS) {
                    return no;
                }
            } else if (isJackson(a)) {
                return no;
            }
        }
        // Jackson would also write public bean getters; a record with one is left to it.
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0 || m.getDeclaringClass() == Object.class
                    || m.getDeclaringClass() == Record.class) {
                continue;
            }
            String n = m.getName();
            boolean getter = n.length() > 3 && n.startsWith("get") && Character.isUpperCase(n.charAt(3))
                    || n.length() > 2 && n.startsWith("is") && Character.isUpperCase(n.charAt(2))
                    && (m.getReturnType() == boolean.class || m.getReturnType() == Boolean.class);
            if (getter || Arrays.stream(m.getAnnotations()).anyMatch(ResultJson::isJackson)) {
                return no;
            }
        }
        Map<String, Property> byName = new LinkedHashMap<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            boolean nonNull = classNonNull;
            List<Annotation> annotations = new ArrayList<>(Arrays.asList(rc.getAnnotations()));
            annotations.addAll(Arrays.asList(rc.getAccessor().getAnnotations()));
            for (Annotation a : annotations) {
                if (a instanceof JsonInclude inc) {
                    if (inc.value() == JsonInclude.Include.NON_NULL) {
                        nonNull = true;
                    } else if (inc.value() == JsonInclude.Include.ALWAYS) {
                        nonNull = false;
                    } else if (inc.value() != JsonInclude.Include.USE_DEFAULTS) {
                        return no;
                    }
                } else if (isJackson(a)) {
                    return no;
                }
            }
            Class<?> t = rc.getType();
            Kind kind;
            Kind element = null;
            Class<?> recordType = t.isRecord() ? t : null;
            if (t == boolean.class) {
                kind = Kind.PRIMITIVE_BOOLEAN;
            } else if (t == int.class || t == long.class) {
                kind = Kind.PRIMITIVE_INT;
            } else if (t == List.class) {
                kind = Kind.LIST;
                Class<?> e = elementClass(rc.getGenericType());
                if (e == null) {
                    return no;
                }
                element = e.isRecord() ? Kind.RECORD : simpleKind(e);
                recordType = e.isRecord() ? e : null;
                if (element == null) {
                    return no;
                }
            } else if (t.isRecord()) {
                kind = Kind.RECORD;
            } else {
                kind = simpleKind(t);
                if (kind == null) {
                    return no;
                }
            }
            byte[] name = ("\"" + rc.getName() + "\":").getBytes(StandardCharsets.UTF_8);
            byName.put(rc.getName(), new Property(name, com.subsidyevaluator.io.Accessors.of(rc.getAccessor()), kind, element,
                    nonNull, recordType));
        }
        List<Property> ordered = new ArrayList<>();
        for (String n : order) {
            Property p = byName.remove(n);
            if (p != null) {
                ordered.add(p);
            }
        }
        ordered.addAll(byName.values());
        return new Plan(true, type, ordered.toArray(Property[]::new), type.isAnnotationPresent(SharedValue.class));
    }

    private static Kind simpleKind(Class<?> t) {
        if (t == String.class) {
            return Kind.STRING;
        }
        if (t == Boolean.class) {
            return Kind.BOOLEAN;
        }
        if (t == Integer.class || t == Long.class) {
            return Kind.INTEGRAL;
        }
        if (t == BigDecimal.class) {
            return Kind.DECIMAL;
        }
        if (t == LocalDate.class) {
            return Kind.DATE;
        }
        if (t.isEnum() && Arrays.stream(t.getAnnotations()).noneMatch(ResultJson::isJackson)
                && Arrays.stream(t.getDeclaredMethods()).noneMatch(m -> Arrays.stream(m.getAnnotations()).anyMatch(ResultJson::isJackson))) {
            return Kind.ENUM;
        }
        return null;
    }

    private static Class<?> elementClass(Type generic) {
        if (generic instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return null;
    }

    private static boolean isJackson(Annotation a) {
        String n = a.annotationType().getName();
        return n.startsWith("com.fasterxml.jackson") && !(a instanceof JsonPropertyOrder) && !(a instanceof JsonInclude);
    }

    /**
     * What a thread keeps from buffer to buffer (a rule's texts and benefits recur in every chunk): encoded JSON
     * texts and CSV fields by text object, and the JSON of {@link SharedValue} records by instance. Not
     * synchronised: one per thread.
     */
    static final class Kept {
        final TextCache texts = new TextCache();
        final TextCache csvFields = new TextCache();
        final java.util.IdentityHashMap<Object, byte[]> records = new java.util.IdentityHashMap<>();
    }

    /** Encoded texts by text object (identity: texts that are the same object are the same), at most {@link #LIMIT}. */
    static final class TextCache {
        static final int LIMIT = 4096;
        private final java.util.IdentityHashMap<String, byte[]> kept = new java.util.IdentityHashMap<>();

        byte[] get(String s) {
            return kept.get(s);
        }

        void put(String s, byte[] encoded) {
            if (kept.size() >= LIMIT) {
                kept.clear();
            }
            kept.put(s, encoded);
        }
    }

    /** A growable byte buffer (not synchronised). */
    static final class Bytes {
        /** Encoded JSON strings. */
        final TextCache texts;
        /** Encoded CSV fields. */
        final TextCache csvFields;
        /** The JSON of {@link SharedValue} records by instance. */
        final java.util.IdentityHashMap<Object, byte[]> records;
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
