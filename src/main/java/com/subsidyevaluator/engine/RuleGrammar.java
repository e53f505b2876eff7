package com.subsidyevaluator.engine;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.NodeList;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.engine.FactModel.TypeInfo;
import com.subsidyevaluator.model.Labelled;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.ConditionalElementDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.mvel.parser.DrlxParser;
import org.drools.mvel.parser.ParseStart;
import org.drools.mvel.parser.ast.expr.DrlNameExpr;
import org.drools.mvel.parser.ast.expr.DrlxExpression;
import org.drools.mvel.parser.ast.expr.PointFreeExpr;

/**
 * The grammar of what a policy rule may say, checked on the parsed rule, and the canonical DRL printed from
 * what was checked. This is the sandbox of rule files.
 *
 * <p>A DRL file is first parsed by Drools' own parser ({@code DrlParser} → {@link PackageDescr}); every
 * condition is then parsed by Drools' DRLX expression parser and the consequence by JavaParser. Nothing is
 * decided on the file's text: the checker reads the descriptors the parser built, which are exactly what Drools
 * would compile (the DRL lexer rewrites single-quoted strings and rebuilds conditions, consequences and metadata
 * from its tokens, so the file's text and what Drools compiles can differ).
 *
 * <p>What passes is printed back as canonical DRL: the package, its imports, the one {@code outcome} global and
 * each rule with its quoted metadata, its one pattern, its conditions and {@code outcome.eligible(...)}, all
 * written by this class from the checked trees (strings are printed by it, and may not hold quotes,
 * backslashes or control characters). Only that text is given to Drools. Operations that could fail on a
 * missing value or grow without bound (arithmetic, text methods, the amount of a consequence) are printed as
 * calls to {@link Values}, which are total and bounded.
 *
 * <p>The grammar, by position (docs/rule-authoring.md has it as a table for staff):
 * <ul>
 *   <li>file: {@code package}, imports of the fact model (its types and enums), of {@link OutcomeRecorder}
 *       and of {@code java.math}; the global {@code outcome}; rules. Nothing else.</li>
 *   <li>rule: a name, metadata whose values are plain string literals, no attributes, exactly one pattern
 *       {@code $x : Type( condition, … )} over a fact type, and the consequence.</li>
 *   <li>condition: fields of the pattern's fact, literals (decimal numbers, strings, true/false), enum constants
 *       of the fact model, {@code == != < <= > >=}, {@code && || !}, {@code + - * / %} on numbers (dividing
 *       only by a non-zero number), {@code in} / {@code not in} a list of values, {@code contains} on text, and
 *       the text methods {@link #TEXT_METHODS} and number methods {@link #NUMBER_METHODS}; every comparison is
 *       type-checked (number with number in the same unit, text with text, enum with its own constants, yes/no
 *       with true/false).</li>
 *   <li>consequence: {@code outcome.eligible($x);} or {@code outcome.eligible($x, amount);} where the amount is
 *       built from non-negative numbers and the subject's non-negative number fields with {@code add},
 *       {@code multiply}, {@code divide} (by a positive number), {@code min}, {@code max} and {@code setScale},
 *       and ends with {@code .min(cap)}, the cap no more than the largest budget pool.</li>
 * </ul>
 */
final class RuleGrammar {

    static final String WHY = "规则只能读取本事实的字段，不能访问进程、文件、网络、线程、反射或静态状态（见 docs/rule-authoring.md「沙箱」）";
    static final String ONE_PATTERN = "规则的条件须以一个事实模式开始，如 $e : Enterprise( … )；其后只能有相关事实条件 exists 事实类型( … ) 或 not 事实类型( … )；不支持多个主体模式、or、eval、forall、accumulate";
    static final String RELATED = "主体模式之后只能写相关事实条件：exists 事实类型( 条件, … )（案例中有这样的事实）或 not 事实类型( 条件, … )（案例中没有）；不支持第二个主体模式、or、eval、forall、accumulate";
    static final String CONSEQUENCE = "规则结论只能是 outcome.eligible($主体); 或 outcome.eligible($主体, 金额表达式);";
    static final String VALUES = Values.class.getName();

    /** Text methods a condition may call on a text field: name → number of arguments (text literals). */
    static final Map<String, Integer> TEXT_METHODS = Map.of("length", 0, "isEmpty", 0, "isBlank", 0,
            "startsWith", 1, "endsWith", 1, "contains", 1, "equalsIgnoreCase", 1);
    /** Number methods a condition may call on a number field. */
    static final Set<String> NUMBER_METHODS = Set.of("abs", "signum");
    /** BigDecimal methods an amount may use, with their number of arguments. */
    private static final Map<String, Integer> AMOUNT_METHODS = Map.of("add", 1, "multiply", 1, "divide", 1, "min", 1,
            "max", 1, "setScale", 2);
    private static final Set<String> ROUNDING = Set.of("UP", "DOWN", "CEILING", "FLOOR", "HALF_UP", "HALF_DOWN",
            "HALF_EVEN");
    private static final Set<String> FORBIDDEN_NAMES = Set.of("System", "Runtime", "ProcessBuilder", "Process",
            "Thread", "ThreadGroup", "Class", "ClassLoader", "Method", "Field", "Constructor", "File", "Files", "Path",
            "Paths", "Socket", "ServerSocket", "URL", "URI", "HttpClient", "Executors", "Unsafe", "MethodHandles",
            "Proxy", "drools", "kcontext", "insert", "insertLogical", "modify", "update", "retract", "delete",
            "kieRuntime", "getClass", "forName", "exec", "exit", "halt", "getRuntime", "setProperty", "getProperty",
            "getenv");
    private static final Set<String> RESERVED_PACKAGES = Set.of("java", "javax", "jdk", "sun", "com.sun",
            "com.subsidyevaluator", "org.drools", "org.kie", "org.mvel2");
    private static final Set<String> JAVA_KEYWORDS = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
            "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends",
            "final", "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int",
            "interface", "long", "native", "new", "package", "private", "protected", "public", "return", "short",
            "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try",
            "void", "volatile", "while", "true", "false", "null", "var", "record", "yield");
    private static final Pattern PACKAGE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern BINDING = Pattern.compile("\\$[A-Za-z][A-Za-z0-9_]*");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    /** A number as a rule may write it: digits, at most one point, at most 15 digits before and 6 after it. */
    private static final Pattern NUMBER = Pattern.compile("(0|[1-9][0-9]{0,14})(\\.[0-9]{1,6})?");
    private static final ParseStart<DrlxExpression> DRLX = DrlxParser.buildDrlxParserWithArguments(
            List.of("contains", "memberOf", "excludes", "matches", "soundslike", "str"));

    /** What the checker found in one file. */
    record Result(List<RuleProblem> problems, Map<String, CheckedRule> rules, String canonical) {

        boolean accepted() {
            return problems.stream().noneMatch(RuleProblem::isError);
        }
    }

    /** A rule that passed the grammar: its subject, its conditions, and its canonical text. */
    record CheckedRule(String name, String binding, TypeInfo subject, List<Condition> conditions,
                       List<String> canonicalConditions, String consequence, Map<String, String> metadata,
                       List<RelatedCheck> related) {
    }

    /** A related-fact condition that passed the grammar, with its conditions' canonical text. */
    record RelatedCheck(Related related, TypeInfo type, List<String> canonicalConditions) {
    }

    enum Kind { NUMBER, TEXT, BOOL, ENUM }

    /** A checked expression: its type, its canonical text, and what it reads. */
    private record Typed(Kind kind, Class<?> enumType, String unit, String code, boolean literal,
                         BigDecimal number, String text) {

        static Typed of(Kind kind, String unit, String code) {
            return new Typed(kind, null, unit, code, false, null, null);
        }

        String describe() {
            return switch (kind) {
                case NUMBER -> unit == null || unit.isEmpty() ? "数字" : "数字（" + unit + "）";
                case TEXT -> "文本";
                case BOOL -> "“是/否”（true/false）";
                case ENUM -> "枚举 " + enumType.getSimpleName();
            };
        }
    }

    /** A refusal inside an expression: the message; the position is the condition's. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        /** Where in a consequence the refused part starts, when known. */
        private final transient Node at;

        Refused(String message) {
            this(message, null);
        }

        Refused(String message, Node at) {
            super(message, null, false, false);
            this.at = at;
        }
    }

    private final String file;
    private final String text;
    private final List<String> lines;
    private final List<Class<?>> factTypes;
    private final BigDecimal largestPool;
    private final List<RuleProblem> problems = new ArrayList<>();
    private final Map<String, Class<?>> enums = new LinkedHashMap<>();
    private final Set<String> allowedImports = new LinkedHashSet<>();
    private final Map<String, Class<?>> visibleEnums = new LinkedHashMap<>();
    private final Map<String, Class<?>> visibleTypes = new LinkedHashMap<>();
    /** Checking canonical text: the calls to {@link Values} it was printed with read as what they were printed from. */
    private boolean canonicalMode;

    private RuleGrammar(String file, String text, List<Class<?>> factTypes, BigDecimal largestPool) {
        this.file = file;
        this.text = text;
        this.lines = text.lines().toList();
        this.factTypes = factTypes;
        this.largestPool = largestPool;
        for (Class<?> t : factTypes) {
            allowedImports.add(t.getCanonicalName());
            allowedImports.add(t.getPackageName() + ".*");
            for (FieldInfo f : FactModel.type(t).fields().values()) {
                if (f.type().isEnum()) {
                    enums.putIfAbsent(f.type().getSimpleName(), f.type());
                    allowedImports.add(f.type().getCanonicalName());
                }
            }
        }
        allowedImports.add(OutcomeRecorder.class.getName());
        allowedImports.addAll(List.of("java.math.*", "java.math.BigDecimal", "java.math.RoundingMode"));
    }

    /**
     * Checks one parsed DRL file against the grammar.
     *
     * @param file        the file's name for messages
     * @param text        the file's text (for the lines of metadata and statements, never for a decision)
     * @param pd          what Drools' parser made of the file
     * @param factTypes   the fact types its rules may match
     * @param largestPool the largest budget pool in 万元 (the cap of any amount), or null when there are none
     */
    static Result check(String file, String text, PackageDescr pd, List<Class<?>> factTypes, BigDecimal largestPool) {
        RuleGrammar g = new RuleGrammar(file, text, factTypes, largestPool);
        return g.run(pd);
    }

    /**
     * Checks canonical text this class printed, parsed again by Drools: the same grammar, where each call to
     * {@link Values} is read as the operation it was printed from. Accepted canonical text prints back to itself.
     */
    static Result recheck(String file, String canonical, PackageDescr pd, List<Class<?>> factTypes) {
        RuleGrammar g = new RuleGrammar(file, canonical, factTypes, null);
        g.canonicalMode = true;
        return g.run(pd);
    }

    // ------------------------------------------------------------------------------------------------ file

    private Result run(PackageDescr pd) {
        String pkg = pd.getName();
        if (pkg == null || pkg.isEmpty()) {
            error(1, 1, null, "缺少 package 声明，如 package yueqing2023.science;");
        } else if (!PACKAGE.matcher(pkg).matches() || List.of(pkg.split("\\.")).stream().anyMatch(JAVA_KEYWORDS::contains)) {
            error(lineOf(1, "package"), 1, null, "package 名称须为小写英文单词，用点分隔，如 yueqing2023.science，而不是 '" + pkg + "'");
        } else if (RESERVED_PACKAGES.stream().anyMatch(r -> pkg.equals(r) || pkg.startsWith(r + "."))) {
            error(lineOf(1, "package"), 1, null, "package 不能以 '" + pkg.split("\\.")[0] + "' 开头（这是程序自身或 Java 的包名）");
        }
        List<String> imports = new ArrayList<>();
        for (ImportDescr i : pd.getImports()) {
            String target = i.getTarget() == null ? "" : i.getTarget().strip();
            int line = i.getLine() > 0 ? i.getLine() : lineOf(1, target);
            if (!allowedImports.contains(target)) {
                error(line, 1, null, "不允许导入 '" + target + "'：规则文件只能导入事实模型（如 com.subsidyevaluator.model.*）、"
                        + OutcomeRecorder.class.getName() + " 和 java.math.BigDecimal。" + WHY);
                continue;
            }
            imports.add(target);
            see(target);
        }
        for (var fi : pd.getFunctionImports()) {
            error(fi.getLine() > 0 ? fi.getLine() : lineOf(1, "import"), 1, null,
                    "不允许 import function / import static：规则文件不能调用程序代码。" + WHY);
        }
        for (var ai : pd.getAccumulateImports()) {
            error(ai.getLine() > 0 ? ai.getLine() : lineOf(1, "import"), 1, null, "不允许 import accumulate。" + WHY);
        }
        boolean recorder = false;
        for (GlobalDescr g : pd.getGlobals()) {
            boolean ok = RuleSetLoader.RECORDER_GLOBAL.equals(g.getIdentifier())
                    && (OutcomeRecorder.class.getName().equals(g.getType())
                    || "OutcomeRecorder".equals(g.getType()) && imports.contains(OutcomeRecorder.class.getName()));
            if (!ok || recorder) {
                error(g.getLine() > 0 ? g.getLine() : lineOf(1, "global"), 1, null, "不允许声明其他 global：规则文件只有 global "
                        + OutcomeRecorder.class.getName() + " " + RuleSetLoader.RECORDER_GLOBAL + ";");
            }
            recorder |= ok;
        }
        for (FunctionDescr f : pd.getFunctions()) {
            error(f.getLine() > 0 ? f.getLine() : lineOf(1, "function"), 1, null, "规则文件中不能定义函数（function）。" + WHY);
        }
        for (TypeDeclarationDescr t : pd.getTypeDeclarations()) {
            error(t.getLine() > 0 ? t.getLine() : lineOf(1, "declare"), 1, null, "规则文件中不能声明类型（declare）：事实类型来自事实模型");
        }
        for (var e : pd.getEnumDeclarations()) {
            error(e.getLine() > 0 ? e.getLine() : lineOf(1, "declare"), 1, null, "规则文件中不能声明枚举（declare enum）");
        }
        for (var e : pd.getEntryPointDeclarations()) {
            error(e.getLine() > 0 ? e.getLine() : lineOf(1, "declare"), 1, null, "规则文件中不能声明入口（declare entry-point）");
        }
        for (var w : pd.getWindowDeclarations()) {
            error(w.getLine() > 0 ? w.getLine() : lineOf(1, "declare"), 1, null, "规则文件中不能声明窗口（declare window）");
        }
        for (AttributeDescr a : pd.getAttributes()) {
            error(a.getLine() > 0 ? a.getLine() : lineOf(1, a.getName()), 1, null,
                    "文件级属性 '" + a.getName() + "' 不允许：结论不靠执行顺序、方言或分组");
        }
        if (pd.getUnit() != null) {
            error(pd.getUnit().getLine() > 0 ? pd.getUnit().getLine() : lineOf(1, "unit"), 1, null, "不允许 unit 声明");
        }
        Map<String, CheckedRule> rules = new LinkedHashMap<>();
        for (RuleDescr rd : pd.getRules()) {
            CheckedRule r = rule(rd);
            if (r != null) {
                rules.put(r.name(), r);
            }
        }
        boolean ok = problems.stream().noneMatch(RuleProblem::isError);
        String canonical = ok ? print(pkg, imports, rules.values()) : null;
        return new Result(List.copyOf(problems), rules, canonical);
    }

    /** Makes the names an import brings into view resolvable in conditions. */
    private void see(String target) {
        for (Class<?> e : enums.values()) {
            if (target.equals(e.getCanonicalName()) || target.equals(e.getPackageName() + ".*")
                    && e.getEnclosingClass() == null) {
                visibleEnums.put(e.getSimpleName(), e);
            }
        }
        for (Class<?> t : factTypes) {
            if (target.equals(t.getCanonicalName()) || target.equals(t.getPackageName() + ".*")) {
                visibleTypes.put(t.getSimpleName(), t);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ rule

    private CheckedRule rule(RuleDescr rd) {
        String name = rd.getName();
        int line = rd.getLine();
        int before = errors();
        if (rd.isQuery()) {
            error(line, rd.getColumn() + 1, name, "规则文件中不能定义查询（query）");
            return null;
        }
        String nameProblem = stringProblem(name);
        if (name == null || name.isBlank()) {
            error(line, rd.getColumn() + 1, null, "规则须有名称：rule \"第N条 …\"");
        } else if (nameProblem != null) {
            error(line, rd.getColumn() + 1, null, "规则名称" + nameProblem);
        }
        if (rd.getParentName() != null) {
            error(line, rd.getColumn() + 1, name, "规则不能继承其他规则（extends）");
        }
        for (AttributeDescr a : rd.getAttributes().values()) {
            error(a.getLine() > 0 ? a.getLine() : lineOf(line, a.getName()), 1, name, "规则属性 '" + a.getName()
                    + "' 不允许：结论不靠执行顺序或分组（salience、no-loop、agenda-group、dialect、enabled、date-effective 等都不能写）");
        }
        if (rd.getNamedConsequences() != null && !rd.getNamedConsequences().isEmpty()) {
            error(line, 1, name, "规则只能有一个结论（不支持命名结论 then[…]）");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (AnnotationDescr a : rd.getAnnotations()) {
            annotation(rd, a, metadata);
        }
        // the subject's pattern, then any related-fact conditions (exists / not)
        List<BaseDescr> lhs = rd.getLhs() == null ? List.of() : rd.getLhs().getDescrs();
        PatternDescr pattern = !lhs.isEmpty() && lhs.get(0) instanceof PatternDescr p ? p : null;
        TypeInfo subject = null;
        List<Condition> conditions = new ArrayList<>();
        List<String> canonical = new ArrayList<>();
        List<RelatedCheck> related = new ArrayList<>();
        String binding = null;
        if (pattern == null) {
            BaseDescr at = lhs.isEmpty() ? rd : lhs.get(0);
            String what = lhs.isEmpty() ? null : lhs.get(0).getClass().getSimpleName().replace("Descr", "").toLowerCase();
            error(at.getLine() > 0 ? at.getLine() : lineOf(line, "when"), at.getColumn() + 1, name,
                    ONE_PATTERN + (what == null ? "" : "（这里第一个是 " + what + "）"));
        } else if (pattern.getSource() != null) {
            error(pattern.getLine(), pattern.getColumn() + 1, name, "事实模式不能使用 from / collect / accumulate / entry-point");
        } else if (!pattern.getBehaviors().isEmpty() || pattern.isQuery() || pattern.isUnification()
                || !pattern.getAnnotations().isEmpty()) {
            error(pattern.getLine(), pattern.getColumn() + 1, name, "事实模式只能写成 $变量 : 事实类型( 条件, … )");
        } else {
            binding = pattern.getIdentifier();
            if (binding == null || !BINDING.matcher(binding).matches()) {
                error(pattern.getLine(), pattern.getColumn() + 1, name, "事实模式须绑定一个以 $ 开头的变量，如 $e : Enterprise( … )；结论用它指明主体");
            }
            Class<?> type = factType(pattern, name);
            if (type != null) {
                subject = FactModel.type(type);
                for (BaseDescr c : pattern.getConstraint().getDescrs()) {
                    condition(name, subject, c, conditions, canonical);
                }
            }
        }
        for (BaseDescr d : lhs.size() > 1 ? lhs.subList(1, lhs.size()) : List.<BaseDescr>of()) {
            RelatedCheck r = related(name, binding, d);
            if (r != null) {
                related.add(r);
            }
        }
        String consequence = consequence(rd, binding, subject, conditions);
        if (errors() > before || subject == null) {
            return null;
        }
        return new CheckedRule(name, binding, subject, List.copyOf(conditions), List.copyOf(canonical), consequence,
                metadata, List.copyOf(related));
    }

    /** The fact type a pattern names, or null (with the error) when it names none the rules may use. */
    private Class<?> factType(PatternDescr pattern, String rule) {
        String typeName = pattern.getObjectType() == null ? "" : pattern.getObjectType();
        Class<?> type = visibleTypes.get(typeName);
        if (type == null) {
            type = factTypes.stream().filter(t -> t.getName().equals(typeName) || t.getCanonicalName().equals(typeName))
                    .findFirst().orElse(null);
        }
        if (type == null) {
            String simple = typeName.substring(typeName.lastIndexOf('.') + 1);
            boolean known = factTypes.stream().anyMatch(t -> t.getSimpleName().equals(simple));
            List<String> near = Suggestions.nearest(simple, factTypes.stream().map(Class::getSimpleName).toList(), 2);
            error(pattern.getLine(), pattern.getColumn() + 1, rule, known
                    ? "事实类型 '" + simple + "' 未导入：在文件开头写 import " + factTypes.get(0).getPackageName() + ".*;"
                    : "未知的事实类型 '" + typeName + "'" + (near.isEmpty() ? "" : "，是否指 '" + near.get(0) + "'?"));
        }
        return type;
    }

    /**
     * A related-fact condition: {@code exists Type( … )} or {@code not Type( … )}, one pattern with no variable and
     * no source. Its candidates are the facts of the subject's own case: the printed rule draws them with
     * {@code from outcome.related($subject)}, which only the canonical text (never a rule file) may say.
     */
    private RelatedCheck related(String rule, String binding, BaseDescr d) {
        int line = d.getLine() > 0 ? d.getLine() : 0;
        Related.Kind kind = d instanceof ExistsDescr ? Related.Kind.EXISTS : d instanceof NotDescr ? Related.Kind.NOT : null;
        List<?> inner = d instanceof ConditionalElementDescr ce ? ce.getDescrs() : List.of();
        if (kind == null || inner.size() != 1 || !(inner.get(0) instanceof PatternDescr p)) {
            String what = d instanceof PatternDescr ? "pattern"
                    : d.getClass().getSimpleName().replace("Descr", "").toLowerCase();
            error(line, d.getColumn() + 1, rule, RELATED + "（这里是 " + what + "）");
            return null;
        }
        if (p.getSource() != null && !(canonicalMode && p.getSource() instanceof FromDescr from
                && from.getDataSource() != null
                && (RuleSetLoader.RECORDER_GLOBAL + ".related(" + binding + ")").equals(from.getDataSource().getText()))) {
            error(p.getLine() > 0 ? p.getLine() : line, p.getColumn() + 1, rule,
                    "相关事实只能来自主体所在的案例：exists/not 中的模式不能使用 from / collect / accumulate / entry-point");
            return null;
        }
        if (p.getIdentifier() != null || !p.getBehaviors().isEmpty() || p.isQuery() || p.isUnification()
                || !p.getAnnotations().isEmpty()) {
            error(p.getLine() > 0 ? p.getLine() : line, p.getColumn() + 1, rule,
                    "相关事实条件只能写成 exists 事实类型( 条件, … ) 或 not 事实类型( 条件, … )，不绑定变量");
            return null;
        }
        Class<?> type = factType(p, rule);
        if (type == null) {
            return null;
        }
        TypeInfo info = FactModel.type(type);
        List<Condition> conditions = new ArrayList<>();
        List<String> canonical = new ArrayList<>();
        for (BaseDescr c : p.getConstraint().getDescrs()) {
            condition(rule, info, c, conditions, canonical);
        }
        return new RelatedCheck(new Related(kind, type, conditions, line, d.getColumn() + 1), info, List.copyOf(canonical));
    }

    private void annotation(RuleDescr rd, AnnotationDescr a, Map<String, String> metadata) {
        String rule = rd.getName();
        int line = a.getLine() > 0 ? a.getLine() : metadataLine(lines, rd, a.getName());
        if (a.getName() == null || !IDENT.matcher(a.getName()).matches()) {
            error(line, 1, rule, "元数据名称须为英文单词，如 @title");
            return;
        }
        Map<String, Object> values = a.getValueMap();
        if (values == null || values.size() != 1 || !values.containsKey("value") || !(values.get("value") instanceof String raw)) {
            error(line, 1, rule, "元数据 @" + a.getName() + " 须有一个带英文双引号的值，如 @" + a.getName() + "(\"…\")");
            return;
        }
        Expression e;
        try {
            e = expression(raw);
        } catch (Refused r) {
            error(line, 1, rule, "元数据 @" + a.getName() + " 的值不能是表达式（Drools 编译规则时会执行它）；须写成带英文双引号的文字，如 @"
                    + a.getName() + "(\"…\")");
            return;
        }
        if (e instanceof StringLiteralExpr s) {
            String problem = stringProblem(s.getValue());
            if (problem != null) {
                error(line, 1, rule, "元数据 @" + a.getName() + " 的值" + problem);
            } else if (metadata.putIfAbsent(a.getName(), s.getValue()) != null) {
                error(line, 1, rule, "元数据 @" + a.getName() + " 写了两次");
            }
        } else if (e instanceof IntegerLiteralExpr || e instanceof DoubleLiteralExpr || e instanceof LongLiteralExpr
                || e instanceof NameExpr || e instanceof BooleanLiteralExpr) {
            error(line, 1, rule, "元数据 @" + a.getName() + " 的值须加英文双引号，例如 @" + a.getName() + "(\"" + raw.strip()
                    + "\")（不加引号时 Drools 会把它当作表达式求值）");
        } else {
            error(line, 1, rule, "元数据 @" + a.getName() + " 的值不能是表达式（Drools 编译规则时会执行它）；须写成带英文双引号的文字，如 @"
                    + a.getName() + "(\"…\")");
        }
    }

    // ------------------------------------------------------------------------------------------------ conditions

    private void condition(String rule, TypeInfo subject, BaseDescr descr, List<Condition> out, List<String> canonical) {
        int line = descr.getLine();
        int column = descr.getColumn() + 1;
        if (!(descr instanceof ExprConstraintDescr expr)) {
            error(line, column, rule, "不支持的条件写法：条件须写在事实模式的括号内，用逗号分隔");
            return;
        }
        String text = expr.getExpression() == null ? "" : expr.getExpression().strip();
        try {
            DrlxExpression parsed = drlx(text);
            if (parsed.getBind() != null) {
                throw new Refused("条件中不能绑定变量（" + parsed.getBind() + " : …）：结论只用事实模式的变量");
            }
            Expression e = parsed.getExpr();
            if (canonicalMode && e instanceof BinaryExpr or && or.getOperator() == BinaryExpr.Operator.OR
                    && or.getRight() instanceof BooleanLiteralExpr f && !f.getValue()
                    && or.getLeft() instanceof EnclosedExpr en && en.getInner() instanceof PointFreeExpr p && p.isNegated()) {
                e = p; // the printed form of a top-level "not in" (below)
            }
            Expression top = e;
            while (top instanceof EnclosedExpr en) {
                top = en.getInner();
            }
            Set<FieldInfo> reads = new LinkedHashSet<>();
            Typed t = bool(e, subject, reads);
            if (top instanceof BinaryExpr b && b.getOperator() == BinaryExpr.Operator.AND) {
                throw new Refused("用 && 连接的两个条件请用逗号分开写（每个条件单独报告满足、不满足或缺少）");
            }
            if (reads.isEmpty()) {
                throw new Refused("条件不读取本事实的任何字段，结果永远相同：条件须比较" + subject.label() + "的字段");
            }
            boolean scope = reads.stream().allMatch(FieldInfo::scope);
            String code = t.code();
            // Drools compiles a top-level "x not in (a, b)" into two constraints (x != a, x != b); inside "|| false"
            // it stays one, so that each condition is one compiled constraint the explanation can evaluate.
            boolean notIn = top instanceof PointFreeExpr p && p.isNegated() && p.getOperator().asString().equals("in");
            canonical.add(notIn ? "(" + code + ") || false" : code);
            out.add(new Condition(text, line, column, scope, List.copyOf(reads), ConditionShape.parse(code)));
        } catch (Refused r) {
            error(line, column, rule, r.getMessage());
        }
    }

    /** A yes/no expression: a condition, or an operand of && || !. A bare yes/no field reads as {@code == true}. */
    private Typed bool(Expression e, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        Typed t = value(e, subject, reads);
        if (t.kind() != Kind.BOOL) {
            throw new Refused("'" + source(e) + "' 是" + t.describe() + "，不是一个条件：须与一个值比较，如 " + source(e)
                    + (t.kind() == Kind.NUMBER ? " >= 100" : " == …"));
        }
        if (t.literal()) {
            throw new Refused("条件不能只是 " + source(e) + "：它永远" + ("true".equals(t.code()) ? "成立" : "不成立"));
        }
        // a bare yes/no field or yes/no method reads as "== true" (false, not an error, when it is missing)
        boolean bare = e instanceof NameExpr || e instanceof MethodCallExpr;
        return bare ? Typed.of(Kind.BOOL, "", t.code() + " == true") : t;
    }

    private Typed value(Expression e, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        if (canonicalMode && e instanceof MethodCallExpr m && valuesCall(m)) {
            return value(conditionForm(m), subject, reads);
        }
        if (e instanceof EnclosedExpr en) {
            Typed inner = value(en.getInner(), subject, reads);
            return new Typed(inner.kind(), inner.enumType(), inner.unit(), "(" + inner.code() + ")", inner.literal(),
                    inner.number(), inner.text());
        }
        if (e instanceof DrlNameExpr n && n.getBackReferencesCount() > 0) {
            throw new Refused("不支持 ../ 路径写法");
        }
        if (e instanceof NameExpr n) {
            return field(n.getNameAsString(), subject, reads);
        }
        if (e instanceof IntegerLiteralExpr || e instanceof DoubleLiteralExpr || e instanceof LongLiteralExpr) {
            String digits = e instanceof IntegerLiteralExpr i ? i.getValue()
                    : e instanceof DoubleLiteralExpr d ? d.getValue() : ((LongLiteralExpr) e).getValue();
            if (!NUMBER.matcher(digits).matches()) {
                throw new Refused("数字 '" + digits + "' 须写成普通的十进制数，如 3000 或 0.5（整数部分最多 15 位，小数最多 6 位；"
                        + "不能用科学计数法、后缀、下划线或以 0 开头）");
            }
            return new Typed(Kind.NUMBER, null, "", digits, true, new BigDecimal(digits), null);
        }
        if (e instanceof StringLiteralExpr s) {
            String problem = stringProblem(s.getValue());
            if (problem != null) {
                throw new Refused("文字 \"" + s.getValue() + "\"" + problem);
            }
            return new Typed(Kind.TEXT, null, "", "\"" + s.getValue() + "\"", true, null, s.getValue());
        }
        if (e instanceof BooleanLiteralExpr b) {
            return new Typed(Kind.BOOL, null, "", Boolean.toString(b.getValue()), true, null, null);
        }
        if (e instanceof NullLiteralExpr) {
            throw new Refused("不能与 null 比较：缺少的事实由引擎报告为“待定”，规则只写政策要求的值");
        }
        if (e instanceof FieldAccessExpr fa) {
            return enumConstant(fa);
        }
        if (e instanceof UnaryExpr u) {
            return unary(u, subject, reads);
        }
        if (e instanceof BinaryExpr b) {
            return binary(b, subject, reads);
        }
        if (e instanceof PointFreeExpr p) {
            return pointFree(p, subject, reads);
        }
        if (e instanceof MethodCallExpr m) {
            return method(m, subject, reads);
        }
        if (e instanceof ObjectCreationExpr) {
            throw new Refused("条件中不能创建对象（new）：条件只比较本事实的字段与数字、文字或枚举取值");
        }
        throw new Refused("不允许的写法 '" + source(e) + "'：条件只能比较本事实的字段与数字、文字、枚举取值，"
                + "用 == != < <= > >=、in、not in、contains、&& || ! 和 + - * /。" + WHY);
    }

    private Typed field(String name, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        FieldInfo f = subject.fields().get(name);
        if (f == null) {
            if (FORBIDDEN_NAMES.contains(name)) {
                throw new Refused("不允许使用 '" + name + "'：" + WHY);
            }
            if (enums.containsKey(name) || visibleEnums.containsKey(name)) {
                throw new Refused("'" + name + "' 是枚举类型，须写出取值，如 " + name + "." + enums.get(name).getEnumConstants()[0]);
            }
            List<String> near = Suggestions.nearest(name, subject.fields().keySet(), 2);
            throw new Refused(subject.label() + "（" + subject.type().getSimpleName() + "）没有字段 '" + name + "'"
                    + (near.isEmpty() ? "" : "，是否指 '" + String.join("' 或 '", near) + "'?"));
        }
        reads.add(f);
        Class<?> t = f.type();
        if (t == Boolean.class || t == boolean.class) {
            return Typed.of(Kind.BOOL, "", name);
        }
        if (t == String.class) {
            return Typed.of(Kind.TEXT, "", name);
        }
        if (t.isEnum()) {
            return new Typed(Kind.ENUM, t, "", name, false, null, null);
        }
        if (t == BigDecimal.class || t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return Typed.of(Kind.NUMBER, f.unit(), name);
        }
        throw new Refused("字段 '" + name + "' 的类型 " + t.getSimpleName() + " 不能在条件中使用");
    }

    private Typed enumConstant(FieldAccessExpr fa) throws Refused {
        String path = source(fa);
        if (fa.getScope() instanceof NameExpr scope) {
            String type = scope.getNameAsString();
            Class<?> e = visibleEnums.get(type);
            if (e == null && enums.containsKey(type)) {
                throw new Refused("枚举 " + type + " 未导入：在文件开头写 import " + enums.get(type).getPackageName() + ".*;");
            }
            if (e != null) {
                String constant = fa.getNameAsString();
                List<String> names = new ArrayList<>();
                for (Object c : e.getEnumConstants()) {
                    names.add(((Enum<?>) c).name());
                }
                if (!names.contains(constant)) {
                    List<String> near = Suggestions.nearest(constant, names, 2);
                    throw new Refused(type + " 没有取值 '" + constant + "'" + (near.isEmpty() ? "" : "，是否指 '"
                            + String.join("' 或 '", near) + "'?") + "（取值：" + String.join("、", names) + "）");
                }
                return new Typed(Kind.ENUM, e, "", type + "." + constant, true, null, null);
            }
            if (FORBIDDEN_NAMES.contains(type)) {
                throw new Refused("不允许使用 '" + type + "'：" + WHY);
            }
        }
        if (Character.isLowerCase(path.charAt(0)) && path.contains(".") && path.chars().filter(c -> c == '.').count() >= 2) {
            throw new Refused("不允许使用完整的类名 '" + path.substring(0, path.lastIndexOf('.')) + "'：" + WHY);
        }
        throw new Refused("不允许的写法 '" + path + "'：条件只能读取本事实的字段（直接写字段名）或枚举取值（如 Level.PROVINCIAL）");
    }

    private Typed unary(UnaryExpr u, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        Expression operand = u.getExpression();
        if (u.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT
                && !(operand instanceof NameExpr) && !(operand instanceof MethodCallExpr)) {
            Typed b = bool(operand, subject, reads);
            return Typed.of(Kind.BOOL, "", "!" + (b.code().startsWith("(") ? b.code() : "(" + b.code() + ")"));
        }
        Typed inner = value(operand, subject, reads);
        switch (u.getOperator()) {
            case LOGICAL_COMPLEMENT -> {
                // a bare yes/no field or method: "is known to be no" (false, not an error, when it is missing)
                if (inner.kind() != Kind.BOOL) {
                    throw new Refused("'!' 只能用于条件或是/否字段，而 '" + source(operand) + "' 是" + inner.describe());
                }
                return Typed.of(Kind.BOOL, "", inner.code() + " == false");
            }
            case MINUS -> {
                if (inner.kind() != Kind.NUMBER) {
                    throw new Refused("'-' 只能用于数字");
                }
                if (inner.literal()) {
                    return new Typed(Kind.NUMBER, null, "", "-" + inner.code(), true, inner.number().negate(), null);
                }
                return Typed.of(Kind.NUMBER, inner.unit(), VALUES + ".negate(" + inner.code() + ")");
            }
            default -> throw new Refused("不允许的运算符 '" + u.getOperator().asString() + "'：条件只比较，不修改");
        }
    }

    private Typed binary(BinaryExpr b, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        BinaryExpr.Operator op = b.getOperator();
        switch (op) {
            case AND, OR -> {
                Typed l = bool(b.getLeft(), subject, reads);
                Typed r = bool(b.getRight(), subject, reads);
                return Typed.of(Kind.BOOL, "", l.code() + " " + op.asString() + " " + r.code());
            }
            case EQUALS, NOT_EQUALS, LESS, LESS_EQUALS, GREATER, GREATER_EQUALS -> {
                Typed l = value(b.getLeft(), subject, reads);
                Typed r = value(b.getRight(), subject, reads);
                boolean ordered = op != BinaryExpr.Operator.EQUALS && op != BinaryExpr.Operator.NOT_EQUALS;
                comparable(b.getLeft(), l, b.getRight(), r, op.asString(), ordered);
                if (l.literal() && r.literal()) {
                    throw new Refused("条件 '" + source(b) + "' 只比较两个写定的值，结果永远相同：须比较本事实的字段");
                }
                return Typed.of(Kind.BOOL, "", l.code() + " " + op.asString() + " " + r.code());
            }
            case PLUS, MINUS, MULTIPLY, DIVIDE, REMAINDER -> {
                Typed l = value(b.getLeft(), subject, reads);
                Typed r = value(b.getRight(), subject, reads);
                if (l.kind() != Kind.NUMBER || r.kind() != Kind.NUMBER) {
                    Typed other = l.kind() != Kind.NUMBER ? l : r;
                    throw new Refused("'" + op.asString() + "' 只能用于数字，而 '" + source(l == other ? b.getLeft() : b.getRight())
                            + "' 是" + other.describe() + (op == BinaryExpr.Operator.PLUS && other.kind() == Kind.TEXT
                            ? "（条件中不能拼接文字）" : ""));
                }
                String unit;
                switch (op) {
                    case PLUS, MINUS -> {
                        if (!l.unit().isEmpty() && !r.unit().isEmpty() && !l.unit().equals(r.unit())) {
                            throw new Refused("不能把" + l.describe() + "与" + r.describe() + "相加减：单位不同");
                        }
                        unit = l.unit().isEmpty() ? r.unit() : l.unit();
                    }
                    case DIVIDE, REMAINDER -> {
                        if (!r.literal() || r.number().signum() == 0) {
                            throw new Refused("除数须是写在规则中的非零数字（'" + source(b.getRight()) + "' 可能为零或缺少）");
                        }
                        unit = l.unit();
                    }
                    default -> unit = r.literal() ? l.unit() : l.literal() ? r.unit() : "";
                }
                String name = switch (op) {
                    case PLUS -> "add";
                    case MINUS -> "subtract";
                    case MULTIPLY -> "multiply";
                    case DIVIDE -> "divide";
                    default -> "remainder";
                };
                return Typed.of(Kind.NUMBER, unit, VALUES + "." + name + "(" + arithmetic(l) + ", " + arithmetic(r) + ")");
            }
            default -> throw new Refused("不允许的运算符 '" + op.asString() + "'：条件用 == != < <= > >=、&& || ! 和 + - * /");
        }
    }

    /** An operand of arithmetic: a number written in the rule goes in exactly, as text. */
    private static String arithmetic(Typed t) {
        return t.literal() ? VALUES + ".number(\"" + t.number().toPlainString() + "\")" : t.code();
    }

    private void comparable(Expression le, Typed l, Expression re, Typed r, String op, boolean ordered) throws Refused {
        Typed field = l.literal() ? r : l;
        Expression fieldExpr = l.literal() ? re : le;
        Typed other = field == l ? r : l;
        Expression otherExpr = field == l ? re : le;
        if (l.kind() != r.kind() || l.kind() == Kind.ENUM && l.enumType() != r.enumType()) {
            throw new Refused(source(fieldExpr) + " 是" + field.describe() + "，不能与"
                    + other.describe() + " " + source(otherExpr) + " 比较" + suggestion(field, other));
        }
        if (ordered && l.kind() != Kind.NUMBER) {
            throw new Refused("'" + op + "' 只能比较数字，而 " + source(fieldExpr) + " 是" + field.describe()
                    + "（" + (l.kind() == Kind.ENUM ? "枚举请用 == 或 in (…)" : "请用 == 或 !=") + "）");
        }
        if (l.kind() == Kind.NUMBER && !l.unit().isEmpty() && !r.unit().isEmpty() && !l.unit().equals(r.unit())) {
            throw new Refused(source(le) + " 是" + l.describe() + "，" + source(re) + " 是" + r.describe() + "：单位不同，不能比较");
        }
    }

    /** What the author probably meant, for a comparison of mismatched types. */
    private static String suggestion(Typed field, Typed other) {
        if (field.kind() == Kind.BOOL && other.kind() == Kind.TEXT) {
            String v = other.text();
            if ("是".equals(v) || "否".equals(v)) {
                return "；应写 " + field.code() + " == " + ("是".equals(v) ? "true" : "false");
            }
            return "；是/否字段写 == true 或 == false";
        }
        if (field.kind() == Kind.NUMBER && other.kind() == Kind.TEXT) {
            String v = other.text();
            if (v != null && NUMBER.matcher(v).matches()) {
                return "；去掉引号：" + v;
            }
            return "；数字直接写出，如 10000（金额以万元计，1 亿元 = 10000 万元）";
        }
        if (field.kind() == Kind.ENUM && other.kind() == Kind.TEXT && other.text() != null) {
            for (Object c : field.enumType().getEnumConstants()) {
                if (c instanceof Labelled l && l.label().equals(other.text()) || ((Enum<?>) c).name().equals(other.text())) {
                    return "；应写 " + field.enumType().getSimpleName() + "." + ((Enum<?>) c).name();
                }
            }
            return "；枚举写作 " + field.enumType().getSimpleName() + ".取值";
        }
        if (field.kind() == Kind.TEXT && other.kind() == Kind.NUMBER) {
            return "；文本要加英文双引号";
        }
        return "";
    }

    private Typed pointFree(PointFreeExpr p, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        String op = p.getOperator().asString();
        if (p.getArg1() != null || p.getArg2() != null || p.getArg3() != null || p.getArg4() != null) {
            throw new Refused("不支持带参数的运算符 '" + op + "[…]'");
        }
        Typed left = value(p.getLeft(), subject, reads);
        NodeList<Expression> right = p.getRight();
        switch (op) {
            case "in" -> {
                if (right.isEmpty()) {
                    throw new Refused("in 后须列出至少一个取值");
                }
                List<String> items = new ArrayList<>();
                for (Expression item : right) {
                    Typed t = value(item, subject, reads);
                    if (!t.literal()) {
                        throw new Refused("in (…) 中只能列出取值（数字、文字或枚举取值），不能是 '" + source(item) + "'");
                    }
                    comparable(p.getLeft(), left, item, t, "in", false);
                    items.add(t.code());
                }
                if (left.literal()) {
                    throw new Refused("in 的左边须是本事实的字段");
                }
                return Typed.of(Kind.BOOL, "", left.code() + (p.isNegated() ? " not in (" : " in (") + String.join(", ", items) + ")");
            }
            case "contains" -> {
                if (right.size() != 1) {
                    throw new Refused("contains 后须写一个文字");
                }
                Typed r = value(right.get(0), subject, reads);
                if (left.kind() != Kind.TEXT || left.literal() || r.kind() != Kind.TEXT || !r.literal()) {
                    throw new Refused("contains 只能写成 文本字段 contains \"文字\"（事实模型中没有集合字段）");
                }
                return Typed.of(Kind.BOOL, "", left.code() + (p.isNegated() ? " not contains " : " contains ") + r.code());
            }
            case "matches", "soundslike" -> throw new Refused("不支持 " + op + "（正则表达式和读音匹配可能耗时无界）："
                    + "请用 startsWith、endsWith、contains 或枚举字段");
            case "memberOf", "excludes" -> throw new Refused("不支持 " + op + "：事实模型中没有集合字段；取值之一请写 字段 in (…)");
            default -> throw new Refused("不支持的运算符 '" + op + "'：条件用 == != < <= > >=、in、not in、contains");
        }
    }

    private Typed method(MethodCallExpr m, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        String name = m.getNameAsString();
        if (m.getScope().isEmpty()) {
            throw new Refused("不允许调用 '" + name + "'：" + WHY);
        }
        Expression scope = m.getScope().get();
        if (!(scope instanceof NameExpr n) || !subject.fields().containsKey(n.getNameAsString())) {
            if (scope instanceof ObjectCreationExpr || scope.findFirst(ObjectCreationExpr.class).isPresent()) {
                throw new Refused("条件中不能创建对象（new）：条件只比较本事实的字段与数字、文字或枚举取值");
            }
            String s = source(scope);
            String head = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
            if (Character.isLowerCase(s.charAt(0)) && s.contains(".") && !subject.fields().containsKey(head)) {
                String qualified = s.split("\\(")[0];
                if (s.contains("(") && qualified.contains(".")) {
                    qualified = qualified.substring(0, qualified.lastIndexOf('.'));
                }
                throw new Refused("不允许使用完整的类名 '" + qualified + "'：" + WHY);
            }
            if (FORBIDDEN_NAMES.contains(head) || FORBIDDEN_NAMES.contains(name)) {
                throw new Refused("不允许使用 '" + (FORBIDDEN_NAMES.contains(head) ? head : name) + "'：" + WHY);
            }
            throw new Refused("不允许调用 '" + s + "." + name + "(…)'：方法只能用于本事实的字段，如 name.length()。" + WHY);
        }
        Typed receiver = value(scope, subject, reads);
        boolean text = receiver.kind() == Kind.TEXT && TEXT_METHODS.containsKey(name);
        boolean number = receiver.kind() == Kind.NUMBER && NUMBER_METHODS.contains(name);
        if (!text && !number) {
            if (FORBIDDEN_NAMES.contains(name)) {
                throw new Refused("不允许调用 '" + name + "'：" + WHY);
            }
            throw new Refused("不允许对" + receiver.describe() + "调用 '" + name + "'：文本可用 " + String.join("、",
                    new java.util.TreeSet<>(TEXT_METHODS.keySet())) + "，数字可用 abs、signum"
                    + (Set.of("substring", "charAt").contains(name) ? "（" + name + " 可能越界出错）"
                    : Set.of("setScale", "movePointLeft", "movePointRight", "pow").contains(name) ? "（耗时可能随数字无界增长）" : ""));
        }
        int arity = text ? TEXT_METHODS.get(name) : 0;
        if (m.getArguments().size() != arity) {
            throw new Refused("方法 " + name + " 须有 " + arity + " 个参数");
        }
        StringBuilder code = new StringBuilder(VALUES).append('.').append(name).append('(').append(receiver.code());
        for (Expression a : m.getArguments()) {
            Typed t = value(a, subject, reads);
            if (!t.literal() || t.kind() != Kind.TEXT) {
                throw new Refused("方法 " + name + " 的参数须是带英文双引号的文字");
            }
            code.append(", ").append(t.code());
        }
        code.append(')');
        Kind kind = number || name.equals("length") ? Kind.NUMBER : Kind.BOOL;
        return Typed.of(kind, name.equals("abs") ? receiver.unit() : "", code.toString());
    }

    // ------------------------------------------------------------------------------------------------ consequence

    private String consequence(RuleDescr rd, String binding, TypeInfo subject, List<Condition> conditions) {
        String rule = rd.getName();
        Object raw = rd.getConsequence();
        String rhs = raw == null ? "" : raw.toString();
        int base = consequenceStart(rd, rhs);
        int slash = rhs.indexOf('\\');
        if (slash >= 0) {
            error(base + lineCount(rhs.substring(0, slash)), 1, rule, "结论中不能有反斜杠 \\（如 \\u 转义：Java 编译器会把它变成代码）。" + CONSEQUENCE);
            return null;
        }
        JavaParser parser = new JavaParser(new ParserConfiguration()
                .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17).setAttributeComments(false));
        ParseResult<BlockStmt> parsed = parser.parseBlock("{" + rhs + "\n}");
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            error(base, 1, rule, "结论无法解析：" + CONSEQUENCE);
            return null;
        }
        NodeList<Statement> statements = parsed.getResult().get().getStatements();
        String canonical = null;
        int before = errors();
        for (Statement s : statements) {
            int line = base + s.getBegin().map(p -> p.line - 1).orElse(0);
            MethodCallExpr call = s instanceof ExpressionStmt es && es.getExpression() instanceof MethodCallExpr mc ? mc : null;
            boolean eligible = call != null && call.getNameAsString().equals("eligible") && call.getScope().isPresent()
                    && call.getScope().get() instanceof NameExpr scope
                    && scope.getNameAsString().equals(RuleSetLoader.RECORDER_GLOBAL);
            if (!eligible) {
                String offending = forbiddenIn(s);
                error(line, 1, rule, (offending == null ? "" : "不允许使用 '" + offending + "'：" + WHY + "。")
                        + "结论只能有一句：" + CONSEQUENCE);
                continue;
            }
            if (canonical != null) {
                error(line, 1, rule, "结论只能调用一次 outcome.eligible(…)");
                continue;
            }
            NodeList<Expression> args = call.getArguments();
            if (args.isEmpty() || args.size() > 2 || !(args.get(0) instanceof NameExpr who)
                    || binding != null && !who.getNameAsString().equals(binding)) {
                error(line, 1, rule, "outcome.eligible 的第一个参数须是事实模式的变量" + (binding == null ? "" : " " + binding)
                        + "。" + CONSEQUENCE);
                continue;
            }
            if (binding == null) {
                continue;
            }
            if (args.size() == 1) {
                canonical = RuleSetLoader.RECORDER_GLOBAL + ".eligible(" + binding + ");";
                continue;
            }
            if (subject == null) {
                continue;
            }
            try {
                Set<FieldInfo> reads = new LinkedHashSet<>();
                Amount a = amount(args.get(1), binding, subject, reads);
                if (!a.capped()) {
                    throw new Refused("金额表达式须以 .min(上限) 结束，写明文件规定的最高额（万元）"
                            + (largestPool == null ? "" : "，上限不超过最大的资金池 " + largestPool.toPlainString() + " 万元"));
                }
                for (FieldInfo f : reads) {
                    if (!guarded(f, conditions)) {
                        throw new Refused("金额用到的字段 " + f.name() + " 须同时出现在条件中（如 " + f.name()
                                + " >= 0）：缺少该事实时结论应为“待定”，而不是无法计算");
                    }
                }
                canonical = RuleSetLoader.RECORDER_GLOBAL + ".eligible(" + binding + ", " + a.code() + ");";
            } catch (Refused r) {
                int at = r.at == null ? line : base + r.at.getBegin().map(p -> p.line - 1).orElse(line - base);
                error(at, 1, rule, r.getMessage());
            }
        }
        if (canonical == null && errors() == before && binding != null) {
            error(base, 1, rule, "规则结论须调用 " + RuleSetLoader.RECORDER_GLOBAL + ".eligible($主体); 记录结论");
        }
        return canonical;
    }

    /** Whether a condition of the rule fails when the field is missing (so the consequence never sees it missing). */
    private static boolean guarded(FieldInfo f, List<Condition> conditions) {
        for (Condition c : conditions) {
            if (c.shape() instanceof ConditionShape.Compare cmp && cmp.field().equals(f.name())
                    && !cmp.op().equals("!=") && !cmp.literal().equals(f.name())) {
                return true;
            }
            if (c.shape() instanceof ConditionShape.OneOf one && one.field().equals(f.name()) && !one.negated()) {
                return true;
            }
        }
        return false;
    }

    private record Amount(String code, boolean literal, BigDecimal number, boolean capped) {
    }

    private Amount amount(Expression e, String binding, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        if (canonicalMode && e instanceof MethodCallExpr m && valuesCall(m)) {
            return amount(amountForm(m), binding, subject, reads);
        }
        if (e instanceof EnclosedExpr en) {
            return amount(en.getInner(), binding, subject, reads);
        }
        if (e instanceof IntegerLiteralExpr || e instanceof DoubleLiteralExpr) {
            String digits = e instanceof IntegerLiteralExpr i ? i.getValue() : ((DoubleLiteralExpr) e).getValue();
            return literalAmount(digits);
        }
        if (e instanceof ObjectCreationExpr oc) {
            if (!oc.getType().getNameAsString().equals("BigDecimal") || oc.getArguments().size() != 1
                    || oc.getAnonymousClassBody().isPresent()
                    || !(oc.getArguments().get(0) instanceof StringLiteralExpr s)) {
                throw new Refused("金额中只能写 new BigDecimal(\"数字\")");
            }
            return literalAmount(s.getValue());
        }
        if (e instanceof FieldAccessExpr fa && fa.getScope() instanceof NameExpr n) {
            if (n.getNameAsString().equals("BigDecimal") && Set.of("ZERO", "ONE", "TEN").contains(fa.getNameAsString())) {
                return literalAmount(switch (fa.getNameAsString()) {
                    case "ZERO" -> "0";
                    case "ONE" -> "1";
                    default -> "10";
                });
            }
            if (n.getNameAsString().equals(binding)) {
                return amountField(fa.getNameAsString(), binding, subject, reads);
            }
        }
        if (e instanceof MethodCallExpr m && m.getScope().isPresent()) {
            Expression scope = m.getScope().get();
            String name = m.getNameAsString();
            if (scope instanceof NameExpr n && n.getNameAsString().equals(binding) && m.getArguments().isEmpty()) {
                return amountField(name, binding, subject, reads);
            }
            if (scope instanceof NameExpr n && n.getNameAsString().equals("BigDecimal") && name.equals("valueOf")
                    && m.getArguments().size() == 1) {
                Expression arg = m.getArguments().get(0);
                if (arg instanceof IntegerLiteralExpr i) {
                    return literalAmount(i.getValue());
                }
                if (arg instanceof DoubleLiteralExpr d) {
                    return literalAmount(d.getValue());
                }
                throw new Refused("BigDecimal.valueOf 的参数须是非负的数字，而不是 '" + source(arg) + "'");
            }
            if (AMOUNT_METHODS.containsKey(name)) {
                Amount left = amount(scope, binding, subject, reads);
                if (m.getArguments().size() != AMOUNT_METHODS.get(name)) {
                    throw new Refused("金额方法 " + name + " 须有 " + AMOUNT_METHODS.get(name) + " 个参数");
                }
                if (name.equals("setScale")) {
                    Expression digits = m.getArguments().get(0);
                    Expression rounding = m.getArguments().get(1);
                    if (!(digits instanceof IntegerLiteralExpr d) || !d.getValue().matches("[0-4]")) {
                        throw new Refused("setScale 的位数须是 0 到 4 的整数");
                    }
                    if (rounding instanceof FieldAccessExpr r && r.getScope() instanceof FieldAccessExpr qualified) {
                        throw new Refused("不允许使用完整的类名 '" + source(qualified) + "'：导入后写 RoundingMode." + r.getNameAsString(),
                                rounding);
                    }
                    if (!(rounding instanceof FieldAccessExpr r) || !(r.getScope() instanceof NameExpr rn)
                            || !rn.getNameAsString().equals("RoundingMode") || !ROUNDING.contains(r.getNameAsString())) {
                        throw new Refused("setScale 的舍入方式须是 RoundingMode 的取值，如 RoundingMode.HALF_UP");
                    }
                    return new Amount(VALUES + ".setScale(" + left.code() + ", " + d.getValue() + ", \"" + r.getNameAsString()
                            + "\")", false, null, left.capped());
                }
                Amount right = amount(m.getArguments().get(0), binding, subject, reads);
                if (name.equals("divide") && (!right.literal() || right.number().signum() <= 0)) {
                    throw new Refused("金额只能除以写在规则中的正数");
                }
                boolean capped = name.equals("min") && right.literal() || name.equals("min") && left.capped();
                return new Amount(VALUES + "." + name + "(" + left.code() + ", " + right.code() + ")", false, null, capped);
            }
            if (Set.of("subtract", "negate").contains(name)) {
                throw new Refused("金额中不能用 " + name + "：金额须为非负数");
            }
            String offending = forbiddenIn(e);
            throw new Refused(offending != null ? "不允许使用 '" + offending + "'：" + WHY
                    : "金额中不允许调用 '" + name + "'：可用 add、multiply、divide、min、max、setScale");
        }
        if (e instanceof UnaryExpr u && u.getOperator() == UnaryExpr.Operator.MINUS) {
            throw new Refused("金额不能为负数");
        }
        String offending = forbiddenIn(e);
        throw new Refused(offending != null ? "不允许使用 '" + offending + "'：" + WHY
                : "金额只能由数字、本事实的数字字段（" + binding + ".字段()）和 BigDecimal 的 add、multiply、divide、min、max、setScale 组成");
    }

    private Amount literalAmount(String digits) throws Refused {
        if (!NUMBER.matcher(digits).matches()) {
            throw new Refused("金额中的数字 '" + digits + "' 须是非负的十进制数，如 50 或 0.01（整数部分最多 15 位，小数最多 6 位）");
        }
        BigDecimal v = new BigDecimal(digits);
        if (largestPool != null && v.compareTo(largestPool) > 0) {
            throw new Refused("金额中的数字 " + digits + " 超过最大的资金池 " + largestPool.toPlainString() + " 万元");
        }
        return new Amount(VALUES + ".number(\"" + digits + "\")", true, v, true);
    }

    private Amount amountField(String name, String binding, TypeInfo subject, Set<FieldInfo> reads) throws Refused {
        FieldInfo f = subject.fields().get(name);
        if (f == null) {
            List<String> near = Suggestions.nearest(name, subject.fields().keySet(), 2);
            throw new Refused(subject.label() + "（" + subject.type().getSimpleName() + "）没有字段 '" + name + "'"
                    + (near.isEmpty() ? "" : "，是否指 '" + String.join("' 或 '", near) + "'?"));
        }
        if (f.type() != BigDecimal.class && f.type() != Integer.class) {
            throw new Refused("金额只能用数字字段，而 " + name + " 不是数字");
        }
        boolean nonNegative = f.annotation() != null && !f.annotation().min().isEmpty()
                && new BigDecimal(f.annotation().min()).signum() >= 0;
        if (!nonNegative) {
            throw new Refused("金额只能用不会为负数的字段，而 " + name + " 没有下限 0");
        }
        reads.add(f);
        return new Amount(binding + "." + name + "()", false, null, false);
    }

    /** The first forbidden name in a statement or expression, if any, for a message that says what was refused. */
    private static String forbiddenIn(Node n) {
        List<Node> stack = new ArrayList<>(List.of(n));
        while (!stack.isEmpty()) {
            Node x = stack.remove(stack.size() - 1);
            if (x instanceof NameExpr ne && FORBIDDEN_NAMES.contains(ne.getNameAsString())) {
                return ne.getNameAsString();
            }
            if (x instanceof FieldAccessExpr fa && source(fa).matches("[a-z]\\w*(\\.\\w+){2,}")) {
                return source(fa);
            }
            List<Node> children = new ArrayList<>(x.getChildNodes());
            java.util.Collections.reverse(children);
            stack.addAll(children);
        }
        for (Node x : n.findAll(MethodCallExpr.class)) {
            if (FORBIDDEN_NAMES.contains(((MethodCallExpr) x).getNameAsString())) {
                return ((MethodCallExpr) x).getNameAsString();
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ canonical calls

    private static boolean valuesCall(MethodCallExpr m) {
        return m.getScope().isPresent() && VALUES.equals(source(m.getScope().get()));
    }

    /** A number the printer wrote as {@code Values.number("…")}, as the literal it was. */
    private static Expression literal(MethodCallExpr m) throws Refused {
        if (m.getArguments().size() != 1 || !(m.getArguments().get(0) instanceof StringLiteralExpr s)) {
            throw new Refused("canonical number");
        }
        String digits = s.getValue();
        boolean negative = digits.startsWith("-");
        String plain = negative ? digits.substring(1) : digits;
        Expression lit = plain.contains(".") ? new DoubleLiteralExpr(plain) : new IntegerLiteralExpr(plain);
        return negative ? new UnaryExpr(lit, UnaryExpr.Operator.MINUS) : lit;
    }

    /** The condition a call to {@link Values} was printed from. */
    private static Expression conditionForm(MethodCallExpr m) throws Refused {
        String name = m.getNameAsString();
        NodeList<Expression> a = m.getArguments();
        BinaryExpr.Operator op = switch (name) {
            case "add" -> BinaryExpr.Operator.PLUS;
            case "subtract" -> BinaryExpr.Operator.MINUS;
            case "multiply" -> BinaryExpr.Operator.MULTIPLY;
            case "divide" -> BinaryExpr.Operator.DIVIDE;
            case "remainder" -> BinaryExpr.Operator.REMAINDER;
            default -> null;
        };
        if (op != null && a.size() == 2) {
            return new BinaryExpr(a.get(0), a.get(1), op);
        }
        if (name.equals("number")) {
            return literal(m);
        }
        if (name.equals("negate") && a.size() == 1) {
            return new UnaryExpr(a.get(0), UnaryExpr.Operator.MINUS);
        }
        if ((TEXT_METHODS.containsKey(name) || NUMBER_METHODS.contains(name)) && !a.isEmpty()) {
            NodeList<Expression> rest = new NodeList<>(a.subList(1, a.size()));
            return new MethodCallExpr(a.get(0), name, rest);
        }
        throw new Refused("canonical call " + name);
    }

    /** The amount a call to {@link Values} was printed from. */
    private static Expression amountForm(MethodCallExpr m) throws Refused {
        String name = m.getNameAsString();
        NodeList<Expression> a = m.getArguments();
        if (name.equals("number")) {
            Expression lit = literal(m);
            return lit;
        }
        if (name.equals("setScale") && a.size() == 3 && a.get(2) instanceof StringLiteralExpr mode) {
            return new MethodCallExpr(a.get(0), name, new NodeList<>(a.get(1),
                    new FieldAccessExpr(new NameExpr("RoundingMode"), mode.getValue())));
        }
        if (AMOUNT_METHODS.containsKey(name) && a.size() == 2) {
            return new MethodCallExpr(a.get(0), name, new NodeList<>(a.get(1)));
        }
        throw new Refused("canonical amount " + name);
    }

    // ------------------------------------------------------------------------------------------------ printing

    private static String print(String pkg, List<String> imports, Iterable<CheckedRule> rules) {
        StringBuilder s = new StringBuilder();
        s.append("package ").append(pkg).append(";\n\n");
        for (String i : new LinkedHashSet<>(imports)) {
            s.append("import ").append(i).append(";\n");
        }
        s.append('\n');
        s.append("global ").append(OutcomeRecorder.class.getName()).append(' ').append(RuleSetLoader.RECORDER_GLOBAL)
                .append(";\n");
        for (CheckedRule r : rules) {
            s.append('\n').append("rule \"").append(r.name()).append("\"\n");
            for (Map.Entry<String, String> m : r.metadata().entrySet()) {
                s.append("    @").append(m.getKey()).append("(\"").append(m.getValue()).append("\")\n");
            }
            s.append("when\n    ").append(r.binding()).append(" : ").append(r.subject().type().getCanonicalName()).append("( ");
            s.append(String.join(", ", r.canonicalConditions()));
            s.append(" )");
            for (RelatedCheck rc : r.related()) {
                s.append("\n    ").append(rc.related().kind().keyword()).append(" ( ")
                        .append(rc.type().type().getCanonicalName()).append("( ")
                        .append(String.join(", ", rc.canonicalConditions())).append(" ) from ")
                        .append(RuleSetLoader.RECORDER_GLOBAL).append(".related(").append(r.binding()).append(") )");
            }
            s.append("\nthen\n    ").append(r.consequence()).append("\nend\n");
        }
        return s.toString();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /**
     * Why a string cannot stand in a rule as it is, or null when it can: printed between double quotes, it must
     * mean the same to the DRL lexer, to MVEL and to Java, so it may not hold quotes, backslashes, line breaks or
     * other control characters.
     */
    static String stringProblem(String s) {
        if (s == null) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\'') {
                return "中不能有英文引号 " + c + "：请用中文引号 “ ” 或 ‘ ’";
            }
            if (c == '\\') {
                return "中不能有反斜杠 \\（不能用转义，中文直接写出）";
            }
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\ufeff'
                    || Character.getType(c) == Character.FORMAT) {
                return "中不能有换行或控制字符（U+" + String.format("%04X", (int) c) + "）";
            }
            if (Character.isSurrogate(c)) {
                boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
                if (!pair) {
                    return "中有不成对的代理字符（U+" + String.format("%04X", (int) c) + "）";
                }
                i++;
            }
        }
        return null;
    }

    /** A quoted name or value without its quotes (for messages about text that did not parse). */
    static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }

    private static DrlxExpression drlx(String text) throws Refused {
        if (text.indexOf('\\') >= 0) {
            throw new Refused("条件中不能有反斜杠 \\（不能用转义，中文直接写出）");
        }
        try {
            DrlxExpression e = DrlxParser.parseExpression(DRLX, text);
            if (e == null || e.getExpr() == null) {
                throw new Refused("无法理解条件 '" + text + "'");
            }
            // The parser reads the longest expression at the start of the text; the rest must not be dropped.
            String read = (e.getBind() == null ? "" : e.getBind().asString() + ":") + source(e.getExpr());
            if (!read.replaceAll("\\s+", "").equals(text.replaceAll("\\s+", ""))) {
                throw new Refused("无法理解 '" + text + "'：只有开头的 '" + source(e.getExpr()) + "' 是一个完整的表达式"
                        + "（检查引号、括号和逗号）");
            }
            return e;
        } catch (Refused r) {
            throw r;
        } catch (RuntimeException | StackOverflowError e) {
            throw new Refused("无法理解条件 '" + text + "'（检查字段名、运算符、括号和引号）");
        }
    }

    private static Expression expression(String text) throws Refused {
        DrlxExpression e = drlx(text.strip());
        if (e.getBind() != null) {
            throw new Refused("binding");
        }
        return e.getExpr();
    }

    private static String source(Node n) {
        try {
            return org.drools.mvel.parser.printer.PrintUtil.printNode(n);
        } catch (RuntimeException e) {
            return n.getClass().getSimpleName();
        }
    }

    /** The file line of the consequence's first line. */
    private int consequenceStart(RuleDescr rd, String rhs) {
        int then = rd.getConsequenceLine() > 0 ? rd.getConsequenceLine() : rd.getLine();
        String first = rhs.strip().lines().findFirst().orElse("").strip();
        if (!first.isEmpty()) {
            for (int i = Math.max(0, then - 1); i < lines.size(); i++) {
                if (lines.get(i).contains(first)) {
                    int lead = lineCount(rhs.substring(0, rhs.indexOf(first.charAt(0))));
                    return i + 1 - lead;
                }
            }
        }
        return then + 1;
    }

    private static int lineCount(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    /**
     * The line of a rule's {@code @key(…)} metadata: the first line from the rule's own line up to its
     * {@code when} that has it, else the rule's line (Drools' parser gives annotations no line).
     */
    static int metadataLine(List<String> lines, RuleDescr rd, String key) {
        for (int i = Math.max(0, rd.getLine() - 1); i < lines.size(); i++) {
            if (lines.get(i).contains("@" + key + "(")) {
                return i + 1;
            }
            if (i > rd.getLine() - 1 && lines.get(i).strip().startsWith("when")) {
                break;
            }
        }
        return rd.getLine();
    }

    /** The first line at or after {@code from} whose text contains {@code needle}, else {@code from}. */
    private int lineOf(int from, String needle) {
        for (int i = Math.max(0, from - 1); i < lines.size(); i++) {
            if (lines.get(i).contains(needle)) {
                return i + 1;
            }
        }
        return from;
    }

    private void error(int line, int column, String rule, String message) {
        problems.add(RuleProblem.error(file, line, column, rule, message));
    }

    private int errors() {
        return (int) problems.stream().filter(RuleProblem::isError).count();
    }
}
