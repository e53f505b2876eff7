package com.subsidyevaluator.targets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Set;

/** Writes figures for people: "12.7%", "1541 亩", "317000 亩（31.7 万亩）", "79000 万元（7.9 亿元）", "≈14.68 倍". */
public final class Figures {

    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);
    /** Units the documents also write in 万 (31.7万亩, 12.7万吨, 14万人). */
    private static final Set<String> IN_TEN_THOUSANDS = Set.of("亩", "吨", "人", "人次", "千瓦", "吨标准煤");

    private Figures() {
    }

    /**
     * A number as written ("3.0" stays "3.0", as the document writes it). A number with more than four decimals
     * (only a computed quotient such as 79000 ÷ 5380) is shown as "≈" and two decimals.
     */
    public static String plain(BigDecimal n) {
        if (n.stripTrailingZeros().scale() > 4) {
            return "≈" + n.setScale(2, RoundingMode.HALF_UP).toPlainString();
        }
        return (n.scale() < 0 ? n.setScale(0) : n).toPlainString();
    }

    /** A figure with its unit. */
    public static String text(BigDecimal n, String unit) {
        String plain = plain(n);
        if (unit == null || unit.isEmpty()) {
            return plain;
        }
        if (unit.equals("%")) {
            return plain + "%";
        }
        if (n.abs().compareTo(TEN_THOUSAND) >= 0 && unit.equals("万元")) {
            return plain + " 万元（" + plain(n.divide(TEN_THOUSAND)) + " 亿元）";
        }
        if (n.abs().compareTo(TEN_THOUSAND) >= 0 && IN_TEN_THOUSANDS.contains(unit)) {
            return plain + " " + unit + "（" + plain(n.divide(TEN_THOUSAND)) + " 万" + unit + "）";
        }
        return plain + " " + unit;
    }

    /** A difference of two figures: in 个百分点 for percentages, else in the unit. */
    public static String difference(BigDecimal d, String unit) {
        return "%".equals(unit) ? plain(d) + " 个百分点" : text(d, unit);
    }
}
