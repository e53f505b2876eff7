package com.subsidyevaluator.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.engine.Status;
import com.subsidyevaluator.model.CaseFile;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The library's JSON writer writes byte for byte what {@code subsidy evaluate --format json} prints. */
class ResultWriterTest {

    /** Every sample case file (the samples folder also holds the city's indicator figures, which are no case). */
    private static List<Path> sampleCases() throws IOException {
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            List<Path> cases = s.filter(p -> p.getFileName().toString().matches("s\\d+-.*\\.json")).sorted().toList();
            assertTrue(cases.size() >= 20, "the samples: " + cases);
            return cases;
        }
    }

    private static TestSupport.Run evaluate(List<Path> files, String... options) {
        List<String> args = new ArrayList<>(List.of("evaluate", "--rules", TestSupport.rulesDir().toString(), "--format", "json"));
        args.addAll(List.of(options));
        files.forEach(f -> args.add(f.toString()));
        TestSupport.Run r = TestSupport.cli(args.toArray(String[]::new));
        assertEquals(0, r.exitCode(), r.err());
        return r;
    }

    @Test
    void oneCaseIsWrittenAsTheCommandPrintsIt() throws Exception {
        RuleSet rules = TestSupport.shippedRules();
        for (Path file : sampleCases()) {
            EvaluationResult result = rules.evaluate(CaseReader.read(file));
            assertEquals(evaluate(List.of(file)).out(), ResultWriter.toJson(result.visible(false)) + System.lineSeparator(),
                    file.toString());
        }
        Path s01 = TestSupport.samplesDir().resolve("s01-smart-electrical-manufacturer.json");
        EvaluationResult all = rules.evaluate(CaseReader.read(s01));
        assertTrue(all.outcomes().stream().anyMatch(o -> o.status() == Status.NOT_ELIGIBLE), "s01 has outcomes --all adds");
        assertEquals(evaluate(List.of(s01), "--all").out(), ResultWriter.toJson(all) + System.lineSeparator());
    }

    @Test
    void severalCasesAreWrittenAsTheCommandPrintsThem() throws Exception {
        List<Path> files = sampleCases();
        List<EvaluationResult> results = new ArrayList<>();
        for (Path file : files) {
            CaseFile c = CaseReader.read(file);
            results.add(TestSupport.shippedRules().evaluate(c).visible(false));
        }
        assertEquals(evaluate(files).out(), ResultWriter.toJson(results) + System.lineSeparator());
    }

    @Test
    void writeWritesTheSameToAWriterAndLeavesItOpen() throws Exception {
        EvaluationResult result = TestSupport.shippedRules()
                .evaluate(CaseReader.read(TestSupport.samplesDir().resolve("s02-hightech-startup-in-incubator.json")));
        StringWriter out = new StringWriter();
        ResultWriter.write(result, out);
        out.write("\n");
        assertEquals(ResultWriter.toJson(result) + "\n", out.toString());
        String json = ResultWriter.toJson(result);
        assertTrue(json.startsWith("{\n  \"caseId\" : \"S02\",\n  \"asOf\" : \"2023-07-15\","), json);
        assertFalse(json.contains("\\u"), "texts are written as they are: " + json);
    }
}
