package com.subsidyevaluator.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.subsidyevaluator.engine.FactModel;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.Field;
import com.subsidyevaluator.model.Labelled;
import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads case files strictly. Malformed JSON, an unknown field, a value of the wrong type, a duplicate key, an
 * impossible value (negative money or area, a share above 100%, a date that does not exist) or a missing
 * required field is a {@link CaseFormatException} naming the file, the JSON path, the line and column, and
 * what was expected. A field that is absent or null is simply unknown.
 *
 * <p>Thread-safe.
 */
public final class CaseReader {

    /** What a case without a date is told (the commands date a case with {@code --as-of} or its own {@code asOf}). */
    public static final String MISSING_AS_OF = "缺少评估日期 asOf（在案例中写 \"asOf\": \"YYYY-MM-DD\"，或用 --as-of 给出）";

    private static final ObjectMapper MAPPER = mapper();
    private static final ObjectReader READER = MAPPER.readerFor(CaseFile.class);
    /** Reads well-formed records quickly; whatever it does not accept goes to {@link #READER}. */
    private static final FastCaseBinder FAST = new FastCaseBinder(MAPPER.getFactory().rebuild()
            // the fast path finds repeated keys itself (and then gives the record to the mapper)
            .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .streamReadConstraints(MAPPER.getFactory().streamReadConstraints())
            .build());

    private CaseReader() {
    }

    private static ObjectMapper mapper() {
        JsonMapper m = JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(64).maxNumberLength(64).maxStringLength(100_000).build());
        for (LogicalType t : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual,
                LogicalType.Enum, LogicalType.DateTime)) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Float).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Collection).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        return m;
    }

    /** Reads one case file. */
    public static CaseFile read(Path file) throws CaseFormatException {
        byte[] bytes = JsonErrors.readFile(file);
        return parse(file.toString(), bytes, 0, bytes.length, 0);
    }

    /**
     * Reads one case from {@code length} bytes of {@code json} starting at {@code offset}. {@code lineOffset}
     * is added to line numbers (for a record on line N of a JSONL file, pass N-1).
     */
    public static CaseFile parse(String source, byte[] json, int offset, int length, int lineOffset)
            throws CaseFormatException {
        checkUtf8(source, json, offset, length, lineOffset);
        CaseFile fast = FAST.read(CaseFile.class, json, offset, length);
        if (fast != null) {
            return fast; // read and checked
        }
        return validated(source, readStrictly(source, json, offset, length, lineOffset), json, offset, length, lineOffset);
    }

    /**
     * Reads with the strict mapper only (what {@link #parse} does when its fast path gives up); the same result,
     * more slowly. For comparisons and tests.
     */
    public static CaseFile parseWithMapper(String source, byte[] json, int offset, int length, int lineOffset)
            throws CaseFormatException {
        checkUtf8(source, json, offset, length, lineOffset);
        return validated(source, readStrictly(source, json, offset, length, lineOffset), json, offset, length, lineOffset);
    }

    private static CaseFile readStrictly(String source, byte[] json, int offset, int length, int lineOffset)
            throws CaseFormatException {
        CaseFile c;
        try {
            c = READER.readValue(json, offset, length);
        } catch (JsonProcessingException e) {
            throw JsonErrors.translate(source, e, json, offset, length, lineOffset, "一个申请案例");
        } catch (IOException e) {
            throw new CaseFormatException(source, null, 0, 0, "无法读取: " + e.getMessage());
        }
        if (c == null) {
            throw new CaseFormatException(source, "$", lineOffset + 1, 1, "应为一个 JSON 对象（一个申请案例），实际为 null");
        }
        return c;
    }

    private static CaseFile validated(String source, CaseFile c, byte[] json, int offset, int length, int lineOffset)
            throws CaseFormatException {
        String problem = CaseValidator.firstProblem(c);
        if (problem != null) {
            throw JsonErrors.at(source, json, offset, length, lineOffset, problem.substring(0, problem.indexOf(' ')),
                    problem.substring(problem.indexOf(' ') + 1));
        }
        return c;
    }

    private static void checkUtf8(String source, byte[] json, int offset, int length, int lineOffset)
            throws CaseFormatException {
        if (wellFormedUtf8(json, offset, length)) {
            return;
        }
        JsonErrors.checkUtf8(source, json, offset, length, lineOffset, "案例文件");
    }

    /**
     * Whether the bytes are well-formed UTF-8 (Unicode Table 3-7: no overlong forms, no surrogates, nothing above
     * U+10FFFF), without decoding them. The decoder is only run to describe a problem.
     */
    static boolean wellFormedUtf8(byte[] b, int offset, int length) {
        int i = offset;
        int end = offset + length;
        while (i < end) {
            if (i + 8 <= end && ((long) LONGS.get(b, i) & 0x8080808080808080L) == 0) {
                i += 8; // eight ASCII bytes
                continue;
            }
            int c = b[i];
            if (c >= 0) {
                i++;
                continue;
            }
            c &= 0xFF;
            if (c < 0xC2 || c > 0xF4) {
                return false;
            }
            if (c < 0xE0) {
                if (i + 1 >= end || !cont(b[i + 1])) {
                    return false;
                }
                i += 2;
            } else if (c < 0xF0) {
                if (i + 2 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if (c == 0xE0 ? c1 < 0xA0 || c1 > 0xBF : c == 0xED ? c1 < 0x80 || c1 > 0x9F : !cont(b[i + 1])) {
                    return false;
                }
                if (!cont(b[i + 2])) {
                    return false;
                }
                i += 3;
            } else {
                if (i + 3 >= end) {
                    return false;
                }
                int c1 = b[i + 1] & 0xFF;
                if (c == 0xF0 ? c1 < 0x90 || c1 > 0xBF : c == 0xF4 ? c1 < 0x80 || c1 > 0x8F : !cont(b[i + 1])) {
                    return false;
                }
                if (!cont(b[i + 2]) || !cont(b[i + 3])) {
                    return false;
                }
                i += 4;
            }
        }
        return true;
    }

    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private static boolean cont(byte b) {
        return (b & 0xC0) == 0x80;
    }

    /** A read limit that was hit, in words. */
    static String limit(String msg) {
        if (msg.contains("Number value length")) {
            return "超出读取限制：数字过长（最多 64 位）";
        }
        if (msg.contains("String value length") || msg.contains("String length")) {
            return "超出读取限制：文本过长（最多 100000 个字符）";
        }
        if (msg.contains("nesting depth")) {
            return "超出读取限制：嵌套层数过深（最多 64 层）";
        }
        return "超出读取限制: " + msg;
    }

    // --------------------------------------------------------------------------------------------- errors

    static String shown(Object value) {
        return value instanceof String s ? "\"" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "\"" : String.valueOf(value);
    }

    static String actual(String message) {
        if (message == null) {
            return "其他类型";
        }
        if (message.contains("from String value") || message.contains("String value")) {
            return "文本";
        }
        if (message.contains("from Array value") || message.contains("START_ARRAY")) {
            return "数组";
        }
        if (message.contains("from Object value") || message.contains("START_OBJECT")) {
            return "对象";
        }
        if (message.contains("Floating-point") || message.contains("float")) {
            return "小数";
        }
        if (message.contains("Integer value") || message.contains("int")) {
            return "整数";
        }
        if (message.contains("Boolean")) {
            return "true/false";
        }
        return "其他类型";
    }

    /** The model annotation of the field at the end of the error's path, if any. */
    static Field fieldOf(JsonMappingException e) {
        if (e == null || e.getPath().isEmpty()) {
            return null;
        }
        JsonMappingException.Reference last = e.getPath().get(e.getPath().size() - 1);
        if (last.getFieldName() == null || !(last.getFrom() instanceof Class<?> c) || !c.isRecord()) {
            return null;
        }
        return Arrays.stream(c.getRecordComponents()).filter(rc -> rc.getName().equals(last.getFieldName()))
                .findFirst().map(rc -> rc.getAnnotation(Field.class)).orElse(null);
    }

    /** Describes the expected type in Chinese: "数字（万元）", "true 或 false", "以下之一: …". */
    static String expected(Class<?> type, Field field) {
        if (type == null) {
            return "其他类型";
        }
        String unit = field == null || field.unit().isEmpty() ? "" : "（" + field.unit() + "）";
        if (type == BigDecimal.class || type == Double.class) {
            return "数字" + unit;
        }
        if (type == Integer.class || type == int.class || type == Long.class) {
            return "整数" + unit;
        }
        if (type == Boolean.class || type == boolean.class) {
            return " true 或 false";
        }
        if (type == LocalDate.class) {
            return "存在的日期，格式 YYYY-MM-DD";
        }
        if (type == String.class) {
            return "文本（带引号）";
        }
        if (type.isEnum()) {
            return "以下之一: " + Arrays.stream(type.getEnumConstants())
                    .map(c -> ((Enum<?>) c).name() + (c instanceof Labelled l ? "（" + l.label() + "）" : ""))
                    .collect(Collectors.joining(", "));
        }
        if (Collection.class.isAssignableFrom(type)) {
            return "数组";
        }
        if (type.isRecord()) {
            return "对象（" + FactModel.labelOf(type) + "）";
        }
        return type.getSimpleName();
    }

    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder s = new StringBuilder("$");
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                s.append('.').append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                s.append('[').append(r.getIndex()).append(']');
            }
        }
        return s.toString();
    }

    /** The element type of a record component that is a list, for the validator. */
    static Class<?> elementType(RecordComponent rc) {
        if (rc.getGenericType() instanceof ParameterizedType pt && pt.getActualTypeArguments()[0] instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }

    /** The JSON mapper configured for case files (for writers that must agree with the reader). */
    public static ObjectMapper mapper(boolean forWriting) {
        return forWriting ? MAPPER.copy() : MAPPER;
    }
}
