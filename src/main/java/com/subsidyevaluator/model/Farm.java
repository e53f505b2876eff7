package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.MU;
import static com.subsidyevaluator.model.Units.TONNE;
import static com.subsidyevaluator.model.Units.UNIT;

import java.math.BigDecimal;

/** A piece of farming the applicant does: a crop with its area and output. */
@FactType(label = "农业生产", description = "申请主体的种植或养殖生产（粮食、铁皮石斛、雁荡毛峰茶等）。")
public record Farm(
        @Field(label = "编号") String id,
        @Field(label = "品种", scope = true, required = true) FarmProduct product,
        @Field(label = "种植面积", unit = MU, min = "0") BigDecimal areaMu,
        @Field(label = "产量", unit = TONNE, min = "0") BigDecimal outputTonnes,
        @Field(label = "参加水稻完全成本保险") Boolean riceFullCostInsurance,
        @Field(label = "本年新增农机具", unit = UNIT, min = "0") Integer newMachinery,
        @Field(label = "本年报废老旧农机", unit = UNIT, min = "0") Integer scrappedMachinery,
        @Field(label = "本年升级种植连体大棚等基础设施",
                description = "本年新建或升级种植连体大棚等生产基础设施（如铁皮石斛种植大棚）") Boolean facilityUpgrade) implements Fact {

    @Override
    public String describe() {
        return product == null ? "农业生产" : product.label() + "生产";
    }
}
