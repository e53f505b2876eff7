package com.subsidyevaluator.engine;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.io.CaseReader;
import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A small rule set written by a test: the shipped document.yaml plus the DRL and data files the test gives. */
final class MiniRuleSet {

    static final String HEADER = """
            package test.rules;
            import com.subsidyevaluator.model.*;
            global com.subsidyevaluator.engine.OutcomeRecorder outcome;
            """;

    private MiniRuleSet() {
    }

    static Path write(Path dir, String drl, String... dataFiles) {
        try {
            Files.createDirectories(dir);
            Files.copy(TestSupport.rulesDir().resolve("document.yaml"), dir.resolve("document.yaml"),
                    StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(dir.resolve("rules.drl"), HEADER + drl, StandardCharsets.UTF_8);
            for (int i = 0; i + 1 < dataFiles.length; i += 2) {
                Files.writeString(dir.resolve(dataFiles[i]), dataFiles[i + 1], StandardCharsets.UTF_8);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static CaseFile caseOf(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        try {
            return CaseReader.parse("test", b, 0, b.length, 0);
        } catch (Exception e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
