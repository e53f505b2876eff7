package com.subsidyevaluator.io;

/**
 * A case file that cannot be read: which file, where in it (JSON path, line and column) and what was expected.
 */
public class CaseFormatException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String jsonPath;
    private final int line;
    private final int column;
    private final String problem;

    public CaseFormatException(String source, String jsonPath, int line, int column, String problem) {
        super(format(source, jsonPath, line, column, problem));
        this.source = source;
        this.jsonPath = jsonPath;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file (or "file:line" of a JSONL record) the case came from. */
    public String source() {
        return source;
    }

    /** Where in the JSON the problem is, e.g. {@code $.enterprise.revenueWan}; "$" for the whole document. */
    public String jsonPath() {
        return jsonPath;
    }

    /** 1-based line in the file, 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column, 0 when unknown. */
    public int column() {
        return column;
    }

    /** What is wrong and what was expected, in Chinese. */
    public String problem() {
        return problem;
    }

    private static String format(String source, String path, int line, int column, String problem) {
        StringBuilder s = new StringBuilder(source);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        s.append(": ");
        if (path != null) {
            s.append(path).append(": ");
        }
        return s.append(problem).toString();
    }
}
