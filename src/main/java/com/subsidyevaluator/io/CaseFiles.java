package com.subsidyevaluator.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Which files in a directory are case files: every {@code *.json} file except indicator figures
 * ({@code *-indicators.json}, read by {@code subsidy targets}), sorted by path so that runs are repeatable.
 */
public final class CaseFiles {

    /** The ending of an indicators file, which sits beside the case samples but is not a case. */
    public static final String INDICATORS_SUFFIX = "-indicators.json";

    private CaseFiles() {
    }

    /** Whether a file name is that of a case file. */
    public static boolean isCaseFile(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".json") && !n.endsWith(INDICATORS_SUFFIX);
    }

    /** The case files directly in {@code dir}, or in it and its subdirectories when {@code recursive}. */
    public static List<Path> in(Path dir, boolean recursive) throws IOException {
        try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && isCaseFile(p)).sorted().toList();
        }
    }
}
