package dev.threadguard.facts;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds {@code // threadguard:ignore rule-a, rule-b} comments. Each silences the named rules (all rules
 * when none is named) on its own line, so that it can stand at the end of the reported line.
 */
final class IgnoreComments {

    private static final String MARKER = "threadguard:ignore";

    private IgnoreComments() {
    }

    static void scan(String text, List<Suppression> out) {
        int at = text.indexOf(MARKER);
        while (at >= 0) {
            int line = 1;
            for (int i = text.lastIndexOf('\n', at); i >= 0; i = text.lastIndexOf('\n', i - 1)) {
                line++;
            }
            int end = text.indexOf('\n', at);
            String rest = text.substring(at + MARKER.length(), end < 0 ? text.length() : end);
            int close = rest.indexOf("*/");
            if (close >= 0) {
                rest = rest.substring(0, close);
            }
            Set<String> rules = new TreeSet<>();
            for (String word : rest.split("[\\s,]+")) {
                if (word.matches("[a-z][a-z0-9-]*")) {
                    rules.add(word);
                } else if (!word.isEmpty()) {
                    break;
                }
            }
            out.add(new Suppression(line, line, Set.copyOf(rules)));
            at = text.indexOf(MARKER, at + MARKER.length());
        }
        scanNoInspection(text, out);
    }

    private static final String NO_INSPECTION = "//noinspection ";

    /**
     * IntelliJ IDEA's {@code //noinspection Name} comment, for the names of its checks that match a rule
     * ({@link FactExtractor#OTHER_TOOLS_SUPPRESSIONS}): it silences that rule on the next line, as the IDE
     * does for the statement that follows.
     */
    private static void scanNoInspection(String text, List<Suppression> out) {
        int at = text.indexOf(NO_INSPECTION);
        while (at >= 0) {
            int line = 1;
            for (int i = text.lastIndexOf('\n', at); i >= 0; i = text.lastIndexOf('\n', i - 1)) {
                line++;
            }
            int end = text.indexOf('\n', at);
            String rest = text.substring(at + NO_INSPECTION.length(), end < 0 ? text.length() : end);
            Set<String> rules = new TreeSet<>();
            for (String word : rest.split("[\\s,]+")) {
                String rule = FactExtractor.OTHER_TOOLS_SUPPRESSIONS.get(word);
                if (rule != null) {
                    rules.add(rule);
                }
            }
            if (!rules.isEmpty()) {
                out.add(new Suppression(line, line + 1, Set.copyOf(rules)));
            }
            at = text.indexOf(NO_INSPECTION, at + NO_INSPECTION.length());
        }
    }
}
