package com.subsidyevaluator.cli;

import com.subsidyevaluator.batch.BatchException;
import com.subsidyevaluator.batch.InputFiles;
import com.subsidyevaluator.batch.RecordReader;
import com.subsidyevaluator.io.CaseFiles;
import com.subsidyevaluator.io.CaseFormatException;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the cases a command is given, dated by {@code --as-of} or their own {@code asOf}. {@link #readAll} takes
 * what {@code subsidy batch} takes — case files, directories of them, JSON Lines files — through the batch's own
 * input discovery ({@link InputFiles}) and record reader ({@link RecordReader}), with the same limits and the same
 * errors.
 */
final class CaseInput {

    private CaseInput() {
    }

    /**
     * One thing the inputs gave, in input order: a case to evaluate (with where it is: "{@code file}" or
     * "{@code file:line}"), or a line to print — an error, or a note on a file passed over.
     */
    record Item(String place, CaseFile c, String line, boolean error) {
        static Item ofCase(String place, CaseFile c) {
            return new Item(place, c, null, false);
        }

        static Item error(String line) {
            return new Item(null, null, line, true);
        }

        static Item note(String line) {
            return new Item(null, null, line, false);
        }
    }

    /**
     * Every case of the inputs, in order: a file is one case (a {@code .jsonl} file one per line), a directory
     * the {@code *.json} files under it, as {@code subsidy batch} reads them. A file that cannot be used, a record that
     * is not a valid case, a directory or JSON Lines file without a case is an error item; a file a directory holds
     * that is passed over (an indicators file, a JSON Lines file, a named pipe) a note.
     */
    static List<Item> readAll(List<Path> inputs) {
        List<Item> items = new ArrayList<>();
        for (Path input : inputs) {
            boolean directory = Files.isDirectory(input);
            if (!directory) {
                try {
                    CaseFiles.requireRegularFile(input); // a named pipe or a device is not opened
                } catch (CaseFormatException e) {
                    items.add(Item.error(e.getMessage()));
                    continue;
                }
            }
            List<InputFiles.Source> sources;
            try {
                sources = InputFiles.expand(List.of(input), null, s -> items.add(Item.note(s.message())));
            } catch (BatchException e) {
                items.add(Item.error(e.getMessage()));
                continue;
            }
            long records = RecordReader.read(sources, r -> items.add(item(r)));
            if (records == 0) {
                items.add(Item.error(directory
                        ? input + ": 目录中没有案例文件（*.json）(no case files in the directory)"
                        : input + ": 没有案例：JSON Lines 文件中没有记录 (no records in the JSON Lines file)"));
            }
        }
        return items;
    }

    /** Whether the inputs are one single-case file (whose result {@code --format json} prints as an object). */
    static boolean singleCaseFile(List<Path> inputs) {
        return inputs.size() == 1 && !Files.isDirectory(inputs.get(0))
                && !inputs.get(0).getFileName().toString().endsWith(".jsonl");
    }

    private static Item item(RecordReader.Record r) {
        if (r.error() != null) {
            return Item.error(new CaseFormatException(r.source(), null, r.line(), 0, r.error()).getMessage());
        }
        try {
            return Item.ofCase(r.place(), CaseReader.parse(r.source(), r.data(), r.offset(), r.length(), r.lineOffset()));
        } catch (CaseFormatException e) {
            return Item.error(e.getMessage());
        } catch (RuntimeException e) {
            return Item.error(r.place() + ": $: 无法读取：" + e);
        }
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
        return dated(file.toString(), c, asOf, err);
    }

    /**
     * The case read from {@code place} ("{@code file}" or "{@code file:line}") at {@code asOf} (or its own date when
     * {@code asOf} is null), or null after printing a one-line error to {@code err} when it has no date.
     */
    static CaseFile dated(String place, CaseFile c, LocalDate asOf, PrintWriter err) {
        if (asOf != null) {
            return c.withAsOf(asOf);
        }
        if (c.asOf() == null) {
            err.println(place + ": $.asOf: " + CaseReader.MISSING_AS_OF);
            return null;
        }
        return c;
    }
}
