package com.subsidyevaluator.synthetic;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.FactModel;
import com.subsidyevaluator.engine.FactModel.FieldInfo;
import com.subsidyevaluator.io.Json;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.Units;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * A synthetic population of fictional applicants in 乐清, drawn from the distributions documented in
 * {@code docs/batch.md}: the mix of applicant kinds and industries, enterprise size, the share of high-tech and
 * specialised enterprises, R&amp;D, recognitions, projects, port users, vehicles, farms, villages, financing,
 * trade and employment.
 *
 * <p>Case {@code i} depends only on the seed, {@code i} and the rule hints, so the same seed always gives the
 * same file. Cases are built as JSON ({@link ObjectNode}) from the fields of the fact model, never with the
 * model's constructors; a field the distributions below do not name (for example one added to the model later)
 * gets a value from a generic distribution for its type, unit and range, so every fact field is exercised.
 */
public final class Population {

    /** Share of numeric and enumerated values placed at a threshold or constant the rules name. */
    static final double HINT_SHARE = 0.08;
    /** Share of optional fields left out (data the registers do not hold). */
    static final double GAP_SHARE = 0.03;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final long seed;
    private final RuleHints hints;

    public Population(long seed, RuleHints hints) {
        this.seed = seed;
        this.hints = hints;
    }

    /** Writes cases {@code 0 … count-1} as JSON Lines (UTF-8, one case per line, "\n" line ends). */
    public void write(long count, OutputStream out) throws IOException {
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out, JsonEncoding.UTF8)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setRootValueSeparator(null);
            for (long i = 0; i < count; i++) {
                Json.mapper().writeTree(g, generate(i));
                g.writeRaw('\n');
            }
        }
    }

    /** Writes cases {@code 0 … count-1} as JSON Lines to a character stream. */
    public void write(long count, java.io.Writer out) throws IOException {
        try (JsonGenerator g = Json.mapper().getFactory().createGenerator(out)) {
            g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
            g.setRootValueSeparator(null);
            for (long i = 0; i < count; i++) {
                Json.mapper().writeTree(g, generate(i));
                g.writeRaw('\n');
            }
        }
    }

    /** The case with number {@code index} (0-based). */
    public ObjectNode generate(long index) {
        return new Draw(new SplittableRandom(mix(seed, index)), index).build();
    }

    /** The id of case {@code index}: "G" + seed + "-" + number from 1, e.g. G42-0000001. */
    public String caseId(long index) {
        return String.format("G%d-%07d", seed, index + 1);
    }

    private static long mix(long seed, long index) {
        long z = seed * 0x9E3779B97F4A7C15L + index;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ------------------------------------------------------------------------------------------ distributions

    /** Applicant kinds among 乐清's market entities (see docs/batch.md). */
    static final Map<String, Double> APPLICANT_KINDS = weights(
            "ENTERPRISE", 91.45, "FAMILY_FARM", 5.0, "COOPERATIVE", 2.5, "VILLAGE_COLLECTIVE", 0.8,
            "RESEARCH_INSTITUTION", 0.15, "PLATFORM_OPERATOR", 0.1);

    /** Industries of enterprises: the electrical cluster first, then commerce and other manufacturing. */
    static final Map<String, Double> INDUSTRIES = weights(
            "SMART_ELECTRICAL", 20, "NEW_ENERGY", 3, "SEMICONDUCTOR", 1, "HIGH_END_EQUIPMENT", 5, "NEW_MATERIALS", 2,
            "OTHER_MANUFACTURING", 12, "FOOD", 2, "SOFTWARE_INFORMATION", 3, "LOGISTICS", 4, "SHIPPING", 1,
            "CULTURE_TOURISM", 3, "COMMERCE", 25, "AGRICULTURE", 2, "FINANCE", 1, "CONSTRUCTION", 6,
            "OTHER_SERVICES", 9.5, "PUBLIC_SERVICE", 0.5);

    enum Size {
        MICRO(78, 5, 500, 1, 9), SMALL(15, 500, 2000, 10, 99), MEDIUM(5.5, 2000, 40000, 100, 999),
        LARGE(1.5, 40000, 1_000_000, 1000, 20000);

        final double weight;
        final double revenueLow;
        final double revenueHigh;
        final int staffLow;
        final int staffHigh;

        Size(double weight, double revenueLow, double revenueHigh, int staffLow, int staffHigh) {
            this.weight = weight;
            this.revenueLow = revenueLow;
            this.revenueHigh = revenueHigh;
            this.staffLow = staffLow;
            this.staffHigh = staffHigh;
        }
    }

    /** P(national high-tech enterprise) by size, for manufacturing and software enterprises. */
    static final double[] HIGH_TECH = {0.004, 0.06, 0.30, 0.55};
    /** P(has an R&amp;D institution) by size. */
    static final double[] RD_INSTITUTION = {0.02, 0.15, 0.55, 0.85};
    /** P(has recognitions) by size; research institutions 0.9, platform operators 1.0. */
    static final double[] RECOGNITIONS = {0.03, 0.15, 0.50, 0.80};
    /** P(has R&amp;D projects) by size, among enterprises with R&amp;D spending. */
    static final double[] RD_PROJECTS = {0.04, 0.12, 0.35, 0.60};
    /** P(has named talents) by size. */
    static final double[] TALENTS = {0.01, 0.10, 0.35, 0.60};
    /** P(has investment projects) by size. */
    static final double[] PROJECTS = {0.01, 0.08, 0.30, 0.55};
    /** P(financing facts on file) by size. */
    static final double[] FINANCING = {0.25, 0.45, 0.70, 0.90};

    static final Map<String, Double> LEVELS = weights("NATIONAL", 8, "PROVINCIAL", 35, "WENZHOU", 35, "YUEQING", 22);
    static final Map<String, Double> PLATFORM_LEVELS = weights("NATIONAL", 5, "PROVINCIAL", 60, "WENZHOU", 25, "YUEQING", 10);
    static final Map<String, Double> YEARS = weights("2023", 55, "2022", 22, "2021", 13, "2020", 10);
    static final Map<String, Double> FARM_PRODUCTS = weights("RICE", 35, "OTHER_GRAIN", 8, "DENDROBIUM", 12,
            "YANDANG_MAOFENG_TEA", 12, "OTHER_TEA", 5, "CITRUS", 8, "BAYBERRY", 10, "OTHER", 10);
    static final Map<String, Double> TALENT_CATEGORIES = weights("A", 1, "B", 3, "C", 8, "D", 15, "E", 25, "OTHER", 48);

    private static Map<String, Double> weights(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i].toString(), ((Number) pairs[i + 1]).doubleValue());
        }
        return m;
    }

    private static final String[] SURNAMES = {"陈", "林", "黄", "张", "王", "李", "郑", "周", "吴", "叶", "朱", "卢", "倪", "徐", "赵"};
    private static final String[] GIVEN = {"伟", "芳", "建国", "海涛", "丽娟", "志强", "晓东", "雅琴", "立新", "博文", "一鸣", "思远", "慧敏", "家豪"};
    private static final String[] BRANDS = {"正", "德", "宏", "瑞", "华", "泰", "安", "鑫", "天", "中", "合", "盛", "远", "新", "恒",
            "通", "达", "富", "明", "兴", "乐", "清", "雁", "虹", "柳", "白", "湾", "海", "峰", "源"};
    private static final String[] TOWNS = {"柳市", "北白象", "虹桥", "白石", "清江", "芙蓉", "大荆", "雁荡", "南岳", "淡溪", "仙溪", "湖雾"};
    private static final Map<String, String> TRADES = Map.ofEntries(
            Map.entry("SMART_ELECTRICAL", "电气"), Map.entry("NEW_ENERGY", "新能源科技"), Map.entry("SEMICONDUCTOR", "半导体"),
            Map.entry("HIGH_END_EQUIPMENT", "机械装备"), Map.entry("NEW_MATERIALS", "新材料"),
            Map.entry("OTHER_MANUFACTURING", "制造"), Map.entry("FOOD", "食品"), Map.entry("SOFTWARE_INFORMATION", "信息技术"),
            Map.entry("LOGISTICS", "物流"), Map.entry("SHIPPING", "航运"), Map.entry("CULTURE_TOURISM", "文化旅游"),
            Map.entry("COMMERCE", "商贸"), Map.entry("AGRICULTURE", "农业开发"), Map.entry("FINANCE", "投资管理"),
            Map.entry("CONSTRUCTION", "建设工程"), Map.entry("OTHER_SERVICES", "服务"), Map.entry("PUBLIC_SERVICE", "公用事业"));
    private static final String CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static final Map<Class<?>, Object[]> ENUMS = new HashMap<>();

    private static synchronized Object[] constants(Class<?> type) {
        return ENUMS.computeIfAbsent(type, Class::getEnumConstants);
    }

    // ------------------------------------------------------------------------------------------ one case

    /** One case being drawn: its random stream and the applicant's profile. */
    private final class Draw {
        final SplittableRandom r;
        final long index;
        String kind;
        Size size;
        String industry;
        boolean manufacturing;
        boolean techIndustry;
        boolean highTech;
        BigDecimal revenue;
        BigDecimal rdExpense;
        boolean exporter;

        Draw(SplittableRandom r, long index) {
            this.r = r;
            this.index = index;
        }

        ObjectNode build() {
            kind = pick(APPLICANT_KINDS);
            boolean enterprise = kind.equals("ENTERPRISE");
            size = enterprise ? pickSize() : (kind.equals("RESEARCH_INSTITUTION") || kind.equals("PLATFORM_OPERATOR")
                    ? Size.MEDIUM : Size.MICRO);
            industry = switch (kind) {
                case "ENTERPRISE" -> pick(INDUSTRIES);
                case "COOPERATIVE", "FAMILY_FARM" -> "AGRICULTURE";
                case "VILLAGE_COLLECTIVE" -> chance(0.5) ? "AGRICULTURE" : null;
                case "RESEARCH_INSTITUTION" -> chance(0.6) ? "SOFTWARE_INFORMATION" : "OTHER_SERVICES";
                default -> "OTHER_SERVICES";
            };
            manufacturing = industry != null && List.of("SMART_ELECTRICAL", "NEW_ENERGY", "SEMICONDUCTOR",
                    "HIGH_END_EQUIPMENT", "NEW_MATERIALS", "OTHER_MANUFACTURING", "FOOD").contains(industry);
            techIndustry = manufacturing || "SOFTWARE_INFORMATION".equals(industry);
            revenue = money(logUniform(size.revenueLow, size.revenueHigh));
            highTech = enterprise && techIndustry && chance(HIGH_TECH[size.ordinal()]);
            double intensity = highTech ? uniform(3, 9) : techIndustry && chance(0.5) ? uniform(0.3, 4)
                    : chance(0.08) ? uniform(0.1, 2) : 0;
            if (kind.equals("RESEARCH_INSTITUTION")) {
                intensity = uniform(20, 60);
            }
            rdExpense = money(revenue.doubleValue() * intensity / 100);
            exporter = enterprise && chance(manufacturing ? 0.30 : "COMMERCE".equals(industry) ? 0.15 : 0.03);

            ObjectNode c = F.objectNode();
            c.put("caseId", caseId(index));
            c.put("asOf", asOf());
            c.put("description", "合成案例（" + label() + "）");
            c.set("enterprise", enterprise());
            list(c, "recognitions", recognitionCount(), this::recognition);
            list(c, "rdProjects", rdProjectCount(), this::rdProject);
            list(c, "talents", chance(kind.equals("RESEARCH_INSTITUTION") ? 0.7 : enterprise ? TALENTS[size.ordinal()] : 0)
                    ? 1 + r.nextInt(3) : 0, this::talent);
            list(c, "leases", chance(enterprise && size.ordinal() <= 1 ? (techIndustry ? 0.06 : 0.005) : 0)
                    ? 1 : 0, this::lease);
            list(c, "projects", projectCount(), this::project);
            list(c, "portOperations", portCount(), this::portOperation);
            list(c, "vehicles", vehicleCount(), this::vehicle);
            list(c, "farms", farmCount(), this::farm);
            if (kind.equals("VILLAGE_COLLECTIVE")) {
                c.set("village", village());
            }
            if (chance(enterprise ? FINANCING[size.ordinal()] : kind.equals("COOPERATIVE") ? 0.2 : 0.02)) {
                c.set("financing", financing());
            }
            if (exporter || chance(0.01)) {
                c.set("trade", trade());
            }
            if (chance(enterprise ? 0.75 : kind.equals("COOPERATIVE") ? 0.3 : 0.1)) {
                c.set("employment", employment());
            }
            extraCaseFields(c);
            return c;
        }

        private String label() {
            return switch (kind) {
                case "ENTERPRISE" -> switch (size) {
                    case MICRO -> "微型企业";
                    case SMALL -> "小型企业";
                    case MEDIUM -> "中型企业";
                    case LARGE -> "大型企业";
                };
                case "FAMILY_FARM" -> "家庭农场";
                case "COOPERATIVE" -> "农民专业合作社";
                case "VILLAGE_COLLECTIVE" -> "村集体经济组织";
                case "RESEARCH_INSTITUTION" -> "科研机构";
                default -> "平台管理机构";
            };
        }

        private String asOf() {
            double u = r.nextDouble();
            return u < 0.70 ? "2023-12-31" : u < 0.80 ? "2023-09-30" : u < 0.90 ? "2023-06-30" : "2023-03-31";
        }

        private Size pickSize() {
            double u = r.nextDouble() * 100;
            for (Size s : Size.values()) {
                u -= s.weight;
                if (u < 0) {
                    return s;
                }
            }
            return Size.MICRO;
        }

        // ------------------------------------------------------------------------------ facts

        private ObjectNode enterprise() {
            boolean enterprise = kind.equals("ENTERPRISE");
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("name", () -> F.textNode(name()));
            s.put("creditCode", () -> chance(0.9) ? F.textNode(creditCode()) : null);
            s.put("kind", () -> F.textNode(kind));
            s.put("industry", () -> industry == null ? null : F.textNode(industry));
            s.put("aboveDesignatedSize", () -> bool(enterprise && revenue.doubleValue() >= 2000));
            s.put("highTech", () -> bool(highTech));
            s.put("plansHighTechApplication", () -> bool(!highTech && techIndustry
                    && chance(size == Size.MICRO ? 0.01 : 0.08)));
            s.put("specialisedLevel", () -> F.textNode(!enterprise || !manufacturing ? "NONE"
                    : chance(size == Size.MICRO ? 0.001 : size == Size.SMALL ? 0.02 : 0.12)
                    ? (chance(0.12) ? "NATIONAL" : "PROVINCIAL") : "NONE"));
            s.put("smallMicro", () -> bool(enterprise && size.ordinal() <= 1));
            s.put("agricultural", () -> bool("AGRICULTURE".equals(industry) || kind.equals("COOPERATIVE")
                    || kind.equals("FAMILY_FARM")));
            s.put("revenueWan", () -> F.numberNode(revenue));
            s.put("rdExpenseWan", () -> F.numberNode(rdExpense));
            s.put("basicResearchExpenseWan", () -> F.numberNode(rdExpense.signum() > 0 && chance(highTech ? 0.2 : 0.03)
                    ? money(rdExpense.doubleValue() * uniform(0.02, 0.12)) : BigDecimal.ZERO));
            s.put("hasRdInstitution", () -> bool(kind.equals("RESEARCH_INSTITUTION")
                    || enterprise && chance(RD_INSTITUTION[size.ordinal()] * (techIndustry ? 1.3 : 0.4))));
            boolean statistics = enterprise && (revenue.doubleValue() >= 2000 ? chance(0.95) : chance(0.08));
            s.put("inStatistics", () -> bool(statistics));
            s.put("directReporting", () -> bool(statistics && chance(0.85)));
            s.put("platform", () -> F.textNode(pick(weights("NONE", 82, "WANMU_QIANYI", manufacturing ? 8 : 1,
                    "TECH_INCUBATION_PARK", techIndustry ? 4 : 1, "ECONOMIC_DEVELOPMENT_ZONE", manufacturing ? 9 : 3,
                    "OTHER", 2))));
            s.put("preparedFood", () -> bool("FOOD".equals(industry) && chance(0.3)));
            s.put("ownsIndustrialLand", () -> bool(manufacturing && chance(new double[] {0.03, 0.25, 0.70, 0.90}[size.ordinal()])));
            return fact("Enterprise", com.subsidyevaluator.model.Enterprise.class, s);
        }

        private int recognitionCount() {
            double p = switch (kind) {
                case "ENTERPRISE" -> RECOGNITIONS[size.ordinal()];
                case "RESEARCH_INSTITUTION" -> 0.9;
                case "PLATFORM_OPERATOR" -> 1.0;
                case "COOPERATIVE", "VILLAGE_COLLECTIVE" -> 0.12;
                default -> 0.03;
            };
            return chance(p) ? 1 + r.nextInt(size == Size.LARGE ? 4 : 2) : 0;
        }

        private ObjectNode recognition(int i) {
            Map<String, Double> kinds = switch (kind) {
                case "RESEARCH_INSTITUTION" -> weights("NEW_RD_INSTITUTION", 30, "TECH_INNOVATION_CENTRE", 20,
                        "INTERNATIONAL_COOPERATION", 15, "INCUBATOR", 10, "MAKER_SPACE", 10, "SCI_TECH_PARK", 5);
                case "PLATFORM_OPERATOR" -> weights("FEATURED_TOWN", 40, "SERVICE_INNOVATION_ZONE", 20, "SCI_TECH_PARK", 15,
                        "INCUBATOR", 10, "MAKER_SPACE", 5, "CROSS_BORDER_EC_PARK", 10);
                case "COOPERATIVE", "FAMILY_FARM", "VILLAGE_COLLECTIVE" -> weights("AGRI_SERVICE_CENTRE", 50,
                        "COMMON_PROSPERITY_WORKSHOP", 30, "HIGH_QUALITY_TOURISM", 20);
                default -> manufacturing ? weights("XIONGYING", 8, "SINGLE_CHAMPION", 6, "FIRST_VERSION_SOFTWARE", 2,
                        "INDUSTRIAL_INTERNET_PLATFORM", 5, "TECH_INNOVATION_CENTRE", 6, "NEW_RD_INSTITUTION", 6,
                        "INTERNATIONAL_COOPERATION", 4, "TIME_HONOURED_BRAND", 3, "OVERSEAS_WAREHOUSE", 3,
                        "CROSS_BORDER_EC_LEADER", 3, "INCUBATOR", 2, "MAKER_SPACE", 2)
                        : weights("TIME_HONOURED_BRAND", 10, "HIGH_QUALITY_TOURISM", 10, "COMMON_PROSPERITY_WORKSHOP", 8,
                        "CROSS_BORDER_EC_LEADER", 8, "OVERSEAS_WAREHOUSE", 6, "LOGISTICS_GRADE", 10,
                        "FIRST_VERSION_SOFTWARE", 6, "INFO_ENGINEERING_SERVICE", 6, "INDUSTRIAL_INTERNET_PLATFORM", 3,
                        "INCUBATOR", 4, "MAKER_SPACE", 5, "SCI_TECH_PARK", 2);
            };
            String year = pick(YEARS);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("R" + (i + 1)));
            s.put("kind", () -> F.textNode(pickAny(com.subsidyevaluator.model.RecognitionKind.class, kinds, 0.5)));
            s.put("name", () -> F.textNode(brand() + "认定项目"));
            // Platforms (featured towns, zones, parks) are mostly provincial and are assessed every year.
            boolean platform = kind.equals("PLATFORM_OPERATOR");
            s.put("level", () -> F.textNode(pick(platform ? PLATFORM_LEVELS : LEVELS)));
            s.put("year", () -> F.numberNode(Integer.parseInt(year)));
            s.put("stage", () -> F.textNode(chance(0.85) ? "RECOGNISED" : "APPLYING"));
            s.put("newlyRecognised", () -> bool(year.equals("2023") && chance(0.75)));
            s.put("performanceGrade", () -> chance(platform ? 0.9 : 0.4) ? F.textNode(pick(weights("EXCELLENT",
                    platform ? 40 : 25, "GOOD", 40, "PASS", 30, "FAIL", 5))) : null);
            return fact("Recognition", com.subsidyevaluator.model.Recognition.class, s);
        }

        private int rdProjectCount() {
            if (kind.equals("RESEARCH_INSTITUTION")) {
                return chance(0.8) ? 1 + r.nextInt(3) : 0;
            }
            if (kind.equals("COOPERATIVE") || kind.equals("FAMILY_FARM")) {
                return chance(0.01) ? 1 : 0;
            }
            return rdExpense.signum() > 0 && chance(RD_PROJECTS[size.ordinal()]) ? 1 + r.nextInt(3) : 0;
        }

        private ObjectNode rdProject(int i) {
            boolean agri = "AGRICULTURE".equals(industry);
            Map<String, Double> programmes = agri ? weights("PROVINCIAL_AGRI_MAJOR", 20, "PROVINCIAL_AGRI_TEAM", 20,
                    "WENZHOU_CROP_VARIETY", 30, "AGRI_KEY_TECH", 30)
                    : weights("JIANBING", 6, "LINGYAN", 6, "WENZHOU_KEY", 18, "YUEQING_KEY", 30, "SOCIAL_DEVELOPMENT", 6,
                    "SOFT_SCIENCE", 4, "OTHER", 30);
            String year = pick(YEARS);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("P" + (i + 1)));
            s.put("name", () -> F.textNode(brand() + "关键技术研发"));
            s.put("programme", () -> F.textNode(pickAny(com.subsidyevaluator.model.RdProgramme.class, programmes, 1)));
            s.put("year", () -> F.numberNode(Integer.parseInt(year)));
            s.put("approved", () -> bool(chance(0.8)));
            s.put("jointResearch", () -> bool(chance(0.25)));
            s.put("budgetWan", () -> F.numberNode(money(logUniform(20, 3000))));
            return fact("RdProject", com.subsidyevaluator.model.RdProject.class, s);
        }

        private ObjectNode talent(int i) {
            String category = pick(TALENT_CATEGORIES);
            boolean high = !category.equals("OTHER") && chance(category.equals("E") ? 0.4 : 0.8) || chance(0.03);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("T" + (i + 1)));
            s.put("name", () -> F.textNode(person()));
            s.put("role", () -> F.textNode(pickAny(com.subsidyevaluator.model.TalentRole.class, weights(
                    "SCI_TECH_LEADER", 8, "INNOVATION_TEAM", 5, "YOUNG_SCI_TECH", 15, "EXCELLENT_ENGINEER", 12,
                    "INDUSTRY_LEADER", 6, "CHIEF_EXPERT", 4, "HIGH_SKILLED", 25, "OTHER", 25), 2)));
            s.put("category", () -> F.textNode(category));
            s.put("introducedYear", () -> F.numberNode(chance(0.4) ? 2023 : 2016 + r.nextInt(7)));
            s.put("highLevelSciTech", () -> bool(high));
            s.put("fullTime", () -> bool(chance(0.8)));
            s.put("withProject", () -> bool(chance(0.3)));
            s.put("inIncubator", () -> bool(chance(0.15)));
            s.put("clusterIndustry", () -> bool(manufacturing && chance(0.7)));
            s.put("techCommissioner", () -> bool(chance(0.05)));
            return fact("Talent", com.subsidyevaluator.model.Talent.class, s);
        }

        private ObjectNode lease(int i) {
            double area = uniform(30, 800);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("L" + (i + 1)));
            s.put("carrierName", () -> F.textNode("乐清" + brand() + "众创孵化基地"));
            s.put("carrierKind", () -> F.textNode(chance(0.6) ? "INCUBATOR" : "MAKER_SPACE"));
            s.put("carrierLevel", () -> F.textNode(pick(LEVELS)));
            s.put("tenantKind", () -> F.textNode(pick(weights("ENTERPRISE", 70, "TEAM", 20, "MAKER", 10))));
            s.put("areaM2", () -> F.numberNode(money(area)));
            s.put("annualRentWan", () -> F.numberNode(money(area * uniform(0.02, 0.05))));
            s.put("year", () -> F.numberNode(chance(0.8) ? 2023 : 2022));
            return fact("IncubatorLease", com.subsidyevaluator.model.IncubatorLease.class, s);
        }

        private int projectCount() {
            double p = switch (kind) {
                case "ENTERPRISE" -> PROJECTS[size.ordinal()];
                case "VILLAGE_COLLECTIVE" -> 0.3;
                case "PLATFORM_OPERATOR" -> 0.6;
                case "COOPERATIVE", "FAMILY_FARM" -> 0.05;
                default -> 0.2;
            };
            return chance(p) ? 1 + r.nextInt(2) : 0;
        }

        private ObjectNode project(int i) {
            Map<String, Double> kinds = switch (kind) {
                case "VILLAGE_COLLECTIVE" -> weights("URBANISATION", 30, "RURAL_TOURISM", 25, "AGRICULTURE", 25,
                        "WATER_CONSERVANCY", 10, "DISTRIBUTED_PV", 10);
                case "COOPERATIVE", "FAMILY_FARM" -> weights("AGRICULTURE", 70, "RURAL_TOURISM", 20, "DISTRIBUTED_PV", 10);
                case "PLATFORM_OPERATOR" -> weights("SERVICE", 30, "TRANSPORT", 15, "URBANISATION", 20, "ENERGY", 10,
                        "CULTURE_TOURISM", 15, "EXPRESSWAY", 5, "WATER_CONSERVANCY", 5);
                default -> manufacturing ? weights("INDUSTRIAL", 30, "TECH_RENOVATION", 25, "DIGITAL_TRANSFORMATION", 15,
                        "FIRST_SET", 4, "EQUIPMENT_RENEWAL", 12, "DISTRIBUTED_PV", 8, "WIND_POWER", 1, "ENERGY", 1, "OTHER", 4)
                        : weights("SERVICE", 30, "LOGISTICS", "LOGISTICS".equals(industry) ? 40 : 5, "CULTURE_TOURISM",
                        "CULTURE_TOURISM".equals(industry) ? 40 : 5, "RURAL_TOURISM", 3, "TRANSPORT",
                        "CONSTRUCTION".equals(industry) ? 20 : 2, "EXPRESSWAY", 1, "URBANISATION", 5, "WATER_CONSERVANCY", 2,
                        "ENERGY", 2, "DISTRIBUTED_PV", 5, "WIND_POWER", 1, "AGRICULTURE", 2, "OTHER", 10);
            };
            String pk = pickAny(com.subsidyevaluator.model.ProjectKind.class, kinds, 0.5);
            boolean industrial = List.of("INDUSTRIAL", "TECH_RENOVATION", "DIGITAL_TRANSFORMATION", "FIRST_SET",
                    "EQUIPMENT_RENEWAL").contains(pk);
            boolean service = List.of("SERVICE", "LOGISTICS", "CULTURE_TOURISM", "RURAL_TOURISM").contains(pk);
            boolean infrastructure = List.of("ENERGY", "EXPRESSWAY", "WATER_CONSERVANCY", "TRANSPORT", "URBANISATION").contains(pk);
            boolean power = List.of("ENERGY", "WIND_POWER", "DISTRIBUTED_PV").contains(pk);
            double scale = size == Size.LARGE ? 10 : size == Size.MEDIUM ? 3 : 1;
            double investment = infrastructure ? logUniform(5000, 500000) : logUniform(100 * scale, 30000 * scale);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("J" + (i + 1)));
            s.put("name", () -> F.textNode(town() + brand() + "建设项目"));
            s.put("kind", () -> F.textNode(pk));
            s.put("investmentWan", () -> F.numberNode(money(investment)));
            s.put("landAreaMu", () -> power && !pk.equals("ENERGY") ? null : F.numberNode(money(logUniform(3, 400))));
            s.put("industrialLand", () -> bool(industrial && chance(0.8)));
            s.put("landSold", () -> bool(chance(0.6)));
            s.put("investmentCompletedPercent", () -> F.numberNode(money(uniform(0, 100))));
            s.put("disposalSituation", () -> chance(0.1) ? F.textNode(pick(weights("NONE", 40, "JUDICIAL", 20,
                    "GOVERNMENT_RISK", 15, "PRIORITY_PURCHASE", 15, "OTHER", 10))) : null);
            s.put("plotRatio", () -> industrial ? F.numberNode(money(uniform(0.8, 4.0))) : null);
            s.put("buildingDensityPercent", () -> industrial ? F.numberNode(money(uniform(30, 70))) : null);
            s.put("planningCompliant", () -> bool(chance(0.9)));
            s.put("safetyCompliant", () -> bool(chance(0.92)));
            s.put("industrialComplex", () -> bool(industrial && chance(0.06)));
            s.put("provincialMajorStatus", () -> F.textNode(chance(0.05) ? (chance(0.5) ? "LISTED" : "APPLYING") : "NONE"));
            s.put("provincialServiceMajorStatus", () -> F.textNode(service && chance(0.06)
                    ? (chance(0.5) ? "LISTED" : "APPLYING") : "NONE"));
            s.put("yueqingServiceMajor", () -> bool(service && chance(0.15)));
            s.put("provincialInfrastructure", () -> bool(infrastructure && chance(0.25)));
            s.put("energyUseTce", () -> industrial ? F.numberNode(money(logUniform(50, 60000))) : null);
            s.put("newEnergyDemandTce", () -> industrial && chance(0.5) ? F.numberNode(money(logUniform(10, 20000))) : null);
            s.put("capacityKw", () -> power ? F.numberNode(money(logUniform(50, 100000))) : null);
            s.put("formerIndustrialLand", () -> bool(chance(0.1)));
            s.put("wastelandSite", () -> bool(power && chance(0.15) || chance(0.02)));
            s.put("provincialMajorDemonstration", () -> bool(industrial && chance(0.3)));
            s.put("inOperation", () -> bool(infrastructure && chance(0.3)));
            return fact("Project", com.subsidyevaluator.model.Project.class, s);
        }

        private int portCount() {
            if (!kind.equals("ENTERPRISE")) {
                return 0;
            }
            double p = "LOGISTICS".equals(industry) || "SHIPPING".equals(industry) ? 0.55
                    : exporter ? 0.08 : "COMMERCE".equals(industry) ? 0.01 : 0.002;
            return chance(p) ? 1 + r.nextInt(3) : 0;
        }

        private ObjectNode portOperation(int i) {
            String pk = pickAny(com.subsidyevaluator.model.PortOperationKind.class, weights("NEW_CONTAINER_ROUTE", 8,
                    "PICKUP_RETURN_POINT", 7, "CONTAINER_SHIPPING", 55, "SEA_RAIL", 15, "PORT_OPERATION", 15), 2);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("O" + (i + 1)));
            s.put("kind", () -> F.textNode(pk));
            s.put("port", () -> F.textNode(chance(0.85) ? "YUEQING_BAY" : "OTHER"));
            s.put("year", () -> F.numberNode(chance(0.7) ? 2023 : 2022));
            s.put("teu", () -> F.numberNode(BigDecimal.valueOf(Math.round(logUniform(20, 150000)))));
            s.put("name", () -> F.textNode("乐清湾—" + pickText("宁波", "上海", "厦门", "青岛", "天津", "南沙") + "航线"));
            return fact("PortOperation", com.subsidyevaluator.model.PortOperation.class, s);
        }

        private int vehicleCount() {
            double p = "LOGISTICS".equals(industry) ? 0.7 : "SHIPPING".equals(industry) ? 0.3
                    : "AGRICULTURE".equals(industry) ? 0.1 : kind.equals("ENTERPRISE") ? 0.03 : 0;
            return chance(p) ? 1 + r.nextInt(4) : 0;
        }

        private ObjectNode vehicle(int i) {
            boolean freight = chance(0.8);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("V" + (i + 1)));
            s.put("plate", () -> F.textNode("浙C" + (char) ('A' + r.nextInt(8)) + String.format("%04d", r.nextInt(10000))));
            s.put("kind", () -> F.textNode(freight ? "FREIGHT" : "PASSENGER"));
            s.put("passengerClass", () -> freight ? null : F.numberNode(1 + r.nextInt(4)));
            s.put("etc", () -> bool(chance(0.85)));
            s.put("standardContainer", () -> bool(freight && chance(0.25)));
            s.put("freshAgriProducts", () -> bool(freight && chance("AGRICULTURE".equals(industry) ? 0.6 : 0.1)));
            return fact("Vehicle", com.subsidyevaluator.model.Vehicle.class, s);
        }

        private int farmCount() {
            double p = switch (kind) {
                case "COOPERATIVE", "FAMILY_FARM" -> 0.97;
                case "VILLAGE_COLLECTIVE" -> 0.1;
                default -> "AGRICULTURE".equals(industry) ? 0.6 : "FOOD".equals(industry) ? 0.05 : 0;
            };
            return chance(p) ? 1 + r.nextInt(2) : 0;
        }

        private ObjectNode farm(int i) {
            String product = pickAny(com.subsidyevaluator.model.FarmProduct.class, FARM_PRODUCTS, 2);
            boolean grain = product.equals("RICE") || product.equals("OTHER_GRAIN");
            double area = grain ? logUniform(10, 3000) : logUniform(2, 600);
            double yield = grain ? uniform(0.35, 0.55) : product.equals("DENDROBIUM") ? uniform(0.1, 0.3) : uniform(0.05, 1.5);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("F" + (i + 1)));
            s.put("product", () -> F.textNode(product));
            s.put("areaMu", () -> F.numberNode(money(area)));
            s.put("outputTonnes", () -> F.numberNode(money(area * yield)));
            s.put("riceFullCostInsurance", () -> product.equals("RICE") ? bool(chance(0.6)) : null);
            s.put("newMachinery", () -> F.numberNode(chance(0.3) ? 1 + r.nextInt(5) : 0));
            s.put("scrappedMachinery", () -> F.numberNode(chance(0.15) ? 1 + r.nextInt(3) : 0));
            return fact("Farm", com.subsidyevaluator.model.Farm.class, s);
        }

        private ObjectNode village() {
            double total = logUniform(15, 3000);
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("C1"));
            s.put("name", () -> F.textNode(town() + "镇" + brand() + "村"));
            s.put("collectiveIncomeWan", () -> F.numberNode(money(total)));
            s.put("operatingIncomeWan", () -> F.numberNode(money(total * uniform(0.2, 0.8))));
            return fact("Village", com.subsidyevaluator.model.Village.class, s);
        }

        private ObjectNode financing() {
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("FIN1"));
            s.put("firstLoan", () -> bool(chance(0.08)));
            s.put("manufacturingLongTermLoanWan", () -> manufacturing && chance(0.4)
                    ? F.numberNode(money(logUniform(50, 50000))) : F.numberNode(BigDecimal.ZERO));
            s.put("sciTechIndexLoan", () -> bool(chance(highTech ? 0.5 : 0.05)));
            s.put("talentSciTechLoan", () -> bool(chance(0.03)));
            s.put("crossBorderFinancing", () -> bool(chance(exporter ? 0.15 : 0.02)));
            s.put("governmentGuarantee", () -> bool(chance(size.ordinal() <= 1 ? 0.15 : 0.05)));
            s.put("guaranteeFeeRatePercent", () -> F.numberNode(money(uniform(0.5, 2.0))));
            s.put("listingPlanned", () -> bool(chance(size == Size.LARGE ? 0.12 : size == Size.MEDIUM ? 0.02 : 0.001)));
            s.put("listingFiled", () -> bool(chance(size == Size.LARGE ? 0.04 : 0.0005)));
            return fact("Financing", com.subsidyevaluator.model.Financing.class, s);
        }

        private ObjectNode trade() {
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("TR1"));
            s.put("exporter", () -> bool(exporter));
            s.put("overseasFairs", () -> F.numberNode(exporter && chance(0.4) ? 1 + r.nextInt(6) : 0));
            boolean insured = exporter && chance(0.4);
            s.put("exportCreditInsured", () -> bool(insured));
            s.put("exportCreditPremiumWan", () -> F.numberNode(insured ? money(logUniform(0.3, 60)) : BigDecimal.ZERO));
            s.put("policyTradeLoan", () -> bool(exporter && chance(0.05)));
            s.put("crossBorderEcommerce", () -> bool(chance(exporter ? 0.2 : 0.05)));
            return fact("Trade", com.subsidyevaluator.model.Trade.class, s);
        }

        private ObjectNode employment() {
            int staff = (int) Math.round(logUniform(size.staffLow, size.staffHigh + 1));
            Map<String, Supplier<JsonNode>> s = new HashMap<>();
            s.put("id", () -> F.textNode("E1"));
            s.put("employees", () -> F.numberNode(staff));
            s.put("unemploymentInsured", () -> bool(chance(0.85)));
            s.put("graduatesHired", () -> F.numberNode(chance(0.2) ? 1 + r.nextInt(Math.max(1, staff / 10)) : 0));
            s.put("hardToEmployHired", () -> F.numberNode(chance(0.05) ? 1 + r.nextInt(3) : 0));
            s.put("internsOrPlatformWorkers", () -> F.numberNode(chance(0.1) ? 1 + r.nextInt(Math.max(1, staff / 5)) : 0));
            return fact("Employment", com.subsidyevaluator.model.Employment.class, s);
        }

        /** Case-level components added to the model later (other lists or facts): a generic value. */
        private void extraCaseFields(ObjectNode c) {
            for (RecordComponent rc : CaseFile.class.getRecordComponents()) {
                if (c.has(rc.getName()) || KNOWN_CASE_FIELDS.contains(rc.getName())) {
                    continue;
                }
                if (List.class.isAssignableFrom(rc.getType())
                        && rc.getGenericType() instanceof ParameterizedType pt
                        && pt.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                    list(c, rc.getName(), chance(0.05) ? 1 : 0, i -> fact(element.getSimpleName(), element, Map.of()));
                } else if (rc.getType().isRecord()) {
                    if (chance(0.05)) {
                        c.set(rc.getName(), fact(rc.getType().getSimpleName(), rc.getType(), Map.of()));
                    }
                }
            }
        }

        // ------------------------------------------------------------------------------ fields

        /**
         * A fact as JSON: every record component of {@code type} in declaration order, from its specific
         * distribution or else the generic one; some values moved to rule thresholds, some left out.
         */
        private ObjectNode fact(String typeName, Class<?> type, Map<String, Supplier<JsonNode>> specific) {
            ObjectNode o = F.objectNode();
            FactModel.TypeInfo info = FactModel.type(type);
            for (FieldInfo f : info.fields().values()) {
                if (f.derived()) {
                    continue;
                }
                Supplier<JsonNode> s = specific.get(f.name());
                JsonNode v = s != null ? s.get() : generic(f);
                v = hinted(typeName, f, v);
                boolean mandatory = f.scope() || f.annotation() != null && f.annotation().required();
                if (v == null || v.isNull() || !mandatory && r.nextDouble() < GAP_SHARE) {
                    if (!mandatory) {
                        continue;
                    }
                    v = v == null || v.isNull() ? generic(f) : v;
                }
                o.set(f.name(), v);
            }
            return o;
        }

        /** Moves a share of values to a threshold or constant the rules compare this field with. */
        private JsonNode hinted(String typeName, FieldInfo f, JsonNode v) {
            if (f.scope()) {
                // what kind of thing a fact is follows the applicant's profile, not the rules
                return v;
            }
            if (f.type().isEnum()) {
                List<String> names = hints.constants(typeName, f.name());
                if (!names.isEmpty() && r.nextDouble() < HINT_SHARE) {
                    return F.textNode(names.get(r.nextInt(names.size())));
                }
            } else if (Number.class.isAssignableFrom(f.type())) {
                List<BigDecimal> ts = hints.thresholds(typeName, f.name());
                if (!ts.isEmpty() && r.nextDouble() < HINT_SHARE) {
                    BigDecimal t = ts.get(r.nextInt(ts.size()));
                    BigDecimal step = f.type() == Integer.class || f.type() == Long.class ? BigDecimal.ONE
                            : t.abs().compareTo(BigDecimal.TEN) >= 0 ? BigDecimal.ONE : new BigDecimal("0.1");
                    BigDecimal near = switch (r.nextInt(4)) {
                        case 0 -> t.subtract(step);
                        case 1 -> t.add(step);
                        case 2 -> t.multiply(new BigDecimal("1.5"));
                        default -> t;
                    };
                    near = clamp(f, near);
                    return f.type() == Integer.class ? F.numberNode(near.setScale(0, RoundingMode.DOWN).intValueExact())
                            : F.numberNode(near);
                }
            }
            return v;
        }

        private BigDecimal clamp(FieldInfo f, BigDecimal v) {
            if (f.annotation() != null && !f.annotation().min().isEmpty() && v.compareTo(new BigDecimal(f.annotation().min())) < 0) {
                return new BigDecimal(f.annotation().min());
            }
            if (f.annotation() != null && !f.annotation().max().isEmpty() && v.compareTo(new BigDecimal(f.annotation().max())) > 0) {
                return new BigDecimal(f.annotation().max());
            }
            return v;
        }

        /** A value for a field no distribution names, from its type, unit and range. */
        private JsonNode generic(FieldInfo f) {
            Class<?> t = f.type();
            String unit = f.unit() == null ? "" : f.unit();
            // A field with no distribution of its own describes something few applicants have or do (freed energy
            // space, a rooftop project, a confirmed right): mostly "no" or zero, as in a real register.
            if (t == Boolean.class || t == boolean.class) {
                return bool(chance(0.05));
            }
            if (t.isEnum()) {
                Object[] cs = constants(t);
                return F.textNode(((Enum<?>) cs[r.nextInt(cs.length)]).name());
            }
            if (t == String.class) {
                if (f.annotation() != null && !f.annotation().pattern().isEmpty()) {
                    return null;
                }
                return f.name().equals("id") ? F.textNode("X1") : F.textNode(brand() + f.label());
            }
            if (t == java.time.LocalDate.class) {
                return F.textNode(java.time.LocalDate.of(2020 + r.nextInt(4), 1 + r.nextInt(12), 1 + r.nextInt(28)).toString());
            }
            if (t == Integer.class || t == int.class || t == Long.class) {
                int v = unit.equals(Units.YEAR) ? Integer.parseInt(pick(YEARS)) : chance(0.5) ? 0 : 1 + r.nextInt(50);
                return F.numberNode(clamp(f, BigDecimal.valueOf(v)).intValue());
            }
            if (Number.class.isAssignableFrom(t)) {
                boolean zeroAllowed = f.annotation() != null && "0".equals(f.annotation().min());
                if (zeroAllowed && !unit.equals(Units.PERCENT) && chance(0.85)) {
                    return F.numberNode(BigDecimal.ZERO);
                }
                double v = switch (unit) {
                    case Units.PERCENT -> uniform(0, 100);
                    case Units.WAN -> logUniform(1, 100000);
                    case Units.MU -> logUniform(1, 5000);
                    case Units.TEU -> logUniform(10, 200000);
                    case Units.TCE, Units.KW, Units.TONNE, Units.SQUARE_METRE -> logUniform(1, 50000);
                    default -> logUniform(0.5, 1000);
                };
                return F.numberNode(clamp(f, money(v)));
            }
            return null;
        }

        // ------------------------------------------------------------------------------ helpers

        private void list(ObjectNode c, String key, int n, java.util.function.IntFunction<ObjectNode> item) {
            if (n <= 0) {
                return;
            }
            ArrayNode a = c.putArray(key);
            for (int i = 0; i < n; i++) {
                a.add(item.apply(i));
            }
        }

        private boolean chance(double p) {
            return r.nextDouble() < p;
        }

        private double uniform(double low, double high) {
            return low + r.nextDouble() * (high - low);
        }

        private double logUniform(double low, double high) {
            return Math.exp(uniform(Math.log(low), Math.log(high)));
        }

        private String pick(Map<String, Double> w) {
            double total = 0;
            for (double v : w.values()) {
                total += v;
            }
            double u = r.nextDouble() * total;
            String last = null;
            for (Map.Entry<String, Double> e : w.entrySet()) {
                last = e.getKey();
                u -= e.getValue();
                if (u < 0) {
                    return e.getKey();
                }
            }
            return last;
        }

        /**
         * A constant of {@code type} by weight; constants the weights do not name (for example ones added later)
         * get {@code other} each, and names the enum no longer has are ignored.
         */
        private String pickAny(Class<? extends Enum<?>> type, Map<String, Double> w, double other) {
            Map<String, Double> all = new LinkedHashMap<>();
            for (Object c : constants(type)) {
                String n = ((Enum<?>) c).name();
                all.put(n, w.getOrDefault(n, other));
            }
            return pick(all);
        }

        private JsonNode bool(boolean b) {
            return F.booleanNode(b);
        }

        /** The port company 第33条 names as a recipient. */
        private static final String PORT_COMPANY = "温州港乐清湾港务有限公司";

        private String name() {
            return switch (kind) {
                case "FAMILY_FARM" -> "乐清市" + town() + surname() + brand() + "家庭农场";
                case "COOPERATIVE" -> "乐清市" + town() + brand() + brand() + "农业专业合作社";
                case "VILLAGE_COLLECTIVE" -> "乐清市" + town() + "镇" + brand() + brand() + "村股份经济合作社";
                case "RESEARCH_INSTITUTION" -> "乐清" + brand() + brand() + "研究院";
                case "PLATFORM_OPERATOR" -> "乐清" + town() + "产业园区管理服务中心";
                // 第33条 names one recipient, the port company: a few shipping and logistics applicants are it
                default -> ("SHIPPING".equals(industry) || "LOGISTICS".equals(industry)) && chance(0.03) ? PORT_COMPANY
                        : "乐清" + brand() + brand() + TRADES.getOrDefault(industry, "实业")
                        + (size == Size.LARGE ? "股份有限公司" : "有限公司");
            };
        }

        private String creditCode() {
            StringBuilder s = new StringBuilder("91330382");
            for (int i = 0; i < 9; i++) {
                s.append(CREDIT_ALPHABET.charAt(r.nextInt(CREDIT_ALPHABET.length())));
            }
            return s.append(com.subsidyevaluator.model.CreditCode.checkCharacter(s)).toString();
        }

        private String brand() {
            return BRANDS[r.nextInt(BRANDS.length)];
        }

        private String town() {
            return TOWNS[r.nextInt(TOWNS.length)];
        }

        private String surname() {
            return SURNAMES[r.nextInt(SURNAMES.length)];
        }

        private String person() {
            return surname() + GIVEN[r.nextInt(GIVEN.length)];
        }

        private String pickText(String... options) {
            return options[r.nextInt(options.length)];
        }
    }

    private static final List<String> KNOWN_CASE_FIELDS = List.of("caseId", "asOf", "description", "enterprise",
            "recognitions", "rdProjects", "talents", "leases", "projects", "portOperations", "vehicles", "farms",
            "village", "financing", "trade", "employment");

    /** Amounts with two decimals, never negative. */
    static BigDecimal money(double v) {
        return BigDecimal.valueOf(Math.max(0, Math.round(v * 100)), 2);
    }

    /** The fact types a generated population contains (every type of the fact model). */
    public static List<String> factTypes() {
        List<String> out = new ArrayList<>();
        for (Class<?> t : FactModel.FACT_TYPES) {
            out.add(t.getSimpleName());
        }
        return out;
    }
}
