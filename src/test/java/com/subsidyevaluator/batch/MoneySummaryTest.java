package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.subsidyevaluator.TestSupport;
import com.subsidyevaluator.engine.BenefitKind;
import com.subsidyevaluator.engine.RuleDefinition;
import com.subsidyevaluator.engine.RuleSet;
import com.subsidyevaluator.io.Json;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Honest money: summary.json and report.html keep apart cash awards with an amount (summed), cash awards whose
 * amount is still to be set by supporting rules (counted) and benefits that involve no money (counted by kind), as
 * the rules' metadata says; and the report never shows a total of 0 as if nothing were due.
 */
class MoneySummaryTest {

    @TempDir
    Path dir;

    @Test
    void involvingMoneyIsDecidedFromTheRuleMetadata() {
        int cash = 0;
        int none = 0;
        for (RuleDefinition r : TestSupport.shippedRules().rules()) {
            if (r.isTargetRule()) {
                continue;
            }
            boolean noMoneyNote = r.amountNote() != null
                    && (r.amountNote().startsWith("不涉及资金") || r.amountNote().startsWith("不涉及财政资金"));
            boolean expected = !noMoneyNote && (r.benefitKind() == BenefitKind.FUNDING || r.amountWan() != null
                    || r.amountParameter() != null);
            assertEquals(expected, Money.cash(r), r.location() + " " + r.name());
            if (Money.cash(r)) {
                cash++;
            } else {
                none++;
            }
        }
        assertTrue(cash > 20 && none > 40, cash + " cash rules, " + none + " without money");
        assertTrue(Money.noMoney("不涉及财政资金；优惠幅度由政府性融资担保机构确定"));
        assertFalse(Money.noMoney("按配套细则"));
    }

    @Test
    void everyTotalsOfSummaryJsonSplitsTheEligibleOutcomesIntoCashPricedCashUnpricedAndNoMoney() throws Exception {
        Path out = dir.resolve("out");
        // full result lines: the test reads each outcome's rule name and benefit from results.jsonl
        BatchFixtures.run(TestSupport.shippedRules(), BatchOptions.of(List.of(TestSupport.samplesDir()), out)
                .withFullResults(true));
        JsonNode summary = Json.mapper().readTree(out.resolve("summary.json").toFile());
        List<JsonNode> totals = new ArrayList<>();
        collect(summary, totals);
        assertTrue(totals.size() > 50, "totals everywhere: " + totals.size());
        for (JsonNode t : totals) {
            long eligible = t.get("eligible").asLong();
            long priced = t.get("cashEligible").asLong();
            long unpriced = t.get("cashEligibleUnpriced").asLong();
            long none = t.get("nonCashEligible").asLong();
            assertEquals(eligible, priced + unpriced + none, t.toString());
            long byKind = 0;
            for (JsonNode n : t.get("nonCashEligibleByKind")) {
                byKind += n.asLong();
            }
            assertEquals(none, byKind, t.toString());
            assertTrue(t.get("eligibleUnpriced").asLong() >= unpriced, "the old field still counts every unpriced outcome");
        }
        // the batch's own totals agree with the outcomes of results.jsonl and with the sum of the areas
        JsonNode all = summary.get("totals");
        Map<String, Boolean> cashByRule = new HashMap<>();
        for (RuleDefinition r : TestSupport.shippedRules().rules()) {
            cashByRule.put(r.name(), Money.cash(r));
        }
        long cashUnpriced = 0;
        long none = 0;
        Map<String, Long> kinds = new HashMap<>();
        for (String line : Files.readAllLines(out.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
            for (JsonNode o : Json.mapper().readTree(line).get("outcomes")) {
                if (!"ELIGIBLE".equals(o.get("status").asText())) {
                    continue;
                }
                if (cashByRule.get(o.get("rule").asText())) {
                    assertTrue(o.at("/benefit/amountWan").isMissingNode() || o.at("/benefit/amountWan").isNull());
                    cashUnpriced++;
                } else {
                    none++;
                    kinds.merge(o.at("/benefit/kind").asText(), 1L, Long::sum);
                }
            }
        }
        assertEquals(0, all.get("cashEligible").asLong(), "the shipped rules give no amount yet");
        assertEquals(cashUnpriced, all.get("cashEligibleUnpriced").asLong());
        assertEquals(none, all.get("nonCashEligible").asLong());
        assertTrue(none > 0 && cashUnpriced > 0, "the samples have both");
        Map<String, Long> shown = new HashMap<>();
        all.get("nonCashEligibleByKind").fields().forEachRemaining(e -> shown.put(e.getKey(), e.getValue().asLong()));
        assertEquals(kinds, shown);
        assertFalse(shown.containsKey("资金奖补"), "no 资金奖补 rule of the shipped set says it involves no money");
        long areaSum = 0;
        for (JsonNode a : summary.get("areas")) {
            areaSum += a.at("/totals/nonCashEligible").asLong();
        }
        assertEquals(none, areaSum);
        assertEquals(all.get("relevant").asLong(), summary.get("areas").findValues("relevant").stream()
                .mapToLong(JsonNode::asLong).sum(), "guidance is still counted apart, never as money");

        // the report says in words that no amount is known, and shows no total of 0
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        assertTrue(html.contains("金额均待配套细则确定"), "the money card says so in words");
        assertFalse(html.contains("符合项金额合计"), "the old card that read 0 is gone");
        assertFalse(Pattern.compile("data-summary=\"[^\"]*eligibleAmountWan\">0<").matcher(html).find(),
                "no amount of 0 is shown where nothing is priced");
        assertTrue(html.contains("data-summary=\"totals.nonCashEligible\">" + none + "<"));
        assertTrue(html.contains("data-summary=\"totals.cashEligibleUnpriced\">" + cashUnpriced + "<"));
        assertTrue(html.contains("不涉及资金"), "a case's benefit without money says so");

        // awards.csv says the same of each row, in its last column
        String csv = Files.readString(out.resolve("awards.csv"), StandardCharsets.UTF_8);
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",金额说明,资金"), "the 资金 column");
        assertTrue(csv.contains(",不涉及资金\r\n") && csv.contains(",金额待配套细则确定\r\n"));
        assertFalse(csv.contains(",金额已定\r\n"), "nothing is priced in the shipped rules");
    }

    @Test
    void withAmountsTheKnownCashIsSummedAndTheRestStillCountedApart() throws Exception {
        RuleSet rules = BatchFixtures.ruleSetWithAmounts(dir.resolve("rules"), AllocationTest.AMOUNTS);
        Path population = BatchFixtures.population(dir.resolve("population.jsonl"), 11, 1500);
        Path out = dir.resolve("out");
        BatchFixtures.run(rules, BatchOptions.of(List.of(population), out));
        JsonNode t = Json.mapper().readTree(out.resolve("summary.json").toFile()).get("totals");
        assertTrue(t.get("cashEligible").asLong() > 0, t.toString());
        assertTrue(t.get("eligibleAmountWan").decimalValue().signum() > 0, t.toString());
        assertTrue(t.get("cashEligibleUnpriced").asLong() > 0, t.toString());
        String html = Files.readString(out.resolve("report.html"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("data-summary=\"totals.eligibleAmountWan\">([^<]*)<").matcher(html);
        assertTrue(m.find(), "the money card shows the sum");
        assertEquals(0, t.get("eligibleAmountWan").decimalValue().compareTo(new BigDecimal(m.group(1).replace(",", ""))));
        String whole = html.substring(html.indexOf("<div class=\"cards\" data-v=\"\">"));
        whole = whole.substring(0, whole.indexOf("</div>\n<div class=\"cards\""));
        assertFalse(whole.contains("金额均待配套细则确定"), "the whole batch's card shows the sum");
        // each department's cards: the sum where it has priced cash, else words, never a 0
        JsonNode departments = Json.mapper().readTree(out.resolve("summary.json").toFile()).get("departments");
        assertTrue(departments.size() > 3, "departments in summary.json");
        for (int i = 0; i < departments.size(); i++) {
            JsonNode d = departments.get(i).get("totals");
            String cards = html.substring(html.indexOf("<div class=\"cards\" data-v=\"" + i + "\" hidden>"));
            cards = cards.substring(0, cards.indexOf("</div>\n</div>\n"));
            if (d.get("cashEligible").asLong() > 0) {
                Matcher dm = Pattern.compile("data-summary=\"departments\\[" + i + "]\\.totals\\.eligibleAmountWan\">([^<]*)<")
                        .matcher(cards);
                assertTrue(dm.find(), "department " + i + " shows its sum");
                assertEquals(0, d.get("eligibleAmountWan").decimalValue().compareTo(new BigDecimal(dm.group(1).replace(",", ""))));
            } else {
                assertTrue(cards.contains(d.get("cashEligibleUnpriced").asLong() > 0 ? "金额均待配套细则确定" : "无符合的资金奖补"),
                        "department " + i + " says in words that it has no priced cash");
                assertFalse(cards.contains("eligibleAmountWan"), "and shows no sum of 0");
            }
        }
    }

    @Test
    void aCaseRowSaysInWordsWhatItsOutcomesComeTo() {
        assertEquals("金额待配套细则确定（3 项）", HtmlReport.moneyWords(0, BigDecimal.ZERO, 3, 2));
        assertEquals("不涉及资金", HtmlReport.moneyWords(0, BigDecimal.ZERO, 0, 2));
        assertEquals("—", HtmlReport.moneyWords(0, BigDecimal.ZERO, 0, 0));
        assertEquals("1,250.5（另 1 项金额待定）", HtmlReport.moneyWords(2, new BigDecimal("1250.5"), 1, 0));
    }

    /** Every "totals" object of summary.json (and "unpooled"). */
    private static void collect(JsonNode n, List<JsonNode> out) {
        if (n.isObject()) {
            n.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("totals") || e.getKey().equals("unpooled")) && e.getValue().isObject()) {
                    out.add(e.getValue());
                }
                collect(e.getValue(), out);
            });
        } else if (n.isArray()) {
            n.forEach(c -> collect(c, out));
        }
    }
}
