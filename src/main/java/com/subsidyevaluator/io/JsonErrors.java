package com.subsidyevaluator.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.subsidyevaluator.engine.Suggestions;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;

/**
 * Turns what goes wrong while reading a JSON document into a {@link CaseFormatException} that names the
 * source, the JSON path, the line and column, and what was expected — for case files and indicator files alike.
 */
final class JsonErrors {

    private JsonErrors() {
    }

    /**
     * The bytes of a file, or an error naming it: it does not exist, is not a regular file (a directory, a named
     * pipe, a device), is larger than {@link CaseReader#MAX_BYTES}, or cannot be read.
     */
    static byte[] readFile(java.nio.file.Path file) throws CaseFormatException {
        return CaseFiles.bytes(file, "");
    }

    /** A problem found after reading, at {@code path} (or the nearest enclosing value that is in the text). */

    static CaseFormatException at(String source, byte[] json, int offset, int length, int lineOffset, String path,
                                  String problem) {
        String p = path;
        while (JsonLocator.locate(json, offset, length, p) == null && p.contains(".")) {
            p = p.substring(0, Math.max(p.lastIndexOf('.'), p.lastIndexOf('[')));
        }
        JsonLocation loc = JsonLocator.locate(json, offset, length, p);
        return new CaseFormatException(source, path, loc == null ? 0 : (int) loc.getLineNr() + lineOffset,
                loc == null ? 0 : (int) loc.getColumnNr(), problem);
    }

    static void checkUtf8(String source, byte[] json, int offset, int length, int lineOffset, String document)
            throws CaseFormatException {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(json, offset, length));
        } catch (CharacterCodingException e) {
            int line = lineOffset + 1;
            int bad = offset;
            for (int i = offset; i < offset + length; i++) {
                if (json[i] == '\n') {
                    line++;
                }
                if (json[i] < 0) {
                    bad = i;
                    break;
                }
            }
            throw new CaseFormatException(source, null, line, 0,
                    "不是有效的 UTF-8 文本（第 " + (bad - offset + 1) + " 字节附近）；" + document + "须以 UTF-8 保存");
        }
    }


    static CaseFormatException translate(String source, JsonProcessingException e, byte[] json, int offset,
                                          int length, int lineOffset, String document) {
        JsonLocation loc = e.getLocation();
        String path = "$";
        if (e instanceof JsonMappingException jme && !jme.getPath().isEmpty()) {
            path = CaseReader.path(jme.getPath());
            JsonLocation at = JsonLocator.locate(json, offset, length, path);
            if (at != null) {
                loc = at;
            }
        }
        int line = loc == null ? 0 : (int) loc.getLineNr() + lineOffset;
        int col = loc == null ? 0 : (int) loc.getColumnNr();
        String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String problem;
        if (msg.contains("Duplicate field")) {
            problem = "字段重复: " + msg.replaceAll("(?s).*Duplicate field '([^']*)'.*", "'$1'") + "（同一对象中一个字段只能出现一次）";
            loc = e.getLocation();
            line = loc == null ? line : (int) loc.getLineNr() + lineOffset;
            col = loc == null ? col : (int) loc.getColumnNr();
        } else if (msg.contains("Unexpected end-of-input")) {
            problem = "JSON 不完整（在对象或数组结束之前内容就结束了）";
        } else if (msg.contains("No content to map")) {
            problem = "内容为空，应为一个 JSON 对象（" + document + "）";
        } else if (msg.contains("exceeds the maximum") || msg.contains("exceeds maximum")) {
            problem = CaseReader.limit(msg);
            if (loc == null && msg.contains("nesting depth")) {
                // the parser gives no place for this limit: the first bracket past it is the place
                int[] at = tooDeep(json, offset, length);
                if (at != null) {
                    line = at[0] + lineOffset;
                    col = at[1];
                }
            }
        } else if (msg.contains("Trailing token")) {
            path = "$";
            problem = "JSON 值之后还有多余内容（一个文件只能有一个对象" + (document.contains("案例") ? "；多个案例请存为 JSONL 文件：*.jsonl，每行一个案例" : "") + "）";
        } else if (e instanceof UnrecognizedPropertyException u) {
            Collection<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(Object::toString).toList();
            List<String> near = Suggestions.nearest(u.getPropertyName(), known, 1);
            problem = "未知字段 '" + u.getPropertyName() + "'" + (near.isEmpty() ? "" : "，是否指 '" + near.get(0) + "'?")
                    + " 允许的字段: " + String.join(", ", known);
        } else if (e instanceof InvalidFormatException ife) {
            problem = "值 " + CaseReader.shown(ife.getValue()) + " 无效，应为" + CaseReader.expected(ife.getTargetType(), CaseReader.fieldOf(ife));
        } else if (e instanceof ValueInstantiationException) {
            problem = "无法构造对象: " + msg;
        } else if (e instanceof MismatchedInputException mie && mie.getTargetType() != null) {
            problem = "应为" + CaseReader.expected(mie.getTargetType(), CaseReader.fieldOf(mie)) + "，实际为" + CaseReader.actual(msg);
        } else if (e instanceof JsonMappingException) {
            problem = "内容与期望不符: " + msg.lines().findFirst().orElse(msg);
        } else {
            problem = "JSON 格式错误: " + (msg.isEmpty() ? e.getClass().getSimpleName() : msg.lines().findFirst().orElse(msg));
        }
        return new CaseFormatException(source, path, line, col, problem);
    }

    /**
     * The line and column (1-based; columns count bytes, as the parser's do) of the first {@code [} or {@code &#123;}
     * that nests deeper than {@link CaseReader#MAX_DEPTH}, outside strings; null when there is none.
     */
    static int[] tooDeep(byte[] json, int offset, int length) {
        int depth = 0;
        int line = 1;
        int lineStart = offset;
        boolean inString = false;
        for (int i = offset, end = offset + length; i < end; i++) {
            byte b = json[i];
            if (inString) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '[' || b == '{') {
                if (++depth > CaseReader.MAX_DEPTH) {
                    return new int[] {line, i - lineStart + 1};
                }
            } else if (b == ']' || b == '}') {
                depth--;
            } else if (b == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return null;
    }

    private static JsonMappingException jme(JsonProcessingException e) {
        return e instanceof JsonMappingException j ? j : null;
    }

}
