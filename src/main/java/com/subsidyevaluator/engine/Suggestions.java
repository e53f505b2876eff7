package com.subsidyevaluator.engine;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the names closest to a misspelt one, for "是否指 …?" hints. */
public final class Suggestions {

    private Suggestions() {
    }

    /** Up to {@code max} candidates within a small edit distance of {@code wrong}, closest first. */
    public static List<String> nearest(String wrong, Collection<String> candidates, int max) {
        String w = wrong.toLowerCase(Locale.ROOT);
        int limit = Math.max(2, w.length() / 3);
        return candidates.stream()
                .map(c -> new Scored(c, score(w, c.toLowerCase(Locale.ROOT))))
                .filter(x -> x.distance() <= limit || x.name().toLowerCase(Locale.ROOT).startsWith(w)
                        || w.startsWith(x.name().toLowerCase(Locale.ROOT)))
                .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name))
                .limit(max)
                .map(Scored::name)
                .toList();
    }

    private record Scored(String name, int distance) {
    }

    /** Units that end field names; "rdExpence" should find "rdExpenseWan". */
    private static final List<String> UNIT_SUFFIXES = List.of("wan", "mu", "percent", "teu", "count", "year", "years");

    /** The edit distance to the name, or to the name without its unit suffix when that is closer. */
    private static int score(String wrong, String candidate) {
        int best = distance(wrong, candidate);
        for (String u : UNIT_SUFFIXES) {
            if (candidate.endsWith(u) && candidate.length() > u.length() && !wrong.endsWith(u)) {
                best = Math.min(best, distance(wrong, candidate.substring(0, candidate.length() - u.length())));
            }
        }
        return best;
    }

    /** Damerau–Levenshtein distance (with adjacent transpositions). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
