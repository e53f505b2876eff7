package com.subsidyevaluator.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.engine.PolicyDocument.Area;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputFilter;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.drools.base.common.DroolsObjectInputStream;
import org.drools.base.common.DroolsObjectOutputStream;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.constraint.AlphaNodeFieldConstraint;
import org.drools.base.rule.constraint.Constraint;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.definition.KiePackage;

/**
 * Compiled rule sets kept on disk, so that a command with unchanged rules starts without compiling them.
 *
 * <p>An entry holds the compiled Drools packages (serialised as Drools serialises knowledge packages) and what the
 * loader worked out beside them (document, data, rules with their conditions, warnings). Its name is a hash of
 * the rule set's content ({@link RuleSet#hash()}), the cache format, the program, Drools and Java versions and the
 * program's classes; a change to any of them makes a new entry. An entry that cannot be read, whose checksum does
 * not match, or whose rules do not line up with the compiled packages is ignored, and the rules are compiled and
 * stored again. Entries are written under a temporary name and renamed, so a reader never sees half an entry.
 *
 * <p>The cache directory should be as private as the rule files: what it holds runs in the engine as the rules'
 * own code does. It is created readable by its owner only.
 */
public final class RuleCache {

    /** Bump when the layout of an entry changes. */
    static final int FORMAT = 3;
    private static final byte[] MAGIC = "SUBSIDY-RULE-CACHE\n".getBytes(StandardCharsets.US_ASCII);
    private static final int KEEP = 16;
    /** JSON for the loader's results: numbers kept exactly as read (3.0 stays 3.0), dates as text. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final Path dir;

    private RuleCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in {@code dir}. */
    public static RuleCache at(Path dir) {
        return new RuleCache(dir.toAbsolutePath().normalize());
    }

    /**
     * The cache of this user: {@code -Dsubsidy.cacheDir}, else {@code $SUBSIDY_CACHE_DIR}, else
     * {@code $XDG_CACHE_HOME/subsidy-evaluator}, else {@code ~/.cache/subsidy-evaluator}; null when either
     * setting is {@code off}.
     */
    public static RuleCache standard() {
        String configured = System.getProperty("subsidy.cacheDir");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("SUBSIDY_CACHE_DIR");
        }
        if (configured != null && !configured.isBlank()) {
            return configured.equalsIgnoreCase("off") ? null : at(Path.of(configured));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return at(base.resolve("subsidy-evaluator"));
    }

    public Path directory() {
        return dir;
    }

    /** How the last {@link #load} went, for measurements and tests. */
    public enum Outcome { HIT, MISS, REJECTED }

    private volatile Outcome last;

    public Outcome lastOutcome() {
        return last;
    }

    /**
     * The rule set in {@code rulesDir}: from the cache when an entry for exactly these rules (and this program)
     * is there and sound, else compiled (and then stored).
     *
     * @throws RuleSetException when the rules do not load (nothing is stored then)
     */
    public RuleSet load(Path rulesDir) throws RuleSetException {
        Path rules = rulesDir.toAbsolutePath().normalize();
        if (!Files.isDirectory(rules)) {
            return RuleSetLoader.load(rulesDir);
        }
        String key;
        try {
            key = key(RuleSetLoader.contentHash(rules));
        } catch (RuntimeException e) {
            return RuleSetLoader.load(rulesDir);
        }
        Path entry = dir.resolve("rules-" + key.substring(0, 32) + ".bin");
        if (Files.isRegularFile(entry)) {
            RuleSet cached = read(entry, key, rules);
            if (cached != null) {
                last = Outcome.HIT;
                return cached;
            }
            last = Outcome.REJECTED;
        } else {
            last = Outcome.MISS;
        }
        RuleSet compiled = RuleSetLoader.load(rulesDir);
        write(entry, key, compiled);
        return compiled;
    }

    // ------------------------------------------------------------------------------------------ key

    /** Everything an entry depends on, hashed. */
    static String key(String rulesHash) {
        StringBuilder s = new StringBuilder();
        s.append("format=").append(FORMAT).append('\n');
        s.append("rules=").append(rulesHash).append('\n');
        s.append("program=").append(programVersion()).append('\n');
        s.append("drools=").append(KnowledgeBaseFactory.class.getPackage().getImplementationVersion()).append('\n');
        s.append("java=").append(System.getProperty("java.vm.vendor")).append(' ')
                .append(System.getProperty("java.vm.version")).append('\n');
        s.append("code=").append(codeFingerprint()).append('\n');
        return sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String programVersion() {
        Properties p = new Properties();
        try (InputStream in = RuleCache.class.getResourceAsStream("/subsidy-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unknown
        }
        return p.getProperty("version", "dev") + "/" + p.getProperty("drools", "?");
    }

    private static String codeFingerprint;

    /**
     * The program's classes: the size and time of its jar, or of the engine and model class files when it runs
     * from a directory of classes. A rebuilt program never reads an entry written by another build.
     */
    static synchronized String codeFingerprint() {
        if (codeFingerprint != null) {
            return codeFingerprint;
        }
        String fp;
        try {
            Path code = Path.of(RuleCache.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(code)) {
                fp = "jar:" + Files.size(code) + ":" + Files.getLastModifiedTime(code).toMillis();
            } else {
                StringBuilder s = new StringBuilder("dir:");
                for (String pkg : List.of("com/subsidyevaluator/engine", "com/subsidyevaluator/model")) {
                    Path d = code.resolve(pkg);
                    if (Files.isDirectory(d)) {
                        try (Stream<Path> files = Files.list(d)) {
                            for (Path f : files.sorted().toList()) {
                                s.append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                                        .append(Files.getLastModifiedTime(f).toMillis()).append(';');
                            }
                        }
                    }
                }
                fp = sha256(s.toString().getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            fp = "unknown:" + System.nanoTime();
        }
        codeFingerprint = fp;
        return fp;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------------------------------ write

    private void write(Path entry, String key, RuleSet rules) {
        Path tmp = null;
        try {
            byte[] description = JSON.writeValueAsBytes(describe(rules));
            ByteArrayOutputStream packages = new ByteArrayOutputStream(1 << 18);
            try (DroolsObjectOutputStream out = new DroolsObjectOutputStream(packages)) {
                out.writeObject(new ArrayList<>(rules.kieBase().getKiePackages()));
            }
            ByteArrayOutputStream payload = new ByteArrayOutputStream(description.length + packages.size() + 16);
            DataOutputStream p = new DataOutputStream(payload);
            p.writeInt(description.length);
            p.write(description);
            p.writeInt(packages.size());
            packages.writeTo(p);
            p.flush();
            byte[] body = payload.toByteArray();

            createPrivateDirectory(dir);
            tmp = Files.createTempFile(dir, "rules-", ".part");
            try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(tmp))) {
                out.write(MAGIC);
                out.writeInt(FORMAT);
                out.writeUTF(key);
                out.write(HexFormat.of().parseHex(sha256(body)));
                out.writeInt(body.length);
                out.write(body);
            }
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            prune();
        } catch (IOException | RuntimeException e) {
            // A cache that cannot be written only costs time: the rules were compiled and are used as they are.
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException e) {
                    // nothing more to do
                }
            }
        }
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }

    /** Keeps the newest entries only. */
    private void prune() throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.filter(p -> p.getFileName().toString().startsWith("rules-")
                    && p.getFileName().toString().endsWith(".bin")).toList();
        }
        if (entries.size() <= KEEP) {
            return;
        }
        List<Path> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(p -> {
            try {
                return Files.getLastModifiedTime(p).toMillis();
            } catch (IOException e) {
                return 0L;
            }
        }));
        for (Path p : sorted.subList(0, sorted.size() - KEEP)) {
            Files.deleteIfExists(p);
        }
    }

    /** What the loader worked out, as JSON. */
    private static ObjectNode describe(RuleSet rules) {
        ObjectNode root = JSON.createObjectNode();
        root.put("hash", rules.hash());
        root.set("document", JSON.valueToTree(rules.document()));
        root.set("data", JSON.valueToTree(rules.data()));
        root.set("warnings", JSON.valueToTree(rules.warnings()));
        ArrayNode list = root.putArray("rules");
        for (RuleDefinition r : rules.rules()) {
            ObjectNode n = list.addObject();
            n.put("name", r.name());
            n.put("packageName", r.packageName());
            n.put("clause", r.clause());
            n.put("title", r.title());
            n.put("area", r.area().number());
            n.put("department", r.department());
            n.put("benefitKind", r.benefitKind().name());
            n.put("amountWan", r.amountWan());
            n.put("amountNote", r.amountNote());
            n.put("amountParameter", r.amountParameter());
            n.put("pool", r.pool());
            n.put("exclusiveGroup", r.exclusiveGroup());
            n.put("validFrom", r.validFrom() == null ? null : r.validFrom().toString());
            n.put("validTo", r.validTo() == null ? null : r.validTo().toString());
            n.put("file", r.file());
            n.put("line", r.line());
            n.put("subjectType", r.subjectType().getSimpleName());
            n.set("metadata", JSON.valueToTree(r.metadata()));
            writeConditions(n.putArray("conditions"), r.conditions());
            ArrayNode related = n.putArray("related");
            for (Related rel : r.related()) {
                ObjectNode rn = related.addObject();
                rn.put("kind", rel.kind().name()).put("type", rel.type().getSimpleName()).put("line", rel.line())
                        .put("column", rel.column());
                writeConditions(rn.putArray("conditions"), rel.conditions());
            }
        }
        return root;
    }

    private static void writeConditions(ArrayNode conditions, List<Condition> list) {
        for (Condition c : list) {
            ObjectNode cn = conditions.addObject();
            cn.put("text", c.text());
            cn.put("line", c.line());
            cn.put("column", c.column());
            cn.put("scope", c.isScope());
            ArrayNode fields = cn.putArray("fields");
            c.fields().forEach(f -> fields.add(f.name()));
            ObjectNode shape = cn.putObject("shape");
            if (c.shape() instanceof ConditionShape.Compare cmp) {
                shape.put("kind", "compare").put("field", cmp.field()).put("op", cmp.op()).put("literal", cmp.literal());
            } else if (c.shape() instanceof ConditionShape.OneOf one) {
                shape.put("kind", "oneOf").put("field", one.field()).put("negated", one.negated());
                ArrayNode lits = shape.putArray("literals");
                one.literals().forEach(lits::add);
            } else if (c.shape() instanceof ConditionShape.Opaque o) {
                shape.put("kind", "opaque").put("text", o.text());
            }
        }
    }

    // ------------------------------------------------------------------------------------------ read

    /** The cached rule set, or null when the entry is not sound. */
    private RuleSet read(Path entry, String key, Path rulesDir) {
        try {
            byte[] all = Files.readAllBytes(entry);
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(all));
            byte[] magic = in.readNBytes(MAGIC.length);
            if (!Arrays.equals(magic, MAGIC) || in.readInt() != FORMAT || !in.readUTF().equals(key)) {
                return null;
            }
            byte[] checksum = in.readNBytes(32);
            int length = in.readInt();
            if (length < 0 || length > all.length) {
                return null;
            }
            byte[] body = in.readNBytes(length);
            if (body.length != length || !Arrays.equals(checksum, HexFormat.of().parseHex(sha256(body)))) {
                return null;
            }
            DataInputStream p = new DataInputStream(new ByteArrayInputStream(body));
            byte[] description = new byte[p.readInt()];
            p.readFully(description);
            byte[] packages = new byte[p.readInt()];
            p.readFully(packages);
            // The engine's packages are read and assembled on another thread while this one reads the rest.
            CompletableFuture<InternalKnowledgeBase> engine = CompletableFuture.supplyAsync(() -> knowledgeBase(packages),
                    RuleCache::daemon);
            JsonNode root = JSON.readTree(description);
            Definitions defs = definitions(root);
            InternalKnowledgeBase base = engine.join();
            return defs.bind(base, rulesDir);
        } catch (IOException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /** A thread for the background part of reading an entry (daemon: it never holds the program open). */
    private static void daemon(Runnable r) {
        Thread t = new Thread(r, "subsidy-rule-cache");
        t.setDaemon(true);
        t.start();
    }

    /** The compiled packages, deserialised and added to a new knowledge base. */
    private static InternalKnowledgeBase knowledgeBase(byte[] packages) {
        try (DroolsObjectInputStream ois = new DroolsObjectInputStream(new ByteArrayInputStream(packages),
                RuleCache.class.getClassLoader())) {
            ois.setObjectInputFilter(ObjectInputFilter.Config.createFilter("maxdepth=500;maxrefs=5000000;maxbytes="
                    + (packages.length + 1)));
            @SuppressWarnings("unchecked")
            Collection<KiePackage> pkgs = (Collection<KiePackage>) ois.readObject();
            InternalKnowledgeBase base = KnowledgeBaseFactory.newKnowledgeBase();
            base.addPackages(pkgs);
            return base;
        } catch (IOException | ClassNotFoundException e) {
            throw new CompletionException(e);
        }
    }

    /** The loader's results read back, waiting for the compiled constraints. */
    private record Definitions(PolicyDocument document, PolicyData data, List<RuleProblem> warnings, String hash,
                               List<RuleDefinition> rules) {

        RuleSet bind(InternalKnowledgeBase base, Path rulesDir) {
            for (RuleDefinition r : rules) {
                RuleCache.bind(base, r);
            }
            return new RuleSet(rulesDir, document, data, base, rules, hash, warnings);
        }
    }

    private static Definitions definitions(JsonNode root) throws IOException {
        PolicyDocument document = JSON.treeToValue(root.get("document"), PolicyDocument.class);
        PolicyData data = JSON.treeToValue(root.get("data"), PolicyData.class);
        List<RuleProblem> warnings = new ArrayList<>();
        for (JsonNode w : root.get("warnings")) {
            warnings.add(JSON.treeToValue(w, RuleProblem.class));
        }
        Map<Integer, Area> areas = new LinkedHashMap<>();
        for (Area a : document.areas()) {
            areas.put(a.number(), a);
        }
        List<RuleDefinition> rules = new ArrayList<>();
        for (JsonNode n : root.get("rules")) {
            Class<?> subject = FactModel.typeNamed(n.get("subjectType").asText()).orElseThrow().type();
            FactModel.TypeInfo type = FactModel.type(subject);
            List<Condition> conditions = readConditions(n.get("conditions"), type);
            List<Related> related = new ArrayList<>();
            for (JsonNode rn : n.get("related")) {
                Class<?> rt = FactModel.typeNamed(rn.get("type").asText()).orElseThrow().type();
                related.add(new Related(Related.Kind.valueOf(rn.get("kind").asText()), rt,
                        readConditions(rn.get("conditions"), FactModel.type(rt)), rn.get("line").asInt(),
                        rn.get("column").asInt()));
            }
            Map<String, String> metadata = new LinkedHashMap<>();
            n.get("metadata").fields().forEachRemaining(e -> metadata.put(e.getKey(), e.getValue().asText()));
            Area area = areas.get(n.get("area").asInt());
            if (area == null) {
                throw new IllegalStateException("area " + n.get("area") + " not in the document");
            }
            rules.add(new RuleDefinition(n.get("name").asText(), n.get("packageName").asText(), n.get("clause").asText(),
                    n.get("title").asText(), area, text(n, "department"), BenefitKind.valueOf(n.get("benefitKind").asText()),
                    n.get("amountWan").isNull() ? null : n.get("amountWan").decimalValue(), text(n, "amountNote"),
                    text(n, "amountParameter"), text(n, "pool"), text(n, "exclusiveGroup"), date(n, "validFrom"),
                    date(n, "validTo"), n.get("file").asText(), n.get("line").asInt(), subject, List.copyOf(conditions),
                    Map.copyOf(metadata), PolicyData.ClauseKind.ENTITLEMENT, related));
        }
        return new Definitions(document, data, warnings, root.get("hash").asText(), rules);
    }

    private static List<Condition> readConditions(JsonNode list, FactModel.TypeInfo type) {
        List<Condition> conditions = new ArrayList<>();
        for (JsonNode cn : list) {
            List<FieldInfo> fields = new ArrayList<>();
            for (JsonNode f : cn.get("fields")) {
                FieldInfo fi = type.fields().get(f.asText());
                if (fi == null) {
                    throw new IllegalStateException("field " + f.asText() + " no longer exists");
                }
                fields.add(fi);
            }
            conditions.add(new Condition(cn.get("text").asText(), cn.get("line").asInt(), cn.get("column").asInt(),
                    cn.get("scope").asBoolean(), fields, shape(cn.get("shape"))));
        }
        return List.copyOf(conditions);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static LocalDate date(JsonNode n, String field) {
        String t = text(n, field);
        return t == null ? null : LocalDate.parse(t);
    }

    private static ConditionShape shape(JsonNode s) {
        return switch (s.get("kind").asText()) {
            case "compare" -> new ConditionShape.Compare(s.get("field").asText(), s.get("op").asText(), s.get("literal").asText());
            case "oneOf" -> {
                List<String> literals = new ArrayList<>();
                s.get("literals").forEach(l -> literals.add(l.asText()));
                yield new ConditionShape.OneOf(s.get("field").asText(), List.copyOf(literals), s.get("negated").asBoolean());
            }
            default -> new ConditionShape.Opaque(s.get("text").asText());
        };
    }

    /** Gives each condition the constraint Drools compiled from it (as the loader does), or fails. */
    private static void bind(InternalKnowledgeBase base, RuleDefinition r) {
        RuleImpl rule = (RuleImpl) base.getRule(r.packageName(), r.name());
        if (rule == null) {
            throw new IllegalStateException("rule " + r.name() + " not in the cached packages");
        }
        String problem = RuleSetLoader.attach(rule, r.conditions(), r.related());
        if (problem != null) {
            throw new IllegalStateException("rule " + r.name() + ": " + problem);
        }
    }
}
