package com.subsidyevaluator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Awards of one exclusivity group are not paid twice: the highest is kept and the other says why it was dropped. */
class ExclusivityTest {

    @TempDir
    Path dir;

    private static final String DRL = """
            rule "第15条 技术改造项目获技改资金（测试）"
                @clause("15") @tier("entitlement") @title("技改资金") @benefit("资金奖补") @amount("param:renovation") @exclusive("same-project")
            when
                $p : Project( kind == ProjectKind.TECH_RENOVATION, investmentWan >= 1000 )
            then
                outcome.eligible($p);
            end

            rule "第2条 技术改造项目获设备更新资金（测试）"
                @clause("2") @tier("entitlement") @title("设备更新资金") @benefit("资金奖补") @amount("param:renewal") @exclusive("same-project")
            when
                $p : Project( kind == ProjectKind.TECH_RENOVATION, investmentWan >= 500 )
            then
                outcome.eligible($p);
            end
            """;

    private static String parameters(String renovation, String renewal) {
        return """
                parameters:
                  - id: renovation
                    clause: "15"
                    description: 技改资金
                    unit: 万元
                    values:
                      - { from: 2023-01-01, value: %s, source: 测试细则 }
                  - id: renewal
                    clause: "2"
                    description: 设备更新资金
                    unit: 万元
                    values:
                      - { from: 2023-01-01, value: null, source: 未公布 }
                      - { from: 2023-07-01, value: %s, source: 测试细则（7月修订） }
                """.formatted(renovation, renewal);
    }

    private static final String GROUPS = """
            groups:
              - { id: same-project, description: 同一项目不重复享受, basis: 测试 }
            """;

    private List<Outcome> evaluate(String renovation, String renewal, String asOf) throws Exception {
        RuleSet rules = RuleSet.load(MiniRuleSet.write(dir.resolve("r"), DRL, "parameters.yaml",
                parameters(renovation, renewal), "groups.yaml", GROUPS));
        return rules.evaluate(MiniRuleSet.caseOf("{\"caseId\":\"X\",\"asOf\":\"" + asOf + "\",\"enterprise\":{\"name\":\"甲\","
                + "\"kind\":\"ENTERPRISE\"},\"projects\":[{\"kind\":\"TECH_RENOVATION\",\"investmentWan\":2000}]}")).outcomes();
    }

    private static Outcome titled(List<Outcome> outcomes, String title) {
        return outcomes.stream().filter(o -> o.title().equals(title)).findFirst().orElseThrow();
    }

    @Test
    void theHigherKnownAwardIsKeptAndTheOtherNamesIt() throws Exception {
        List<Outcome> outcomes = evaluate("80", "120", "2023-09-01");
        Outcome renewal = titled(outcomes, "设备更新资金");
        Outcome renovation = titled(outcomes, "技改资金");
        assertEquals(Status.ELIGIBLE, renewal.status());
        assertEquals(new BigDecimal("120"), renewal.benefit().amountWan());
        assertTrue(renewal.benefit().note().contains("按就高原则保留本项"), renewal.benefit().note());
        assertEquals(Status.NOT_ELIGIBLE, renovation.status());
        assertTrue(renovation.explanation().contains("已享受金额更高的「设备更新资金」120 万元"), renovation.explanation());
    }

    @Test
    void aParameterIsReadAtTheEvaluationDate() throws Exception {
        List<Outcome> outcomes = evaluate("80", "120", "2023-03-01");
        Outcome renewal = titled(outcomes, "设备更新资金");
        assertNull(renewal.benefit().amountWan(), "the July value is not yet in force in March");
        assertTrue(renewal.benefit().note().contains("未公布"), renewal.benefit().note());
        assertEquals(Status.ELIGIBLE, renewal.status(), "with an unknown amount neither award is dropped");
        assertTrue(renewal.benefit().note().contains("就高不重复"), renewal.benefit().note());
        assertEquals(Status.ELIGIBLE, titled(outcomes, "技改资金").status());
    }
}
