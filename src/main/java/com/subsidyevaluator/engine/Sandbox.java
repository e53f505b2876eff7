package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.DrlTokens.Kind;
import com.subsidyevaluator.engine.DrlTokens.Token;
import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.engine.FactModel.TypeInfo;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sandbox of rule files: an allow-list of what a DRL file may contain, checked on its tokens before Drools
 * compiles anything (Drools evaluates unquoted metadata and compiles consequences while building, so a check
 * after that would be too late).
 *
 * <p>A rule file may contain only {@code package}, {@code import} of the fact model, of
 * {@link OutcomeRecorder} and of a few value classes ({@link #IMPORTS}), the one {@code global} that records
 * outcomes, and rules. A rule has a quoted name, {@code @metadata} whose values are literals, exactly one fact
 * pattern {@code $x : Type( condition, … )} and the consequence {@code outcome.eligible($x);} or
 * {@code outcome.eligible($x, amount);}. Conditions and amounts may use the subject's fields, enum constants of
 * the fact model, literals, comparison and arithmetic operators, and a listed set of value methods
 * (BigDecimal, String, LocalDate, collections). Every other word is refused with its line and column: this is
 * what keeps a rule file from reaching the process, files, network, threads, reflection or static state.
 */
final class Sandbox {

    /** Why the sandbox exists, appended to messages about forbidden names. */
    static final String WHY = "规则只能读取本事实的字段，不能访问进程、文件、网络、线程、反射或静态状态（见 docs/rule-authoring.md「沙箱」）";
    static final String ONE_PATTERN = "规则的条件须恰好是一个事实模式，如 $e : Enterprise( … )；不支持多个模式、or、not、exists、eval";
    static final String CONSEQUENCE = "规则结论只能是 outcome.eligible($主体); 或 outcome.eligible($主体, 金额表达式);";

    /** Imports a rule file may have (a trailing {@code .*} imports a whole package). */
    static final Set<String> IMPORTS;
    /** Classes a condition or amount may name, with the static members it may use. */
    static final Map<String, Set<String>> STATIC_MEMBERS = new LinkedHashMap<>();
    /** Classes that may follow {@code new} in a condition. */
    static final Set<String> CONSTRUCTIBLE = Set.of("BigDecimal", "BigInteger", "ArrayList", "LinkedList", "HashSet",
            "LinkedHashSet", "TreeSet", "HashMap", "LinkedHashMap", "TreeMap");
    /** Methods and properties that may be called on a value (a field, a literal, a constant). */
    static final Set<String> INSTANCE_MEMBERS = new HashSet<>();
    /** Enum types of the fact model by simple name. */
    static final Map<String, Class<?>> ENUMS = new LinkedHashMap<>();

    private static final Set<String> CONDITION_WORDS = Set.of("true", "false", "null", "in", "not", "matches",
            "contains", "memberOf", "excludes", "soundslike");
    private static final Set<String> AMOUNT_WORDS = Set.of("true", "false", "null");
    private static final Set<String> CONDITION_OPS = Set.of("==", "!=", "<", ">", "<=", ">=", "&&", "||", "!", "(",
            ")", ",", ".", "+", "-", "*", "/", "%");
    private static final Set<String> AMOUNT_OPS = Set.of("==", "!=", "<", ">", "<=", ">=", "&&", "||", "!", "(", ")",
            ",", ".", "+", "-", "*", "/", "?", ":");
    private static final Set<String> ATTRIBUTES = Set.of("salience", "enabled", "no", "lock", "agenda", "activation",
            "auto", "dialect", "date", "duration", "timer", "calendars", "ruleflow", "refract", "direct");
    private static final Set<String> TOP_LEVEL = Set.of("package", "import", "global", "rule", "function", "query",
            "declare", "template", "unit", "dialect", "attributes");
    private static final Set<String> RESERVED_PACKAGES = Set.of("java", "javax", "jdk", "sun", "com.sun",
            "com.subsidyevaluator", "org.drools", "org.kie", "org.mvel2");
    private static final Set<String> ENGINE_ACCESS = Set.of("drools", "kcontext", "insert", "insertLogical", "modify",
            "update", "retract", "delete", "kieRuntime");
    private static final Set<String> DANGEROUS = Set.of("System", "Runtime", "ProcessBuilder", "Process", "Thread",
            "ThreadGroup", "Class", "ClassLoader", "Method", "Field", "Constructor", "File", "Files", "Path", "Paths",
            "FileWriter", "FileOutputStream", "FileInputStream", "RandomAccessFile", "Socket", "ServerSocket", "URL",
            "URI", "HttpClient", "Executors", "ForkJoinPool", "Unsafe", "MethodHandles", "Proxy", "ScriptEngineManager",
            "getClass", "forName", "exec", "exit", "halt", "getRuntime", "setProperty", "getProperty", "getenv");

    static {
        STATIC_MEMBERS.put("BigDecimal", Set.of("valueOf", "ZERO", "ONE", "TEN"));
        STATIC_MEMBERS.put("BigInteger", Set.of("valueOf", "ZERO", "ONE", "TWO", "TEN"));
        STATIC_MEMBERS.put("RoundingMode", Set.of("UP", "DOWN", "CEILING", "FLOOR", "HALF_UP", "HALF_DOWN", "HALF_EVEN",
                "UNNECESSARY"));
        STATIC_MEMBERS.put("LocalDate", Set.of("of", "parse", "MIN", "MAX", "EPOCH"));
        STATIC_MEMBERS.put("Year", Set.of("of"));
        STATIC_MEMBERS.put("YearMonth", Set.of("of"));
        STATIC_MEMBERS.put("Period", Set.of("of", "ofDays", "ofMonths", "ofYears", "between"));
        STATIC_MEMBERS.put("ChronoUnit", Set.of("DAYS", "MONTHS", "YEARS"));
        STATIC_MEMBERS.put("List", Set.of("of", "copyOf"));
        STATIC_MEMBERS.put("Set", Set.of("of", "copyOf"));
        STATIC_MEMBERS.put("Map", Set.of("of"));
        STATIC_MEMBERS.put("Arrays", Set.of("asList"));
        for (String c : CONSTRUCTIBLE) {
            STATIC_MEMBERS.putIfAbsent(c, Set.of());
        }
        STATIC_MEMBERS.putIfAbsent("Collection", Set.of());

        INSTANCE_MEMBERS.addAll(List.of(
                // BigDecimal / BigInteger
                "add", "subtract", "multiply", "divide", "remainder", "min", "max", "abs", "negate", "plus", "signum",
                "scale", "precision", "setScale", "movePointLeft", "movePointRight", "stripTrailingZeros", "compareTo",
                "intValue", "longValue", "doubleValue", "toPlainString",
                // String
                "length", "isEmpty", "isBlank", "startsWith", "endsWith", "contains", "equals", "equalsIgnoreCase",
                "trim", "strip", "toUpperCase", "toLowerCase", "substring", "charAt", "indexOf",
                // LocalDate, Year, Period, ChronoUnit
                "isBefore", "isAfter", "isEqual", "getYear", "getMonthValue", "getDayOfMonth", "getDayOfYear",
                "plusDays", "plusMonths", "plusYears", "minusDays", "minusMonths", "minusYears", "lengthOfMonth",
                "lengthOfYear", "isLeapYear", "between", "getDays", "getMonths", "getYears", "toTotalMonths",
                // collections
                "size", "containsAll", "containsKey", "containsValue", "get",
                // enums and any value
                "name", "ordinal", "label", "toString"));
        for (Class<? extends com.subsidyevaluator.model.Fact> type : FactModel.FACT_TYPES) {
            for (FieldInfo f : FactModel.type(type).fields().values()) {
                Class<?> t = f.type();
                if (t.isEnum() && t.getPackageName().equals(type.getPackageName())) {
                    ENUMS.putIfAbsent(t.getSimpleName(), t);
                }
            }
        }
        for (Class<?> e : ENUMS.values()) {
            for (Method m : e.getDeclaredMethods()) {
                if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                        && m.getParameterCount() == 0) {
                    INSTANCE_MEMBERS.add(m.getName());
                }
            }
        }
        for (String m : new ArrayList<>(INSTANCE_MEMBERS)) {
            String p = property(m);
            if (p != null) {
                INSTANCE_MEMBERS.add(p);
            }
        }
        Set<String> imports = new LinkedHashSet<>();
        imports.add("com.subsidyevaluator.model.*");
        FactModel.FACT_TYPES.forEach(t -> imports.add(t.getName()));
        ENUMS.values().forEach(t -> imports.add(t.getName()));
        imports.add(OutcomeRecorder.class.getName());
        imports.addAll(List.of("java.math.*", "java.math.BigDecimal", "java.math.BigInteger", "java.math.RoundingMode",
                "java.time.*", "java.time.LocalDate", "java.time.Year", "java.time.YearMonth", "java.time.Period",
                "java.time.temporal.ChronoUnit", "java.util.*", "java.util.List", "java.util.Set", "java.util.Map",
                "java.util.Collection", "java.util.Arrays", "java.util.ArrayList", "java.util.LinkedList",
                "java.util.HashSet", "java.util.LinkedHashSet", "java.util.TreeSet", "java.util.HashMap",
                "java.util.LinkedHashMap", "java.util.TreeMap"));
        IMPORTS = java.util.Collections.unmodifiableSet(imports);
    }

    /** What the sandbox found in one file. */
    record Result(List<RuleProblem> problems, Set<Integer> flaggedRuleLines) {
        boolean clean() {
            return problems.isEmpty();
        }
    }

    private enum Mode { CONDITION, AMOUNT }

    /**
     * What a rule file may name, for one fact model: the imports, enum types and enum methods of the fact types a
     * rule set's rules match (the case model for policy rules, the target fact for target rules).
     */
    private record Profile(List<Class<?>> factTypes, Set<String> imports, Map<String, Class<?>> enums,
                           Set<String> instanceMembers) {
    }

    private static final Map<List<Class<?>>, Profile> PROFILES = new java.util.concurrent.ConcurrentHashMap<>();

    private static Profile profile(List<Class<?>> factTypes) {
        return PROFILES.computeIfAbsent(List.copyOf(factTypes), types -> {
            Set<String> imports = new LinkedHashSet<>(IMPORTS);
            Map<String, Class<?>> enums = new LinkedHashMap<>(ENUMS);
            Set<String> members = new HashSet<>(INSTANCE_MEMBERS);
            for (Class<?> type : types) {
                imports.add(type.getName());
                for (FieldInfo f : FactModel.type(type).fields().values()) {
                    Class<?> t = f.type();
                    if (t.isEnum() && enums.putIfAbsent(t.getSimpleName(), t) == null) {
                        imports.add(t.getName());
                        imports.add(t.getCanonicalName());
                        for (Method m : t.getDeclaredMethods()) {
                            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())
                                    && m.getParameterCount() == 0) {
                                members.add(m.getName());
                                String prop = property(m.getName());
                                if (prop != null) {
                                    members.add(prop);
                                }
                            }
                        }
                    }
                }
            }
            return new Profile(types, Set.copyOf(imports), Map.copyOf(enums), Set.copyOf(members));
        });
    }

    private final Profile profile;
    private final String file;
    private final List<Token> ts;
    private final List<RuleProblem> problems = new ArrayList<>();
    private final Set<Integer> flagged = new TreeSet<>();
    private String rule;
    private int ruleLine;

    private Sandbox(String file, List<Token> tokens, Profile profile) {
        this.profile = profile;
        this.file = file;
        this.ts = tokens;
    }

    /** Checks the text of one rule file ({@code file} is its name relative to the rule set). */
    static Result check(String file, String text) {
        return check(file, text, List.copyOf(FactModel.FACT_TYPES));
    }

    /** Checks the text of one rule file whose rules match {@code factTypes}. */
    static Result check(String file, String text, List<Class<?>> factTypes) {
        DrlTokens lexed = DrlTokens.of(text);
        Sandbox s = new Sandbox(file, lexed.tokens(), profile(factTypes));
        for (DrlTokens.Lexical l : lexed.problems()) {
            s.problems.add(RuleProblem.error(file, l.line(), l.column(), s.ruleAt(l.line()), l.message()));
            String r = s.ruleAt(l.line());
            if (r != null) {
                s.flagged.add(s.ruleLineAt(l.line()));
            }
        }
        s.file();
        return new Result(List.copyOf(s.problems), Set.copyOf(s.flagged));
    }

    // ---------------------------------------------------------------------------------------------- structure

    private void file() {
        int i = 0;
        while (ts.get(i).kind() != Kind.EOF) {
            Token t = ts.get(i);
            rule = null;
            if (t.is("package")) {
                i = packageDecl(i);
            } else if (t.is("import")) {
                i = importDecl(i);
            } else if (t.is("global")) {
                i = globalDecl(i);
            } else if (t.is("rule")) {
                i = rule(i);
            } else {
                String why = switch (t.text()) {
                    case "function" -> "规则文件中不能定义函数（function）";
                    case "query" -> "规则文件中不能定义查询（query）";
                    case "declare" -> "规则文件中不能声明类型（declare）：只能使用事实模型中的类型";
                    case "template" -> "规则文件中不能使用模板（template）";
                    case "dialect", "attributes" -> "规则文件中不能设置 " + t.text() + "（规则一律用默认写法）";
                    default -> "此处不应出现 " + t.shown() + "：规则文件只能包含 package、import、global 和 rule";
                };
                error(t, why);
                i = recover(i + 1);
            }
        }
    }

    /** The index of the next top-level keyword at the start of a line, or of EOF. */
    private int recover(int i) {
        while (ts.get(i).kind() != Kind.EOF && !(TOP_LEVEL.contains(ts.get(i).text()) && ts.get(i).isIdent()
                && ts.get(i).firstOnLine(ts, i))) {
            i++;
        }
        return i;
    }

    /** Reads a dotted name starting at {@code i}; returns the index after it. */
    private int qualified(int i, StringBuilder out) {
        while (ts.get(i).isIdent()) {
            out.append(ts.get(i).text());
            i++;
            if (ts.get(i).is(".") && (ts.get(i + 1).isIdent() || ts.get(i + 1).is("*"))) {
                out.append('.');
                i++;
                if (ts.get(i).is("*")) {
                    out.append('*');
                    return i + 1;
                }
            } else {
                break;
            }
        }
        return i;
    }

    private int endOfStatement(int i) {
        if (ts.get(i).is(";")) {
            return i + 1;
        }
        if (ts.get(i).kind() != Kind.EOF && !(ts.get(i).isIdent() && TOP_LEVEL.contains(ts.get(i).text()))) {
            error(ts.get(i), "此处不应出现 " + ts.get(i).shown());
            return recover(i);
        }
        return i;
    }

    private int packageDecl(int i) {
        StringBuilder name = new StringBuilder();
        int j = qualified(i + 1, name);
        String n = name.toString();
        if (!n.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
            error(ts.get(i + 1), "package 名称须为小写英文单词，用点分隔，如 yueqing2023.science");
        } else if (RESERVED_PACKAGES.stream().anyMatch(r -> n.equals(r) || n.startsWith(r + "."))) {
            error(ts.get(i + 1), "package 名称 '" + n + "' 不允许：用规则集自己的名称，如 yueqing2023.science");
        }
        return endOfStatement(j);
    }

    private int importDecl(int i) {
        Token first = ts.get(i + 1);
        if (first.is("static") || first.is("function") || first.is("accumulate") || first.is("entry")) {
            error(first, "规则文件中不能写 import " + first.text() + "：只能导入事实模型（import com.subsidyevaluator.model.*;）");
            return recover(i + 1);
        }
        StringBuilder name = new StringBuilder();
        int j = qualified(i + 1, name);
        String n = name.toString();
        if (!profile.imports().contains(n)) {
            error(first, "不允许导入 '" + n + "'：规则文件只能导入事实模型 com.subsidyevaluator.model.*、"
                    + "java.math、java.time 和 java.util 中的值类型与集合（见 docs/rule-authoring.md「沙箱」）");
        }
        return endOfStatement(j);
    }

    private int globalDecl(int i) {
        StringBuilder type = new StringBuilder();
        int j = qualified(i + 1, type);
        Token name = ts.get(j);
        String t = type.toString();
        boolean ok = (t.equals(OutcomeRecorder.class.getName()) || t.equals(OutcomeRecorder.class.getSimpleName()))
                && name.is(RuleSetLoader.RECORDER_GLOBAL);
        if (!ok) {
            error(ts.get(i + 1), "规则文件只能声明一个全局变量：global " + OutcomeRecorder.class.getName() + " "
                    + RuleSetLoader.RECORDER_GLOBAL + ";");
            return recover(i + 1);
        }
        return endOfStatement(j + 1);
    }

    private int rule(int i) {
        Token kw = ts.get(i);
        Token nameTok = ts.get(i + 1);
        ruleLine = kw.line();
        rule = nameTok.kind() == Kind.STRING ? unquote(nameTok.text()) : nameTok.text();
        int j = i + 2;
        // header: metadata until `when`
        while (!ts.get(j).is("when")) {
            Token t = ts.get(j);
            if (t.kind() == Kind.EOF || t.is("then") || t.is("end")) {
                error(t, "规则缺少 when：规则须写成 rule \"名称\" @元数据 when 事实模式 then 结论 end");
                return t.kind() == Kind.EOF ? j : recover(j + 1);
            }
            if (t.is("@")) {
                j = annotation(j);
            } else if (t.is("extends")) {
                error(t, "规则不能继承另一条规则（extends）：每条规则写出自己的全部条件");
                j += 2;
            } else if (t.isIdent() && ATTRIBUTES.contains(t.text())) {
                error(t, "不能使用规则属性 '" + attributeName(j) + "'：规则不靠执行顺序或分组，结论由元数据和条件决定");
                j++;
                while (!ts.get(j).is("@") && !ts.get(j).is("when") && ts.get(j).kind() != Kind.EOF
                        && !ts.get(j).is("then") && !ts.get(j).is("end")) {
                    j++;
                }
            } else {
                error(t, "此处不应出现 " + t.shown() + "：规则名称之后只能写 @元数据（如 @clause(\"12\")），然后是 when");
                j++;
            }
        }
        int when = j;
        int then = when + 1;
        int depth = 0;
        while (ts.get(then).kind() != Kind.EOF && !(depth == 0 && (ts.get(then).is("then") || ts.get(then).is("end")))) {
            depth += depthChange(ts.get(then));
            then++;
        }
        if (!ts.get(then).is("then")) {
            error(ts.get(then), "规则缺少 then：规则须写成 rule \"名称\" @元数据 when 事实模式 then 结论 end");
            return ts.get(then).kind() == Kind.EOF ? then : then + 1;
        }
        String[] binding = new String[1];
        TypeInfo subject = lhs(when + 1, then, binding);
        int end = then + 1;
        while (ts.get(end).kind() != Kind.EOF && !ts.get(end).is("end")) {
            end++;
        }
        if (ts.get(end).kind() == Kind.EOF) {
            error(ts.get(end), "规则缺少 end：每条规则须以 end 结束");
            return end;
        }
        consequence(then, end, binding[0], subject);
        return end + 1;
    }

    private String attributeName(int j) {
        StringBuilder s = new StringBuilder(ts.get(j).text());
        while (ts.get(j + 1).is("-") && ts.get(j + 2).isIdent()) {
            s.append('-').append(ts.get(j + 2).text());
            j += 2;
        }
        return s.toString();
    }

    private int annotation(int at) {
        Token name = ts.get(at + 1);
        if (!name.isIdent()) {
            error(ts.get(at), "@ 后须是元数据名称，如 @clause(\"12\")");
            return at + 1;
        }
        int j = at + 2;
        if (ts.get(j).is(".")) {
            error(name, "元数据名称不能带点：只能写 @clause、@title 等");
            while (ts.get(j).is(".") && ts.get(j + 1).isIdent()) {
                j += 2;
            }
        }
        if (!ts.get(j).is("(")) {
            return j;
        }
        int close = matching(j);
        List<Token> value = ts.subList(j + 1, close);
        boolean literal = value.isEmpty() || value.size() == 1 && (value.get(0).kind() == Kind.STRING
                || value.get(0).kind() == Kind.NUMBER || value.get(0).isIdent() && !value.get(0).text().startsWith("$"))
                || value.size() == 2 && value.get(0).is("-") && value.get(1).kind() == Kind.NUMBER;
        if (!literal) {
            Token bad = value.stream().filter(v -> v.kind() != Kind.STRING && v.kind() != Kind.NUMBER).findFirst()
                    .orElse(value.get(0));
            error(bad, "元数据 @" + name.text() + " 的值不能是表达式（Drools 编译规则时会执行它）；须写成带英文双引号的文字，如 @"
                    + name.text() + "(\"…\")");
        }
        return ts.get(close).kind() == Kind.EOF ? close : close + 1;
    }

    /** Checks the conditions part; returns the subject type when it is known. */
    private TypeInfo lhs(int from, int to, String[] binding) {
        if (from >= to) {
            error(ts.get(to), ONE_PATTERN);
            return null;
        }
        Token first = ts.get(from);
        if (first.isIdent() && Set.of("not", "exists", "forall", "accumulate", "eval", "or", "and", "collect")
                .contains(first.text()) || first.is("(")) {
            error(first, ONE_PATTERN + "（此处是 " + first.shown() + "）");
            return null;
        }
        int i = from;
        if (first.isIdent() && first.text().startsWith("$") && ts.get(from + 1).is(":")) {
            binding[0] = first.text();
            i = from + 2;
        } else if (first.isIdent() && ts.get(from + 1).is(":")) {
            error(first, "事实的变量名须以 $ 开头，如 $e : Enterprise( … )");
            return null;
        } else if (first.isIdent()) {
            error(first, "事实模式须绑定一个变量，供结论使用：如 $e : " + first.text() + "( … )");
        } else {
            error(first, "此处不应出现 " + first.shown() + "：" + ONE_PATTERN);
            return null;
        }
        Token typeTok = ts.get(i);
        if (!typeTok.isIdent()) {
            error(typeTok, "此处应是事实类型，如 Enterprise");
            return null;
        }
        if (ts.get(i + 1).is(".")) {
            StringBuilder q = new StringBuilder();
            qualified(i, q);
            error(typeTok, "事实类型只写类名（如 Enterprise），不写完整的包名 '" + q + "'");
            return null;
        }
        TypeInfo subject = profile.factTypes().stream().filter(t -> t.getSimpleName().equals(typeTok.text()))
                .findFirst().map(FactModel::type).orElse(null);
        if (subject == null) {
            List<String> near = Suggestions.nearest(typeTok.text(),
                    profile.factTypes().stream().map(Class::getSimpleName).toList(), 2);
            error(typeTok, "未知的事实类型 '" + typeTok.text() + "'" + (near.isEmpty() ? "" : "，是否指 '" + near.get(0) + "'?"));
        }
        Token open = ts.get(i + 1);
        if (!open.is("(")) {
            error(open, "事实类型之后须有括号写条件，如 " + typeTok.text() + "( … )");
            return subject;
        }
        int close = matching(i + 1);
        if (close > to) {
            error(open, "事实模式的括号没有闭合");
            return subject;
        }
        // conditions, split at top-level commas
        int start = i + 2;
        int depth = 0;
        for (int k = i + 2; k <= close; k++) {
            Token t = ts.get(k);
            if (k == close || depth == 0 && t.is(",")) {
                if (k > start) {
                    expression(start, k, Mode.CONDITION, subject, null);
                }
                start = k + 1;
            } else {
                depth += depthChange(t);
            }
        }
        int after = close + 1;
        if (after < to) {
            Token t = ts.get(after);
            if (t.is("from")) {
                error(t, "事实模式不能使用 from（规则只看案例中的事实本身）");
            } else if (t.is("over") || t.is("@")) {
                error(t, "事实模式之后不能再写 " + t.shown());
            } else if (t.is(";") && after + 1 == to) {
                return subject;
            } else {
                error(t, ONE_PATTERN + "（此处是 " + t.shown() + "）");
            }
        }
        return subject;
    }

    private void consequence(int then, int end, String binding, TypeInfo subject) {
        int i = then + 1;
        if (i == end) {
            error(ts.get(then), CONSEQUENCE);
            return;
        }
        String[] expected = {RuleSetLoader.RECORDER_GLOBAL, ".", "eligible", "("};
        for (String e : expected) {
            Token t = ts.get(i);
            if (!t.is(e)) {
                consequenceError(t);
                return;
            }
            i++;
        }
        Token subj = ts.get(i);
        if (!subj.isIdent() || !subj.text().startsWith("$")) {
            error(subj, "outcome.eligible( 之后须写本规则事实的变量，如 " + (binding == null ? "$e" : binding));
            return;
        }
        if (binding != null && !subj.text().equals(binding)) {
            error(subj, "outcome.eligible 须指明本规则的事实 " + binding + "，而不是 " + subj.text());
            return;
        }
        int open = i - 1;
        int close = matching(open);
        if (close > end) {
            error(ts.get(open), "outcome.eligible( 的括号没有闭合");
            return;
        }
        i++;
        if (ts.get(i).is(",")) {
            if (i + 1 == close) {
                error(ts.get(i), "逗号之后须写金额（万元），或去掉逗号");
                return;
            }
            if (!expression(i + 1, close, Mode.AMOUNT, subject, binding)) {
                return;
            }
        } else if (i != close) {
            consequenceError(ts.get(i));
            return;
        }
        i = close + 1;
        if (ts.get(i).is(";")) {
            i++;
        }
        if (i != end) {
            Token t = ts.get(i);
            if (ENGINE_ACCESS.contains(t.text())) {
                consequenceError(t);
            } else {
                error(t, "结论只能有一句 outcome.eligible(…);（此处的 " + t.shown() + " 不允许）；" + WHY);
            }
        }
    }

    private void consequenceError(Token t) {
        if (t.isIdent() && ENGINE_ACCESS.contains(t.text())) {
            error(t, "结论中不能使用 '" + t.text() + "'：规则只记录结论，不改动事实或引擎；" + CONSEQUENCE);
        } else if (t.isIdent() && (DANGEROUS.contains(t.text()) || Character.isUpperCase(t.text().charAt(0)))) {
            error(t, "结论中不允许使用 '" + t.text() + "'：" + WHY + "；" + CONSEQUENCE);
        } else {
            error(t, CONSEQUENCE + "（此处是 " + t.shown() + "）");
        }
    }

    // ---------------------------------------------------------------------------------------------- expressions

    /** Checks one condition or amount expression (tokens {@code from} … {@code to - 1}); reports the first problem. */
    private boolean expression(int from, int to, Mode mode, TypeInfo subject, String binding) {
        Set<String> ops = mode == Mode.CONDITION ? CONDITION_OPS : AMOUNT_OPS;
        Set<String> words = mode == Mode.CONDITION ? CONDITION_WORDS : AMOUNT_WORDS;
        for (int i = from; i < to; i++) {
            Token t = ts.get(i);
            Token prev = i > from ? ts.get(i - 1) : null;
            switch (t.kind()) {
                case STRING, NUMBER -> {
                }
                case OP -> {
                    if (!ops.contains(t.text())) {
                        error(t, operatorMessage(t, mode));
                        return false;
                    }
                    if (t.is(".") && !(i + 1 < to && ts.get(i + 1).isIdent())) {
                        error(t, "点号之后须是字段或方法名");
                        return false;
                    }
                }
                case IDENT -> {
                    if (prev != null && prev.is(".")) {
                        if (!member(i, from, mode, subject, binding)) {
                            return false;
                        }
                        continue;
                    }
                    String w = t.text();
                    Token next = i + 1 < to ? ts.get(i + 1) : null;
                    if (w.startsWith("$")) {
                        if (mode == Mode.AMOUNT && w.equals(binding)) {
                            continue;
                        }
                        error(t, mode == Mode.CONDITION
                                ? "条件不能引用变量 '" + w + "'：每条规则只看一个事实，条件只写它自己的字段"
                                : "金额只能用本规则事实 " + binding + " 的字段计算，不能引用 '" + w + "'");
                        return false;
                    }
                    if (words.contains(w)) {
                        continue;
                    }
                    if (w.equals("new")) {
                        Token cls = i + 1 < to ? ts.get(i + 1) : ts.get(to);
                        boolean ok = mode == Mode.CONDITION ? CONSTRUCTIBLE.contains(cls.text()) : cls.is("BigDecimal");
                        if (!ok || !ts.get(i + 2).is("(") && !ts.get(i + 2).is("<")) {
                            error(cls.isIdent() ? cls : t, "不允许 new " + (cls.isIdent() ? cls.text() : "")
                                    + "：只能 new BigDecimal(\"…\")" + (mode == Mode.CONDITION ? " 或新建集合" : "") + "；" + WHY);
                            return false;
                        }
                        i++;
                        continue;
                    }
                    if (mode == Mode.CONDITION && subject != null && subject.fields().containsKey(w)) {
                        continue;
                    }
                    if (STATIC_MEMBERS.containsKey(w) || profile.enums().containsKey(w)) {
                        continue;
                    }
                    if (next != null && next.is(".") && Character.isLowerCase(w.charAt(0))
                            && !(subject != null && subject.fields().containsKey(w))) {
                        StringBuilder q = new StringBuilder();
                        qualified(i, q);
                        Matcher cls = Pattern.compile("^([a-z0-9_$.]*\\.[A-Z][A-Za-z0-9_$]*)").matcher(q);
                        if (cls.find()) {
                            error(t, "不允许使用完整的类名 '" + cls.group(1) + "'；" + WHY);
                            return false;
                        }
                    }
                    error(t, unknownName(w, next, mode, subject));
                    return false;
                }
                default -> {
                    error(t, "表达式不完整");
                    return false;
                }
            }
        }
        return true;
    }

    private boolean member(int i, int from, Mode mode, TypeInfo subject, String binding) {
        Token t = ts.get(i);
        String m = t.text();
        Token receiver = i - 2 >= from ? ts.get(i - 2) : null;
        boolean headReceiver = receiver != null && receiver.isIdent() && (i - 3 < from || !ts.get(i - 3).is("."));
        if (headReceiver && profile.enums().containsKey(receiver.text())) {
            Class<?> e = profile.enums().get(receiver.text());
            List<String> constants = Arrays.stream(e.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
            if (!constants.contains(m)) {
                List<String> near = Suggestions.nearest(m, constants, 1);
                error(t, receiver.text() + " 没有取值 '" + m + "'" + (near.isEmpty()
                        ? "，可选：" + String.join("、", constants) : "，是否指 '" + near.get(0) + "'?"));
                return false;
            }
            return true;
        }
        if (headReceiver && STATIC_MEMBERS.containsKey(receiver.text())) {
            if (!STATIC_MEMBERS.get(receiver.text()).contains(m)) {
                error(t, "不允许使用 " + receiver.text() + "." + m + "；" + WHY);
                return false;
            }
            return true;
        }
        if (headReceiver && mode == Mode.AMOUNT && receiver.text().equals(binding)) {
            if (subject != null && !subject.fields().containsKey(m)) {
                List<String> near = Suggestions.nearest(m, subject.fields().keySet(), 2);
                error(t, fieldMessage(subject, m, near));
                return false;
            }
            return true;
        }
        if (!profile.instanceMembers().contains(m)) {
            if (DANGEROUS.contains(m)) {
                error(t, "不允许调用 '" + m + "'；" + WHY);
            } else {
                error(t, "不允许调用 '" + m + "'：条件和金额只能用 BigDecimal、字符串、日期和集合的常用方法（见 docs/rule-authoring.md「沙箱」）");
            }
            return false;
        }
        return true;
    }

    private String operatorMessage(Token t, Mode mode) {
        return switch (t.text()) {
            case "=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=", ">>>=", "++", "--" ->
                    "不能赋值或修改值（比较是否相等请用 ==）";
            case ":" -> "条件中不能绑定变量（写成 字段 比较符 值，如 revenueWan >= 3000）";
            case ";" -> "条件或金额中不能有分号";
            case "[", "]", "{", "}" -> "不支持 " + t.text() + "：条件只能比较字段和值";
            case "->", "::" -> "不支持 lambda 或方法引用";
            case "#" -> "不支持 # 类型转换";
            case "@" -> "表达式中不能写 @";
            case "?" -> "条件中不支持 ?（写成两条规则，或分成两个条件）";
            default -> t.text().codePointAt(0) >= 128 ? "字符 '" + t.text() + "' 只能写在引号内或 // 注释中"
                    : "不允许的符号 '" + t.text() + "'";
        };
    }

    private String unknownName(String w, Token next, Mode mode, TypeInfo subject) {
        if (w.equals("eval")) {
            return "不支持 eval(…)：把条件直接写成字段的比较";
        }
        if (w.equals("this")) {
            return "不支持 this：直接写字段名";
        }
        if (ENGINE_ACCESS.contains(w)) {
            return "不能使用 '" + w + "'：规则只记录结论，不改动事实或引擎";
        }
        if (DANGEROUS.contains(w)) {
            return "不允许使用 '" + w + "'；" + WHY;
        }
        if (Character.isUpperCase(w.charAt(0))) {
            List<String> known = new ArrayList<>(profile.enums().keySet());
            known.addAll(STATIC_MEMBERS.keySet());
            List<String> near = Suggestions.nearest(w, known, 1);
            return near.isEmpty() ? "不允许使用 '" + w + "'：条件和金额只能用事实模型的枚举、BigDecimal、日期和集合；" + WHY
                    : "未知的类型 '" + w + "'，是否指 '" + near.get(0) + "'?";
        }
        if (mode == Mode.AMOUNT) {
            return "金额中不能使用 '" + w + "'：字段须写成 $变量.字段()，如 $e.revenueWan()";
        }
        if (next != null && next.is("(")) {
            return "条件中不能调用函数 '" + w + "(…)'：只能比较本事实的字段";
        }
        if (subject == null) {
            return "未知的名称 '" + w + "'";
        }
        return fieldMessage(subject, w, Suggestions.nearest(w, subject.fields().keySet(), 2));
    }

    static String fieldMessage(TypeInfo subject, String name, List<String> near) {
        return subject.label() + "（" + subject.type().getSimpleName() + "）没有字段 '" + name + "'"
                + (near.isEmpty() ? "" : "，是否指 '" + String.join("' 或 '", near) + "'?");
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private int matching(int open) {
        int depth = 0;
        for (int k = open; k < ts.size(); k++) {
            Token t = ts.get(k);
            if (t.kind() == Kind.EOF) {
                return k;
            }
            depth += depthChange(t);
            if (depth == 0) {
                return k;
            }
        }
        return ts.size() - 1;
    }

    private static int depthChange(Token t) {
        if (t.kind() != Kind.OP) {
            return 0;
        }
        return switch (t.text()) {
            case "(", "[", "{" -> 1;
            case ")", "]", "}" -> -1;
            default -> 0;
        };
    }

    private void error(Token at, String message) {
        if (at.kind() == Kind.OP && !at.text().isEmpty() && at.text().charAt(0) >= 128) {
            // characters outside ASCII are already reported by the tokenizer, with the character named
            if (rule != null) {
                flagged.add(ruleLine);
            }
            return;
        }
        problems.add(RuleProblem.error(file, at.line(), at.column(), rule, message));
        if (rule != null) {
            flagged.add(ruleLine);
        }
    }

    /** The rule whose text contains {@code line}, by the last {@code rule} keyword at or before it. */
    private String ruleAt(int line) {
        String name = null;
        for (int i = 0; i < ts.size(); i++) {
            Token t = ts.get(i);
            if (t.line() > line) {
                break;
            }
            if (t.is("rule") && t.firstOnLine(ts, i)) {
                Token n = ts.get(i + 1);
                name = n.kind() == Kind.STRING ? unquote(n.text()) : n.text();
            }
        }
        return name;
    }

    private int ruleLineAt(int line) {
        int found = 0;
        for (int i = 0; i < ts.size(); i++) {
            Token t = ts.get(i);
            if (t.line() > line) {
                break;
            }
            if (t.is("rule") && t.firstOnLine(ts, i)) {
                found = t.line();
            }
        }
        return found;
    }

    static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static String property(String method) {
        String rest;
        if (method.startsWith("get") && method.length() > 3 && Character.isUpperCase(method.charAt(3))) {
            rest = method.substring(3);
        } else if (method.startsWith("is") && method.length() > 2 && Character.isUpperCase(method.charAt(2))) {
            rest = method.substring(2);
        } else {
            return null;
        }
        return rest.substring(0, 1).toLowerCase(Locale.ROOT) + rest.substring(1);
    }
}
