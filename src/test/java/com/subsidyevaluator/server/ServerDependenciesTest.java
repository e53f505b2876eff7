package com.subsidyevaluator.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.subsidyevaluator.TestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** model ← engine ← io/batch/server ← cli: the server uses the library, never the command line or the batch runner. */
class ServerDependenciesTest {

    @Test
    void theServerDependsOnNeitherTheCliNorTheBatchRunner() throws Exception {
        Path dir = TestSupport.projectDir().resolve("src/main/java/com/subsidyevaluator/server");
        List<String> offending;
        try (Stream<Path> s = Files.list(dir)) {
            offending = s.filter(p -> p.toString().endsWith(".java")).flatMap(p -> {
                try {
                    return Files.readAllLines(p).stream().filter(l -> l.startsWith("import com.subsidyevaluator.cli.")
                            || l.startsWith("import com.subsidyevaluator.batch.") || l.startsWith("import picocli."))
                            .map(l -> p.getFileName() + ": " + l);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        assertEquals(List.of(), offending);
    }
}
