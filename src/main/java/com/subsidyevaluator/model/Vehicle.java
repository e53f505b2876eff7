package com.subsidyevaluator.model;

/** A road vehicle the applicant operates. */
@FactType(label = "车辆", description = "申请主体运营的道路车辆。")
public record Vehicle(
        @Field(label = "编号") String id,
        @Field(label = "号牌") String plate,
        @Field(label = "车辆类别", scope = true, required = true) VehicleKind kind,
        @Field(label = "客车类别（一至四类）", min = "1", max = "4") Integer passengerClass,
        @Field(label = "安装ETC") Boolean etc,
        @Field(label = "国际标准集装箱运输车辆") Boolean standardContainer,
        @Field(label = "运输鲜活农产品") Boolean freshAgriProducts) implements Fact {

    @Override
    public String describe() {
        return (kind == null ? "车辆" : kind.label()) + (plate == null ? "" : "「" + plate + "」");
    }
}
