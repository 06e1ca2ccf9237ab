package dev.threadguard.cli;

import dev.threadguard.rules.Severity;

import java.util.Optional;

/** The value of {@code --fail-on}: the least severe finding that makes the exit code 1, or none. */
public enum FailOn {
    ERROR(Severity.ERROR), WARNING(Severity.WARNING), NOTE(Severity.NOTE), NONE(null);

    private final Severity threshold;

    FailOn(Severity threshold) {
        this.threshold = threshold;
    }

    /** The threshold severity; empty for {@link #NONE}, where no finding fails the run. */
    public Optional<Severity> threshold() {
        return Optional.ofNullable(threshold);
    }

    /** Whether a finding of this severity fails the run. */
    public boolean fails(Severity severity) {
        return threshold != null && severity.atLeast(threshold);
    }
}
