package com.subsidyevaluator.cli;

/** The exit codes of every subsidy command. */
public final class ExitCode {
    /** Everything worked. */
    public static final int OK = 0;
    /** A bug or an unexpected failure of the program (not the user's input). */
    public static final int INTERNAL = 1;
    /** Bad input: a case file or option that cannot be used (file, place and reason are printed). */
    public static final int BAD_INPUT = 2;
    /** Bad rules: the rule set does not load or does not validate (file:line of each problem printed). */
    public static final int BAD_RULES = 3;
    /** A batch finished but rejected some records (each is in errors.jsonl). */
    public static final int SOME_REJECTED = 4;
    /** Data tests or checks ran and at least one failed. */
    public static final int CHECK_FAILED = 5;

    /** The exit-code list shown at the end of every command's --help. */
    public static final String HELP = "%n退出码 (exit codes):%n"
            + "  0  成功 ok%n"
            + "  1  内部错误 internal error%n"
            + "  2  输入有误 bad input (case file, option)%n"
            + "  3  规则有误 bad rules (DRL or rule-set data)%n"
            + "  4  批处理中有记录被拒绝 batch finished with rejected records%n"
            + "  5  检查未通过 tests or coverage check failed%n";

    private ExitCode() {
    }
}
