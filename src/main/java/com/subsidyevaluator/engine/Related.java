package com.subsidyevaluator.engine;

import com.subsidyevaluator.engine.FactModel.FieldInfo;
import java.util.List;

/**
 * A related-fact condition of a rule: besides its subject, the rule requires that the subject's case has
 * ({@code exists Project( … )}) or has not ({@code not Project( … )}) a fact of a type meeting conditions. A case
 * is one applicant's, so a related fact is always the applicant's own: the engine draws the candidates from the
 * subject's case (the join on the applicant), and the conditions inside say which of them count.
 *
 * @param kind       exists or not
 * @param type       the related fact type
 * @param conditions the conditions inside its pattern, in order (scope conditions choose the candidates)
 * @param line       the line of the {@code exists}/{@code not} keyword
 * @param column     its column
 */
public record Related(Kind kind, Class<?> type, List<Condition> conditions, int line, int column) {

    /** Whether such a fact must exist or must not. */
    public enum Kind {
        EXISTS("exists"), NOT("not");

        private final String keyword;

        Kind(String keyword) {
            this.keyword = keyword;
        }

        /** The DRL keyword. */
        public String keyword() {
            return keyword;
        }
    }

    public Related {
        conditions = List.copyOf(conditions);
    }

    /** The type's label, e.g. 项目. */
    public String label() {
        return FactModel.labelOf(type);
    }

    /** The name a data test and a result use for the condition: the type's simple name, e.g. {@code Project}. */
    public String field() {
        return type.getSimpleName();
    }

    /** The condition as written, e.g. {@code exists Project( provincialMajorStatus == ProvincialMajorStatus.LISTED )}. */
    public String text() {
        return kind.keyword() + " " + type.getSimpleName() + "( "
                + String.join(", ", conditions.stream().map(Condition::text).toList()) + " )";
    }

    /** Every field its conditions read. */
    public List<FieldInfo> fields() {
        return conditions.stream().flatMap(c -> c.fields().stream()).distinct().toList();
    }
}
