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
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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

    private static final ObjectMapper MAPPER = mapper();
    private static final ObjectReader READER = MAPPER.readerFor(CaseFile.class);

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
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CaseFormatException(file.toString(), null, 0, 0, "文件不存在");
        } catch (IOException e) {
            throw new CaseFormatException(file.toString(), null, 0, 0, "无法读取文件: " + e.getMessage());
        }
        return parse(file.toString(), bytes, 0, bytes.length, 0);
    }

    /**
     * Reads one case from {@code length} bytes of {@code json} starting at {@code offset}. {@code lineOffset}
     * is added to line numbers (for a record on line N of a JSONL file, pass N-1).
     */
    public static CaseFile parse(String source, byte[] json, int offset, int length, int lineOffset)
            throws CaseFormatException {
        JsonErrors.checkUtf8(source, json, offset, length, lineOffset, "案例文件");
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
        String problem = CaseValidator.firstProblem(c);
        if (problem != null) {
            throw JsonErrors.at(source, json, offset, length, lineOffset, problem.substring(0, problem.indexOf(' ')),
                    problem.substring(problem.indexOf(' ') + 1));
        }
        return c;
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
