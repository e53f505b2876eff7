package com.subsidyevaluator.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One problem found in a rule set: where it is, which rule, what is wrong in plain Chinese, and the
 * engine's own message when the problem came from Drools.
 *
 * @param severity   ERROR stops the rule set from loading; WARNING does not
 * @param file       the file, relative to the rule-set directory
 * @param line       1-based line, 0 when unknown
 * @param column     1-based column, 0 when unknown
 * @param rule       the rule's name, null when the problem is outside a rule
 * @param message    what is wrong, for policy staff
 * @param engineText the original Drools message, or null
 */
@JsonPropertyOrder({"severity", "file", "line", "column", "rule", "message", "engineText"})
@JsonInclude(JsonInclude.Include.NON_NULL)
// "error" is written for readers of validate --format json and the rule cache, and derived again when read
@com.fasterxml.jackson.annotation.JsonIgnoreProperties(value = {"error"}, allowGetters = true)
public record RuleProblem(Severity severity, String file, int line, int column, String rule, String message,
                          String engineText) {

    public enum Severity { ERROR, WARNING }

    public static RuleProblem error(String file, int line, int column, String rule, String message) {
        return new RuleProblem(Severity.ERROR, file, line, column, rule, message, null);
    }

    public static RuleProblem warning(String file, int line, int column, String rule, String message) {
        return new RuleProblem(Severity.WARNING, file, line, column, rule, message, null);
    }

    public RuleProblem withEngineText(String text) {
        return new RuleProblem(severity, file, line, column, rule, message, text);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code file:line:column  rule "name"  message}, followed by the engine text on the next line. */
    public String format() {
        StringBuilder s = new StringBuilder();
        s.append(file == null ? "?" : file);
        if (line > 0) {
            s.append(':').append(line);
            if (column > 0) {
                s.append(':').append(column);
            }
        }
        s.append("  ");
        if (severity == Severity.WARNING) {
            s.append("警告  ");
        }
        if (rule != null) {
            s.append("rule \"").append(rule).append("\"  ");
        }
        s.append(message);
        if (engineText != null && !engineText.isBlank()) {
            s.append("\n    引擎原文: ").append(engineText.strip().replaceAll("\\s*\\n\\s*", " "));
        }
        return s.toString();
    }
}
