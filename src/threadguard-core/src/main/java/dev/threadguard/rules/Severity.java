package dev.threadguard.rules;

/** How bad a finding is; the names match SARIF's levels. */
public enum Severity {
    ERROR, WARNING, NOTE;

    /** The lower-case name used on the command line, in text output and in SARIF. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether this severity is at least as bad as {@code threshold}. */
    public boolean atLeast(Severity threshold) {
        return ordinal() <= threshold.ordinal();
    }
}
