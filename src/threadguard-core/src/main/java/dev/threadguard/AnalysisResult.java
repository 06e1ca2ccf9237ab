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
 * @param timings     wall-clock milliseconds per phase: parse (with fact extraction), index, rules
 */
public record AnalysisResult(List<Finding> findings, List<Diagnostic> diagnostics, int files, int suppressed,
                             Timings timings) {

    /** Wall-clock milliseconds of each phase. */
    public record Timings(long discoverMillis, long parseMillis, long rulesMillis) {
    }
}
