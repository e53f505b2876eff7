package com.subsidyevaluator.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Which files are case files, and reading one safely.
 *
 * <p>In a directory, the case files are the regular {@code *.json} files, sorted by path so that runs are
 * repeatable, except indicator figures ({@code *-indicators.json}, read by {@code subsidy targets}). What a listing
 * passes over that might have been meant as a case — an indicators file, a JSON Lines file (read only when given
 * itself), a {@code *.json} name that is a named pipe or a device, the output directory — is told to a
 * {@link Skipped} listener, one line each; other files (notes, spreadsheets) are not cases and are not mentioned.
 *
 * <p>{@link #bytes(Path)} reads a file only when it is a regular file of at most {@link CaseReader#MAX_BYTES}
 * bytes: a named pipe or a device is refused before it is opened (reading it could wait for ever or never end).
 */
public final class CaseFiles {

    /** The ending of an indicators file, which sits beside the case samples but is not a case. */
    public static final String INDICATORS_SUFFIX = "-indicators.json";

    private CaseFiles() {
    }

    /**
     * A file a listing did not read, and why.
     *
     * @param file   the file (or directory) passed over
     * @param reason why, in Chinese and then in English
     */
    public record Skipped(Path file, String reason) {
        /** The line to show: "{@code file: 跳过：reason}". */
        public String message() {
            return file + ": 跳过：" + reason;
        }
    }

    /** Whether a file name is that of a case file. */
    public static boolean isCaseFile(Path file) {
        String n = file.getFileName().toString();
        return n.endsWith(".json") && !n.endsWith(INDICATORS_SUFFIX);
    }

    /** The case files directly in {@code dir}, or in it and its subdirectories when {@code recursive}. */
    public static List<Path> in(Path dir, boolean recursive) throws IOException {
        return in(dir, recursive, null, s -> { });
    }

    /**
     * The case files directly in {@code dir} (or in it and its subdirectories when {@code recursive}), sorted by
     * path; every file passed over that might have been meant as a case is told to {@code skipped}, in path order.
     *
     * @param skip a directory not to descend into (the output directory of a batch), or null
     */
    public static List<Path> in(Path dir, boolean recursive, Path skip, Consumer<Skipped> skipped) throws IOException {
        return in(dir, recursive, skip, skipped, false);
    }

    /**
     * The case files under {@code dir}, as {@link #in(Path, boolean, Path, Consumer)} lists them; with
     * {@code unreadable}, a {@code *.json} name that is not a regular file — a broken symbolic link, a named pipe, a
     * device, a directory — is listed too (in its place, not told to {@code skipped}), for the caller to reject it
     * as a record saying why ({@link #notCaseFile}); a directory named so is still descended into.
     *
     * <p>{@code dir} itself may be a symbolic link to a directory: it is followed (the files are named under
     * {@code dir}); symbolic links to directories below it are not.
     */
    public static List<Path> in(Path dir, boolean recursive, Path skip, Consumer<Skipped> skipped, boolean unreadable)
            throws IOException {
        Path skipDir = skip == null ? null : skip.toAbsolutePath().normalize();
        List<Path> cases = new ArrayList<>();
        List<Skipped> passed = new ArrayList<>();
        boolean[] skipSeen = new boolean[1];
        // a link to a directory is walked through its target, and what is found named under the link
        Path walked = Files.isSymbolicLink(dir) ? dir.toRealPath() : dir;
        try (Stream<Path> s = recursive ? Files.walk(walked) : Files.list(walked)) {
            s.sorted().forEach(found -> {
                Path p = walked == dir ? found : dir.resolve(walked.relativize(found).toString());
                if (skipDir != null && (p.toAbsolutePath().normalize().startsWith(skipDir)
                        || found.toAbsolutePath().normalize().startsWith(skipDir))) {
                    if (!skipSeen[0]) {
                        skipSeen[0] = true;
                        passed.add(new Skipped(p.toAbsolutePath().normalize().equals(skipDir) ? p : skip,
                                "这是输出目录（--out），其中的文件不作为输入 (the output directory is not read as input)"));
                    }
                    return;
                }
                String n = p.getFileName().toString();
                if (isCaseFile(p)) {
                    if (Files.isRegularFile(p)) {
                        cases.add(p);
                    } else if (unreadable && !p.equals(dir)) {
                        cases.add(p);
                    } else if (!Files.isDirectory(p)) {
                        passed.add(new Skipped(p, notRegularReason(p)));
                    }
                } else if (n.endsWith(INDICATORS_SUFFIX) && !Files.isDirectory(p)) {
                    passed.add(new Skipped(p, CaseReader.INDICATORS_SKIPPED));
                } else if (n.endsWith(".jsonl") && !Files.isDirectory(p)) {
                    passed.add(new Skipped(p, "目录中只读取 *.json 案例文件；JSON Lines 文件须直接给出（batch、evaluate）"
                            + " (only *.json case files are read from a directory; batch and evaluate read a JSON Lines"
                            + " file given itself)"));
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        passed.forEach(skipped);
        return cases;
    }

    /**
     * Checks that {@code file} is a regular file that can be read, without opening it, and returns its size.
     *
     * @throws CaseFormatException naming the file when it does not exist, is a directory, or is not a regular
     *                             file (a named pipe, a device, a socket)
     */
    public static long requireRegularFile(Path file) throws CaseFormatException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (IOException | SecurityException e) {
            throw unreadable(file, e);
        }
        if (a.isDirectory()) {
            throw new CaseFormatException(file.toString(), null, 0, 0, "是目录，不是案例文件");
        }
        if (!a.isRegularFile()) {
            throw new CaseFormatException(file.toString(), null, 0, 0, "不是普通文件（" + kind(file)
                    + "），未读取；案例须为普通文件");
        }
        return a.size();
    }

    /** Why a file could not be read, in words: it does not exist, may not be read, or failed to read. */
    private static CaseFormatException unreadable(Path file, Exception e) {
        String why = e instanceof NoSuchFileException ? "文件不存在"
                : e instanceof java.nio.file.AccessDeniedException || e instanceof SecurityException ? "没有读取这个文件的权限"
                : "无法读取文件: " + e.getMessage();
        return new CaseFormatException(file.toString(), null, 0, 0, why);
    }

    /**
     * The bytes of one case file: at most {@link CaseReader#MAX_BYTES}, from a regular file only.
     *
     * @throws CaseFormatException naming the file when it does not exist, is not a regular file, is larger than
     *                             the limit or cannot be read
     */
    public static byte[] bytes(Path file) throws CaseFormatException {
        return bytes(file, "单个案例");
    }

    /** The bytes of a regular file of at most {@link CaseReader#MAX_BYTES}; {@code what} says what the limit is for. */
    static byte[] bytes(Path file, String what) throws CaseFormatException {
        long size = requireRegularFile(file);
        if (size > CaseReader.MAX_BYTES) {
            throw new CaseFormatException(file.toString(), null, 0, 0, tooLarge(size, what));
        }
        byte[] b;
        try (InputStream in = Files.newInputStream(file)) {
            // the size may change, or be wrong (files of /proc say 0): never hold more than the limit
            b = in.readNBytes(CaseReader.MAX_BYTES + 1);
        } catch (IOException | SecurityException e) {
            throw unreadable(file, e);
        }
        if (b.length > CaseReader.MAX_BYTES) {
            throw new CaseFormatException(file.toString(), null, 0, 0, tooLarge(-1, what));
        }
        return b;
    }

    /** "文件过大（N 字节，单个案例最多 M 字节）"; {@code size} -1 when only known to be over the limit. */
    static String tooLarge(long size, String what) {
        return "文件过大（" + (size < 0 ? "超过 " + CaseReader.MAX_BYTES : size) + " 字节，" + what + "最多 "
                + CaseReader.MAX_BYTES + " 字节）";
    }

    /**
     * Why {@code file}, listed as a case file, cannot be read as one, in Chinese and then in English, without
     * opening it: a broken symbolic link (with its target), a directory, a named pipe or device; null when it is a
     * regular file.
     */
    public static String notCaseFile(Path file) {
        if (Files.isRegularFile(file)) {
            return null;
        }
        if (Files.isSymbolicLink(file) && !Files.exists(file)) {
            String target;
            try {
                target = Files.readSymbolicLink(file).toString();
            } catch (IOException | UnsupportedOperationException | SecurityException e) {
                target = "?";
            }
            return "符号链接指向的文件不存在（指向 " + target + "），未读取 (a broken symbolic link to " + target
                    + "; not read)";
        }
        if (Files.isDirectory(file)) {
            return "是目录，不是案例文件；目录名以 .json 结尾，其中的 *.json 文件照常作为案例读取"
                    + " (a directory, not a case file; the *.json files in it are read as cases)";
        }
        if (!Files.exists(file)) {
            return "文件不存在，未读取 (no such file; not read)";
        }
        String kind = kind(file);
        return "不是普通文件（" + kind + "），未读取；案例须为普通文件 (not a regular file: " + english(kind)
                + "; not read)";
    }

    /** Why a {@code *.json} name that is not a regular file is passed over, in Chinese and in English. */
    static String notRegularReason(Path file) {
        if (!Files.exists(file)) {
            return "符号链接指向的文件不存在 (a broken symbolic link)";
        }
        String kind = kind(file);
        return "不是普通文件（" + kind + "），未读取 (not a regular file: " + english(kind) + ")";
    }

    /** What kind of special file this is, in Chinese ("命名管道 FIFO", "字符设备", …). */
    public static String kind(Path file) {
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            if (mode instanceof Integer m) {
                switch (m & 0170000) {
                    case 0010000:
                        return "命名管道 FIFO";
                    case 0020000:
                        return "字符设备";
                    case 0060000:
                        return "块设备";
                    case 0140000:
                        return "套接字";
                    case 0040000:
                        return "目录";
                    default:
                        break;
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | SecurityException e) {
            // not a POSIX file system: the generic word
        }
        return "特殊文件";
    }

    private static String english(String kind) {
        return switch (kind) {
            case "命名管道 FIFO" -> "a named pipe";
            case "字符设备" -> "a character device";
            case "块设备" -> "a block device";
            case "套接字" -> "a socket";
            case "目录" -> "a directory";
            default -> "a special file";
        };
    }
}
