package com.subsidyevaluator.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.PolicyData;
import com.subsidyevaluator.io.IndicatorsReader;
import com.subsidyevaluator.targets.TargetReport.BudgetExecution;
import com.subsidyevaluator.targets.TargetReport.TargetResult;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The verdict of every figure that the policy document and the 2023 results report share, read from the shipped
 * indicators file (samples/yueqing-2023-indicators.json) and judged by the shipped target rules.
 */
class SharedFiguresTest {

    private static TargetReport report;
    private static TargetEvaluator evaluator;

    @BeforeAll
    static void evaluate() throws Exception {
        evaluator = TargetEvaluator.load(TestSupport.rulesDir());
        Indicators figures = IndicatorsReader.read(TestSupport.samplesDir().resolve("yueqing-2023-indicators.json"),
                evaluator.document(), evaluator.data());
        report = evaluator.evaluate(figures, "yueqing-2023-indicators.json");
    }

    private static TargetResult target(String id) {
        return report.target(id).orElseThrow(() -> new AssertionError("no result for " + id));
    }

    private static void assertMet(String id, String actual, String margin, String headline) {
        TargetResult t = target(id);
        assertEquals(Verdict.MET, t.verdict(), t.headline());
        assertEquals(0, new BigDecimal(actual).compareTo(t.actual().value()), t.headline());
        assertEquals(0, new BigDecimal(margin).compareTo(t.margin().value()), t.headline());
        assertEquals(headline, t.headline());
        assertFalse(t.actual().quotes().isEmpty(), id + " cites the report");
    }

    @Test
    void industrialValueAddedGrowthOf12Point7PercentExceedsTheAbout8PercentTarget() {
        assertMet("a3-industrial-value-added", "12.7", "4.7",
                "规上工业增加值增长：目标 8% 左右，实际 12.7%，超出 4.7 个百分点");
        assertEquals("在目标左右（越高越好）", target("a3-industrial-value-added").ruleTitle());
    }

    @Test
    void exportGrowthOf8Point4PercentMeetsTheEnsured8Percent() {
        assertMet("a6-export-growth", "8.4", "0.4", "出口增长：目标 不低于 8%，实际 8.4%，超出 0.4 个百分点");
    }

    @Test
    void urbanRuralIncomeRatioOf1Point68IsWithin1Point75() {
        assertMet("a7-income-ratio", "1.68", "-0.07", "城乡居民收入比：目标 不高于 1.75 倍，实际 1.68 倍，低于目标 0.07 倍");
    }

    @Test
    void rectifiedInefficientIndustrialLandOf1963Point6MuMeets1800Mu() {
        assertMet("c19-inefficient-land-rectified", "1963.6", "163.6",
                "低效工业用地整治：目标 不低于 1800 亩，实际 1963.6 亩，超出 163.6 亩");
    }

    @Test
    void industrialLandSupplyOf1541MuMeetsClause18ButNotClause3() {
        assertMet("c18-industrial-land-supply", "1541", "41", "工业用地（用海）供应量：目标 不低于 1500 亩，实际 1541 亩，超出 41 亩");
        TargetResult c3 = target("c3-construction-land");
        assertEquals(Verdict.NO_DATA, c3.verdict());
        assertNull(c3.actual());
        assertTrue(c3.notes().stream().anyMatch(n -> n.contains("全部建设用地") && n.contains("1541亩")), c3.notes()::toString);
        assertEquals(Verdict.NO_DATA, target("c18-industrial-land-share").verdict());
    }

    @Test
    void grainAreaAndOutputMeetClause46() {
        assertMet("c46-grain-area", "317000", "17000",
                "粮食播种面积：目标 不低于 300000 亩（30 万亩），实际 317000 亩（31.7 万亩），超出 17000 亩（1.7 万亩）");
        assertMet("c46-grain-output", "127000", "7000",
                "粮食产量：目标 不低于 120000 吨（12 万吨），实际 127000 吨（12.7 万吨），超出 7000 吨");
    }

    @Test
    void vouchersLeverage79000Over5380IsAbout14Point68TimesAndMeetsTenTimes() {
        TargetResult t = target("c40-voucher-leverage");
        assertEquals(Verdict.MET, t.verdict());
        BigDecimal exact = new BigDecimal("79000").divide(new BigDecimal("5380"), TargetEvaluator.QUOTIENT_SCALE,
                RoundingMode.HALF_EVEN);
        assertEquals(exact, t.actual().value());
        assertEquals("79000 万元 ÷ 5380 万元 ≈ 14.68 倍", t.actual().arithmetic());
        assertEquals(List.of("消费市场稳步回暖，发放消费券5380万元、撬动销售额7.9亿元"), t.actual().quotes());
        assertTrue(t.notes().stream().anyMatch(n -> n.contains("新春消费券")), "the scope of the figures is noted");
    }

    @Test
    void voucherSpendingOf5380AgainstThe4580Pool() {
        List<BudgetExecution> budgets = report.budgets();
        assertEquals(1, budgets.size());
        BudgetExecution b = budgets.get(0);
        assertEquals("34-vouchers", b.pool());
        assertEquals(0, new BigDecimal("4580").compareTo(b.budgetWan()));
        assertEquals(0, new BigDecimal("5380").compareTo(b.spentWan()));
        assertEquals(new BigDecimal("117.5"), b.executionPercent());
        assertEquals(0, new BigDecimal("800").compareTo(b.overrunWan()));
        assertNull(b.remainingWan());
        assertEquals("消费券（第34条，34-vouchers）：预算 4580 万元，实际 5380 万元，执行率 117.5%（5380 ÷ 4580），超出预算 800 万元",
                b.text());
    }

    @Test
    void seaRailThroughputGrowthDoesNotMeasureTheTeuTarget() {
        TargetResult t = target("c30-sea-rail-teu");
        assertEquals(Verdict.NO_DATA, t.verdict());
        assertTrue(t.notes().stream().anyMatch(n -> n.contains("标箱") && n.contains("20%")), t.notes()::toString);
    }

    @Test
    void closeButDifferentFiguresLeaveTheirTargetsWithoutData() {
        for (String id : List.of("a1-major-projects", "c19-inefficient-land-redeveloped", "c50-urbanisation-projects",
                "c56-dementia-beds", "a6-retail-sales-growth")) {
            TargetResult t = target(id);
            assertEquals(Verdict.NO_DATA, t.verdict(), id);
            assertTrue(t.notes().stream().anyMatch(n -> n.contains("不能衡量这一目标")), id + " " + t.notes());
        }
    }

    @Test
    void everyTargetAppearsOnceWithItsSourceAndAVerdict() {
        List<TargetResult> all = report.all();
        Set<String> ids = new HashSet<>();
        all.forEach(t -> assertTrue(ids.add(t.id()), "listed twice: " + t.id()));
        assertEquals(evaluator.data().targets().stream().map(PolicyData.Target::id).collect(java.util.stream.Collectors.toSet()), ids);
        assertEquals(93, all.size());
        for (TargetResult t : all) {
            assertNotNull(t.verdict(), t.id());
            assertFalse(t.target().quote().isBlank(), t.id() + " quotes the document");
            if (t.verdict() == Verdict.NO_DATA) {
                assertNull(t.actual(), t.id());
                assertFalse(t.notes().isEmpty(), t.id() + " says why there is no data");
                assertTrue(t.headline().endsWith("无数据"), t.headline());
            } else {
                assertFalse(t.actual().quotes().isEmpty(), t.id() + " quotes the report");
            }
        }
        assertEquals(new TargetReport.Summary(93, 8, 0, 85), report.summary());
    }

    @Test
    void headlinesComeFirstInEachAreaThenClauseByClause() {
        for (TargetReport.Area a : report.areas()) {
            int last = 0;
            for (TargetResult t : a.targets()) {
                int n = t.clause() == null ? 0 : Integer.parseInt(t.clause());
                assertTrue(n >= last, a.name() + ": " + t.id() + " out of order");
                last = n;
            }
        }
        assertEquals("a3-industrial-enterprises", report.areas().get(2).targets().get(0).id());
    }
}
