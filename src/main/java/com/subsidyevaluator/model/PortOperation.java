package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.TEU;
import static com.subsidyevaluator.model.Units.YEAR;

import java.math.BigDecimal;

/** A container activity of the applicant at a port: a new route, a pick-up point, shipments, sea-rail. */
@FactType(label = "港口集装箱业务", description = "申请主体在港区开展的集装箱业务（新航线、提还箱点、集装箱进出、海铁联运等）。")
public record PortOperation(
        @Field(label = "编号") String id,
        @Field(label = "业务类别", scope = true, required = true) PortOperationKind kind,
        @Field(label = "港区") Port port,
        @Field(label = "年度", unit = YEAR, min = "1949", max = "2100") Integer year,
        @Field(label = "集装箱量", unit = TEU, min = "0") BigDecimal teu,
        @Field(label = "航线或站点名称") String name) implements Fact {

    @Override
    public String describe() {
        return (port == null ? "" : port.label()) + (kind == null ? "港口业务" : kind.label()) + (name == null ? "" : "「" + name + "」");
    }
}
