package dev.threadguard.facts;

import java.io.Serializable;
import java.util.Set;

/**
 * A range of lines where some rules are silenced, from {@code @SuppressWarnings("threadguard:<rule>")}
 * or a {@code // threadguard:ignore <rule>} comment. An empty {@code rules} set silences every rule.
 */
public record Suppression(int firstLine, int lastLine, Set<String> rules) implements Serializable {

    public boolean covers(int line, String rule) {
        return line >= firstLine && line <= lastLine && (rules.isEmpty() || rules.contains(rule));
    }
}
