package com.subsidyevaluator.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the text of a DRL file into tokens with their line and column, skipping comments. Used by the
 * {@link Sandbox} (which checks every token of a rule file against what is allowed) and for plain syntax
 * hints. It does not depend on the Drools parser, so what it sees is exactly what is written.
 *
 * <p>Lexical problems that Drools reports late or confusingly are kept as {@link Lexical} entries: an
 * unterminated string or comment, a Java unicode escape ({@code \}{@code u…}, which the Java compiler would turn into
 * code even inside a comment), and characters outside ASCII where code is expected (a full-width comma or
 * parenthesis typed with a Chinese input method).
 */
final class DrlTokens {

    enum Kind { IDENT, NUMBER, STRING, OP, EOF }

    /** One token: its kind, text, 1-based line and column, and the offset in the file. */
    record Token(Kind kind, String text, int line, int column, int offset) {
        boolean is(String s) {
            return (kind == Kind.IDENT || kind == Kind.OP) && text.equals(s);
        }

        boolean isIdent() {
            return kind == Kind.IDENT;
        }

        /** Whether this token is the first on its line. */
        boolean firstOnLine(List<Token> tokens, int index) {
            return index == 0 || tokens.get(index - 1).line() != line;
        }

        String shown() {
            return kind == Kind.EOF ? "文件结尾" : "'" + text + "'";
        }
    }

    /** A lexical problem at a place in the file. */
    record Lexical(int line, int column, String message) {
    }

    private static final String[] OPERATORS = {
        ">>>=", "<<=", ">>=", ">>>", "...",
        "==", "!=", "<=", ">=", "&&", "||", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "->", "::",
        "<<", ">>"
    };

    private final List<Token> tokens = new ArrayList<>();
    private final List<Lexical> problems = new ArrayList<>();

    private DrlTokens() {
    }

    List<Token> tokens() {
        return tokens;
    }

    List<Lexical> problems() {
        return problems;
    }

    static DrlTokens of(String text) {
        DrlTokens t = new DrlTokens();
        t.scan(text);
        return t;
    }

    private void scan(String s) {
        int i = 0;
        int line = 1;
        int lineStart = 0;
        int n = s.length();
        // A unicode escape is read by the Java compiler before anything else, anywhere in a consequence.
        for (int k = s.indexOf("\\u"); k >= 0; k = s.indexOf("\\u", k + 2)) {
            int l = 1 + (int) s.substring(0, k).chars().filter(c -> c == '\n').count();
            int col = k - (s.lastIndexOf('\n', k - 1) + 1) + 1;
            problems.add(new Lexical(l, col, "规则文件中不能写 \\u 转义（Java 编译器会把它当作代码）；中文请直接写出"));
        }
        while (i < n) {
            char c = s.charAt(i);
            int col = i - lineStart + 1;
            if (c == '\n') {
                line++;
                i++;
                lineStart = i;
                continue;
            }
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\uFEFF') {
                i++;
                continue;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
                while (i < n && s.charAt(i) != '\n') {
                    i++;
                }
                continue;
            }
            if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                if (end < 0) {
                    problems.add(new Lexical(line, col, "注释 /* 没有以 */ 结束"));
                    end = n - 2;
                }
                for (int k = i; k < end + 2 && k < n; k++) {
                    if (s.charAt(k) == '\n') {
                        line++;
                        lineStart = k + 1;
                    }
                }
                i = Math.min(n, end + 2);
                continue;
            }
            if (c == '"' || c == '\'') {
                int start = i;
                int j = i + 1;
                boolean closed = false;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < n && s.charAt(j + 1) != '\n') {
                        j += 2;
                        continue;
                    }
                    if (d == '\n') {
                        break;
                    }
                    if (d == c) {
                        closed = true;
                        j++;
                        break;
                    }
                    j++;
                }
                if (!closed) {
                    problems.add(new Lexical(line, col, UNTERMINATED + " " + c + "：这一行的引号不成对（引号须在同一行内成对）"));
                }
                tokens.add(new Token(Kind.STRING, s.substring(start, j), line, col, start));
                i = j;
                continue;
            }
            if (c == '$' || c == '_' || (c < 128 && Character.isLetter(c))) {
                int j = i + 1;
                while (j < n) {
                    char d = s.charAt(j);
                    if (d == '$' || d == '_' || (d < 128 && Character.isLetterOrDigit(d))) {
                        j++;
                    } else {
                        break;
                    }
                }
                tokens.add(new Token(Kind.IDENT, s.substring(i, j), line, col, i));
                i = j;
                continue;
            }
            if (c < 128 && Character.isDigit(c) || c == '.' && i + 1 < n && Character.isDigit(s.charAt(i + 1))
                    && !(previousIsValue())) {
                int j = i;
                while (j < n && (Character.isDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                if (j + 1 < n && s.charAt(j) == '.' && Character.isDigit(s.charAt(j + 1))) {
                    j++;
                    while (j < n && Character.isDigit(s.charAt(j))) {
                        j++;
                    }
                }
                if (j < n && (s.charAt(j) == 'e' || s.charAt(j) == 'E')) {
                    int k = j + 1;
                    if (k < n && (s.charAt(k) == '+' || s.charAt(k) == '-')) {
                        k++;
                    }
                    if (k < n && Character.isDigit(s.charAt(k))) {
                        j = k;
                        while (j < n && Character.isDigit(s.charAt(j))) {
                            j++;
                        }
                    }
                }
                if (j < n && "bBiIlLdDfF".indexOf(s.charAt(j)) >= 0) {
                    j++;
                }
                tokens.add(new Token(Kind.NUMBER, s.substring(i, j), line, col, i));
                i = j;
                continue;
            }
            if (c >= 128) {
                int cp = s.codePointAt(i);
                if (Character.isLetter(cp)) {
                    // a run of Chinese words outside quotes: one problem for the run
                    int j = i;
                    while (j < n && s.charAt(j) >= 128 && Character.isLetter(s.codePointAt(j))) {
                        j += Character.charCount(s.codePointAt(j));
                    }
                    String run = s.substring(i, j);
                    problems.add(new Lexical(line, col, "文字 '" + run + "' 只能写在英文双引号内或 // 注释中"));
                    tokens.add(new Token(Kind.OP, run, line, col, i));
                    i = j;
                    continue;
                }
                problems.add(new Lexical(line, col, fullWidthHint(cp)));
                tokens.add(new Token(Kind.OP, new String(Character.toChars(cp)), line, col, i));
                i += Character.charCount(cp);
                continue;
            }
            String op = String.valueOf(c);
            for (String o : OPERATORS) {
                if (s.startsWith(o, i)) {
                    op = o;
                    break;
                }
            }
            tokens.add(new Token(Kind.OP, op, line, col, i));
            i += op.length();
        }
        int col = n - lineStart + 1;
        tokens.add(new Token(Kind.EOF, "", line, col, n));
        // A quote left open explains everything else odd on its line.
        java.util.Set<Integer> open = new java.util.HashSet<>();
        for (Lexical l : problems) {
            if (l.message().startsWith(UNTERMINATED)) {
                open.add(l.line());
            }
        }
        problems.removeIf(l -> open.contains(l.line()) && !l.message().startsWith(UNTERMINATED)
                && !l.message().contains("\\u"));
    }

    static final String UNTERMINATED = "字符串缺少结尾的引号";

    private boolean previousIsValue() {
        if (tokens.isEmpty()) {
            return false;
        }
        Token t = tokens.get(tokens.size() - 1);
        return t.kind() == Kind.IDENT || t.kind() == Kind.NUMBER || t.is(")");
    }

    private static String fullWidthHint(int cp) {
        String ch = new String(Character.toChars(cp));
        String ascii = switch (cp) {
            case '，' -> ",";
            case '（' -> "(";
            case '）' -> ")";
            case '“', '”' -> "\"";
            case '‘', '’' -> "'";
            case '；' -> ";";
            case '：' -> ":";
            case '＝' -> "=";
            case '＞' -> ">";
            case '＜' -> "<";
            case '！' -> "!";
            case '．', '。' -> ".";
            case '　' -> " ";
            default -> null;
        };
        if (ascii != null) {
            return "全角符号 '" + ch + "' 应为英文 '" + ascii + "'（中文只能写在引号内或 // 注释中）";
        }
        return "字符 '" + ch + "' 只能写在引号内或 // 注释中";
    }
}
