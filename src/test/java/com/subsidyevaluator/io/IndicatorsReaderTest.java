package com.subsidyevaluator.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.targets.Indicators;
import com.subsidyevaluator.targets.TargetEvaluator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The indicators file is read as strictly as a case file, and checked against the rule set's targets and pools. */
class IndicatorsReaderTest {

    private static TargetEvaluator evaluator;

    /** A valid file; tests replace one part of it. Line 8 holds the first figure's value. */
    private static final String VALID = """
            {
              "source": "成果报告",
              "document": "乐政发〔2023〕6号",
              "period": { "from": "2023-01-01", "to": "2023-12-31" },
              "indicators": [
                {
                  "id": "grain-area", "indicator": "粮食面积",
                  "value": 317000,
                  "unit": "亩", "stated": "31.7万亩", "quote": "粮食面积、总产量分别达31.7万亩和12.7万吨",
                  "measures": ["c46-grain-area"]
                },
                {
                  "id": "vouchers", "indicator": "发放消费券", "value": 5380, "unit": "万元", "stated": "5380万元",
                  "quote": "发放消费券5380万元、撬动销售额7.9亿元", "budgetPool": "34-vouchers"
                },
                {
                  "id": "sales", "indicator": "撬动销售额", "value": 79000, "unit": "万元", "stated": "7.9亿元",
                  "quote": "发放消费券5380万元、撬动销售额7.9亿元"
                },
                {
                  "id": "leverage", "indicator": "倍数", "unit": "倍",
                  "ratio": { "numerator": "sales", "denominator": "vouchers" }, "measures": ["c40-voucher-leverage"]
                }
              ]
            }
            """;

    @BeforeAll
    static void load() throws Exception {
        evaluator = TargetEvaluator.load(TestSupport.rulesDir());
    }

    private static Indicators read(String json) throws CaseFormatException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return IndicatorsReader.parse("figures.json", bytes, evaluator.document(), evaluator.data());
    }

    private static CaseFormatException error(String json) {
        return assertThrows(CaseFormatException.class, () -> read(json));
    }

    private static String with(String from, String to) {
        assertTrue(VALID.contains(from), from);
        return VALID.replace(from, to);
    }

    @Test
    void readsAValidFileAndTheShippedSample() throws Exception {
        Indicators f = read(VALID);
        assertEquals(4, f.indicators().size());
        assertEquals(0, new BigDecimal("317000").compareTo(f.indicators().get(0).value()));
        Indicators sample = IndicatorsReader.read(TestSupport.samplesDir().resolve("yueqing-2023-indicators.json"),
                evaluator.document(), evaluator.data());
        assertEquals(14, sample.indicators().size());
    }

    @Test
    void unknownFieldIsAnErrorWithPathLineAndColumnAndASuggestion() {
        CaseFormatException e = error(with("\"measures\": [\"c46-grain-area\"]", "\"measure\": [\"c46-grain-area\"]"));
        assertEquals("$.indicators[0].measure", e.jsonPath());
        assertEquals(10, e.line());
        assertTrue(e.column() > 0);
        assertTrue(e.problem().contains("是否指 'measures'"), e.problem());
        assertTrue(e.getMessage().startsWith("figures.json:10:"), e.getMessage());
    }

    @Test
    void aFigureWrittenAsTextIsAnError() {
        CaseFormatException e = error(with("\"value\": 317000", "\"value\": \"317000\""));
        assertEquals("$.indicators[0].value", e.jsonPath());
        assertEquals(8, e.line());
        assertTrue(e.problem().contains("数字"), e.problem());
    }

    @Test
    void negativeAreaIsImpossible() {
        CaseFormatException e = error(with("\"value\": 317000", "\"value\": -317000")
                .replace("\"stated\": \"31.7万亩\"", "\"stated\": \"-31.7万亩\"").replace("分别达31.7万亩", "分别达-31.7万亩"));
        assertEquals("$.indicators[0].value", e.jsonPath());
        assertEquals(8, e.line());
        assertEquals(16, e.column());
        assertTrue(e.problem().contains("不能为负数"), e.problem());
    }

    @Test
    void aGrowthRateBelowMinus100PercentIsImpossible() {
        String json = with("\"value\": 317000", "\"value\": -120").replace("\"unit\": \"亩\", \"stated\": \"31.7万亩\"",
                "\"unit\": \"%\", \"stated\": \"-120%\"").replace("分别达31.7万亩", "分别达-120%")
                .replace("\"measures\": [\"c46-grain-area\"]", "\"measures\": [\"a6-export-growth\"]");
        CaseFormatException e = error(json);
        assertEquals("$.indicators[0].value", e.jsonPath());
        assertTrue(e.problem().contains("-100%"), e.problem());
    }

    @Test
    void theValueMustBeTheStatedFigureConvertedExactly() {
        CaseFormatException e = error(with("\"value\": 317000", "\"value\": 31.7"));
        assertEquals("$.indicators[0].value", e.jsonPath());
        assertTrue(e.problem().contains("换算为 317000 亩"), e.problem());
        CaseFormatException money = error(with("\"value\": 79000", "\"value\": 7.9"));
        assertEquals("$.indicators[2].value", money.jsonPath());
        assertTrue(money.problem().contains("79000 万元"), money.problem());
    }

    @Test
    void theStatedFigureMustBeInTheQuotedSentence() {
        CaseFormatException e = error(with("分别达31.7万亩和12.7万吨", "分别达31万亩和12.7万吨"));
        assertEquals("$.indicators[0].stated", e.jsonPath());
        assertTrue(e.problem().contains("原句中没有「31.7万亩」"), e.problem());
    }

    @Test
    void aStatedUnitThatCannotBeConvertedIsAnError() {
        CaseFormatException e = error(with("\"stated\": \"31.7万亩\"", "\"stated\": \"31.7万吨\"")
                .replace("分别达31.7万亩和12.7万吨", "分别达31.7万吨"));
        assertEquals("$.indicators[0].unit", e.jsonPath());
        assertTrue(e.problem().contains("万吨 无法换算为 亩"), e.problem());
    }

    @Test
    void anUnknownTargetIsAnErrorWithTheNearestId() {
        CaseFormatException e = error(with("\"c46-grain-area\"", "\"c46-grain-aera\""));
        assertEquals("$.indicators[0].measures[0]", e.jsonPath());
        assertTrue(e.problem().contains("是否指 'c46-grain-area'"), e.problem());
    }

    @Test
    void aFigureInAnotherUnitThanItsTargetIsAnError() {
        CaseFormatException e = error(with("\"c46-grain-area\"", "\"c46-grain-output\""));
        assertEquals("$.indicators[0].measures[0]", e.jsonPath());
        assertTrue(e.problem().contains("以 吨 计"), e.problem());
    }

    @Test
    void aTargetIsMeasuredByOneFigureOnly() {
        CaseFormatException e = error(with("\"budgetPool\": \"34-vouchers\"",
                "\"budgetPool\": \"34-vouchers\", \"measures\": [\"c40-voucher-leverage\"]"));
        assertTrue(e.problem().contains("一个目标只对照一个数字") || e.problem().contains("以 倍 计"), e.problem());
        CaseFormatException twice = error(with("\"measures\": [\"c46-grain-area\"]",
                "\"measures\": [\"c46-grain-area\", \"c46-grain-area\"]"));
        assertEquals("$.indicators[0].measures[1]", twice.jsonPath());
        assertTrue(twice.problem().contains("一个目标只对照一个数字"), twice.problem());
    }

    @Test
    void aResemblanceNeedsANote() {
        CaseFormatException e = error(with("\"measures\": [\"c46-grain-area\"]",
                "\"measures\": [\"c46-grain-area\"], \"resembles\": [{ \"target\": \"c3-construction-land\" }]"));
        assertEquals("$.indicators[0].resembles[0].note", e.jsonPath());
    }

    @Test
    void figuresForAnotherDocumentAreRejected() {
        CaseFormatException e = error(with("乐政发〔2023〕6号", "乐政发〔2024〕1号"));
        assertEquals("$.document", e.jsonPath());
        assertEquals(3, e.line());
    }

    @Test
    void budgetPoolsMustExistAndBeIn10kYuan() {
        CaseFormatException e = error(with("\"34-vouchers\"", "\"34-voucher\""));
        assertEquals("$.indicators[1].budgetPool", e.jsonPath());
        assertTrue(e.problem().contains("是否指 '34-vouchers'"), e.problem());
    }

    @Test
    void ratiosAreComputedFromStatedFiguresOnly() {
        CaseFormatException unknown = error(with("\"numerator\": \"sales\"", "\"numerator\": \"sale\""));
        assertEquals("$.indicators[3].ratio.numerator", unknown.jsonPath());
        assertTrue(unknown.problem().contains("是否指 'sales'"), unknown.problem());
        CaseFormatException valued = error(with("\"id\": \"leverage\", \"indicator\": \"倍数\",",
                "\"id\": \"leverage\", \"indicator\": \"倍数\", \"value\": 14.68,"));
        assertEquals("$.indicators[3].value", valued.jsonPath());
    }

    @Test
    void aFigureThatBearsOnNothingIsRejected() {
        CaseFormatException e = error(with("\"measures\": [\"c46-grain-area\"]", "\"note\": \"无\""));
        assertEquals("$.indicators[0]", e.jsonPath());
        assertEquals(6, e.line());
    }

    @Test
    void aPeriodThatEndsBeforeItStartsIsAnError() {
        CaseFormatException e = error(with("\"to\": \"2023-12-31\"", "\"to\": \"2022-12-31\""));
        assertEquals("$.period.to", e.jsonPath());
        CaseFormatException date = error(with("\"to\": \"2023-12-31\"", "\"to\": \"2023-02-30\""));
        assertEquals("$.period.to", date.jsonPath());
    }

    @Test
    void malformedJsonIsAnErrorWithLineAndColumn() {
        CaseFormatException dup = error(with("\"value\": 317000,", "\"value\": 317000, \"value\": 317000,"));
        assertTrue(dup.problem().contains("字段重复"), dup.problem());
        assertEquals(8, dup.line());
        CaseFormatException cut = error(VALID.substring(0, VALID.length() / 2));
        assertTrue(cut.problem().contains("JSON 不完整"), cut.problem());
        CaseFormatException empty = error("");
        assertTrue(empty.problem().contains("内容为空"), empty.problem());
        CaseFormatException nothing = error("null");
        assertEquals("$", nothing.jsonPath());
        CaseFormatException missingFile = assertThrows(CaseFormatException.class, () -> IndicatorsReader.read(
                TestSupport.samplesDir().resolve("no-such-file.json"), evaluator.document(), evaluator.data()));
        assertTrue(missingFile.problem().contains("文件不存在"));
    }

    @Test
    void unitsConvertOnlyByTenThousandsAndHundredMillions() {
        assertEquals(0, new BigDecimal("10000").compareTo(IndicatorsReader.factor("万亩", "亩")));
        assertEquals(0, new BigDecimal("10000").compareTo(IndicatorsReader.factor("亿元", "万元")));
        assertEquals(0, BigDecimal.ONE.compareTo(IndicatorsReader.factor("%", "%")));
        assertEquals(null, IndicatorsReader.factor("万吨", "亩"));
    }
}
