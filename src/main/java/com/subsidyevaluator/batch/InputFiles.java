package com.subsidyevaluator.batch;

import com.subsidyevaluator.io.CaseFiles;
import com.subsidyevaluator.io.CaseFiles.Skipped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The files a batch (or {@code subsidy evaluate}) reads, in order: the command line's inputs as given, a directory
 * replaced by the {@code *.json} case files under it (recursively, sorted by path; see {@link CaseFiles}), and each
 * file read as JSON Lines when its name ends in {@code .jsonl}, else as one case. What a directory holds that is
 * passed over — an indicators file, a JSON Lines file, a named pipe or device under a {@code *.json} name, the output
 * directory — is told to a listener, one {@link Skipped} each.
 */
public final class InputFiles {

    /**
     * One input file.
     *
     * @param path      the file
     * @param name      what to call it in messages and reports
     * @param jsonLines whether it is read as JSON Lines (one case per line)
     * @param size      its size in bytes when listed
     * @param error     why it cannot be read as a case (a directory's entry that is not a regular file), or null
     */
    public record Source(Path path, String name, boolean jsonLines, long size, String error) {
        public Source(Path path, String name, boolean jsonLines, long size) {
            this(path, name, jsonLines, size, null);
        }
    }

    private InputFiles() {
    }

    /** Expands the inputs; what is passed over is not told. */
    static List<Source> expand(List<Path> inputs, Path skip) throws BatchException {
        return expand(inputs, skip, s -> { });
    }

    /**
     * Expands the inputs.
     *
     * @param skip    a directory not to descend into (the output directory), or null
     * @param skipped hears of every file passed over in a directory, with why, in path order
     * @throws BatchException when an input does not exist, is not a regular file or directory, or cannot be listed
     */
    public static List<Source> expand(List<Path> inputs, Path skip, Consumer<Skipped> skipped) throws BatchException {
        return expand(inputs, skip, skipped, false);
    }

    /**
     * Expands the inputs; with {@code unreadable} (a batch), a {@code *.json} name in a directory that is not a
     * regular file (a broken symbolic link, a named pipe, a device, a directory) is a source that carries why
     * ({@link Source#error()}), so that it becomes a rejected record instead of being passed over.
     */
    public static List<Source> expand(List<Path> inputs, Path skip, Consumer<Skipped> skipped, boolean unreadable)
            throws BatchException {
        List<Source> out = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                List<Path> files;
                try {
                    files = CaseFiles.in(input, true, skip, skipped, unreadable);
                } catch (IOException | UncheckedIOException e) {
                    throw new BatchException("无法列出目录 " + input + "：" + e.getMessage());
                }
                for (Path f : files) {
                    String error = unreadable ? CaseFiles.notCaseFile(f) : null;
                    out.add(error != null ? new Source(f, f.toString(), false, 0, error) : source(f));
                }
            } else if (Files.isRegularFile(input)) {
                out.add(source(input));
            } else if (Files.exists(input)) {
                throw new BatchException(input + "：不是文件或目录（" + CaseFiles.kind(input) + "），未读取"
                        + " (not a regular file or directory; not read)");
            } else {
                throw new BatchException(input + "：文件或目录不存在 (no such file or directory)");
            }
        }
        return out;
    }

    /**
     * What the directories among the inputs hold that a batch passes over, with why (for the command to tell);
     * inputs that cannot be listed are left to {@link #expand}, which reports them.
     */
    public static List<Skipped> skipped(List<Path> inputs, Path skip) {
        List<Skipped> out = new ArrayList<>();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                try {
                    // what cannot be read as a case is a rejected record of the batch, not passed over
                    CaseFiles.in(input, true, skip, out::add, true);
                } catch (IOException | UncheckedIOException e) {
                    // reported when the batch expands its inputs
                }
            }
        }
        return out;
    }

    private static Source source(Path p) throws BatchException {
        try {
            return new Source(p, p.toString(), p.getFileName().toString().endsWith(".jsonl"), Files.size(p));
        } catch (IOException e) {
            throw new BatchException(p + "：无法读取（" + e.getMessage() + "）");
        }
    }
}
