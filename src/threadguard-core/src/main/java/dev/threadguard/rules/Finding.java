package dev.threadguard.rules;

import dev.threadguard.facts.Pos;
import dev.threadguard.facts.Site;

import java.util.ArrayList;
import java.util.List;

/**
 * One reported problem. Rules build one with {@link Rule#finding(String, Site)}: they say where, what and how
 * sure; the rule, its default severity and an empty trace are filled in.
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

    /** A finding of {@code rule} at {@code site} in the file {@code path}; see {@link Rule#finding(String, Site)}. */
    public static Builder of(RuleInfo rule, String path, Site site) {
        return of(rule, path, site.pos(), site.member());
    }

    /** A finding of {@code rule} at {@code pos}, inside {@code member}, in the file {@code path}. */
    public static Builder of(RuleInfo rule, String path, Pos pos, String member) {
        return new Builder(rule, path, pos, member);
    }

    /**
     * What a rule states about a finding beyond its place: the message (required), and when they differ from
     * the defaults the confidence ({@link Confidence#HIGH}), the severity (the rule's default) and the trace.
     */
    public static final class Builder {
        private final RuleInfo rule;
        private final String path;
        private final Pos pos;
        private final String member;
        private Severity severity;
        private Confidence confidence = Confidence.HIGH;
        private String message;
        private final List<TraceStep> trace = new ArrayList<>();

        private Builder(RuleInfo rule, String path, Pos pos, String member) {
            this.rule = rule;
            this.path = path;
            this.pos = pos;
            this.member = member;
            this.severity = rule.severity();
        }

        public Builder message(String message) {
            this.message = message;
            return this;
        }

        public Builder confidence(Confidence confidence) {
            this.confidence = confidence;
            return this;
        }

        public Builder severity(Severity severity) {
            this.severity = severity;
            return this;
        }

        /** Adds related places, in the order a reader should visit them. */
        public Builder trace(List<TraceStep> steps) {
            trace.addAll(steps);
            return this;
        }

        public Builder trace(TraceStep... steps) {
            return trace(List.of(steps));
        }

        public Finding build() {
            if (message == null) {
                throw new IllegalStateException("a finding of " + rule.id() + " at " + path + ":" + pos + " has no message");
            }
            return new Finding(rule, severity, confidence, path, pos, member, message, List.copyOf(trace));
        }
    }
}
