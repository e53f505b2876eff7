package com.subsidyevaluator.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fast path for reading well-formed case records: walks the JSON tokens once and calls each record's canonical
 * constructor (found by reflection, as the JSON mapper does) with the values. It accepts only what the strict
 * mapper of {@link CaseReader} reads to exactly the same objects — known field names once each, strings for text,
 * enum constants and {@code YYYY-MM-DD} dates, numbers for numbers, {@code true}/{@code false}, objects and arrays
 * of objects where the model has them — and gives up (returns null) on anything else, so that the mapper reads the
 * record and reports what is wrong exactly as before (text with a NUL or a lone surrogate, an evaluation date outside
 * the years allowed, included). Record types that carry Jackson annotations are left to the
 * mapper. A record it accepts has also passed every check of {@link CaseValidator} (they are run as each record
 * is built), so it is a valid case. Thread-safe.
 */
final class FastCaseBinder {

    /** Signals that the mapper must read the record. */
    private static final class GiveUp extends Exception {
        private static final long serialVersionUID = 1L;

        GiveUp() {
            super(null, null, false, false);
        }
    }

    private static final GiveUp GIVE_UP = new GiveUp();

    private enum Kind { STRING, BOOLEAN, INTEGER, LONG, DECIMAL, DATE, ENUM, RECORD, LIST }

    /** How to read one record type, worked out once. */
    private record Plan(boolean usable, Map<String, Integer> index, String[] names, Kind[] kinds, Class<?>[] types,
                        Class<?>[] elements, EnumTable[] enums, MethodHandle constructor, Plan[] nested,
                        CaseValidator.Check[] checks) {

        /** The plan of component i's records (records are final: the declared type is the class). */
        Plan nested(int i) {
            Plan p = nested[i];
            if (p == null) {
                p = nested[i] = PLANS.get(kinds[i] == Kind.LIST ? elements[i] : types[i]);
            }
            return p;
        }
    }

    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return plan(type);
        }
    };

    private final JsonFactory factory;

    FastCaseBinder(JsonFactory factory) {
        this.factory = factory;
    }

    /** The record read from the bytes, or null when the mapper must read it. */
    <T> T read(Class<T> type, byte[] json, int offset, int length) {
        try (JsonParser p = factory.createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            Object value = object(p, PLANS.get(type));
            if (p.nextToken() != null) {
                return null;
            }
            return type.cast(value);
        } catch (GiveUp | IOException | RuntimeException e) {
            return null;
        }
    }

    private static Object object(JsonParser p, Plan plan) throws IOException, GiveUp {
        if (!plan.usable()) {
            throw GIVE_UP;
        }
        String[] names = plan.names();
        int n = names.length;
        Object[] args = new Object[n];
        boolean[] seen = new boolean[n];
        JsonToken t;
        int next = 0;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            int i;
            // Names are interned by the parser and by the class file: in the usual order a reference test finds them.
            if (next < n && names[next] == name) {
                i = next;
            } else {
                Integer at = plan.index().get(name);
                if (at == null) {
                    throw GIVE_UP;
                }
                i = at;
            }
            next = i + 1;
            if (seen[i]) {
                throw GIVE_UP;
            }
            seen[i] = true;
            args[i] = value(p, p.nextToken(), plan, i);
        }
        if (t != JsonToken.END_OBJECT) {
            throw GIVE_UP;
        }
        Object record;
        try {
            record = (Object) plan.constructor().invokeExact(args);
        } catch (Throwable e) {
            throw GIVE_UP;
        }
        // the validator's checks of this record's own components (nested records were checked when built)
        for (CaseValidator.Check c : plan.checks()) {
            if (!c.passes(record)) {
                throw GIVE_UP;
            }
        }
        return record;
    }

    private static Object value(JsonParser p, JsonToken t, Plan plan, int i) throws IOException, GiveUp {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        switch (plan.kinds()[i]) {
            case STRING -> {
                if (t != JsonToken.VALUE_STRING) {
                    throw GIVE_UP;
                }
                String s = p.getText();
                // a NUL or a lone surrogate (the escape of half a pair) is for the validator to report where it is
                if (s.isEmpty() || !CaseValidator.plainText(s)) {
                    throw GIVE_UP;
                }
                return s;
            }
            case BOOLEAN -> {
                if (t == JsonToken.VALUE_TRUE) {
                    return Boolean.TRUE;
                }
                if (t == JsonToken.VALUE_FALSE) {
                    return Boolean.FALSE;
                }
                throw GIVE_UP;
            }
            case INTEGER -> {
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                    throw GIVE_UP;
                }
                return p.getIntValue();
            }
            case LONG -> {
                if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw GIVE_UP;
                }
                return p.getLongValue();
            }
            case DECIMAL -> {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw GIVE_UP;
                }
                return p.getDecimalValue();
            }
            case DATE -> {
                if (t != JsonToken.VALUE_STRING) {
                    throw GIVE_UP;
                }
                return date(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            }
            case ENUM -> {
                if (t != JsonToken.VALUE_STRING) {
                    throw GIVE_UP;
                }
                Object c = plan.enums()[i].find(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                if (c == null) {
                    throw GIVE_UP;
                }
                return c;
            }
            case RECORD -> {
                if (t != JsonToken.START_OBJECT) {
                    throw GIVE_UP;
                }
                return object(p, plan.nested(i));
            }
            case LIST -> {
                if (t != JsonToken.START_ARRAY) {
                    throw GIVE_UP;
                }
                List<Object> list = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) == JsonToken.START_OBJECT) {
                    list.add(object(p, plan.nested(i)));
                }
                if (e != JsonToken.END_ARRAY) {
                    throw GIVE_UP;
                }
                return list;
            }
            default -> throw GIVE_UP;
        }
    }

    /** An enum's constants by name, found from the parser's characters without making a string. */
    static final class EnumTable {
        private final char[][] names;
        private final Object[] constants;
        private final int mask;

        EnumTable(Object[] values) {
            int size = Integer.highestOneBit(Math.max(4, values.length * 4 - 1)) << 1;
            names = new char[size][];
            constants = new Object[size];
            mask = size - 1;
            for (Object v : values) {
                char[] name = ((Enum<?>) v).name().toCharArray();
                int h = hash(name, 0, name.length) & mask;
                while (names[h] != null) {
                    h = (h + 1) & mask;
                }
                names[h] = name;
                constants[h] = v;
            }
        }

        Object find(char[] c, int offset, int length) {
            int h = hash(c, offset, length) & mask;
            while (names[h] != null) {
                char[] n = names[h];
                if (n.length == length && java.util.Arrays.equals(n, 0, length, c, offset, offset + length)) {
                    return constants[h];
                }
                h = (h + 1) & mask;
            }
            return null;
        }

        private static int hash(char[] c, int offset, int length) {
            int h = 0;
            for (int i = offset; i < offset + length; i++) {
                h = 31 * h + c[i];
            }
            return h ^ (h >>> 16);
        }
    }

    /** {@code YYYY-MM-DD} read as ISO_LOCAL_DATE reads it (a date that does not exist gives up). */
    private static LocalDate date(char[] c, int o, int len) throws GiveUp {
        if (len != 10 || c[o + 4] != '-' || c[o + 7] != '-') {
            throw GIVE_UP;
        }
        int y = digits(c, o, 4);
        int m = digits(c, o + 5, 2);
        int d = digits(c, o + 8, 2);
        try {
            return LocalDate.of(y, m, d);
        } catch (java.time.DateTimeException e) {
            throw GIVE_UP;
        }
    }

    private static int digits(char[] c, int from, int n) throws GiveUp {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char ch = c[i];
            if (ch < '0' || ch > '9') {
                throw GIVE_UP;
            }
            v = v * 10 + (ch - '0');
        }
        return v;
    }

    private static Plan plan(Class<?> type) {
        Plan unusable = new Plan(false, Map.of(), new String[0], new Kind[0], new Class<?>[0], new Class<?>[0], new EnumTable[0], null,
                new Plan[0], new CaseValidator.Check[0]);
        if (!type.isRecord() || !Modifier.isPublic(type.getModifiers()) || jackson(type.getAnnotations())) {
            return unusable;
        }
        RecordComponent[] rcs = type.getRecordComponents();
        int n = rcs.length;
        Map<String, Integer> index = new HashMap<>();
        Kind[] kinds = new Kind[n];
        Class<?>[] types = new Class<?>[n];
        Class<?>[] elements = new Class<?>[n];
        EnumTable[] constants = new EnumTable[n];
        Class<?>[] params = new Class<?>[n];
        String[] names = new String[n];
        for (int i = 0; i < n; i++) {
            RecordComponent rc = rcs[i];
            if (jackson(rc.getAnnotations()) || jackson(rc.getAccessor().getAnnotations())) {
                return unusable;
            }
            Class<?> t = rc.getType();
            params[i] = t;
            types[i] = t;
            index.put(rc.getName(), i);
            names[i] = rc.getName().intern();
            if (t == String.class) {
                kinds[i] = Kind.STRING;
            } else if (t == Boolean.class) {
                kinds[i] = Kind.BOOLEAN;
            } else if (t == Integer.class) {
                kinds[i] = Kind.INTEGER;
            } else if (t == Long.class) {
                kinds[i] = Kind.LONG;
            } else if (t == BigDecimal.class) {
                kinds[i] = Kind.DECIMAL;
            } else if (t == LocalDate.class) {
                kinds[i] = Kind.DATE;
            } else if (t.isEnum() && !jackson(t.getAnnotations()) && !hasJacksonMembers(t)) {
                kinds[i] = Kind.ENUM;
                constants[i] = new EnumTable(t.getEnumConstants());
            } else if (t.isRecord()) {
                kinds[i] = Kind.RECORD;
            } else if (t == List.class && rc.getGenericType() instanceof ParameterizedType pt
                    && pt.getActualTypeArguments()[0] instanceof Class<?> e && e.isRecord()) {
                kinds[i] = Kind.LIST;
                elements[i] = e;
            } else {
                return unusable;
            }
        }
        try {
            Constructor<?> c = type.getDeclaredConstructor(params);
            if (jackson(c.getAnnotations())) {
                return unusable;
            }
            MethodHandle h = MethodHandles.publicLookup().unreflectConstructor(c)
                    .asType(MethodType.methodType(Object.class, params))
                    .asSpreader(Object[].class, n);
            return new Plan(true, new HashMap<>(index), names, kinds, types, elements, constants, h, new Plan[n],
                    CaseValidator.checks(type));
        } catch (NoSuchMethodException | IllegalAccessException | RuntimeException e) {
            return unusable;
        }
    }

    private static boolean jackson(Annotation[] annotations) {
        for (Annotation a : annotations) {
            if (a.annotationType().getName().startsWith("com.fasterxml.jackson")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasJacksonMembers(Class<?> type) {
        for (var m : type.getDeclaredMethods()) {
            if (jackson(m.getAnnotations())) {
                return true;
            }
        }
        for (var f : type.getDeclaredFields()) {
            if (jackson(f.getAnnotations())) {
                return true;
            }
        }
        return false;
    }
}
