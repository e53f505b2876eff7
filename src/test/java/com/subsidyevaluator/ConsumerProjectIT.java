package com.subsidyevaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.io.ResultWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that uses the library as a published Maven artifact builds and runs with nothing but what the
 * library's pom declares: a small consumer project, with a dependency on com.subsidyevaluator:subsidy-evaluator
 * and slf4j-simple as its own logging backend, is built by Maven and run in a JVM of its own (no test classpath).
 * It loads the rule set from a directory and from its own jar (the classpath), reads a case from a String,
 * evaluates it and prints the JSON of the public writer, which must equal what this build's classes write.
 *
 * <p>The library is published as {@code mvn install} would publish it (the jar built by {@code package} and the
 * project's pom) into a temporary local repository; the consumer's build gets everything else — dependencies and
 * Maven plugins — from this build's local repository, through a mirror of every repository ({@code file:} URL), so
 * it needs no network and leaves the real local repository untouched. Runs after {@code package} (failsafe).
 */
class ConsumerProjectIT {

    /** A case the consumer reads from a String: an enterprise with everything 第12条 研发后补助 asks for. */
    private static final String CASE = """
            {
              "caseId": "C1",
              "asOf": "2023-06-30",
              "enterprise": { "name": "丑新能源有限公司", "kind": "ENTERPRISE", "inStatistics": true,
                              "hasRdInstitution": true, "directReporting": true }
            }
            """;

    private static final String MAIN = """
            package example;

            import com.subsidyevaluator.engine.EvaluationResult;
            import com.subsidyevaluator.engine.RuleSet;
            import com.subsidyevaluator.io.CaseReader;
            import com.subsidyevaluator.io.ResultWriter;
            import com.subsidyevaluator.model.CaseFile;
            import java.nio.charset.StandardCharsets;
            import java.nio.file.Path;

            public class Main {
                private static final String CASE = \"""
            %s\""";

                public static void main(String[] args) throws Exception {
                    RuleSet rules = RuleSet.load(Path.of(args[0]));
                    byte[] json = CASE.getBytes(StandardCharsets.UTF_8);
                    CaseFile applicant = CaseReader.parse("case.json", json, 0, json.length, 0);
                    EvaluationResult result = rules.evaluate(applicant);
                    System.out.println(ResultWriter.toJson(result));

                    RuleSet packaged = RuleSet.loadFromClasspath("rules/yueqing-2023");
                    System.out.println("classpath rule set: " + (packaged.hash().equals(rules.hash())
                            && ResultWriter.toJson(packaged.evaluate(applicant)).equals(ResultWriter.toJson(result))
                            ? "same" : "different"));
                    try {
                        Class.forName("picocli.CommandLine");
                        System.out.println("picocli: present");
                    } catch (ClassNotFoundException e) {
                        System.out.println("picocli: absent");
                    }
                    System.out.println("logging: " + org.slf4j.LoggerFactory.getILoggerFactory().getClass().getName());
                }
            }
            """;

    private static final String POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>example</groupId>
              <artifactId>consumer</artifactId>
              <version>1.0</version>
              <properties>
                <maven.compiler.release>17</maven.compiler.release>
                <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
              </properties>
              <dependencies>
                <dependency>
                  <groupId>com.subsidyevaluator</groupId>
                  <artifactId>subsidy-evaluator</artifactId>
                  <version>%s</version>
                </dependency>
                <dependency>
                  <groupId>org.slf4j</groupId>
                  <artifactId>slf4j-simple</artifactId>
                  <version>%s</version>
                  <scope>runtime</scope>
                </dependency>
              </dependencies>
              <build>
                <finalName>consumer</finalName>
                <plugins>
                  <!-- the versions the library's own build uses, so that its local repository has them -->
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-resources-plugin</artifactId>
                    <version>3.3.1</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-compiler-plugin</artifactId>
                    <version>3.13.0</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-surefire-plugin</artifactId>
                    <version>3.5.2</version>
                  </plugin>
                  <plugin>
                    <groupId>org.apache.maven.plugins</groupId>
                    <artifactId>maven-jar-plugin</artifactId>
                    <version>3.4.2</version>
                    <configuration>
                      <archive>
                        <manifest>
                          <mainClass>example.Main</mainClass>
                          <!-- the runtime classpath Maven resolved, as paths into the consumer's local repository -->
                          <addClasspath>true</addClasspath>
                          <classpathLayoutType>repository</classpathLayoutType>
                          <classpathPrefix>../../repository/</classpathPrefix>
                        </manifest>
                      </archive>
                    </configuration>
                  </plugin>
                </plugins>
              </build>
            </project>
            """;

    private static final String SETTINGS = """
            <?xml version="1.0" encoding="UTF-8"?>
            <settings xmlns="http://maven.apache.org/SETTINGS/1.0.0">
              <localRepository>%s</localRepository>
              <interactiveMode>false</interactiveMode>
              <mirrors>
                <mirror>
                  <id>library-build</id>
                  <name>the local repository of the library's build</name>
                  <url>%s</url>
                  <mirrorOf>*</mirrorOf>
                </mirror>
              </mirrors>
            </settings>
            """;

    @TempDir
    Path dir;

    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null && !value.isBlank(), "set by the failsafe configuration in pom.xml: " + name);
        return value;
    }

    private record Result(int exit, String out, String err) {
    }

    private Result run(Path cwd, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("did not finish in 3 minutes: " + command);
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    /** The slf4j version of the library's build (its backend is in the build's local repository). */
    private static String slf4jVersion() throws IOException {
        String pom = Files.readString(TestSupport.projectDir().resolve("pom.xml"), StandardCharsets.UTF_8);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<slf4j.version>([^<]+)</slf4j.version>").matcher(pom);
        assertTrue(m.find(), "pom.xml names the slf4j version");
        return m.group(1).strip();
    }

    private static String mvn() {
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        Path mvn = Path.of(property("subsidy.mavenHome"), "bin", windows ? "mvn.cmd" : "mvn");
        return Files.isRegularFile(mvn) ? mvn.toString() : windows ? "mvn.cmd" : "mvn";
    }

    @Test
    void aConsumerProjectBuildsAndRunsWithTheDeclaredDependenciesOnly() throws Exception {
        String version = property("subsidy.version");
        Path libraryJar = Path.of(property("subsidy.libraryJar"));
        assertTrue(Files.isRegularFile(libraryJar), "built by package: " + libraryJar);
        Path buildRepository = Path.of(property("subsidy.localRepository"));

        // publish the library as `mvn install` does: the jar and the project's pom, under its coordinates
        Path repository = dir.resolve("repository");
        Path published = Files.createDirectories(repository.resolve("com/subsidyevaluator/subsidy-evaluator/" + version));
        Files.copy(libraryJar, published.resolve("subsidy-evaluator-" + version + ".jar"));
        Files.copy(TestSupport.projectDir().resolve("pom.xml"), published.resolve("subsidy-evaluator-" + version + ".pom"));
        Path settings = dir.resolve("settings.xml");
        Files.writeString(settings, SETTINGS.formatted(repository, buildRepository.toUri()), StandardCharsets.UTF_8);

        Path consumer = Files.createDirectories(dir.resolve("consumer"));
        Files.writeString(consumer.resolve("pom.xml"), POM.formatted(version, slf4jVersion()), StandardCharsets.UTF_8);
        Path main = Files.createDirectories(consumer.resolve("src/main/java/example")).resolve("Main.java");
        Files.writeString(main, MAIN.formatted(CASE.strip()), StandardCharsets.UTF_8);
        TestSupport.copyTree(TestSupport.rulesDir(), consumer.resolve("src/main/resources/rules/yueqing-2023"));

        Result build = run(consumer, List.of(mvn(), "-B", "-q", "-s", settings.toString(), "-Dmaven.test.skip=true",
                "package"));
        assertEquals(0, build.exit(), "the consumer builds:\n" + build.out() + build.err());

        Path jar = consumer.resolve("target/consumer.jar");
        List<String> classPath;
        try (JarFile j = new JarFile(jar.toFile())) {
            classPath = Arrays.asList(j.getManifest().getMainAttributes().getValue("Class-Path").split(" "));
        }
        assertTrue(classPath.stream().anyMatch(e -> e.endsWith("/subsidy-evaluator-" + version + ".jar")), classPath.toString());
        assertTrue(classPath.stream().anyMatch(e -> e.contains("/slf4j-api-")), "the library needs slf4j-api: " + classPath);
        assertTrue(classPath.stream().anyMatch(e -> e.contains("/drools-core-")), classPath.toString());
        for (String notForConsumers : List.of("/picocli-", "/junit-", "/opentest4j-")) {
            assertFalse(classPath.stream().anyMatch(e -> e.contains(notForConsumers)),
                    notForConsumers + " is not a dependency of the library: " + classPath);
        }
        assertEquals(1, classPath.stream().filter(e -> e.contains("/slf4j-simple-")).count(),
                "the only logging backend is the consumer's own: " + classPath);

        List<String> java = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dfile.encoding=UTF-8", "-Dstdout.encoding=UTF-8", "-jar", jar.toString(), TestSupport.rulesDir().toString()));
        Result r = run(dir, java);
        assertEquals(0, r.exit(), r.out() + r.err());

        byte[] json = CASE.strip().getBytes(StandardCharsets.UTF_8);
        String expected = ResultWriter.toJson(TestSupport.shippedRules()
                .evaluate(CaseReader.parse("case.json", json, 0, json.length, 0)));
        assertTrue(expected.contains("第12条"), expected);
        String n = System.lineSeparator();
        assertEquals(expected + n + "classpath rule set: same" + n + "picocli: absent" + n
                + "logging: org.slf4j.simple.SimpleLoggerFactory" + n, r.out(), "stderr:\n" + r.err());
    }
}
