package com.subsidyevaluator.engine;

import com.subsidyevaluator.io.Accessors;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.Employment;
import com.subsidyevaluator.model.Enterprise;
import com.subsidyevaluator.model.Fact;
import com.subsidyevaluator.model.FactType;
import com.subsidyevaluator.model.Farm;
import com.subsidyevaluator.model.Field;
import com.subsidyevaluator.model.Financing;
import com.subsidyevaluator.model.IncubatorLease;
import com.subsidyevaluator.model.PortOperation;
import com.subsidyevaluator.model.Project;
import com.subsidyevaluator.model.RdProject;
import com.subsidyevaluator.model.Recognition;
import com.subsidyevaluator.model.Talent;
import com.subsidyevaluator.model.Trade;
import com.subsidyevaluator.model.Vehicle;
import com.subsidyevaluator.model.Village;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the rules can see: the fact types, their fields, labels and units. Built once from the
 * annotations on the model records; used for explanations, missing-fact detection, validation and
 * the JSON Schema.
 */
public final class FactModel {

    /** The fact types rules may match, in the order a case file lists them. */
    public static final List<Class<? extends Fact>> FACT_TYPES = List.of(
            Enterprise.class, Recognition.class, RdProject.class, Talent.class, IncubatorLease.class,
            Project.class, PortOperation.class, Vehicle.class, Farm.class, Village.class, Financing.class,
            Trade.class, Employment.class);

    private static final Map<Class<?>, TypeInfo> TYPES = new LinkedHashMap<>();

    /** Fact types of other rule sets (e.g. target facts), described on first use. */
    private static final Map<Class<?>, TypeInfo> OTHER_TYPES = new ConcurrentHashMap<>();

    static {
        for (Class<? extends Fact> type : FACT_TYPES) {
            TYPES.put(type, build(type));
        }
        TYPES.put(CaseFile.class, build(CaseFile.class));
    }

    private FactModel() {
    }

    /** A field of a fact type: a record component, or a derived value computed by a method. */
    public record FieldInfo(String name, String label, String unit, Method accessor, Class<?> type, boolean scope,
                            boolean derived, List<String> derivedFrom, Field annotation,
                            Function<Object, Object> reader) {

        FieldInfo(String name, String label, String unit, Method accessor, Class<?> type, boolean scope, boolean derived,
                  List<String> derivedFrom, Field annotation) {
            // the accessor as a plain function: explanations read fields of every subject, reflection costs more
            this(name, label, unit, accessor, type, scope, derived, derivedFrom, annotation, Accessors.of(accessor));
        }

        /** The field's value on a fact, or null when the fact does not have it. */
        public Object read(Object fact) {
            return reader.apply(fact);
        }
    }

    /** A fact type with its fields. */
    public record TypeInfo(Class<?> type, String label, Map<String, FieldInfo> fields) {

        public Optional<FieldInfo> field(String name) {
            return Optional.ofNullable(fields.get(name));
        }
    }

    /**
     * The description of a fact type: one of {@link #FACT_TYPES}, or another record that implements
     * {@link Fact} and carries {@link FactType} (the facts of a rule set that is not about applicants).
     */
    public static TypeInfo type(Class<?> type) {
        TypeInfo info = TYPES.get(type);
        if (info != null) {
            return info;
        }
        if (type.isRecord() && Fact.class.isAssignableFrom(type) && type.isAnnotationPresent(FactType.class)) {
            return OTHER_TYPES.computeIfAbsent(type, FactModel::build);
        }
        throw new IllegalArgumentException("not a fact type: " + type.getName());
    }

    public static Optional<TypeInfo> typeNamed(String simpleName) {
        return TYPES.values().stream().filter(t -> t.type().getSimpleName().equals(simpleName)).findFirst();
    }

    public static String labelOf(Class<?> type) {
        TypeInfo info = TYPES.containsKey(type) ? TYPES.get(type) : OTHER_TYPES.get(type);
        return info == null ? type.getSimpleName() : info.label();
    }

    private static TypeInfo build(Class<?> type) {
        Map<String, FieldInfo> fields = new LinkedHashMap<>();
        for (RecordComponent rc : type.getRecordComponents()) {
            Field f = rc.getAnnotation(Field.class);
            Method accessor = rc.getAccessor();
            fields.put(rc.getName(), new FieldInfo(rc.getName(), f == null ? rc.getName() : f.label(),
                    f == null ? "" : f.unit(), accessor, rc.getType(), f != null && f.scope(), false, List.of(), f));
        }
        for (Method m : type.getDeclaredMethods()) {
            Field f = m.getAnnotation(Field.class);
            if (f != null && m.getParameterCount() == 0 && !fields.containsKey(m.getName())) {
                fields.put(m.getName(), new FieldInfo(m.getName(), f.label(), f.unit(), m, m.getReturnType(), f.scope(),
                        true, List.of(f.derivedFrom()), f));
            }
        }
        FactType ft = type.getAnnotation(FactType.class);
        return new TypeInfo(type, ft == null ? type.getSimpleName() : ft.label(), Collections.unmodifiableMap(fields));
    }

    /** Field names of a type, for "did you mean" suggestions. */
    public static List<String> fieldNames(Class<?> type) {
        return new ArrayList<>(type(type).fields().keySet());
    }
}
