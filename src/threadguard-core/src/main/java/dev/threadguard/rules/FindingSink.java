package dev.threadguard.rules;

/** Where rules put their findings. Implementations are safe for one rule at a time. */
@FunctionalInterface
public interface FindingSink {
    void report(Finding finding);

    /** Builds and reports a finding: {@code out.report(finding(path, site).message(...))}. */
    default void report(Finding.Builder finding) {
        report(finding.build());
    }
}
