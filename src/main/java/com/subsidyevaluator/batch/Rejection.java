package com.subsidyevaluator.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A record the batch could not evaluate: one line of {@code errors.jsonl}.
 *
 * @param file   the input file
 * @param record the record's place in the whole batch (1 = the first record read)
 * @param line   the line in the file where the problem is (for JSON Lines, the record's line), or null
 * @param column the column of the problem, or null
 * @param path   the JSON path of the problem ({@code $} for the whole record), or null
 * @param caseId the record's caseId when it could be read
 * @param reason what is wrong and what was expected, in Chinese
 */
@JsonPropertyOrder({"file", "record", "line", "column", "path", "caseId", "reason"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rejection(String file, long record, Integer line, Integer column, String path, String caseId,
                        String reason) {
}
