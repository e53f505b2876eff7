package com.subsidyevaluator.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.subsidyevaluator.engine.RuleDefinition;

/** A rule's metadata as JSON, the same for {@code subsidy rules --format json} and the web API's {@code /api/rules}. */
public final class RuleJson {

    private RuleJson() {
    }

    /** A rule as {@code subsidy rules --format json} lists it. */
    public static ObjectNode rule(RuleDefinition r) {
        ObjectNode n = Json.mapper().createObjectNode();
        n.put("clause", r.clause());
        n.put("rule", r.name());
        n.put("title", r.title());
        n.put("tier", r.tier().code());
        n.put("area", r.area() == null ? null : r.area().displayName());
        n.put("department", r.department());
        n.put("benefit", r.benefitKind() == null ? null : r.benefitKind().label());
        n.put("pool", r.pool());
        n.put("amountWan", r.amountWan());
        n.put("amountParameter", r.amountParameter());
        n.put("amountNote", r.amountNote());
        n.put("exclusiveGroup", r.exclusiveGroup());
        n.put("subject", r.subjectType().getSimpleName());
        n.put("validFrom", r.validFrom() == null ? null : r.validFrom().toString());
        n.put("validTo", r.validTo() == null ? null : r.validTo().toString());
        n.put("file", r.file());
        n.put("line", r.line());
        return n;
    }
}
