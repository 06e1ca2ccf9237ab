package dev.threadguard;

import dev.threadguard.rules.Finding;
import dev.threadguard.source.Diagnostic;

import java.util.List;

/**
 * What an analysis found, sorted by file, line, column and rule, the same whatever the thread count.
 *
 * @param findings    the findings left after suppressions
 * @param diagnostics files that could not be read or parsed
 * @param files       how many files were analysed (parsed or not)
 * @param suppressed  how many findings suppressions silenced
 * @param baselined   how many findings a baseline hid (see {@link dev.threadguard.baseline.Baseline})
 * @param timings     wall-clock milliseconds per phase: parse (with fact extraction), index, rules
 */
public record AnalysisResult(List<Finding> findings, List<Diagnostic> diagnostics, int files, int suppressed,
                             int baselined, Timings timings) {

    /** A result no baseline was applied to. */
    public AnalysisResult(List<Finding> findings, List<Diagnostic> diagnostics, int files, int suppressed,
                          Timings timings) {
        this(findings, diagnostics, files, suppressed, 0, timings);
    }

    /** This result with only {@code kept} of its findings, {@code hidden} more of them hidden by a baseline. */
    public AnalysisResult withBaselined(List<Finding> kept, int hidden) {
        return new AnalysisResult(List.copyOf(kept), diagnostics, files, suppressed, baselined + hidden, timings);
    }

    /** Wall-clock milliseconds of each phase. */
    public record Timings(long discoverMillis, long parseMillis, long rulesMillis) {
    }
}
