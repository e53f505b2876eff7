package com.subsidyevaluator.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Loads a rule set packaged as resources (a folder of a jar on the classpath, or a folder of a directory on it)
 * with exactly the checks of {@link RuleSet#load(Path)}: a folder of a directory is loaded where it is; the files
 * of a folder of a jar are copied into a private temporary directory, loaded from there, and the copy is deleted
 * (the compiled rule set keeps nothing of it). Messages name the resource, not the copy.
 */
final class ClasspathRuleSet {

    private ClasspathRuleSet() {
    }

    static RuleSet load(String resourceDirectory, ClassLoader loader) throws RuleSetException {
        String name = normalise(resourceDirectory);
        String where = "classpath:" + name;
        // A rule set always has document.yaml; a jar need not have entries for its folders.
        URL document = loader.getResource(name + "/" + RuleSetLoader.DOCUMENT_FILE);
        URL folder = document != null ? null : loader.getResource(name + "/");
        if (document == null && folder == null) {
            throw new RuleSetException("类路径上没有规则集 " + where + " (no rule set on the classpath)",
                    List.of(RuleProblem.error(where, 0, 0, null,
                            "类路径上找不到这个规则集目录（应含 " + RuleSetLoader.DOCUMENT_FILE + " 与 *.drl 文件）")));
        }
        URL url = document != null ? document : folder;
        try {
            if ("file".equals(url.getProtocol())) {
                Path path = Path.of(url.toURI());
                return RuleSetLoader.load(document != null ? path.getParent() : path);
            }
            URLConnection connection = url.openConnection();
            if (connection instanceof JarURLConnection jar) {
                String entry = jar.getEntryName();
                String prefix = document != null
                        ? entry.substring(0, entry.length() - RuleSetLoader.DOCUMENT_FILE.length())
                        : entry.endsWith("/") ? entry : entry + "/";
                String source = where + "，" + url.toString().substring(0,
                        url.toString().length() - (document != null ? RuleSetLoader.DOCUMENT_FILE.length() : 0));
                return fromJar(jar, prefix, source);
            }
        } catch (URISyntaxException | IOException e) {
            throw new RuleSetException("无法读取类路径上的规则集 " + where + "：" + e.getMessage()
                    + " (cannot read the rule set from the classpath)",
                    List.of(RuleProblem.error(where, 0, 0, null, "无法读取规则集资源 (cannot read the resources): " + e)));
        }
        throw new RuleSetException("无法读取类路径上的规则集 " + where + "：不支持的资源位置 " + url
                + " (unsupported resource location)",
                List.of(RuleProblem.error(where, 0, 0, null,
                        "规则集须在目录或 jar 中（不支持的资源位置 unsupported resource location: " + url + "）")));
    }

    /** {@code rules/yueqing-2023} from {@code /rules/yueqing-2023/} and the like. */
    private static String normalise(String resourceDirectory) {
        String name = resourceDirectory == null ? "" : resourceDirectory.strip().replace('\\', '/');
        while (name.startsWith("/")) {
            name = name.substring(1);
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        if (name.isEmpty() || List.of(name.split("/")).stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
            throw new IllegalArgumentException("not a resource folder (e.g. \"rules/yueqing-2023\"): " + resourceDirectory);
        }
        return name;
    }

    /** Copies the files under {@code prefix} of the connection's jar into a temporary directory and loads them. */
    private static RuleSet fromJar(JarURLConnection connection, String prefix, String source)
            throws IOException, RuleSetException {
        connection.setUseCaches(false); // a JarFile of our own, closed here, not the class loader's
        Path copy = Files.createTempDirectory("subsidy-rules-");
        try {
            try (JarFile jar = connection.getJarFile()) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    JarEntry e = entries.nextElement();
                    if (e.isDirectory() || !e.getName().startsWith(prefix) || e.getName().length() == prefix.length()) {
                        continue;
                    }
                    Path target = copy.resolve(e.getName().substring(prefix.length())).normalize();
                    if (!target.startsWith(copy)) {
                        continue; // a name with ".." cannot be part of the rule set
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = jar.getInputStream(e)) {
                        Files.copy(in, target);
                    }
                }
            }
            try {
                return RuleSetLoader.load(copy);
            } catch (RuleSetException e) {
                throw located(e, copy.toAbsolutePath().normalize().toString(), source);
            }
        } finally {
            delete(copy);
        }
    }

    /** The same problems, naming the resource instead of the temporary copy. */
    private static RuleSetException located(RuleSetException e, String copy, String source) {
        // the message is the summary, then ":\n" and one problem per line when there are problems
        String message = e.getMessage() == null ? "" : e.getMessage();
        int end = message.indexOf(":\n");
        String summary = e.problems().isEmpty() || end < 0 ? message : message.substring(0, end);
        RuleSetException located = new RuleSetException(summary.replace(copy, source),
                relocate(e.problems(), copy, source), relocate(e.allProblems(), copy, source));
        located.setStackTrace(e.getStackTrace());
        return located;
    }

    private static List<RuleProblem> relocate(List<RuleProblem> problems, String copy, String source) {
        return problems.stream().map(p -> new RuleProblem(p.severity(), replace(p.file(), copy, source), p.line(),
                p.column(), p.rule(), replace(p.message(), copy, source), replace(p.engineText(), copy, source))).toList();
    }

    private static String replace(String text, String copy, String source) {
        return text == null ? null : text.replace(copy, source);
    }

    /** Deletes the temporary copy; what cannot be deleted now is deleted when the program exits. */
    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    p.toFile().deleteOnExit();
                }
            }
        } catch (IOException | UncheckedIOException e) {
            dir.toFile().deleteOnExit();
        }
    }
}
