package dev.threadguard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Severity;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The least severe finding that fails a run ({@code --fail-on} of the command line, {@code failOnSeverity}
 * of the Maven plugin), or none.
 *
 * <pre>{@code
 * FailOn failOn = FailOn.parse("warning");
 * long failing = failOn.count(result.findings());   // 0: the build passes
 * }</pre>
 */
public enum FailOn {
    ERROR(Severity.ERROR), WARNING(Severity.WARNING), NOTE(Severity.NOTE), NONE(null);

    private final Severity threshold;

    FailOn(Severity threshold) {
        this.threshold = threshold;
    }

    /**
     * The value a user wrote: {@code error}, {@code warning}, {@code note} or {@code none}, in any case.
     *
     * @throws IllegalArgumentException with a message that lists the accepted values
     */
    public static FailOn parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> names = labels();
            throw new IllegalArgumentException("unknown severity '" + value + "' (expected "
                    + String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1)
                    + ")");
        }
    }

    /** The accepted values, most severe first: {@code error, warning, note, none}. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(FailOn::label).toList();
    }

    /** The value as users write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The threshold severity; empty for {@link #NONE}, where no finding fails the run. */
    public Optional<Severity> threshold() {
        return Optional.ofNullable(threshold);
    }

    /** Whether a finding of this severity fails the run. */
    public boolean fails(Severity severity) {
        return threshold != null && severity.atLeast(threshold);
    }

    /** How many of {@code findings} fail the run. */
    public long count(List<Finding> findings) {
        return findings.stream().map(Finding::severity).filter(this::fails).count();
    }
}
