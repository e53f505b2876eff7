package com.subsidyevaluator.model;

/** The units used by the fact model. Money is always in 万元 (1 亿元 = 10,000 万元). */
public final class Units {
    public static final String WAN = "万元";
    public static final String MU = "亩";
    public static final String TEU = "TEU";
    public static final String PERCENT = "%";
    public static final String TCE = "吨标准煤";
    public static final String TONNE = "吨";
    public static final String SQUARE_METRE = "平方米";
    public static final String KW = "千瓦";
    public static final String KWH = "千瓦时";
    public static final String YEAR = "年";
    public static final String COUNT = "个";
    public static final String PERSON = "人";
    public static final String UNIT = "台";
    public static final String RATIO = "倍";

    private Units() {
    }
}
