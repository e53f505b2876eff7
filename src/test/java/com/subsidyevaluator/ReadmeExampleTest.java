package com.subsidyevaluator;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** The README's library example is this compiled class: the README must show it verbatim, and it must run. */
class ReadmeExampleTest {

    @Test
    void theReadmeShowsTheCompiledExample() throws Exception {
        String source = Files.readString(TestSupport.projectDir().resolve("src/test/java/com/subsidyevaluator/ReadmeExample.java"),
                StandardCharsets.UTF_8);
        String block = source.substring(source.indexOf("// README-EXAMPLE-BEGIN") + "// README-EXAMPLE-BEGIN".length(),
                source.indexOf("// README-EXAMPLE-END"));
        String readme = Files.readString(TestSupport.projectDir().resolve("README.md"), StandardCharsets.UTF_8);
        String normalisedReadme = readme.replaceAll("(?m)^\\s+", "");
        for (String line : block.strip().split("\n")) {
            assertTrue(normalisedReadme.contains(line.strip()), "README lacks the example line: " + line.strip());
        }
    }

    @Test
    void theExampleRunsOnTheSamples() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ReadmeExample.main(new String[] {
                TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json").toString(),
                TestSupport.samplesDir().resolve("s03-incubator-operator.json").toString()});
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("S01 第12条 研发后补助"), out);
        assertTrue(out.contains("S03 第14条"), out);
    }
}
