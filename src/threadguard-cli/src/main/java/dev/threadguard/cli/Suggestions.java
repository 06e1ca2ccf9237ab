package dev.threadguard.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Finds the names a mistyped one was probably meant to be. */
final class Suggestions {

    private static final int MAX = 3;

    private Suggestions() {
    }

    /**
     * The candidates closest to {@code typed}: those within a few edits of it, or containing it, nearest
     * first and at most three, so that the suggestion fits on the one line of a usage error.
     */
    static List<String> closest(String typed, Iterable<String> candidates) {
        String t = typed.toLowerCase(Locale.ROOT);
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String candidate : candidates) {
            String c = candidate.toLowerCase(Locale.ROOT);
            int distance = distance(t, c);
            boolean contains = t.length() >= 3 && c.contains(t);
            // A third of the name may be wrong: "futre-result-ignord" still finds its rule, "x" finds nothing.
            if (distance <= Math.max(2, c.length() / 3) || contains) {
                scored.add(new Scored(candidate, contains ? Math.min(distance, c.length() - t.length()) : distance));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance).thenComparing(Scored::name));
        return scored.stream().limit(MAX).map(Scored::name).toList();
    }

    /** {@code a}, {@code a or b}, {@code a, b or c}. */
    static String either(List<String> names) {
        return join(names, "or");
    }

    /** {@code a}, {@code a and b}, {@code a, b and c}. */
    static String both(List<String> names) {
        return join(names, "and");
    }

    private static String join(List<String> names, String conjunction) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " " + conjunction + " "
                + names.get(names.size() - 1);
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost one. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
