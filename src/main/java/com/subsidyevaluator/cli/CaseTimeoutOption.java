package com.subsidyevaluator.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The {@code --case-timeout DURATION} option of the commands that evaluate cases ({@code evaluate}, {@code test},
 * {@code diff}, {@code batch}): the time budget per case, 2 seconds unless given. A case whose evaluation takes
 * longer is refused with a message naming the rule that was running; the others are evaluated as usual.
 *
 * <p>Accepted: a number with the unit {@code s} or {@code ms} ({@code 2s}, {@code 500ms}, {@code 1.5s},
 * {@code 0.25s}), a whole number of milliseconds from 1 ms to 24 hours; {@code 0} or {@code off} (also {@code 0s},
 * {@code 0ms}, {@code none}) for no limit. Anything else is a one-line error, exit code 2.
 */
public class CaseTimeoutOption {

    /** The default, as the option's help shows it. */
    public static final String DEFAULT = "2s";

    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s)");
    private static final Duration MAX = Duration.ofHours(24);

    @Option(names = "--case-timeout", paramLabel = "DURATION", defaultValue = DEFAULT,
            description = "每个案例的评估时限，超时的案例被拒绝并指出当时正在执行的规则；如 2s、500ms、1.5s，"
                    + "0 或 off 表示不限时（默认 ${DEFAULT-VALUE}）"
                    + " time budget per case: a case whose evaluation takes longer is refused, naming the rule that "
                    + "was running (e.g. 2s, 500ms, 1.5s; 0 or off: no limit; default: ${DEFAULT-VALUE})")
    String value = DEFAULT;

    /**
     * The budget, or null for no limit.
     *
     * @throws UsageException (exit code 2) when the value is not a duration this option accepts
     */
    public Duration budget() {
        try {
            return parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException(ExitCode.BAD_INPUT, e.getMessage());
        }
    }

    /**
     * Reads a duration as the option accepts it; null for no limit.
     *
     * @throws IllegalArgumentException with a message in Chinese and then in English that names the option, the
     *                                  value and what is accepted
     */
    static Duration parse(String text) {
        String v = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (v.equals("off") || v.equals("none") || v.equals("0")) {
            return null;
        }
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            if (v.matches("\\d+(?:\\.\\d+)?")) {
                throw bad(text, "缺少单位 s 或 ms", "the unit s or ms is missing");
            }
            if (v.startsWith("-")) {
                throw bad(text, "时长不能为负", "a duration cannot be negative");
            }
            throw bad(text, "不是时长", "not a duration");
        }
        BigDecimal number = new BigDecimal(m.group(1));
        BigDecimal millis = m.group(2).equals("s") ? number.movePointRight(3) : number;
        if (millis.signum() == 0) {
            return null;
        }
        if (millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
            throw bad(text, "不能超过 24 小时", "at most 24 hours");
        }
        if (millis.stripTrailingZeros().scale() > 0) {
            throw bad(text, "最小单位为 1 毫秒", "whole milliseconds only");
        }
        return Duration.ofMillis(millis.longValueExact());
    }

    private static IllegalArgumentException bad(String value, String zh, String en) {
        return new IllegalArgumentException("--case-timeout 的值 '" + value + "' 无效：" + zh
                + "；应为时长，如 2s、500ms、1.5s，或 0、off 表示不限时 (invalid --case-timeout '" + value + "': " + en
                + "; expected a duration such as 2s, 500ms or 1.5s, or 0 or off for no limit)");
    }
}
