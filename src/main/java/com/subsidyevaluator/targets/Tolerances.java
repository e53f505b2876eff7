package com.subsidyevaluator.targets;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.subsidyevaluator.engine.RuleProblem;
import com.subsidyevaluator.engine.RuleSetException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How far from a 左右 (about) target an actual figure may be and still be "about" it: {@code targets/tolerances.yaml}.
 *
 * @param percentagePoints for a target in %: the band in percentage points either side of the value
 * @param relativePercent  for a target in any other unit: the band as a percentage of the value, either side
 */
public record Tolerances(BigDecimal percentagePoints, BigDecimal relativePercent) {

    public static final String FILE = "targets/tolerances.yaml";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private record File(Tolerances about) {
    }

    /** Reads the tolerances of the rule set in {@code ruleSetDir}. */
    public static Tolerances read(Path ruleSetDir) throws RuleSetException {
        Path file = ruleSetDir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw problem(0, 0, "缺少 " + FILE + "（“左右”目标的容差：percentagePoints 和 relativePercent）");
        }
        File f;
        try {
            f = YAML.readValue(file.toFile(), File.class);
        } catch (JsonProcessingException e) {
            JsonLocation loc = e.getLocation();
            throw problem(loc == null ? 0 : loc.getLineNr(), loc == null ? 0 : loc.getColumnNr(),
                    "无法读取: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw problem(0, 0, "无法读取: " + e.getMessage());
        }
        Tolerances t = f == null ? null : f.about();
        if (t == null || t.percentagePoints() == null || t.relativePercent() == null) {
            throw problem(0, 0, "须写 about: 下的 percentagePoints（以 % 计的目标，±个百分点）和 relativePercent（其他目标，±目标值的百分之几）");
        }
        if (t.percentagePoints().signum() < 0 || t.relativePercent().signum() < 0
                || t.relativePercent().compareTo(BigDecimal.valueOf(100)) > 0) {
            throw problem(0, 0, "容差不能为负数，relativePercent 不能大于 100");
        }
        return t;
    }

    private static RuleSetException problem(int line, int column, String message) {
        return new RuleSetException("“左右”目标的容差无法读取", List.of(RuleProblem.error(FILE, line, column, null, message)));
    }

    /** The band either side of {@code value}, in its unit. */
    public BigDecimal band(BigDecimal value, String unit) {
        if ("%".equals(unit)) {
            return percentagePoints;
        }
        return value.abs().multiply(relativePercent).divide(BigDecimal.valueOf(100));
    }

    /** "±0.5 个百分点" or "±10%". */
    public String describe(String unit) {
        return "%".equals(unit) ? "±" + Figures.plain(percentagePoints) + " 个百分点" : "±" + Figures.plain(relativePercent) + "%";
    }
}
