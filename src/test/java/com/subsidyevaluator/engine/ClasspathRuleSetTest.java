package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.ResultWriter;
import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule set packaged in a jar loads from the classpath exactly as from its directory: the same rules, hash and
 * results, and the same problems (file:line:column) when a rule is wrong, naming the resource, not a copy.
 */
class ClasspathRuleSetTest {

    @TempDir
    Path dir;

    /** A jar holding {@code rules} under {@code rules/yueqing-2023/}, with or without entries for the folders. */
    private Path jar(Path rules, boolean folderEntries) throws IOException {
        Path jar = dir.resolve("rules-" + System.nanoTime() + ".jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> walk = Files.walk(rules)) {
            for (Path p : walk.sorted().toList()) {
                String name = "rules/yueqing-2023/" + rules.relativize(p).toString().replace('\\', '/');
                if (Files.isDirectory(p)) {
                    if (folderEntries) {
                        out.putNextEntry(new JarEntry(name.endsWith("/") ? name : name + "/"));
                        out.closeEntry();
                    }
                } else {
                    out.putNextEntry(new JarEntry(name));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    private static URLClassLoader loaderOf(Path path) throws IOException {
        return new URLClassLoader(new URL[] {path.toUri().toURL()}, null); // only what the jar or folder holds
    }

    @Test
    void aRuleSetInAJarLoadsAsFromItsDirectory() throws Exception {
        RuleSet shipped = TestSupport.shippedRules();
        CaseFile applicant = CaseReader.read(TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json"));
        try (URLClassLoader loader = loaderOf(jar(TestSupport.rulesDir(), false))) {
            RuleSet packaged = RuleSet.loadFromClasspath("rules/yueqing-2023", loader);
            assertEquals(shipped.hash(), packaged.hash());
            assertEquals(shipped.rules().stream().map(RuleDefinition::name).toList(),
                    packaged.rules().stream().map(RuleDefinition::name).toList());
            assertEquals(shipped.data(), packaged.data());
            assertEquals(ResultWriter.toJson(shipped.evaluate(applicant)), ResultWriter.toJson(packaged.evaluate(applicant)));
            assertFalse(Files.exists(packaged.directory()), "the temporary copy is deleted: " + packaged.directory());
        }
    }

    @Test
    void aFolderOfADirectoryOnTheClasspathIsLoadedWhereItIs() throws Exception {
        try (URLClassLoader loader = loaderOf(TestSupport.projectDir())) {
            RuleSet rules = RuleSet.loadFromClasspath("/rules/yueqing-2023/", loader);
            assertEquals(TestSupport.rulesDir(), rules.directory());
            assertEquals(TestSupport.shippedRules().hash(), rules.hash());
        }
    }

    @Test
    void aWrongRuleInAJarIsReportedAsFromItsDirectory() throws Exception {
        Path broken = TestSupport.copyTree(TestSupport.rulesDir(), dir.resolve("broken"));
        Path drl = broken.resolve("02-science-and-technology.drl");
        String text = Files.readString(drl, StandardCharsets.UTF_8);
        Files.writeString(drl, text.replaceFirst("outcome\\.eligible\\(\\$e\\);", "System.exit(1);"), StandardCharsets.UTF_8);

        RuleSetException fromDirectory = assertThrows(RuleSetException.class, () -> RuleSet.load(broken));
        RuleSetException fromJar;
        try (URLClassLoader loader = loaderOf(jar(broken, true))) {
            fromJar = assertThrows(RuleSetException.class, () -> RuleSet.loadFromClasspath("rules/yueqing-2023", loader));
        }
        assertEquals(fromDirectory.problems(), fromJar.problems());
        assertFalse(fromJar.problems().isEmpty());
        assertEquals("02-science-and-technology.drl", fromJar.problems().get(0).file());
        String message = fromJar.getMessage();
        assertTrue(message.contains("classpath:rules/yueqing-2023"), message);
        assertTrue(message.contains("02-science-and-technology.drl:"), message);
        assertFalse(message.contains("subsidy-rules-"), "names the resource, not the temporary copy: " + message);
        assertEquals(fromDirectory.getMessage().substring(fromDirectory.getMessage().indexOf(":\n")),
                message.substring(message.indexOf(":\n")), "the same problems, one per line");
    }

    @Test
    void aMissingRuleSetIsAProblemNamingTheResource() throws Exception {
        try (URLClassLoader loader = loaderOf(jar(TestSupport.rulesDir().resolve("targets"), false))) {
            RuleSetException e = assertThrows(RuleSetException.class,
                    () -> RuleSet.loadFromClasspath("rules/elsewhere", loader));
            assertTrue(e.getMessage().contains("classpath:rules/elsewhere"), e.getMessage());
            assertEquals(List.of("classpath:rules/elsewhere"), e.problems().stream().map(RuleProblem::file).toList());
        }
        assertThrows(IllegalArgumentException.class, () -> RuleSet.loadFromClasspath("../rules", getClass().getClassLoader()));
    }
}
