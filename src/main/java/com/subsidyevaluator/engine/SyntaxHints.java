package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.DrlTokens.Kind;
import com.subsidyevaluator.engine.DrlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain explanations of DRL syntax errors. The Drools parser says "mismatched input 'then'"; reading the
 * tokens around the place tells a policy officer what is most likely wrong there: a parenthesis not closed, a
 * comma missing between two conditions, a string without its closing quote, a full-width comma.
 */
final class SyntaxHints {

    private static final Pattern MISMATCHED = Pattern.compile("mismatched input '([^']*)'");

    private final String file;
    private final List<Token> tokens;
    private final List<DrlTokens.Lexical> lexical;

    SyntaxHints(String file, String text) {
        this.file = file;
        DrlTokens t = DrlTokens.of(text);
        this.tokens = t.tokens();
        this.lexical = t.problems();
    }

    /** The engine message without its stack trace. */
    static String firstLine(String engine) {
        if (engine == null) {
            return "";
        }
        String s = engine.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl).strip();
        }
        int st = s.indexOf("Stack trace");
        if (st >= 0) {
            s = s.substring(0, st).strip();
        }
        int ex = s.indexOf(". Exception: ");
        return ex >= 0 ? s.substring(0, ex + 1) : s;
    }

    /** Problems the tokens show by themselves (unterminated strings, full-width punctuation). */
    List<RuleProblem> lexical() {
        List<RuleProblem> out = new ArrayList<>();
        for (DrlTokens.Lexical l : lexical) {
            out.add(RuleProblem.error(file, l.line(), l.column(), ruleAt(l.line()), "语法错误：" + l.message()));
        }
        return out;
    }

    /** Whether an engine error at {@code line} is a consequence of a lexical problem already reported. */
    boolean duplicate(int line) {
        for (DrlTokens.Lexical l : lexical) {
            boolean unterminated = l.message().startsWith(DrlTokens.UNTERMINATED) || l.message().startsWith("注释");
            if (unterminated && l.line() <= line || l.line() == line) {
                return true;
            }
        }
        return false;
    }

    /** The rule whose text contains {@code line}, or null. */
    String ruleAt(int line) {
        String name = null;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.line() > line || t.kind() == Kind.EOF) {
                break;
            }
            if (t.is("rule") && t.firstOnLine(tokens, i)) {
                name = RuleGrammar.unquote(tokens.get(i + 1).text());
            }
        }
        return name;
    }

    /** A plain explanation of the engine's syntax error at {@code line}:{@code column}, or {@code fallback}. */
    String explain(String engine, String fallback, int line, int column) {
        Matcher m = MISMATCHED.matcher(engine);
        if (!m.find()) {
            return fallback;
        }
        String input = m.group(1);
        int at = indexAt(line, column);
        Token here = tokens.get(at);
        if (input.isEmpty() || input.equals("<eof>") || here.kind() == Kind.EOF) {
            return "文件在规则结束前就结束了：检查每条规则是否以 end 结束，括号和引号是否成对";
        }
        int ruleStart = -1;
        int when = -1;
        for (int i = at; i >= 0; i--) {
            Token t = tokens.get(i);
            if (t.is("when") && when < 0) {
                when = i;
            }
            if (t.is("rule") && t.firstOnLine(tokens, i)) {
                ruleStart = i;
                break;
            }
        }
        if (ruleStart < 0) {
            return fallback;
        }
        if (when < 0 || when < ruleStart) {
            return "规则缺少 when：规则须写成 rule \"名称\" @元数据 when 事实模式 then 结论 end（此处是 " + here.shown() + "）";
        }
        int depth = 0;
        for (int i = when + 1; i < at; i++) {
            String s = tokens.get(i).text();
            if (tokens.get(i).kind() == Kind.OP && s.equals("(")) {
                depth++;
            } else if (tokens.get(i).kind() == Kind.OP && s.equals(")")) {
                depth--;
            }
        }
        Token prev = at > 0 ? tokens.get(at - 1) : null;
        boolean thenSeen = false;
        for (int i = when + 1; i < at; i++) {
            thenSeen |= tokens.get(i).is("then");
        }
        if (depth == 0 && here.is("end") && !thenSeen) {
            return "规则缺少 then：条件之后须写 then，再写结论 outcome.eligible($主体);";
        }
        if (depth == 0 && here.is(")") && !thenSeen) {
            return "多余的 ')'：括号不成对";
        }
        if (depth > 0 && (here.is("then") || here.is("end"))) {
            return "事实模式的括号没有闭合：在 " + here.shown() + " 之前缺少 )";
        }
        if (depth > 0 && prev != null && endsValue(prev) && (here.isIdent() || here.kind() == Kind.STRING
                || here.kind() == Kind.NUMBER)) {
            return "两个条件之间缺少逗号：在 " + here.shown() + " 之前加英文逗号 ,";
        }
        if (depth == 0 && here.is("then") && prev != null && prev.is("when")) {
            return "when 之后须写一个事实模式，如 $e : Enterprise( … )";
        }
        return fallback;
    }

    private static boolean endsValue(Token t) {
        return t.kind() == Kind.IDENT || t.kind() == Kind.NUMBER || t.kind() == Kind.STRING || t.is(")");
    }

    private int indexAt(int line, int column) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.line() > line || t.line() == line && t.column() >= column) {
                return i;
            }
        }
        return tokens.size() - 1;
    }
}
