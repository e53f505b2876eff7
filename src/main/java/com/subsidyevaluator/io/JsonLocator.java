package com.subsidyevaluator.io;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/** Finds the line and column of a JSON path ({@code $.a.b[2].c}) in a document, for error messages. */
final class JsonLocator {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonLocator() {
    }

    /** The location of the value at {@code path}, or null when it cannot be found. */
    static JsonLocation locate(byte[] json, int offset, int length, String path) {
        String pointer = toPointer(path);
        try (JsonParser p = FACTORY.createParser(json, offset, length)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    continue;
                }
                String here = p.getParsingContext().pathAsPointer(false).toString();
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    continue;
                }
                if (here.equals(pointer)) {
                    return p.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    /** {@code $.a.b[2].c} → {@code /a/b/2/c}. */
    static String toPointer(String path) {
        if (path == null || path.equals("$")) {
            return "";
        }
        String p = path.startsWith("$") ? path.substring(1) : path;
        return p.replaceAll("\\[(\\d+)]", ".$1").replace('.', '/');
    }
}
