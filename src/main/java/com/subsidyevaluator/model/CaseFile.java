package com.subsidyevaluator.model;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One applicant's case: who it is, the date to evaluate it at, and what it owns or has achieved.
 * This is the record a case file (JSON) is read into; its facts are what the rules see.
 */
@FactType(label = "申请案例", description = "一个申请主体的全部事实。未知的事实不写（不要写 null 以外的猜测值）：缺少的事实使结论为“待定”，而不是“不符合”。")
public record CaseFile(
        @Field(label = "案例编号", required = true, description = "在一批案例中唯一的编号") String caseId,
        @Field(label = "评估日期", description = "按此日期判断政策是否有效（YYYY-MM-DD）；可由 --as-of 给出") LocalDate asOf,
        @Field(label = "说明", description = "对案例的简短说明（不参与评估）") String description,
        @Field(label = "申请主体", required = true) Enterprise enterprise,
        @Field(label = "认定") List<Recognition> recognitions,
        @Field(label = "研发项目") List<RdProject> rdProjects,
        @Field(label = "人才") List<Talent> talents,
        @Field(label = "孵化场地租赁") List<IncubatorLease> leases,
        @Field(label = "项目") List<Project> projects,
        @Field(label = "港口集装箱业务") List<PortOperation> portOperations,
        @Field(label = "车辆") List<Vehicle> vehicles,
        @Field(label = "农业生产") List<Farm> farms,
        @Field(label = "村集体经济") Village village,
        @Field(label = "融资情况") Financing financing,
        @Field(label = "外贸情况") Trade trade,
        @Field(label = "用工情况") Employment employment) {

    public CaseFile {
        recognitions = copy(recognitions);
        rdProjects = copy(rdProjects);
        talents = copy(talents);
        leases = copy(leases);
        projects = copy(projects);
        portOperations = copy(portOperations);
        vehicles = copy(vehicles);
        farms = copy(farms);
    }

    /** An unmodifiable copy; null elements are kept so that the reader can report where they are. */
    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }

    /** The same case evaluated at another date. */
    public CaseFile withAsOf(LocalDate date) {
        return new CaseFile(caseId, date, description, enterprise, recognitions, rdProjects, talents, leases, projects,
                portOperations, vehicles, farms, village, financing, trade, employment);
    }

    /** Every fact of the case with its JSON path, in file order. */
    public List<LocatedFact> facts() {
        List<LocatedFact> out = new ArrayList<>();
        if (enterprise != null) {
            out.add(new LocatedFact("$.enterprise", enterprise));
        }
        add(out, "recognitions", recognitions);
        add(out, "rdProjects", rdProjects);
        add(out, "talents", talents);
        add(out, "leases", leases);
        add(out, "projects", projects);
        add(out, "portOperations", portOperations);
        add(out, "vehicles", vehicles);
        add(out, "farms", farms);
        if (village != null) {
            out.add(new LocatedFact("$.village", village));
        }
        if (financing != null) {
            out.add(new LocatedFact("$.financing", financing));
        }
        if (trade != null) {
            out.add(new LocatedFact("$.trade", trade));
        }
        if (employment != null) {
            out.add(new LocatedFact("$.employment", employment));
        }
        return out;
    }

    private static void add(List<LocatedFact> out, String key, List<? extends Fact> list) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) != null) {
                out.add(new LocatedFact(path(key, i), list.get(i)));
            }
        }
    }

    /** The first paths of each list, made once: every case shares them (and writers keep their encoded form). */
    private static final Map<String, String[]> PATHS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int SHARED_PATHS = 16;

    private static String path(String key, int i) {
        if (i >= SHARED_PATHS) {
            return listPath(key, i);
        }
        return PATHS.computeIfAbsent(key, k -> {
            String[] p = new String[SHARED_PATHS];
            for (int j = 0; j < p.length; j++) {
                p[j] = listPath(k, j);
            }
            return p;
        })[i];
    }

    private static String listPath(String key, int i) {
        return "$." + key + "[" + i + "]";
    }

    /** A fact and where it is in the case file. */
    public record LocatedFact(String path, Fact fact) {
    }
}
