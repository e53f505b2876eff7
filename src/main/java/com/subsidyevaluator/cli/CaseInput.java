package com.subsidyevaluator.cli;

import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;

/** Reads one case file for a command, dated by {@code --as-of} or its own {@code asOf}. */
final class CaseInput {

    private CaseInput() {
    }

    /**
     * The case in {@code file} at {@code asOf} (or its own date when {@code asOf} is null), or null after printing
     * a one-line error to {@code err} when the file cannot be used.
     */
    static CaseFile read(Path file, LocalDate asOf, PrintWriter err) {
        CaseFile c;
        try {
            c = CaseReader.read(file);
        } catch (CaseFormatException e) {
            err.println(e.getMessage());
            return null;
        }
        return dated(file, c, asOf, err);
    }

    /**
     * The case read from {@code file} at {@code asOf} (or its own date when {@code asOf} is null), or null after
     * printing a one-line error to {@code err} when it has no date.
     */
    static CaseFile dated(Path file, CaseFile c, LocalDate asOf, PrintWriter err) {
        if (asOf != null) {
            return c.withAsOf(asOf);
        }
        if (c.asOf() == null) {
            err.println(file + ": $.asOf: " + CaseReader.MISSING_AS_OF);
            return null;
        }
        return c;
    }
}
