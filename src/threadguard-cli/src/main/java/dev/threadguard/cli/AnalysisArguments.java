package dev.threadguard.cli;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;
import dev.threadguard.ProgressListener;
import dev.threadguard.ParseIsolation;
import dev.threadguard.cache.FactsCache;
import dev.threadguard.config.ConfigException;
import dev.threadguard.config.ProjectConfig;
import dev.threadguard.rules.Rules;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.SourceDiscovery;
import dev.threadguard.rules.RuleSelection;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What to analyse and how: the paths and the options every command that runs an analysis shares
 * ({@code check}, {@code baseline}, {@code graph}), with the checks that turn mistakes in them into usage errors.
 */
final class AnalysisArguments {

    @Parameters(paramLabel = "PATH", arity = "0..*", defaultValue = ".",
            description = "Java files and directories to analyse (default: the current directory).")
    List<Path> paths = new ArrayList<>();

    @Option(names = {"-j", "--threads"}, paramLabel = "N", converter = Converters.PositiveInt.class,
            description = "Parse and extract facts with N threads. Default: ${DEFAULT-VALUE}, the number of "
                    + "processors. The findings are the same whatever N is.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--exclude", paramLabel = "GLOB", converter = Converters.Glob.class,
            description = "Leave out the files and directories matching GLOB, a path relative to the PATH they "
                    + "are under or to the current directory. '*' matches within a directory name, '**' across "
                    + "directories; a leading '**/' matches at any depth, the top included, as gitignore does: "
                    + "'**/generated/**' leaves out every generated directory, '**/Old*.java' every such file. "
                    + "Files named as PATH are always analysed. Repeatable.")
    List<String> excludes = new ArrayList<>();

    @Option(names = "--classpath", paramLabel = "PATHS", split = "${sys:path.separator}",
            splitSynopsisLabel = "${sys:path.separator}",
            description = "Jars and class directories the sources are compiled against, separated by "
                    + "'${sys:path.separator}', so that their types are known. Repeatable.")
    List<Path> classPath = new ArrayList<>();

    @Option(names = "--language-level", paramLabel = "VERSION", defaultValue = "newest",
            converter = Converters.Level.class,
            description = "The Java version the sources are written in: 1.0 to 1.4, 5 to 26, or newest "
                    + "(1.5 to 1.8 mean 5 to 8). A file using a feature of a later version is reported as not "
                    + "parsing. Default: ${DEFAULT-VALUE}, Java 26, the newest the parser knows.")
    LanguageLevel languageLevel;

    @Option(names = "--encoding", paramLabel = "CHARSET", defaultValue = "UTF-8",
            converter = Converters.Encoding.class,
            description = "The encoding of the source files, such as UTF-8, ISO-8859-1 or windows-1252, as "
                    + "javac's -encoding. A file with bytes that are not valid in it is reported as not "
                    + "parsing. A UTF-8 byte-order mark is ignored. Default: ${DEFAULT-VALUE}.")
    Charset encoding;

    @Option(names = "--cache", paramLabel = "DIR",
            description = "Keep the facts of each file in DIR, created if missing, and reuse them while the file "
                    + "and threadguard stay the same: a second run parses only the files that changed. Entries "
                    + "are checked before use and rebuilt when they do not match; the findings are the same "
                    + "with or without the cache. DIR can be saved and restored between CI runs.")
    Path cacheDirectory;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Read the project's settings from FILE (see the README's Configuration). Default: the "
                    + "nearest threadguard.properties in the directory of each PATH or above it. Options given "
                    + "on the command line win over the file.")
    Path configFile;

    /** The configuration read by {@link #config()}. */
    private ProjectConfig config;
    @Option(names = "--file-timeout", paramLabel = "SECONDS", defaultValue = "10",
            converter = Converters.Seconds.class,
            description = "Give up on a file whose parsing and analysis take more processor time than this (or "
                    + "five times as long by the clock), report it as not parsing, and go on with the others; 0 for "
                    + "no limit. Unlike the size limits, it depends on the machine. Default: ${DEFAULT-VALUE}.")
    java.time.Duration fileTimeout;

    @Option(names = "--max-file-size", paramLabel = "SIZE", defaultValue = "5m", converter = Converters.Size.class,
            description = "Report a larger file as not parsing instead of reading it: bytes, or with k or m "
                    + "(units of 1024). Default: ${DEFAULT-VALUE}.")
    long maxFileSize;

    @Option(names = "--max-tokens", paramLabel = "N", defaultValue = "500000", converter = Converters.PositiveInt.class,
            description = "Report a file of more tokens (words, numbers, operators) as not parsing; parsing "
                    + "takes about 1 KB of memory per token. Default: ${DEFAULT-VALUE}.")
    int maxTokens;

    @Option(names = "--max-nesting", paramLabel = "N", defaultValue = "256", converter = Converters.PositiveInt.class,
            description = "Report a file with brackets or type arguments nested deeper as not parsing. "
                    + "Default: ${DEFAULT-VALUE}.")
    int maxNesting;

    @Option(names = "--max-lambda-nesting", paramLabel = "N", defaultValue = "12",
            converter = Converters.PositiveInt.class,
            description = "Report a file with a longer chain of lambda bodies, anonymous classes or array "
                    + "initializers in call arguments, one inside the other, as not parsing: each step doubles the "
                    + "parser's work. Default: ${DEFAULT-VALUE}.")
    int maxLambdaNesting;

    @Option(names = "--isolate-parse", paramLabel = "WHEN", defaultValue = "auto",
            converter = Converters.Isolation.class, completionCandidates = Converters.IsolationNames.class,
            description = "Parse files in separate Java processes, so that a file given up on at --file-timeout is "
                    + "stopped at once with its memory: auto (where a thread cannot be stopped: Java 20 and "
                    + "later), always, or never (a file given up on then runs on in the background until its parse "
                    + "ends). Default: ${DEFAULT-VALUE}.")
    ParseIsolation isolation;

    @Option(names = "--follow-links",
            description = "Also follow symbolic links that lead out of the PATH they are found under (links "
                    + "within it are always followed).")
    boolean followLinks;

    @Option(names = "--allow-empty",
            description = "Accept a PATH with no Java file under it (without this, it is a usage error).")
    boolean allowEmpty;

    @Option(names = "--no-progress", description = "Do not draw the progress line on standard error.")
    boolean noProgress;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** The files found by {@link #options()}, for the options it returned; null before. */
    private SourceDiscovery.Discovered discovered;
    private AnalysisOptions discoveredFor;

    /** The options of the analysis, after checking that every path and class path entry exists. */
    AnalysisOptions options() {
        for (Path path : paths) {
            // A misspelt path in a CI script would otherwise analyse nothing and pass.
            if (!Files.exists(path)) {
                throw new UsageError(spec.commandLine(), "no such file or directory: " + path);
            }
        }
        List<Path> entries = new ArrayList<>();
        for (Path entry : classPath) {
            // "a.jar::b.jar" or a trailing separator leaves empty entries; javac ignores them too.
            if (entry.toString().isEmpty()) {
                continue;
            }
            if (!Files.exists(entry)) {
                throw new UsageError(spec.commandLine(), "class path entry " + entry + " does not exist");
            }
            entries.add(entry);
        }
        ProjectConfig settings = config();
        List<String> allExcludes = new ArrayList<>(settings.excludes());
        allExcludes.addAll(excludes);
        AnalysisOptions options = AnalysisOptions.of(paths.toArray(Path[]::new))
                .withThreads(threads)
                .withExcludes(allExcludes)
                .withClassPath(entries)
                .withLanguageLevel(settings.languageLevel() != null && !given("--language-level")
                        ? settings.languageLevel() : languageLevel)
                .withEncoding(settings.encoding() != null && !given("--encoding") ? settings.encoding() : encoding)
                .withLimits(limits(settings))
                .withFollowLinks(followLinks)
                .withIsolation(settings.isolation() != null && !given("--isolate-parse") ? settings.isolation()
                        : isolation);
        // Discovered once, here: the empty-PATH check reads it, and the analysis runs on it.
        discovered = Analyzer.discover(options);
        discoveredFor = options;
        if (!allowEmpty) {
            // A misaimed CI job would otherwise analyse nothing and pass. Found before the analysis, per PATH.
            for (Path path : discovered.emptyDirectories()) {
                throw new UsageError(spec.commandLine(), "no Java files under " + path
                        + (allExcludes.isEmpty() ? "" : " that --exclude leaves in")
                        + " (--allow-empty accepts it)");
            }
        }
        return options;
    }

    /** The per-file limits: each option given on the command line, else the configuration file's, else its default. */
    private FileLimits limits(ProjectConfig settings) {
        FileLimits limits = settings.limits().over(FileLimits.DEFAULTS);
        if (given("--max-file-size")) {
            limits = limits.withMaxBytes(maxFileSize);
        }
        if (given("--max-tokens")) {
            limits = limits.withMaxTokens(maxTokens);
        }
        if (given("--max-nesting")) {
            limits = limits.withMaxNesting(maxNesting);
        }
        if (given("--max-lambda-nesting")) {
            limits = limits.withMaxLambdaNesting(maxLambdaNesting);
        }
        if (given("--file-timeout")) {
            limits = limits.withTimeout(fileTimeout);
        }
        return limits;
    }

    /**
     * The project's configuration: {@code --config}, else the {@code threadguard.properties} found from the
     * paths, else none. A file that cannot be used is a usage error that names its line.
     */
    ProjectConfig config() {
        if (config == null) {
            try {
                Path file = configFile != null ? configFile : ProjectConfig.find(paths);
                if (configFile != null && !Files.isRegularFile(configFile)) {
                    throw new UsageError(spec.commandLine(), "--config " + configFile + " is not a file");
                }
                config = file == null ? ProjectConfig.NONE : ProjectConfig.read(file);
            } catch (ConfigException e) {
                throw new UsageError(spec.commandLine(), e.getMessage(),
                        "The keys are described in the README, section Configuration.");
            }
        }
        return config;
    }

    /** Whether an option was given on the command line, so that it wins over the configuration file. */
    boolean given(String option) {
        return spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * Runs the analysis, with a progress line on standard error when {@code progressWanted} (a terminal that
     * is not asked to be quiet) and not {@code --no-progress}, and says on standard error when no Java file
     * was found at all.
     */
    AnalysisResult analyse(AnalysisOptions options, boolean progressWanted, RuleSelection selection) {
        return analyse(options, progressWanted, selection, index -> { });
    }

    /**
     * Runs the rules {@code selection} turns on, showing the findings that clear its confidence bar, and
     * hands the program's index to {@code inspect}.
     */
    AnalysisResult analyse(AnalysisOptions options, boolean progressWanted, RuleSelection selection,
                           Consumer<ProgramIndex> inspect) {
        return analyse(options, progressWanted, new Analyzer(selection), inspect);
    }

    /**
     * Runs {@code analyzer} as {@link #analyse(AnalysisOptions, boolean, RuleSelection)} does, and hands the whole program's
     * index to {@code inspect} before it is closed ({@code graph} reads the lock-order graph there).
     */
    AnalysisResult analyse(AnalysisOptions options, boolean progressWanted, Analyzer analyzer,
                           Consumer<ProgramIndex> inspect) {
        PrintWriter err = spec.commandLine().getErr();
        String noProcesses = ParseIsolation.unavailable();
        if (noProcesses != null && options.isolation().wantsProcesses(options.limits().timeout())) {
            err.println("threadguard: warning: files are parsed in threads, not in processes: " + noProcesses);
        }
        FactsCache cache = openCache(err);
        AnalysisResult result;
        try (ProgressLine line = progressWanted && !noProgress ? new ProgressLine(err) : null) {
            result = analyse(analyzer.withCache(cache), options, line == null ? ProgressListener.NONE : line, inspect);
        }
        reportCache(cache, result, err);
        if (result.files() == 0) {
            // Exit code 0 with nothing analysed looks like a clean tree: say so even with --quiet, since a
            // misspelt or moved source directory in a CI script is what this usually is.
            err.println("threadguard: no Java files found under " + String.join(", ", paths.stream()
                    .map(Path::toString).toList()));
            err.flush();
        }
        return result;
    }

    /** The cache of {@code --cache}; one that cannot be used is a warning, and the run goes on without it. */
    private FactsCache openCache(PrintWriter err) {
        if (cacheDirectory == null) {
            return FactsCache.NONE;
        }
        try {
            return FactsCache.open(cacheDirectory);
        } catch (IOException | UnsupportedOperationException e) {
            err.println("threadguard: warning: facts cache not used: " + cacheDirectory + ": "
                    + (e instanceof IOException io ? dev.threadguard.source.SourceDiscovery.reason(io) : e.getMessage()));
            err.flush();
            return FactsCache.NONE;
        }
    }

    /** One line on how the cache served, unless {@code --quiet}; a cache that could not be written always. */
    private void reportCache(FactsCache cache, AnalysisResult result, PrintWriter err) {
        if (cache == FactsCache.NONE) {
            return;
        }
        FactsCache.Stats stats = cache.stats();
        if (!given("--quiet")) {
            err.println("threadguard: facts cache " + cacheDirectory + ": " + stats.hits() + " of "
                    + result.files() + " files reused" + (stats.rejected() > 0
                    ? ", " + stats.rejected() + " unusable entries rebuilt" : ""));
        }
        if (stats.problem() != null) {
            err.println("threadguard: warning: facts cache: " + stats.problem());
        }
        err.flush();
    }

    private AnalysisResult analyse(Analyzer analyzer, AnalysisOptions options, ProgressListener progress,
                                   Consumer<ProgramIndex> inspect) {
        try {
            return options.equals(discoveredFor) ? analyzer.run(options, discovered, progress, inspect)
                    : analyzer.run(options, progress, inspect);
        } catch (RuntimeException | OutOfMemoryError e) {
            // Running out of memory, in this thread or a worker's, is an internal failure (exit code 3) like
            // any other, but one with a remedy worth saying.
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof OutOfMemoryError) {
                    throw new IllegalStateException("out of memory; give the JVM more, for example "
                            + "THREADGUARD_JAVA_OPTS=-Xmx4g bin/threadguard ...", e);
                }
            }
            throw e;
        }
    }
}
