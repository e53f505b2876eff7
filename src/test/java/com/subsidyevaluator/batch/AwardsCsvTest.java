package com.subsidyevaluator.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.subsidyevaluator.engine.EvaluationResult;
import com.subsidyevaluator.engine.Outcome;
import com.subsidyevaluator.engine.Status;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Award rows: each text field written as RFC 4180 and the formula rule say, whichever way it is encoded. */
class AwardsCsvTest {

    private static EvaluationResult result(String applicant) {
        Outcome.Subject subject = new Outcome.Subject("Enterprise", "申请主体", "$.enterprise", "X", applicant);
        Outcome.Benefit benefit = new Outcome.Benefit("资金奖补", new BigDecimal("12.50"), "金额依据：测试", "pool-a");
        Outcome o = new Outcome("12", "第12条 测试", "标题", "二、科技创新政策", "市科技局", subject, Status.ELIGIBLE, benefit,
                List.of(), List.of(), List.of(), "说明");
        return new EvaluationResult("C1", LocalDate.of(2023, 12, 31), applicant, null, true, List.of(o));
    }

    @Test
    void textFieldsAreQuotedOnlyWhereNeededAndTheSameWhenMetAgain() {
        ResultJson.Kept kept = new ResultJson.Kept();
        for (String name : List.of("乐清甲公司", "a\\b", "tab\there", "新\n行", "引\"号", "逗,号", "=1+1", "-负", "@at", "𝄞音乐",
                "\u0001控制", "plain ascii")) {
            String quoted = AwardsCsv.field(new StringBuilder(), name).toString();
            String expected = "C1," + quoted + ",12,标题,二、科技创新政策,市科技局,符合,资金奖补,12.5,pool-a,12.5,," + quoted
                    + ",$.enterprise,金额依据：测试,金额已定\r\n";
            for (int round = 0; round < 2; round++) { // the second time from what the thread keeps
                ResultJson.Bytes out = new ResultJson.Bytes(16, kept);
                AwardsCsv.rows(out, result(name));
                assertEquals(expected, new String(out.toByteArray(), StandardCharsets.UTF_8), name);
            }
        }
    }
}
