package dev.threadguard;

import com.github.javaparser.JavaParser;
import dev.threadguard.facts.FactExtractor;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.Suppression;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleSelection;
import dev.threadguard.rules.Rules;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.JavaSources;
import dev.threadguard.source.SourceDiscovery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the pipeline: discover files, parse each once and extract its facts in parallel, join the facts in
 * the index, run the rules, drop suppressed findings, sort.
 */
public final class Analyzer {

    /** Parser recursion grows with nesting; a large stack lets deeply nested but valid files parse. */
    private static final long WORKER_STACK_BYTES = 64L << 20;

    private final List<Rule> rules;
    private final Confidence minimum;

    /** Every rule, every finding whatever its confidence. */
    public Analyzer() {
        this(Rules.all());
    }

    /** These rules, every finding whatever its confidence. */
    public Analyzer(List<Rule> rules) {
        this.rules = List.copyOf(rules);
        this.minimum = Confidence.LOW;
    }

    /** The rules a selection turns on, showing only the findings whose confidence clears its bar. */
    public Analyzer(RuleSelection selection) {
        this.rules = selection.rules();
        this.minimum = selection.minimum();
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
        long t0 = System.nanoTime();
        SourceDiscovery discovery = new SourceDiscovery(options.excludes(), options.workingDirectory());
        SourceDiscovery.Discovered found = discovery.discover(options.paths());
        long t1 = System.nanoTime();

        List<SourceDiscovery.SourceFile> files = found.files();
        FileFacts[] facts = new FileFacts[files.size()];
        Diagnostic[] problems = new Diagnostic[files.size()];
        extractAll(options, files, facts, problems, progress);
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

    private static void extractAll(AnalysisOptions options, List<SourceDiscovery.SourceFile> files,
                                   FileFacts[] facts, Diagnostic[] problems, ProgressListener progress) {
        int threads = Math.max(1, Math.min(options.threads(), files.size()));
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Runnable worker = () -> {
            JavaParser parser = new JavaParser(JavaSources.configuration(options.languageLevel()));
            for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                SourceDiscovery.SourceFile file = files.get(i);
                try {
                    JavaSources.Parsed p = JavaSources.parse(file.path(), file.displayPath(), parser,
                            options.encoding());
                    if (p.problem() != null) {
                        problems[i] = p.problem();
                    } else {
                        facts[i] = FactExtractor.extract(file.displayPath(), p.unit(), p.text());
                    }
                } catch (StackOverflowError e) {
                    problems[i] = new Diagnostic(file.displayPath(), 1, 1, "too deeply nested to analyse");
                } catch (RuntimeException e) {
                    problems[i] = new Diagnostic(file.displayPath(), 1, 1, "internal error while analysing this file: " + e);
                }
                progress.filesDone(done.incrementAndGet(), files.size());
            }
        };
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(null, r, "threadguard-worker-" + count.incrementAndGet(), WORKER_STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                running.add(pool.submit(worker));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("analysis interrupted", e);
        } catch (ExecutionException e) {
            // An Error in a worker (out of memory) must fail the run, not silently drop files.
            throw new IllegalStateException("analysis failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

}
