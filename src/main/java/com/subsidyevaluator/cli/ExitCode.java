package com.subsidyevaluator.cli;

/** The exit codes of every subsidy command. */
public final class ExitCode {
    /** Everything worked. */
    public static final int OK = 0;
    /** A bug or an unexpected failure of the program (not the user's input). */
    public static final int INTERNAL = 1;
    /**
     * Bad input: a case file or option that cannot be used (file, place and reason are printed), or a case refused
     * because its evaluation exceeded the time budget ({@code --case-timeout}; the rule that was running is named).
     */
    public static final int BAD_INPUT = 2;
    /** Bad rules: the rule set does not load or does not validate (file:line of each problem printed). */
    public static final int BAD_RULES = 3;
    /** A batch finished but rejected some records (each is in errors.jsonl). */
    public static final int SOME_REJECTED = 4;
    /** Data tests or checks ran and at least one failed. */
    public static final int CHECK_FAILED = 5;
    /** {@code explain}: the case id is not in the batch's results. */
    public static final int NOT_FOUND = 6;

    /** The heading of an exit-code list in --help. */
    public static final String HELP_HEADING = "%n退出码 (exit codes):%n";

    /**
     * All the exit codes, as the help of {@code subsidy} itself lists them; each command's help lists only the codes
     * that command can return (set by {@link SubsidyCommand}, built with {@link #help(String...)}).
     */
    public static final String HELP = HELP_HEADING
            + "  0  成功 ok%n"
            + "  1  内部错误 internal error%n"
            + "  2  输入有误或案例评估超时%n"
            + "     bad input (case file, option) or a case over its time budget%n"
            + "  3  规则有误 bad rules (DRL or rule-set data)%n"
            + "  4  批处理中有记录被拒绝 batch finished with rejected records%n"
            + "  5  检查未通过 tests or coverage check failed%n"
            + "  6  结果中没有该案例 case id not in the batch's results (explain)%n";

    /** The width of the help, in columns (picocli's default). */
    private static final int WIDTH = 80;

    /**
     * One entry of an exit-code list: the code, what it means in Chinese, then in English; on one line when it fits
     * the help's width, else the English on a line of its own (indented, so that picocli need not wrap it).
     */
    public static String line(int code, String zh, String en) {
        String one = "  " + code + "  " + zh + " " + en;
        return (columns(one) < WIDTH ? one : "  " + code + "  " + zh + "%n     " + en) + "%n";
    }

    /** Columns on a terminal: two for a Chinese character or a full-width sign, one for the others. */
    static int columns(String s) {
        return s.codePoints().map(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN
                || c >= 0x3000 && c <= 0x303F || c >= 0xFF00 && c <= 0xFF60 ? 2 : 1).sum();
    }

    /** An exit-code list for --help (a picocli format string: {@code %n} ends each line) of the given lines. */
    public static String help(String... lines) {
        return HELP_HEADING + String.join("", lines);
    }

    private ExitCode() {
    }
}
