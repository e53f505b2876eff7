package com.subsidyevaluator.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.model.CaseFile;
import com.subsidyevaluator.model.FactType;
import com.subsidyevaluator.model.Field;
import com.subsidyevaluator.model.Labelled;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The case-file format as a JSON Schema (draft 2020-12), generated from the fact model so that it can never
 * disagree with the reader. Every number states its unit in its title and in {@code x-unit}.
 */
public final class CaseSchema {

    public static final String ID = "https://subsidy-evaluator.example/schema/case.schema.json";

    private CaseSchema() {
    }

    public static ObjectNode schema() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", ID);
        root.put("title", "申请案例（subsidy-evaluator case file）");
        Map<Class<?>, ObjectNode> defs = new LinkedHashMap<>();
        ObjectNode body = object(CaseFile.class, defs);
        body.remove("title");
        root.setAll(body);
        ObjectNode d = root.putObject("$defs");
        defs.forEach((type, node) -> d.set(type.getSimpleName(), node));
        return root;
    }

    /** The schema as indented JSON text. */
    public static String text() {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(schema()) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode object(Class<?> type, Map<Class<?>, ObjectNode> defs) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        FactType ft = type.getAnnotation(FactType.class);
        if (ft != null) {
            o.put("title", ft.label());
            if (!ft.description().isEmpty()) {
                o.put("description", ft.description());
            }
        }
        o.put("type", "object");
        o.put("additionalProperties", false);
        ArrayNode required = f.arrayNode();
        ObjectNode props = o.putObject("properties");
        for (RecordComponent rc : type.getRecordComponents()) {
            Field field = rc.getAnnotation(Field.class);
            if (field != null && field.required()) {
                required.add(rc.getName());
            }
            props.set(rc.getName(), property(rc, field, defs));
        }
        if (!required.isEmpty()) {
            o.set("required", required);
        }
        return o;
    }

    private static ObjectNode property(RecordComponent rc, Field field, Map<Class<?>, ObjectNode> defs) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode p = f.objectNode();
        Class<?> t = rc.getType();
        String unit = field == null ? "" : field.unit();
        if (field != null) {
            p.put("title", field.label() + (unit.isEmpty() ? "" : "（" + unit + "）"));
            if (!field.description().isEmpty()) {
                p.put("description", field.description());
            }
            if (!unit.isEmpty()) {
                p.put("x-unit", unit);
            }
            if (field.scope()) {
                p.put("x-scope", true);
            }
        }
        boolean nullable = field == null || !field.required();
        if (List.class.isAssignableFrom(t)) {
            Class<?> element = CaseReader.elementType(rc);
            p.put("type", "array");
            p.putObject("items").put("$ref", "#/$defs/" + define(element, defs));
        } else if (t.isRecord()) {
            if (nullable) {
                ArrayNode any = p.putArray("anyOf");
                any.addObject().put("$ref", "#/$defs/" + define(t, defs));
                any.addObject().put("type", "null");
            } else {
                p.put("$ref", "#/$defs/" + define(t, defs));
            }
        } else if (t.isEnum()) {
            type(p, "string", nullable);
            ArrayNode values = p.putArray("enum");
            ArrayNode one = f.arrayNode();
            for (Object c : t.getEnumConstants()) {
                values.add(((Enum<?>) c).name());
                ObjectNode alt = one.addObject();
                alt.put("const", ((Enum<?>) c).name());
                alt.put("title", c instanceof Labelled l ? l.label() : ((Enum<?>) c).name());
            }
            if (nullable) {
                values.addNull();
            }
            p.set("x-labels", one);
        } else if (t == BigDecimal.class) {
            type(p, "number", nullable);
            bounds(p, field);
        } else if (t == Integer.class || t == int.class) {
            type(p, "integer", nullable);
            bounds(p, field);
        } else if (t == Boolean.class) {
            type(p, "boolean", nullable);
        } else if (t == LocalDate.class) {
            type(p, "string", nullable);
            p.put("format", "date");
        } else {
            type(p, "string", nullable);
            if (field != null && !field.pattern().isEmpty()) {
                p.put("pattern", "^" + field.pattern() + "$");
            }
            if (field != null && field.check().equals("uscc")) {
                p.put("x-check", "GB 32100-2015 校验码");
            }
            if (field != null && field.required()) {
                p.put("minLength", 1);
            }
        }
        return p;
    }

    private static void type(ObjectNode p, String type, boolean nullable) {
        if (nullable) {
            ArrayNode a = p.putArray("type");
            a.add(type);
            a.add("null");
        } else {
            p.put("type", type);
        }
    }

    private static void bounds(ObjectNode p, Field field) {
        if (field == null) {
            return;
        }
        if (!field.min().isEmpty()) {
            p.put("minimum", new BigDecimal(field.min()));
        }
        if (!field.max().isEmpty()) {
            p.put("maximum", new BigDecimal(field.max()));
        }
    }

    private static String define(Class<?> type, Map<Class<?>, ObjectNode> defs) {
        if (!defs.containsKey(type)) {
            defs.put(type, null);
            defs.put(type, object(type, defs));
        }
        return type.getSimpleName();
    }
}
