package com.subsidyevaluator.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.subsidyevaluator.engine.FactModel.TypeInfo;
import com.subsidyevaluator.engine.PolicyDocument.Area;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.RuleConditionElement;
import org.drools.base.rule.constraint.AlphaNodeFieldConstraint;
import org.drools.base.rule.constraint.Constraint;
import org.drools.compiler.builder.impl.KnowledgeBuilderImpl;
import org.drools.compiler.compiler.DescrBuildError;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.ParserError;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;

/**
 * Reads a rule-set directory: {@code document.yaml} and every {@code *.drl} file beside it. Checks what the
 * engine needs (quoted clause and title metadata, one pattern per rule, known fields) before Drools compiles
 * the rules, so that a policy officer gets a plain message with file and line instead of an engine trace.
 *
 * <p>The same checks serve the target rules in the rule set's {@code targets} folder: generic rules over one
 * fact type that joins a target with its actual figure. They carry a title but no clause, benefit or amount,
 * since the clause, the figure and its unit come from the target each fact carries.
 */
final class RuleSetLoader {

    static final String DOCUMENT_FILE = "document.yaml";
    static final String CLAUSES_FILE = "clauses.yaml";
    static final String BUDGETS_FILE = "budgets.yaml";
    static final String TARGETS_FILE = "targets.yaml";
    static final String PARAMETERS_FILE = "parameters.yaml";
    static final String GROUPS_FILE = "groups.yaml";
    static final String PARAMETER_PREFIX = "param:";
    static final String RECORDER_GLOBAL = "outcome";
    static final String TARGETS_FOLDER = "targets";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Set<String> KNOWN_METADATA = Set.of("clause", "title", "benefit", "amount", "amountNote",
            "pool", "exclusive", "validFrom", "validTo", "department", "note", "tier", "interpretation");
    private static final Set<String> TARGET_METADATA = Set.of("title", "note");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern ENGINE_POSITION = Pattern.compile("\\[Line: (\\d+), Column: (\\d+)]");
    private static final Pattern ENGINE_POSITION_PLAIN = Pattern.compile("Line (\\d+):(\\d+)");

    private final Path dir;
    private final PolicyData.ClauseKind purpose;
    private final Path drlDir;
    private final List<Class<?>> factTypes;
    private final List<RuleProblem> problems = new ArrayList<>();
    private final Map<Path, String> texts = new LinkedHashMap<>();
    /** The same texts as lines, for the lines of metadata. */
    private final Map<Path, List<String>> lines = new LinkedHashMap<>();
    /** The canonical text compiled for each rule file, by its name in the rule set. */
    private final Map<String, String> compiled = new LinkedHashMap<>();
    /** A data file did not read: what the rules say of its data would only repeat that one cause. */
    private boolean unreadable;

    private RuleSetLoader(Path dir, PolicyData.ClauseKind purpose, Path drlDir, List<Class<?>> factTypes) {
        this.dir = dir;
        this.purpose = purpose;
        this.drlDir = drlDir;
        this.factTypes = List.copyOf(factTypes);
    }

    static RuleSet load(Path directory) throws RuleSetException {
        Path dir = existing(directory);
        return new RuleSetLoader(dir, PolicyData.ClauseKind.ENTITLEMENT, dir, List.copyOf(FactModel.FACT_TYPES)).run();
    }

    /** The target rules in {@code directory/targets}, over {@code factType}, with the rule set's document and data. */
    static RuleSet loadTargets(Path directory, Class<?> factType) throws RuleSetException {
        Path dir = existing(directory);
        Path folder = dir.resolve(TARGETS_FOLDER);
        if (!Files.isDirectory(folder)) {
            throw new RuleSetException("目标规则目录不存在: " + folder, List.of(RuleProblem.error(TARGETS_FOLDER, 0, 0, null,
                    "缺少目标规则目录 " + TARGETS_FOLDER + "/（存放判断目标是否完成的 .drl 规则）")));
        }
        FactModel.type(factType);
        return new RuleSetLoader(dir, PolicyData.ClauseKind.TARGET, folder, List.of(factType)).run();
    }

    private static Path existing(Path directory) throws RuleSetException {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new RuleSetException("规则集目录不存在: " + directory,
                    List.of(RuleProblem.error(directory.toString(), 0, 0, null, "规则集目录不存在或不是目录")));
        }
        return dir;
    }

    private boolean targetRules() {
        return purpose == PolicyData.ClauseKind.TARGET;
    }

    /** What loading a rule set found: the rule set (null when it does not load) and every problem, warnings too. */
    record Attempt(RuleSet ruleSet, List<RuleProblem> problems) {
    }

    /**
     * The canonical DRL that loading the rule set in {@code directory} gives Drools, by file name: the text the
     * grammar printed from the checked rules (for tests and for reading what a rule file compiles to).
     */
    static Map<String, String> compiledTexts(Path directory) throws RuleSetException {
        Path dir = existing(directory);
        RuleSetLoader loader = new RuleSetLoader(dir, PolicyData.ClauseKind.ENTITLEMENT, dir,
                List.copyOf(FactModel.FACT_TYPES));
        loader.run();
        return Map.copyOf(loader.compiled);
    }

    /** Loads the rule set like {@link #load(Path)}, but returns every problem, warnings included, instead of throwing. */
    static Attempt attempt(Path directory) {
        try {
            RuleSet rs = load(directory);
            return new Attempt(rs, rs.warnings());
        } catch (RuleSetException e) {
            return new Attempt(null, e.allProblems());
        }
    }

    private RuleSet run() throws RuleSetException {
        PolicyDocument document = readDocument();
        PolicyData data = readData(document);
        if (unreadable) {
            failIfErrors("规则集的数据文件无法读取");
        }
        List<Path> files = drlFiles();
        Map<Path, PackageDescr> parsed = new LinkedHashMap<>();
        int before = errorCount();
        for (Path file : files) {
            PackageDescr pd = parse(file);
            if (pd != null) {
                parsed.put(file, pd);
            }
        }
        boolean syntaxErrors = errorCount() > before;
        if (document == null) {
            failIfErrors("规则集的文件说明有误");
        }
        // The grammar (the sandbox) checks what Drools' parser made of each file, before anything is compiled;
        // rules it refuses are not checked further here (their problems are already reported).
        BigDecimal largestPool = largestPool(data);
        Map<Path, RuleGrammar.Result> checked = new LinkedHashMap<>();
        for (Map.Entry<Path, PackageDescr> e : parsed.entrySet()) {
            RuleGrammar.Result g = RuleGrammar.check(rel(e.getKey()), texts.get(e.getKey()), e.getValue(), factTypes,
                    largestPool);
            problems.addAll(g.problems());
            checked.put(e.getKey(), g);
        }

        List<Draft> drafts = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Map.Entry<Path, PackageDescr> e : parsed.entrySet()) {
            checkGlobal(e.getKey(), e.getValue());
            for (RuleDescr rd : e.getValue().getRules()) {
                Draft d = check(e.getKey(), e.getValue(), rd, document, data,
                        checked.get(e.getKey()).rules().get(rd.getName()));
                if (!names.add(rd.getName())) {
                    problems.add(RuleProblem.error(rel(e.getKey()), rd.getLine(), rd.getColumn() + 1, rd.getName(),
                            "规则名称重复：另一条规则已使用此名称（规则名称须在整个规则集中唯一）"));
                }
                if (d != null) {
                    drafts.add(d);
                }
            }
        }
        failIfErrors(syntaxErrors ? "规则集有语法错误" : "规则集有错误");

        InternalKnowledgeBase kieBase = build(checked);
        failIfErrors("规则无法编译");

        List<RuleDefinition> rules = new ArrayList<>();
        for (Draft d : drafts) {
            rules.add(bind(d, kieBase));
        }
        failIfErrors("规则无法编译");
        if (!targetRules()) {
            rules.sort((a, b) -> Integer.compare(a.clauseNumber(), b.clauseNumber()));
        }
        List<RuleProblem> warnings = problems.stream().filter(p -> !p.isError()).toList();
        return new RuleSet(dir, document, data, kieBase, rules, hash(files), warnings);
    }

    // ---------------------------------------------------------------------------------------------- document

    private PolicyDocument readDocument() {
        Path file = dir.resolve(DOCUMENT_FILE);
        if (!Files.isRegularFile(file)) {
            problems.add(RuleProblem.error(DOCUMENT_FILE, 0, 0, null,
                    "缺少 " + DOCUMENT_FILE + "（说明政策文件的文号、标题、有效期和各领域牵头单位）"));
            return null;
        }
        try {
            PolicyDocument doc = YAML.readValue(file.toFile(), PolicyDocument.class);
            List<String> missing = new ArrayList<>();
            if (doc.id() == null) {
                missing.add("id");
            }
            if (doc.number() == null) {
                missing.add("number");
            }
            if (doc.validFrom() == null) {
                missing.add("validFrom");
            }
            if (doc.validTo() == null) {
                missing.add("validTo");
            }
            if (doc.clauses() <= 0) {
                missing.add("clauses");
            }
            if (!missing.isEmpty()) {
                problems.add(RuleProblem.error(DOCUMENT_FILE, 0, 0, null, "缺少字段: " + String.join(", ", missing)));
                return null;
            }
            if (doc.validTo().isBefore(doc.validFrom())) {
                problems.add(RuleProblem.error(DOCUMENT_FILE, 0, 0, null, "validTo 早于 validFrom"));
            }
            return doc;
        } catch (JsonProcessingException e) {
            problems.add(YamlErrors.problem(DOCUMENT_FILE, e));
            return null;
        } catch (IOException e) {
            problems.add(RuleProblem.error(DOCUMENT_FILE, 0, 0, null, "无法读取: " + e.getMessage()));
            return null;
        }
    }

    private record ClausesFile(List<PolicyData.ClauseInfo> clauses) {
    }

    private record BudgetsFile(List<PolicyData.BudgetPool> pools) {
    }

    private record TargetsFile(List<PolicyData.Target> targets) {
    }

    private record ParametersFile(List<PolicyData.Parameter> parameters) {
    }

    private record GroupsFile(List<PolicyData.ExclusiveGroup> groups) {
    }

    /** Reads the optional data files beside the rules and checks that they agree with each other. */
    private PolicyData readData(PolicyDocument document) {
        ClausesFile clauses = readYaml(CLAUSES_FILE, ClausesFile.class);
        BudgetsFile budgets = readYaml(BUDGETS_FILE, BudgetsFile.class);
        TargetsFile targets = readYaml(TARGETS_FILE, TargetsFile.class);
        ParametersFile parameters = readYaml(PARAMETERS_FILE, ParametersFile.class);
        GroupsFile groups = readYaml(GROUPS_FILE, GroupsFile.class);
        PolicyData data = new PolicyData(clauses == null ? null : clauses.clauses(),
                budgets == null ? null : budgets.pools(), targets == null ? null : targets.targets(),
                parameters == null ? null : parameters.parameters(), groups == null ? null : groups.groups());
        if (document != null && clauses != null) {
            Set<Integer> seen = new LinkedHashSet<>();
            for (PolicyData.ClauseInfo c : data.clauses()) {
                if (c.number() < 1 || c.number() > document.clauses()) {
                    problems.add(RuleProblem.error(CLAUSES_FILE, lineOf(CLAUSES_FILE, "number: " + c.number()), 0, null,
                            "条款号 " + c.number() + " 不存在：" + document.number() + " 共 " + document.clauses() + " 条"));
                } else if (!seen.add(c.number())) {
                    problems.add(RuleProblem.error(CLAUSES_FILE, lineOf(CLAUSES_FILE, "number: " + c.number()), 0, null,
                            "第" + c.number() + "条重复列出"));
                }
                if (c.kinds().isEmpty()) {
                    problems.add(RuleProblem.error(CLAUSES_FILE, lineOf(CLAUSES_FILE, "number: " + c.number()), 0, null,
                            "第" + c.number() + "条缺少 kinds"));
                }
                if (!c.is(PolicyData.ClauseKind.ENTITLEMENT) && !c.is(PolicyData.ClauseKind.GUIDANCE)
                        && (c.noRule() == null || c.noRule().isBlank())) {
                    problems.add(RuleProblem.error(CLAUSES_FILE, lineOf(CLAUSES_FILE, "number: " + c.number()), 0, null,
                            "第" + c.number() + "条不是可享受的政策，须用 noRule 一句话说明为何没有规则"));
                }
            }
            for (int n = 1; n <= document.clauses(); n++) {
                if (!seen.contains(n)) {
                    problems.add(RuleProblem.error(CLAUSES_FILE, 0, 0, null, "缺少第" + n + "条"));
                }
            }
        }
        Set<String> ids = new LinkedHashSet<>();
        for (PolicyData.BudgetPool b : data.budgets()) {
            int line = lineOf(BUDGETS_FILE, "id: " + b.id());
            if (b.id() == null || !ids.add(b.id())) {
                problems.add(RuleProblem.error(BUDGETS_FILE, line, 0, null, "资金池 id 缺失或重复: " + b.id()));
            }
            if (b.amountWan() != null && b.amountWan().signum() < 0) {
                problems.add(RuleProblem.error(BUDGETS_FILE, line, 0, null, "资金池 " + b.id() + " 的金额为负数"));
            }
        }
        for (PolicyData.BudgetPool b : data.budgets()) {
            if (b.parent() != null && !ids.contains(b.parent())) {
                problems.add(RuleProblem.error(BUDGETS_FILE, lineOf(BUDGETS_FILE, "id: " + b.id()), 0, null,
                        "资金池 " + b.id() + " 的 parent '" + b.parent() + "' 未声明"));
            }
        }
        for (PolicyData.Parameter p : data.parameters()) {
            if (p.values().isEmpty()) {
                problems.add(RuleProblem.error(PARAMETERS_FILE, lineOf(PARAMETERS_FILE, "id: " + p.id()), 0, null,
                        "参数 " + p.id() + " 没有 values（至少写一条，未公布时 value 写 null 并注明 source）"));
            }
            for (PolicyData.DatedValue v : p.values()) {
                if (v.from() == null || v.source() == null || v.source().isBlank()) {
                    problems.add(RuleProblem.error(PARAMETERS_FILE, lineOf(PARAMETERS_FILE, "id: " + p.id()), 0, null,
                            "参数 " + p.id() + " 的每个值都须有 from（生效日期）和 source（出处）"));
                }
            }
        }
        return data;
    }

    /** The largest budget pool of the document in 万元: no amount can be more. Null when there are no pools. */
    private static BigDecimal largestPool(PolicyData data) {
        return data.budgets().stream().map(PolicyData.BudgetPool::amountWan)
                .filter(java.util.Objects::nonNull).max(BigDecimal::compareTo).orElse(null);
    }

    private <T> T readYaml(String name, Class<T> type) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return YAML.readValue(file.toFile(), type);
        } catch (JsonProcessingException e) {
            problems.add(YamlErrors.problem(name, e));
            unreadable = true;
            return null;
        } catch (IOException e) {
            problems.add(RuleProblem.error(name, 0, 0, null, "无法读取: " + e.getMessage()));
            unreadable = true;
            return null;
        }
    }

    private int lineOf(String name, String needle) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(name), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(needle)) {
                    return i + 1;
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return 0;
    }

    private static String near(String wrong, List<String> known) {
        List<String> n = Suggestions.nearest(wrong, known, 1);
        return n.isEmpty() ? "" : "，是否指 '" + n.get(0) + "'?";
    }

    // ---------------------------------------------------------------------------------------------- parsing

    private List<Path> drlFiles() {
        try (Stream<Path> s = Files.list(drlDir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".drl") && Files.isRegularFile(p))
                    .sorted().toList();
            if (files.isEmpty()) {
                problems.add(RuleProblem.error(targetRules() ? TARGETS_FOLDER : ".", 0, 0, null,
                        (targetRules() ? "目标规则目录" : "规则集目录") + "中没有 .drl 规则文件"));
            }
            return files;
        } catch (IOException e) {
            problems.add(RuleProblem.error(".", 0, 0, null, "无法列出规则文件: " + e.getMessage()));
            return List.of();
        }
    }

    private PackageDescr parse(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            problems.add(RuleProblem.error(rel(file), 0, 0, null, "文件不是 UTF-8 编码"));
            return null;
        } catch (IOException e) {
            problems.add(RuleProblem.error(rel(file), 0, 0, null, "无法读取: " + e.getMessage()));
            return null;
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1); // a byte-order mark, as some editors on Windows write it
        }
        texts.put(file, text);
        lines.put(file, text.lines().toList());
        DrlParser parser = new DrlParser();
        PackageDescr pd;
        try {
            pd = parser.parse(null, text);
        } catch (Exception e) {
            problems.add(RuleProblem.error(rel(file), 0, 0, null, "无法解析规则文件").withEngineText(e.getMessage()));
            return null;
        }
        if (parser.hasErrors()) {
            SyntaxHints hints = new SyntaxHints(rel(file), text);
            problems.addAll(hints.lexical());
            for (DroolsError err : parser.getErrors()) {
                int line = err.getLines() != null && err.getLines().length > 0 ? err.getLines()[0] : 0;
                int col = err instanceof ParserError pe ? pe.getCol() + 1 : 0;
                String engine = SyntaxHints.firstLine(err.getMessage());
                Matcher at = ENGINE_POSITION_PLAIN.matcher(engine);
                if (line == 0 && at.find()) {
                    line = Integer.parseInt(at.group(1));
                    col = Integer.parseInt(at.group(2)) + 1;
                }
                if (hints.duplicate(line)) {
                    continue;
                }
                problems.add(RuleProblem.error(rel(file), line, col, hints.ruleAt(line),
                        "语法错误：" + hints.explain(engine, plainSyntax(engine), line, col)).withEngineText(engine));
            }
            return null;
        }
        return pd;
    }

    private static String plainSyntax(String engine) {
        if (engine == null) {
            return "无法识别的写法";
        }
        Matcher m = Pattern.compile("mismatched input '([^']*)'.*expecting (.*)").matcher(engine);
        if (m.find()) {
            return "此处出现了 '" + m.group(1) + "'，应为 " + m.group(2);
        }
        m = Pattern.compile("mismatched input '([^']*)'").matcher(engine);
        if (m.find()) {
            return "此处不应出现 '" + m.group(1) + "'（检查上一处的括号、逗号和引号）";
        }
        m = Pattern.compile("no viable alternative at input '([^']*)'").matcher(engine);
        if (m.find()) {
            return "无法理解 '" + m.group(1) + "' 处的写法（检查括号、逗号和引号是否成对）";
        }
        m = Pattern.compile("missing (.*) at '([^']*)'").matcher(engine);
        if (m.find()) {
            return "在 '" + m.group(2) + "' 前缺少 " + m.group(1);
        }
        m = Pattern.compile("extraneous input '([^']*)'").matcher(engine);
        if (m.find()) {
            return "多余的 '" + m.group(1) + "'";
        }
        if (engine.contains("Unexpected exception") || engine.contains("unexpected")) {
            return "规则写法不完整（检查 rule … when … then … end 是否齐全）";
        }
        return "无法识别的写法";
    }

    // ---------------------------------------------------------------------------------------------- checks

    /** A rule that passed the checks, waiting for its compiled constraints. */
    private record Draft(Path file, String packageName, RuleDescr descr, String clause, String title, Area area,
                         String department, BenefitKind kind, BigDecimal amount, String amountNote,
                         String amountParameter, String pool,
                         String exclusive, LocalDate from, LocalDate to, TypeInfo subject, List<Condition> conditions,
                         Map<String, String> metadata, List<Related> related) {
    }

    private void checkGlobal(Path file, PackageDescr pd) {
        boolean declared = pd.getGlobals().stream().anyMatch(g -> g.getIdentifier().equals(RECORDER_GLOBAL)
                && (g.getType().equals(OutcomeRecorder.class.getName()) || g.getType().equals("OutcomeRecorder")));
        if (!declared && !pd.getRules().isEmpty()) {
            problems.add(RuleProblem.error(rel(file), 1, 1, null, "缺少声明: global " + OutcomeRecorder.class.getName()
                    + " " + RECORDER_GLOBAL + ";（规则通过它记录结论）"));
        }
    }

    private Draft check(Path file, PackageDescr pd, RuleDescr rd, PolicyDocument document, PolicyData data,
                        RuleGrammar.CheckedRule checkedRule) {
        String f = rel(file);
        String name = rd.getName();
        int line = rd.getLine();
        int before = errorCount();
        Map<String, String> meta = new LinkedHashMap<>();
        Set<String> allowed = targetRules() ? TARGET_METADATA : KNOWN_METADATA;
        Set<String> unquoted = new LinkedHashSet<>();
        for (AnnotationDescr a : rd.getAnnotations()) {
            Object raw = a.getValue();
            String value = raw == null ? null : raw.toString().strip();
            if (targetRules() && KNOWN_METADATA.contains(a.getName()) && !allowed.contains(a.getName())) {
                problems.add(RuleProblem.error(f, a.getLine() > 0 ? a.getLine() : at(file, rd, a.getName()), 1, name,
                        "目标规则对所有目标通用，不写 @" + a.getName() + "：条款、目标值和单位来自 " + TARGETS_FILE
                                + " 中的目标；目标规则只写 @title（和可选的 @note）"));
                continue;
            }
            if (!allowed.contains(a.getName())) {
                List<String> near = Suggestions.nearest(a.getName(), allowed, 1);
                problems.add(RuleProblem.error(f, a.getLine() > 0 ? a.getLine() : at(file, rd, a.getName()), 1, name,
                        "未知的元数据 @" + a.getName() + (near.isEmpty() ? "" : "，是否指 @" + near.get(0) + "?")));
                continue;
            }
            if (value == null || value.length() < 2 || !value.startsWith("\"") || !value.endsWith("\"")) {
                problems.add(RuleProblem.error(f, a.getLine() > 0 ? a.getLine() : at(file, rd, a.getName()), 1, name,
                        "元数据 @" + a.getName() + " 的值须加英文双引号，例如 @" + a.getName() + "(\"" + (value == null ? "" : value)
                                + "\")（不加引号时 Drools 会把它当作表达式求值）"));
                unquoted.add(a.getName());
                continue;
            }
            meta.put(a.getName(), value.substring(1, value.length() - 1));
        }
        String clause = meta.get("clause");
        String title = meta.get("title");
        if ((title == null || title.isBlank()) && !unquoted.contains("title")) {
            problems.add(RuleProblem.error(f, line, 1, name, "缺少 @title(\"…\")：每条规则须有简短标题"));
        }
        if (targetRules() && checkedRule != null && !checkedRule.related().isEmpty()) {
            problems.add(RuleProblem.error(f, checkedRule.related().get(0).related().line(), 1, name,
                    "目标规则须恰好是一个事实模式：目标与它的实际数字在同一个事实中，不写 exists / not"));
        }
        if (targetRules()) {
            // A target rule judges the target its fact carries, whatever the date: the target's own period is
            // compared with the figure's before the rules run.
            return checkedRule == null || errorCount() > before ? null
                    : new Draft(file, pd.getName(), rd, null, title, null, null, null, null, null, null, null, null,
                            LocalDate.MIN, LocalDate.MAX, checkedRule.subject(), checkedRule.conditions(), meta,
                            related(checkedRule));
        }
        if (clause == null && !unquoted.contains("clause")) {
            problems.add(RuleProblem.error(f, line, 1, name, "缺少 @clause(\"N\")：每条规则须注明所依据的条款号"));
        }
        Area area = null;
        if (clause != null && document != null) {
            if (!clause.matches("[1-9][0-9]*") || Integer.parseInt(clause) > document.clauses()) {
                problems.add(RuleProblem.error(f, at(file, rd, "clause"), 1, name, "条款号 \"" + clause + "\" 不存在：" + document.number()
                        + " 共 " + document.clauses() + " 条"));
            } else {
                area = document.areaOf(Integer.parseInt(clause)).orElse(null);
                if (area == null) {
                    problems.add(RuleProblem.error(f, at(file, rd, "clause"), 1, name, "第" + clause + "条不属于 " + DOCUMENT_FILE + " 中的任何领域"));
                }
            }
        }
        BenefitKind kind = BenefitKind.OTHER;
        if (meta.containsKey("benefit")) {
            kind = BenefitKind.fromLabel(meta.get("benefit")).orElse(null);
            if (kind == null) {
                problems.add(RuleProblem.error(f, at(file, rd, "benefit"), 1, name, "未知的支持类型 \"" + meta.get("benefit") + "\"，应为："
                        + String.join("、", Stream.of(BenefitKind.values()).map(BenefitKind::label).toList())));
            }
        } else if (!unquoted.contains("benefit")) {
            problems.add(RuleProblem.error(f, line, 1, name, "缺少 @benefit(\"…\")：支持类型，如 资金奖补、税收优惠、金融支持、要素保障、资格与推荐、其他支持"));
        }
        BigDecimal amount = null;
        String amountParameter = null;
        if (meta.containsKey("amount") && meta.get("amount").startsWith(PARAMETER_PREFIX)) {
            amountParameter = meta.get("amount").substring(PARAMETER_PREFIX.length());
            if (data.parameter(amountParameter).isEmpty()) {
                problems.add(RuleProblem.error(f, at(file, rd, "amount"), 1, name, "@amount 引用的参数 '" + amountParameter + "' 未在 "
                        + PARAMETERS_FILE + " 中声明" + near(amountParameter, data.parameters().stream()
                        .map(PolicyData.Parameter::id).toList())));
            }
        } else if (meta.containsKey("amount")) {
            String a = meta.get("amount");
            if (!DECIMAL.matcher(a).matches() || a.startsWith("-")) {
                problems.add(RuleProblem.error(f, at(file, rd, "amount"), 1, name, "@amount 须为以万元计的非负数，如 @amount(\"50\")，或 @amount(\"param:参数名\")；文件未明确金额时不写 @amount"));
            } else if (largestPool(data) != null && new BigDecimal(a).compareTo(largestPool(data)) > 0) {
                problems.add(RuleProblem.error(f, at(file, rd, "amount"), 1, name, "@amount(\"" + a + "\") 超过政策文件最大的资金池 "
                        + largestPool(data).toPlainString() + " 万元：金额以万元计（1 亿元 = 10000 万元）"));
            } else {
                amount = new BigDecimal(a);
            }
        }
        if (meta.containsKey("pool") && data.pool(meta.get("pool")).isEmpty()) {
            problems.add(RuleProblem.error(f, at(file, rd, "pool"), 1, name, "@pool 引用的资金池 '" + meta.get("pool") + "' 未在 " + BUDGETS_FILE
                    + " 中声明" + near(meta.get("pool"), data.budgets().stream().map(PolicyData.BudgetPool::id).toList())));
        }
        if (meta.containsKey("exclusive") && data.group(meta.get("exclusive")).isEmpty()) {
            problems.add(RuleProblem.error(f, at(file, rd, "exclusive"), 1, name, "@exclusive 引用的不重复享受组 '" + meta.get("exclusive") + "' 未在 "
                    + GROUPS_FILE + " 中声明" + near(meta.get("exclusive"), data.groups().stream()
                    .map(PolicyData.ExclusiveGroup::id).toList())));
        }
        LocalDate from = document == null ? null : document.validFrom();
        LocalDate to = document == null ? null : document.validTo();
        if (meta.containsKey("validFrom")) {
            from = date(f, at(file, rd, "validFrom"), name, "validFrom", meta.get("validFrom"));
        }
        if (meta.containsKey("validTo")) {
            to = date(f, at(file, rd, "validTo"), name, "validTo", meta.get("validTo"));
        }
        if (from != null && to != null && to.isBefore(from)) {
            problems.add(RuleProblem.error(f, at(file, rd, "validTo"), 1, name, "@validTo " + to + " 早于 @validFrom " + from
                    + "：规则的有效期须从 @validFrom 开始、到 @validTo 结束"));
        } else if (document != null && (meta.containsKey("validFrom") || meta.containsKey("validTo"))
                && (from != null && from.isBefore(document.validFrom()) || to != null && to.isAfter(document.validTo()))
                && !meta.containsKey("note")) {
            problems.add(RuleProblem.error(f, at(file, rd, "validFrom"), 1, name, "规则的有效期 " + from + " 至 " + to + " 超出政策文件的有效期 "
                    + document.validFrom() + " 至 " + document.validTo() + "：条款另有期限时，请在 @note(\"…\") 中写明原文依据"));
        }
        Tier tier = null;
        if (meta.containsKey("tier")) {
            tier = Tier.fromCode(meta.get("tier")).orElse(null);
            if (tier == null) {
                problems.add(RuleProblem.error(f, at(file, rd, "tier"), 1, name, "未知的层级 @tier(\"" + meta.get("tier")
                        + "\")，应为 @tier(\"entitlement\")（权益：文件给申请主体的资金、优惠、指标、资格）或 @tier(\"guidance\")（相关政策：鼓励、支持、优先，没有确定的利益）"));
            }
        } else if (!unquoted.contains("tier")) {
            problems.add(RuleProblem.error(f, line, 1, name, "缺少 @tier(\"…\")：规则给的是权益 @tier(\"entitlement\")"
                    + "（文件按所述条件给申请主体的资金奖补、税费优惠、指标、资格或推荐），还是相关政策 @tier(\"guidance\")"
                    + "（鼓励、支持、优先、积极争取，没有确定的利益）"));
        }
        if (tier == Tier.GUIDANCE) {
            for (String key : List.of("amount", "pool", "exclusive")) {
                if (meta.containsKey(key)) {
                    problems.add(RuleProblem.error(f, at(file, rd, key), 1, name, "相关政策（@tier(\"guidance\")）不给确定的利益，不写 @"
                            + key + "：金额、资金池和不重复享受只属于权益（@tier(\"entitlement\")）"));
                }
            }
        }
        PolicyData.ClauseKind wanted = tier == Tier.GUIDANCE ? PolicyData.ClauseKind.GUIDANCE : PolicyData.ClauseKind.ENTITLEMENT;
        if (tier != null && clause != null && clause.matches("[0-9]+") && !data.clauses().isEmpty()) {
            data.clause(Integer.parseInt(clause)).filter(c -> !c.is(wanted)).ifPresent(c ->
                    problems.add(RuleProblem.warning(f, line, 1, name, "第" + clause + "条在 " + CLAUSES_FILE + " 中未标为 "
                            + wanted + (wanted == PolicyData.ClauseKind.GUIDANCE ? "（相关政策）" : "（可享受的政策）")
                            + "，却有" + (wanted == PolicyData.ClauseKind.GUIDANCE ? "相关政策" : "权益") + "规则")));
        }
        if (checkedRule != null && checkedRule.related().isEmpty()
                && checkedRule.conditions().stream().allMatch(Condition::isScope) && tier != Tier.GUIDANCE) {
            problems.add(RuleProblem.warning(f, line, 1, name, "本规则只有范围条件，对所有" + checkedRule.subject().label() + "（"
                    + checkedRule.subject().type().getSimpleName() + "）中的这类事实都成立：请确认条款没有别的条件"));
        }
        if (checkedRule == null || errorCount() > before) {
            return null;
        }
        String department = meta.getOrDefault("department", area.department());
        String amountNote = meta.getOrDefault("amountNote", amount == null ? "金额按配套细则（由" + department + "制定）" : null);
        return new Draft(file, pd.getName(), rd, clause, title, area, department, kind, amount, amountNote,
                amountParameter, meta.get("pool"), meta.get("exclusive"), from, to, checkedRule.subject(),
                checkedRule.conditions(), meta, related(checkedRule));
    }

    private static List<Related> related(RuleGrammar.CheckedRule checkedRule) {
        return checkedRule.related().stream().map(RuleGrammar.RelatedCheck::related).toList();
    }

    /** The line of a rule's {@code @key} metadata in its file (Drools' parser gives annotations no line). */
    private int at(Path file, RuleDescr rd, String key) {
        List<String> lines = this.lines.get(file);
        return lines == null ? rd.getLine() : RuleGrammar.metadataLine(lines, rd, key);
    }

    private LocalDate date(String file, int line, String rule, String key, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(RuleProblem.error(file, line, 1, rule, "@" + key + " 须为 YYYY-MM-DD 格式的有效日期，而不是 \"" + value + "\""));
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------- build

    /**
     * Compiles the canonical text the grammar printed for each file, and nothing of the files themselves. The
     * canonical text is parsed again and checked again: what Drools compiles must itself pass the grammar and
     * print back to the same text, so that no difference between the checked text and the compiled one can exist.
     */
    private InternalKnowledgeBase build(Map<Path, RuleGrammar.Result> checked) {
        KnowledgeBuilderImpl builder = (KnowledgeBuilderImpl) KnowledgeBuilderFactory.newKnowledgeBuilder();
        for (Map.Entry<Path, RuleGrammar.Result> e : checked.entrySet()) {
            String canonical = e.getValue().canonical();
            PackageDescr pd = canonical == null ? null : recheck(e.getKey(), e.getValue());
            if (pd == null) {
                continue;
            }
            compiled.put(rel(e.getKey()), canonical);
            int seen = builder.getResults(ResultSeverity.ERROR).size();
            builder.addPackage(pd);
            List<KnowledgeBuilderResult> results = new ArrayList<>(builder.getResults(ResultSeverity.ERROR));
            for (KnowledgeBuilderResult r : results.subList(Math.min(seen, results.size()), results.size())) {
                problems.add(engineProblem(e.getKey(), pd, r));
            }
        }
        if (problems.stream().anyMatch(RuleProblem::isError)) {
            return null;
        }
        InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase();
        base.addPackages(builder.getKnowledgePackages());
        return base;
    }

    /** The canonical text parsed again, when it passes the grammar again and prints back to itself; else null. */
    private PackageDescr recheck(Path file, RuleGrammar.Result first) {
        String canonical = first.canonical();
        DrlParser parser = new DrlParser();
        PackageDescr pd;
        try {
            pd = parser.parse(null, canonical);
        } catch (RuntimeException | org.drools.drl.parser.DroolsParserException ex) {
            pd = null;
        }
        RuleGrammar.Result again = pd == null || parser.hasErrors() ? null
                : RuleGrammar.recheck(rel(file), canonical, pd, factTypes);
        if (again == null || !again.accepted() || !canonical.equals(again.canonical())
                || !again.rules().keySet().equals(first.rules().keySet())) {
            problems.add(RuleProblem.error(rel(file), 1, 1, null, "内部检查未通过：规范化后的规则文本与检查过的规则不一致，"
                    + "规则集不予编译（这是程序的错误，请报告）"));
            return null;
        }
        return pd;
    }

    private RuleProblem engineProblem(Path file, PackageDescr pd, KnowledgeBuilderResult r) {
        int line = r.getLines() != null && r.getLines().length > 0 ? r.getLines()[0] : 0;
        int column = 0;
        String rule = null;
        if (r instanceof DescrBuildError dbe && dbe.getParentDescr() instanceof RuleDescr rd) {
            rule = rd.getName();
        }
        if (rule == null) {
            for (RuleDescr rd : pd.getRules()) {
                if (rd.getLine() <= line) {
                    rule = rd.getName();
                }
            }
        }
        String engine = r.getMessage();
        Matcher pos = ENGINE_POSITION.matcher(engine == null ? "" : engine);
        if (pos.find() && line == 0) {
            line = Integer.parseInt(pos.group(1));
        }
        String message = "规则无法编译";
        if (engine != null) {
            Matcher m = Pattern.compile("unable to resolve method using strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)").matcher(engine);
            Matcher t = Pattern.compile("Unable to resolve ObjectType '([^']+)'").matcher(engine);
            if (m.find()) {
                message = "没有字段 '" + m.group(2) + "'";
            } else if (t.find()) {
                message = "未知的事实类型 '" + t.group(1) + "'";
            } else if (engine.contains("Rule Compilation error") || engine.contains("cannot be resolved")) {
                message = "规则结论无法编译（检查变量名和方法名）";
            } else if (engine.contains("Unable to Analyse Expression")) {
                message = "无法理解条件表达式（检查字段名、运算符和值的类型）";
            }
        }
        return RuleProblem.error(rel(file), line, column, rule, message).withEngineText(engine);
    }

    private RuleDefinition bind(Draft d, InternalKnowledgeBase base) {
        String f = rel(d.file());
        RuleImpl rule = (RuleImpl) base.getRule(d.packageName(), d.descr().getName());
        if (rule == null) {
            problems.add(RuleProblem.error(f, d.descr().getLine(), 1, d.descr().getName(), "规则未能编入规则库"));
            return null;
        }
        String problem = attach(rule, d.conditions(), d.related());
        if (problem != null) {
            problems.add(RuleProblem.error(f, d.descr().getLine(), 1, d.descr().getName(), problem));
            return null;
        }
        return new RuleDefinition(d.descr().getName(), d.packageName(), d.clause(), d.title(), d.area(), d.department(),
                d.kind(), d.amount(), d.amountNote(), d.amountParameter(), d.pool(), d.exclusive(), d.from(), d.to(), f,
                d.descr().getLine(), d.subject().type(), List.copyOf(d.conditions()), Map.copyOf(d.metadata()), purpose,
                d.related());
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private String hash(List<Path> drlFiles) {
        return contentHash(dir, drlDir);
    }

    static String contentHash(Path dir) {
        return contentHash(dir, dir);
    }

    /**
     * SHA-256 of the rule files and data files of a rule-set directory ({@code *.drl} and {@code *.yaml}, by
     * relative name and content): the rule set's {@link RuleSet#hash()}, also the key of the compiled-rule cache.
     */
    static String contentHash(Path dir, Path drlDir) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> files = new ArrayList<>();
            for (Path folder : drlDir.equals(dir) ? List.of(dir) : List.of(dir, drlDir)) {
                boolean rules = folder.equals(drlDir);
                try (Stream<Path> s = Files.list(folder)) {
                    s.filter(p -> (p.getFileName().toString().endsWith(".yaml")
                                    || rules && p.getFileName().toString().endsWith(".drl")) && Files.isRegularFile(p))
                            .forEach(files::add);
                }
            }
            files.sort(null);
            for (Path p : files) {
                sha.update(dir.relativize(p).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(Files.readAllBytes(p));
                sha.update((byte) 0);
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash rule set " + dir, e);
        }
    }

    private String rel(Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }

    private int errorCount() {
        return (int) problems.stream().filter(RuleProblem::isError).count();
    }

    private void failIfErrors(String summary) throws RuleSetException {
        List<RuleProblem> errors = problems.stream().filter(RuleProblem::isError).distinct()
                .sorted(java.util.Comparator.comparing(RuleProblem::file,
                                java.util.Comparator.nullsFirst(java.util.Comparator.<String>naturalOrder()))
                        .thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column))
                .toList();
        if (!errors.isEmpty()) {
            throw new RuleSetException(summary + "（" + dir + "）", errors, problems);
        }
    }

    /** The one pattern a compiled rule matches (its left-hand side, possibly wrapped in one group), or null. */
    /**
     * Gives each condition of a compiled rule the constraint Drools compiled from it: the subject's pattern, then
     * the pattern inside each exists / not, in the order written. Returns why it could not, or null.
     */
    static String attach(RuleImpl rule, List<Condition> conditions, List<Related> related) {
        List<RuleConditionElement> children = rule.getLhs().getChildren();
        if (children.size() == 1 && children.get(0) instanceof GroupElement ge && ge.isAnd()) {
            children = ge.getChildren();
        }
        if (children.size() != 1 + related.size() || !(children.get(0) instanceof org.drools.base.rule.Pattern subject)) {
            return "无法把规则的条件逐条对应到编译结果（规则须是一个事实模式，其后只有 exists / not 相关事实条件）";
        }
        String problem = attach(subject, conditions);
        for (int i = 0; problem == null && i < related.size(); i++) {
            Related r = related.get(i);
            RuleConditionElement e = children.get(1 + i);
            boolean kind = e instanceof GroupElement g && (r.kind() == Related.Kind.EXISTS ? g.isExists() : g.isNot());
            if (!kind || ((GroupElement) e).getChildren().size() != 1
                    || !(((GroupElement) e).getChildren().get(0) instanceof org.drools.base.rule.Pattern p)) {
                return "无法把相关事实条件 " + r.text() + " 对应到编译结果";
            }
            problem = attach(p, r.conditions());
        }
        return problem;
    }

    private static String attach(org.drools.base.rule.Pattern pattern, List<Condition> conditions) {
        List<Constraint> compiled = pattern.getConstraints();
        if (compiled.size() != conditions.size()) {
            return "无法把规则的条件逐条对应到编译结果（条件中不能绑定变量或引用其他事实；用 && 连接的两个条件请用逗号分开写）";
        }
        for (int i = 0; i < compiled.size(); i++) {
            if (!(compiled.get(i) instanceof AlphaNodeFieldConstraint alpha)) {
                return "条件只能引用本事实的字段: " + conditions.get(i).text();
            }
            conditions.get(i).compiled(alpha);
        }
        return null;
    }
}
