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
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads cases strictly, from a file ({@link #read(Path)}) or from memory ({@link #read(String, String)},
 * {@link #read(byte[], String)}, {@link #read(InputStream, String)}, {@link #read(Reader, String)}). Malformed JSON,
 * an unknown field, a value of the wrong type, a duplicate key, an impossible value (negative money or area, a share
 * above 100%, a date that does not exist, an evaluation date outside {@value #MIN_YEAR}–{@value #MAX_YEAR}), a
 * date not written {@code YYYY-MM-DD}, text with a NUL character or a lone surrogate, or a missing required field is
 * a {@link CaseFormatException} naming the source (the file, or the name the caller gives), the JSON path, the line
 * and column, and what was expected, in Chinese:
 *
 * <pre>
 * samples/bad.json:7:19: $.enterprise.revenueWan: 应为数字（万元），实际为文本
 * </pre>
 *
 * <p>A field that is absent or null is simply unknown. A case is at most {@link #MAX_BYTES} bytes of UTF-8; an
 * indicators file (the city's figures, read by {@code subsidy targets}) is recognised by its fields and refused
 * with a message that says so. Reading from memory gives exactly the errors, lines and columns that the same text
 * in a file gives.
 *
 * <pre>{@code
 * CaseFile c = CaseReader.read("{\"caseId\": \"A1\", \"asOf\": \"2023-06-30\", \"enterprise\": {…}}", "request-42");
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class CaseReader {

    /** What a case without a date is told (the commands date a case with {@code --as-of} or its own {@code asOf}). */
    public static final String MISSING_AS_OF = "缺少评估日期 asOf（在案例中写 \"asOf\": \"YYYY-MM-DD\"，或用 --as-of 给出）";

    /** The largest case read, in bytes of UTF-8 (8 MiB; the same limit as each record of a batch). */
    public static final int MAX_BYTES = 8 << 20;
    /** The deepest nesting of objects and arrays a case may have. */
    public static final int MAX_DEPTH = 64;
    /** The earliest year of an evaluation date ({@code asOf}). */
    public static final int MIN_YEAR = 1990;
    /** The latest year of an evaluation date ({@code asOf}). */
    public static final int MAX_YEAR = 2100;

    /** What an indicators file given as a case is told. */
    static final String INDICATORS_PROBLEM = "这是指标数字文件（城市的实际数字，有 indicators 而没有案例的字段），不是申请案例；"
            + "请用 subsidy targets 读取它";
    /** Why a listing passes over an indicators file, in Chinese and in English. */
    static final String INDICATORS_SKIPPED = "这是指标数字文件（城市的实际数字），不是申请案例；请用 subsidy targets 读取它"
            + " (an indicators file, not a case: read it with subsidy targets)";

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
                // after the JavaTimeModule, so that it is the one used: a date is "YYYY-MM-DD" and nothing else
                .addModule(new SimpleModule("iso-dates").addDeserializer(LocalDate.class, new IsoDate()))
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH).maxNumberLength(64).maxStringLength(100_000).build());
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

    /**
     * Reads one case file. Only a regular file is opened (a named pipe or a device is refused, as is a file larger
     * than {@link #MAX_BYTES}); errors are named by the file's path.
     *
     * @throws CaseFormatException when the file does not exist, cannot be read or is not a valid case
     */
    public static CaseFile read(Path file) throws CaseFormatException {
        byte[] bytes = CaseFiles.bytes(file);
        return parse(file.toString(), bytes, 0, bytes.length, 0);
    }

    /**
     * Reads one case from JSON text, as if it were the content of a file named {@code sourceName}: the same checks,
     * and errors that name {@code sourceName}, the JSON path, and the line and column (counted, as in a file, in
     * bytes of UTF-8). A character that UTF-8 cannot encode (a lone surrogate) is an error at its place.
     *
     * @param json       the case, one JSON object
     * @param sourceName what to call the text in errors, e.g. a request id or an upload's file name
     * @throws CaseFormatException when the text is not a valid case, or longer than {@link #MAX_BYTES} bytes
     */
    public static CaseFile read(String json, String sourceName) throws CaseFormatException {
        Objects.requireNonNull(json, "json");
        String source = name(sourceName);
        return read(utf8(json), source);
    }

    /**
     * Reads one case from the UTF-8 bytes of a JSON object, as if they were the content of a file named
     * {@code sourceName} (see {@link #read(String, String)}). The array is not modified or kept.
     *
     * @throws CaseFormatException when the bytes are not a valid case, or more than {@link #MAX_BYTES}
     */
    public static CaseFile read(byte[] json, String sourceName) throws CaseFormatException {
        Objects.requireNonNull(json, "json");
        String source = name(sourceName);
        if (json.length > MAX_BYTES) {
            throw new CaseFormatException(source, null, 0, 0, "内容过大（" + json.length + " 字节，单个案例最多 " + MAX_BYTES + " 字节）");
        }
        return parse(source, json, 0, json.length, 0);
    }

    /**
     * Reads one case from a stream of UTF-8 JSON, to its end, as if it were the content of a file named
     * {@code sourceName} (see {@link #read(String, String)}). At most {@link #MAX_BYTES} bytes are held: a longer
     * stream is an error, read no further. The stream is not closed.
     *
     * @throws CaseFormatException when the content is not a valid case, too long, or the stream fails
     */
    public static CaseFile read(InputStream in, String sourceName) throws CaseFormatException {
        Objects.requireNonNull(in, "in");
        String source = name(sourceName);
        byte[] bytes;
        try {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new CaseFormatException(source, null, 0, 0, "无法读取: " + e.getMessage());
        }
        if (bytes.length > MAX_BYTES) {
            throw new CaseFormatException(source, null, 0, 0, "内容过大（超过 " + MAX_BYTES + " 字节，单个案例最多 " + MAX_BYTES + " 字节）");
        }
        return parse(source, bytes, 0, bytes.length, 0);
    }

    /**
     * Reads one case from a stream of JSON text, to its end, as {@link #read(String, String)} reads the text. At
     * most {@link #MAX_BYTES} characters are held: a longer text is an error, read no further. The reader is not
     * closed.
     *
     * @throws CaseFormatException when the content is not a valid case, too long, or the reader fails
     */
    public static CaseFile read(Reader in, String sourceName) throws CaseFormatException {
        Objects.requireNonNull(in, "in");
        String source = name(sourceName);
        StringBuilder text = new StringBuilder();
        char[] buf = new char[8192];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                text.append(buf, 0, n);
                if (text.length() > MAX_BYTES) {
                    throw new CaseFormatException(source, null, 0, 0, "内容过大（超过 " + MAX_BYTES + " 字节，单个案例最多 " + MAX_BYTES + " 字节）");
                }
            }
        } catch (IOException e) {
            throw new CaseFormatException(source, null, 0, 0, "无法读取: " + e.getMessage());
        }
        return read(text.toString(), source);
    }

    private static String name(String sourceName) {
        return sourceName == null || sourceName.isEmpty() ? "(内存中的案例)" : sourceName;
    }

    /**
     * The text in UTF-8. A lone surrogate, which UTF-8 cannot encode, is written as its JSON escape — what the same
     * case in a file would say — so that the checks of text fields find it at its place; after a backslash (an
     * escape JSON does not have) as a character the parser refuses there.
     */
    static byte[] utf8(String json) {
        int n = json.length();
        int i = 0;
        while (i < n) {
            char c = json.charAt(i);
            if (Character.isSurrogate(c)) {
                if (!Character.isHighSurrogate(c) || i + 1 >= n || !Character.isLowSurrogate(json.charAt(i + 1))) {
                    break;
                }
                i++;
            }
            i++;
        }
        if (i == n) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder b = new StringBuilder(n + 16);
        int backslashes = 0;
        for (int k = 0; k < n; k++) {
            char c = json.charAt(k);
            if (Character.isHighSurrogate(c) && k + 1 < n && Character.isLowSurrogate(json.charAt(k + 1))) {
                b.append(c).append(json.charAt(++k));
                backslashes = 0;
            } else if (Character.isSurrogate(c)) {
                b.append(backslashes % 2 == 1 ? "?" : String.format("\\u%04x", (int) c));
                backslashes = 0;
            } else {
                backslashes = c == '\\' ? backslashes + 1 : 0;
                b.append(c);
            }
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
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
            if (looksLikeIndicators(json, offset, length)) {
                throw JsonErrors.at(source, json, offset, length, lineOffset, "$", INDICATORS_PROBLEM);
            }
            throw JsonErrors.translate(source, e, json, offset, length, lineOffset, "一个申请案例");
        } catch (IOException e) {
            throw new CaseFormatException(source, null, 0, 0, "无法读取: " + e.getMessage());
        }
        if (c == null) {
            throw new CaseFormatException(source, "$", lineOffset + 1, 1, "应为一个 JSON 对象（一个申请案例），实际为 null");
        }
        return c;
    }

    /** The top-level fields of a case. */
    private static final Set<String> CASE_FIELDS = Arrays.stream(CaseFile.class.getRecordComponents())
            .map(RecordComponent::getName).collect(Collectors.toUnmodifiableSet());

    /**
     * Whether a document that is not a case is an indicators file: an object with {@code indicators} and no field
     * of a case at its top level (judged on what can be read of it).
     */
    static boolean looksLikeIndicators(byte[] json, int offset, int length) {
        boolean indicators = false;
        try (JsonParser p = MAPPER.getFactory().createParser(json, offset, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String n = p.currentName();
                if (CASE_FIELDS.contains(n)) {
                    return false;
                }
                indicators |= n.equals("indicators");
                p.nextToken();
                p.skipChildren();
            }
        } catch (IOException e) {
            // malformed further on: judged by the fields before
        }
        return indicators;
    }

    /** Dates as the case format writes them, {@code YYYY-MM-DD}: no time, no array, no number, no spaces. */
    static final class IsoDate extends StdScalarDeserializer<LocalDate> {
        private static final long serialVersionUID = 1L;

        IsoDate() {
            super(LocalDate.class);
        }

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                return (LocalDate) ctxt.handleUnexpectedToken(LocalDate.class, p);
            }
            String s = p.getText();
            if (s.length() == 10 && s.charAt(4) == '-' && s.charAt(7) == '-') {
                int y = digits(s, 0, 4);
                int m = digits(s, 5, 7);
                int d = digits(s, 8, 10);
                if (y >= 0 && m >= 0 && d >= 0) {
                    try {
                        return LocalDate.of(y, m, d);
                    } catch (DateTimeException e) {
                        // a date that does not exist: reported below
                    }
                }
            }
            return (LocalDate) ctxt.handleWeirdStringValue(LocalDate.class, s, "not an existing date written YYYY-MM-DD");
        }

        private static int digits(String s, int from, int to) {
            int v = 0;
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return -1;
                }
                v = v * 10 + (c - '0');
            }
            return v;
        }
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
            return "超出读取限制：嵌套层数过深（最多 " + MAX_DEPTH + " 层）(nested deeper than " + MAX_DEPTH + " levels)";
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
