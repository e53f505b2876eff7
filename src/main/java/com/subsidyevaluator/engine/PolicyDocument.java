package com.subsidyevaluator.engine;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The policy document a rule set encodes: its number, title, dates and areas. Read from
 * {@code document.yaml} in the rule-set directory.
 *
 * @param id         short id of the rule set, e.g. "yueqing-2023"
 * @param number     the document number, e.g. 乐政发〔2023〕6号
 * @param title      the document title
 * @param issuer     who issued it
 * @param issued     the issue date
 * @param validFrom  first day the policies apply
 * @param validTo    last day the policies apply
 * @param clauses    how many numbered clauses the document has
 * @param source     where the text comes from
 * @param areas      the policy areas with their lead departments
 */
@JsonPropertyOrder({"id", "number", "title", "issuer", "issued", "validFrom", "validTo", "clauses", "source", "areas"})
public record PolicyDocument(String id, String number, String title, String issuer, LocalDate issued,
                             LocalDate validFrom, LocalDate validTo, int clauses, String source, List<Area> areas) {

    public PolicyDocument {
        areas = areas == null ? List.of() : List.copyOf(areas);
    }

    /**
     * One policy area (一 … 八) and the clauses it holds.
     *
     * @param number      1 … 8
     * @param name        e.g. 科技创新政策
     * @param department  the lead department(s), e.g. 市科技局
     * @param firstClause the first clause number in the area
     * @param lastClause  the last clause number in the area
     */
    @JsonPropertyOrder({"number", "name", "department", "firstClause", "lastClause"})
    public record Area(int number, String name, String department, int firstClause, int lastClause) {

        private static final String[] NUMERALS = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

        /** "二、科技创新政策". */
        public String displayName() {
            return (number > 0 && number < NUMERALS.length ? NUMERALS[number] : String.valueOf(number)) + "、" + name;
        }

        public boolean contains(int clause) {
            return clause >= firstClause && clause <= lastClause;
        }
    }

    /** The area a clause belongs to. */
    public Optional<Area> areaOf(int clause) {
        return areas.stream().filter(a -> a.contains(clause)).findFirst();
    }

    public boolean inForce(LocalDate date) {
        return !date.isBefore(validFrom) && !date.isAfter(validTo);
    }
}
