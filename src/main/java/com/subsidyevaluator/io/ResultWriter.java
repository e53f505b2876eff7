package com.subsidyevaluator.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.subsidyevaluator.engine.EvaluationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Objects;

/**
 * 把评估结果写成 JSON，格式与 {@code subsidy evaluate --format json} 的输出完全相同。
 * Writes evaluation results as JSON, in exactly the format {@code subsidy evaluate --format json} prints: for
 * one case file the command prints {@link #toJson(EvaluationResult)} of its result followed by a line break, for
 * several {@link #toJson(List)} of their results. (Without {@code --all} the command shows
 * {@code result.visible(false)}: the outcomes that are not 不符合.)
 *
 * <p>The JSON of a result is an object with, in this order, {@code caseId}, {@code asOf} (YYYY-MM-DD),
 * {@code applicant}, {@code ruleSet} ({@code id}, {@code document}, {@code hash}), {@code inForce} and
 * {@code outcomes}: one object per rule and subject, with the clause, the rule, its title, area and department,
 * the subject, the status ({@code ELIGIBLE}, {@code NOT_ELIGIBLE}, {@code UNDETERMINED}), the benefit (amounts in
 * 万元, written exactly, never with an exponent), the conditions met and unmet, the missing facts and the
 * explanation in Chinese. It is indented with two spaces; texts are written as they are (UTF-8, not escaped).
 *
 * <pre>{@code
 * EvaluationResult result = rules.evaluate(CaseReader.read(Path.of("samples/s01-smart-electrical-manufacturer.json")));
 * String json = ResultWriter.toJson(result);
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class ResultWriter {

    private ResultWriter() {
    }

    /** The JSON of one result, as {@code subsidy evaluate --format json} prints it for one case (without the final line break). */
    public static String toJson(EvaluationResult result) {
        return write(Objects.requireNonNull(result, "result"));
    }

    /** The JSON array of several results, as {@code subsidy evaluate --format json} prints it for several cases. */
    public static String toJson(List<EvaluationResult> results) {
        return write(List.copyOf(results));
    }

    /**
     * Writes {@link #toJson(EvaluationResult)} of {@code result} to {@code out}; {@code out} is neither flushed
     * nor closed.
     *
     * @throws IOException when {@code out} cannot be written
     */
    public static void write(EvaluationResult result, Writer out) throws IOException {
        Objects.requireNonNull(out, "out");
        out.write(toJson(result));
    }

    private static String write(Object value) {
        try {
            return Json.pretty().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            // results are plain records of texts, numbers and dates: this is a bug, not bad input
            throw new UncheckedIOException("cannot write an evaluation result as JSON", e);
        }
    }
}
