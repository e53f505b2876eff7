package com.subsidyevaluator.model;

import static com.subsidyevaluator.model.Units.PERSON;

/** The applicant as an employer. */
@FactType(label = "用工情况", description = "申请主体的用工、社保参保情况。")
public record Employment(
        @Field(label = "编号") String id,
        @Field(label = "职工人数", unit = PERSON, min = "0") Integer employees,
        @Field(label = "依法参加失业保险") Boolean unemploymentInsured,
        @Field(label = "本年招用高校毕业生", unit = PERSON, min = "0") Integer graduatesHired,
        @Field(label = "本年招用就业困难人员", unit = PERSON, min = "0") Integer hardToEmployHired,
        @Field(label = "使用实习见习人员或新就业形态劳动者", unit = PERSON, min = "0") Integer internsOrPlatformWorkers) implements Fact {

    @Override
    public String describe() {
        return "用工情况";
    }
}
