package com.subsidyevaluator.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.FactModel;
import com.subsidyevaluator.model.Fact;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The published schema (docs/case.schema.json) is what `subsidy schema` prints, and every shipped sample reads. */
class SchemaTest {

    @Test
    void thePublishedSchemaIsUpToDate() throws Exception {
        String published = Files.readString(TestSupport.projectDir().resolve("docs/case.schema.json"), StandardCharsets.UTF_8);
        assertEquals(CaseSchema.text(), published,
                "docs/case.schema.json is stale: regenerate it with ./subsidy schema > docs/case.schema.json");
    }

    @Test
    void everyNumberInTheSchemaStatesItsUnitOrIsACountOrARatio() {
        JsonNode defs = CaseSchema.schema().get("$defs");
        for (Class<? extends Fact> type : FactModel.FACT_TYPES) {
            JsonNode props = defs.at("/" + type.getSimpleName() + "/properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = props.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> p = it.next();
                JsonNode t = p.getValue().get("type");
                boolean number = t != null && t.toString().contains("number");
                if (number && !p.getKey().equals("plotRatio")) {
                    assertTrue(p.getValue().has("x-unit"), type.getSimpleName() + "." + p.getKey() + " states a unit");
                }
            }
        }
    }

    @Test
    void everyShippedCaseSampleReadsStrictly() throws Exception {
        try (Stream<Path> s = Files.list(TestSupport.samplesDir())) {
            for (Path p : s.filter(p -> p.getFileName().toString().matches("s\\d+.*\\.json")).toList()) {
                CaseReader.read(p);
            }
        }
    }
}
