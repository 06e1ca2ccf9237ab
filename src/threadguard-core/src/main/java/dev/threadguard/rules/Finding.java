package dev.threadguard.rules;

import dev.threadguard.facts.Pos;

import java.util.List;

/**
 * One reported problem.
 *
 * @param path      the file, as given to the analysis
 * @param member    the enclosing type and member ({@code OrderService.placeOrder}), part of the fingerprint
 * @param trace     related places, in the order a reader should visit them
 */
public record Finding(
        RuleInfo rule,
        Severity severity,
        Confidence confidence,
        String path,
        Pos pos,
        String member,
        String message,
        List<TraceStep> trace) implements Comparable<Finding> {

    @Override
    public int compareTo(Finding o) {
        int c = path.compareTo(o.path);
        if (c == 0) {
            c = pos.compareTo(o.pos);
        }
        if (c == 0) {
            c = rule.id().compareTo(o.rule.id());
        }
        if (c == 0) {
            c = message.compareTo(o.message);
        }
        return c;
    }
}
