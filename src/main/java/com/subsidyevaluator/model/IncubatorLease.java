package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.SQUARE_METRE;
import static com.subsidyevaluator.model.Units.WAN;
import static com.subsidyevaluator.model.Units.YEAR;

import java.math.BigDecimal;

/** Space the applicant (or one of its teams or makers) rents in an incubator or maker space. */
@FactType(label = "孵化场地租赁", description = "申请主体（或其团队、创客）在孵化器、众创空间租用的孵化场地。")
public record IncubatorLease(
        @Field(label = "编号") String id,
        @Field(label = "载体名称") String carrierName,
        @Field(label = "载体类别") CarrierKind carrierKind,
        @Field(label = "载体级别") Level carrierLevel,
        @Field(label = "承租方类别") TenantKind tenantKind,
        @Field(label = "租赁面积", unit = SQUARE_METRE, min = "0") BigDecimal areaM2,
        @Field(label = "年租金", unit = WAN, min = "0") BigDecimal annualRentWan,
        @Field(label = "租赁年度", unit = YEAR, min = "1949", max = "2100") Integer year) implements Fact {

    @Override
    public String describe() {
        return "孵化场地" + (carrierName == null ? "" : "「" + carrierName + "」")
                + (carrierLevel == null || carrierKind == null ? "" : "（" + carrierLevel.label() + carrierKind.label() + "）");
    }
}
