package dev.threadguard;

import dev.threadguard.cache.FactsCache;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.Suppression;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleSelection;
import dev.threadguard.rules.Rules;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.SourceDiscovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs the pipeline: discover files, parse each once and extract its facts in parallel, join the facts in
 * the index, run the rules, drop suppressed findings, sort.
 */
public final class Analyzer {

    private final List<Rule> rules;
    private final FactsCache cache;
    private final Confidence minimum;

    /** Every rule, every finding whatever its confidence. */
    public Analyzer() {
        this(Rules.all());
    }

    /** These rules, every finding whatever its confidence. */
    public Analyzer(List<Rule> rules) {
        this(rules, FactsCache.NONE, Confidence.LOW);
    }

    private Analyzer(List<Rule> rules, FactsCache cache, Confidence minimum) {
        this.rules = List.copyOf(rules);
        this.cache = cache;
        this.minimum = minimum;
    }

    /** The rules a selection turns on, showing only the findings whose confidence clears its bar. */
    public Analyzer(RuleSelection selection) {
        this(selection.rules(), FactsCache.NONE, selection.minimum());
    }

    /** This analyzer, taking the facts of files already seen from {@code cache} and storing the others in it. */
    public Analyzer withCache(FactsCache cache) {
        return new Analyzer(rules, cache, minimum);
    }

    public AnalysisResult run(AnalysisOptions options) {
        return run(options, ProgressListener.NONE);
    }

    public AnalysisResult run(AnalysisOptions options, ProgressListener progress) {
        return run(options, progress, index -> { });
    }

    /**
     * Runs the analysis and hands the whole program's index to {@code inspect} before it is closed: how
     * {@code threadguard graph} reads the lock-order graph without a second parse.
     */
    public AnalysisResult run(AnalysisOptions options, ProgressListener progress,
                              java.util.function.Consumer<ProgramIndex> inspect) {
        return run(options, discover(options), progress, inspect);
    }

    /** The files of {@code options}: its paths, less its excludes. */
    public static SourceDiscovery.Discovered discover(AnalysisOptions options) {
        return new SourceDiscovery(options.excludes(), options.workingDirectory(), options.followLinks())
                .discover(options.paths());
    }

    /**
     * Runs the analysis on files already discovered by {@link #discover} for these {@code options}: how the
     * command line checks that no PATH is empty without walking the tree twice.
     */
    public AnalysisResult run(AnalysisOptions options, SourceDiscovery.Discovered found, ProgressListener progress,
                              java.util.function.Consumer<ProgramIndex> inspect) {
        return run(options, found, progress, inspect, found.nanos());
    }

    private AnalysisResult run(AnalysisOptions options, SourceDiscovery.Discovered found, ProgressListener progress,
                               java.util.function.Consumer<ProgramIndex> inspect, long discoveryNanos) {
        long t1 = System.nanoTime();
        long t0 = t1 - discoveryNanos;

        List<SourceDiscovery.SourceFile> files = found.files();
        FileFacts[] facts = new FileFacts[files.size()];
        Diagnostic[] problems = new Diagnostic[files.size()];
        new FileWork(options, files, facts, problems, progress, cache).run();
        long t2 = System.nanoTime();

        List<FileFacts> parsed = new ArrayList<>();
        List<Diagnostic> diagnostics = new ArrayList<>(found.problems());
        for (int i = 0; i < facts.length; i++) {
            if (facts[i] != null) {
                parsed.add(facts[i]);
            }
            if (problems[i] != null) {
                diagnostics.add(problems[i]);
            }
        }
        List<Finding> findings = new ArrayList<>();
        int suppressed = 0;
        try (ProgramIndex index = new ProgramIndex(parsed, options.classPath())) {
            List<Finding> raw = new ArrayList<>();
            for (Rule rule : rules) {
                rule.check(index, raw::add);
            }
            inspect.accept(index);
            java.util.Map<String, FileFacts> byPath = new java.util.HashMap<>();
            for (FileFacts f : parsed) {
                byPath.put(f.path(), f);
            }
            for (Finding f : raw) {
                if (f.confidence().compareTo(minimum) > 0) {
                    continue; // below the bar: not shown, not counted as suppressed
                }
                if (isSuppressed(f, byPath.get(f.path()))) {
                    suppressed++;
                } else {
                    findings.add(f);
                }
            }
        }
        Collections.sort(findings);
        List<Finding> unique = new ArrayList<>(findings.size());
        for (Finding f : findings) {
            if (unique.isEmpty() || unique.get(unique.size() - 1).compareTo(f) != 0) {
                unique.add(f);
            }
        }
        Collections.sort(diagnostics);
        long t3 = System.nanoTime();
        return new AnalysisResult(List.copyOf(unique), List.copyOf(diagnostics), files.size(), suppressed,
                new AnalysisResult.Timings((t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000));
    }

    private static boolean isSuppressed(Finding f, FileFacts file) {
        if (file == null) {
            return false;
        }
        for (Suppression s : file.suppressions()) {
            if (s.covers(f.pos().line(), f.rule().id())) {
                return true;
            }
        }
        return false;
    }
}
