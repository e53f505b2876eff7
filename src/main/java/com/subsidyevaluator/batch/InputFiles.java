package com.subsidyevaluator.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The files a batch reads, in order: the command line's inputs as given, a directory replaced by the
 * {@code *.json} files under it (recursively, sorted by path), and each file read as JSON Lines when its name ends
 * in {@code .jsonl}, else as one case.
 */
final class InputFiles {

    /** One input file. */
    record Source(Path path, String name, boolean jsonLines, long size) {
    }

    private InputFiles() {
    }

    /**
     * Expands the inputs.
     *
     * @param skip a directory not to descend into (the output directory), or null
     * @throws BatchException when an input does not exist or cannot be listed
     */
    static List<Source> expand(List<Path> inputs, Path skip) throws BatchException {
        List<Source> out = new ArrayList<>();
        Path skipped = skip == null ? null : skip.toAbsolutePath().normalize();
        for (Path input : inputs) {
            if (Files.isDirectory(input)) {
                List<Path> files;
                try (Stream<Path> s = Files.walk(input)) {
                    files = s.filter(p -> skipped == null || !p.toAbsolutePath().normalize().startsWith(skipped))
                            .filter(com.subsidyevaluator.io.CaseFiles::isCaseFile)
                            .filter(Files::isRegularFile)
                            .sorted()
                            .toList();
                } catch (IOException | UncheckedIOException e) {
                    throw new BatchException("无法列出目录 " + input + "：" + e.getMessage());
                }
                for (Path f : files) {
                    out.add(source(f));
                }
            } else if (Files.isRegularFile(input)) {
                out.add(source(input));
            } else if (Files.exists(input)) {
                throw new BatchException(input + "：不是文件或目录");
            } else {
                throw new BatchException(input + "：文件或目录不存在");
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
