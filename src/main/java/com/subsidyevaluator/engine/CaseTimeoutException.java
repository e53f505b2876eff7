package com.subsidyevaluator.engine;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * A case was refused because its evaluation exceeded the time budget per case (see
 * {@link RuleSet#newBatchEvaluator(SessionStrategy, Duration)}): the message, in Chinese and then in English, names
 * the rule that was running when the budget ran out (or the fact being inserted, when the time went into the
 * conditions of the rules about it) and the budget in seconds. Rule files are bounded by what the sandbox lets them
 * say; the budget is defence in depth, so that every evaluation ends.
 *
 * <p>When a list of cases was evaluated together, {@link #caseIndex()} is the index in the list of the case that
 * was slow, or -1 when the time was that of the list as a whole: evaluate its cases one at a time to find out which.
 */
public final class CaseTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What the evaluation was doing when the budget ran out. */
    public enum Activity {
        /** A rule was firing: its consequence was running. */
        FIRING,
        /** A fact was being inserted: the conditions of the rules about it were being evaluated. */
        INSERTING,
        /** A rule's conditions were being evaluated one by one to explain its outcome. */
        EXPLAINING,
        /** The engine was matching rules, no rule firing. */
        ENGINE,
        /** The case was not started: too many evaluations that exceeded the budget are still running. */
        REFUSED
    }

    private final Duration budget;
    private final Activity activity;
    private final String rule;
    private final String factPath;
    private final int caseIndex;
    private final String caseId;

    CaseTimeoutException(String message, Duration budget, Activity activity, String rule, String factPath,
                         int caseIndex, String caseId) {
        super(message, null, false, false);
        this.budget = budget;
        this.activity = activity;
        this.rule = rule;
        this.factPath = factPath;
        this.caseIndex = caseIndex;
        this.caseId = caseId;
    }

    /** The case's budget ran out while {@code activity} ({@code rule}, {@code factPath}) was running. */
    static CaseTimeoutException of(Duration budget, BudgetWatch.Overrun o, int listSize, String caseId) {
        if (o.caseIndex() < 0 && listSize > 1) {
            String b = seconds(budget);
            return new CaseTimeoutException("评估超时：这 " + listSize + " 个案例一起评估时超出了时间预算（每个案例 " + b
                    + " 秒），须逐个重新评估 (evaluation timed out: the " + listSize + " cases evaluated together exceeded "
                    + "the time budget of " + b + " s per case; evaluate them one at a time)", budget, o.activity(), o.rule(),
                    o.factPath(), -1, null);
        }
        return new CaseTimeoutException(message(budget, o.activity(), o.rule(), o.factPath()), budget, o.activity(),
                o.rule(), o.factPath(), Math.max(0, o.caseIndex()), caseId);
    }

    /** The case was not evaluated: {@code running} earlier evaluations that exceeded the budget are still running. */
    static CaseTimeoutException refused(Duration budget, int running) {
        String b = seconds(budget);
        return new CaseTimeoutException("未评估：已有 " + running + " 个超出时间预算（每个案例 " + b + " 秒）的评估仍在运行，"
                + "为免耗尽处理器，不再开始新的评估 (not evaluated: " + running + " evaluations that exceeded the time "
                + "budget of " + b + " s per case are still running; no further evaluation is started, so as not to "
                + "exhaust the processors)", budget, Activity.REFUSED, null, null, -1, null);
    }

    /** The refusal of one case, in Chinese and then in English. */
    static String message(Duration budget, Activity activity, String rule, String factPath) {
        String b = seconds(budget);
        String of = factPath == null ? "" : "（对象 " + factPath + "）";
        String forFact = factPath == null ? "" : " for " + factPath;
        String zh;
        String en;
        switch (activity) {
            case FIRING -> {
                zh = "规则「" + rule + "」正在执行" + of;
                en = "rule \"" + rule + "\" was running" + forFact;
            }
            case INSERTING -> {
                zh = "正在插入事实 " + factPath + "，计算以它为对象的规则的条件";
                en = "fact " + factPath + " was being inserted and the conditions of the rules about it evaluated";
            }
            case EXPLAINING -> {
                zh = "正在逐项计算规则「" + rule + "」的条件以说明其结论" + of;
                en = "the conditions of rule \"" + rule + "\" were being evaluated to explain its outcome" + forFact;
            }
            default -> {
                zh = "规则引擎正在匹配规则（没有规则在执行）";
                en = "the rule engine was matching rules (no rule was running)";
            }
        }
        return "评估超时：超出了每个案例 " + b + " 秒的时间预算，当时" + zh + "；本案例未评估 (evaluation timed out: the "
                + "time budget of " + b + " s per case ran out while " + en + "; the case was not evaluated)";
    }

    /** "2", "0.5", "1.5": a budget in seconds as staff read it. */
    static String seconds(Duration d) {
        BigDecimal s = BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros();
        return (s.scale() < 0 ? s.setScale(0) : s).toPlainString();
    }

    /** The budget per case. */
    public Duration budget() {
        return budget;
    }

    public Activity activity() {
        return activity;
    }

    /** The rule that was firing or being explained when the budget ran out, or null. */
    public String rule() {
        return rule;
    }

    /** The JSON path of the fact being inserted, or that the rule was running for, or null. */
    public String factPath() {
        return factPath;
    }

    /** The index of the slow case in the list evaluated, or -1 when it is not known (see the class comment). */
    public int caseIndex() {
        return caseIndex;
    }

    /** The slow case's caseId, when known. */
    public String caseId() {
        return caseId;
    }
}
