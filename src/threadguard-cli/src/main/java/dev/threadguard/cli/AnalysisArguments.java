package dev.threadguard.cli;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;
import dev.threadguard.ProgressListener;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.RuleSelection;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

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

    @Option(names = "--no-progress", description = "Do not draw the progress line on standard error.")
    boolean noProgress;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

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
        return AnalysisOptions.of(paths.toArray(Path[]::new))
                .withThreads(threads)
                .withExcludes(excludes)
                .withClassPath(entries)
                .withLanguageLevel(languageLevel)
                .withEncoding(encoding);
    }

    /**
     * Runs the analysis, with a progress line on standard error when {@code progressWanted} (a terminal that
     * is not asked to be quiet) and not {@code --no-progress}, and says on standard error when no Java file
     * was found at all.
     */
    /** Runs the rules {@code selection} turns on, showing the findings that clear its confidence bar. */
    AnalysisResult analyse(AnalysisOptions options, boolean progressWanted, RuleSelection selection) {
        return analyse(options, progressWanted, new Analyzer(selection), index -> { });
    }

    /**
     * Runs {@code analyzer} as {@link #analyse(AnalysisOptions, boolean, RuleSelection)} does, and hands the whole program's
     * index to {@code inspect} before it is closed ({@code graph} reads the lock-order graph there).
     */
    AnalysisResult analyse(AnalysisOptions options, boolean progressWanted, Analyzer analyzer,
                           Consumer<ProgramIndex> inspect) {
        PrintWriter err = spec.commandLine().getErr();
        AnalysisResult result;
        try (ProgressLine line = progressWanted && !noProgress ? new ProgressLine(err) : null) {
            result = analyse(analyzer, options, line == null ? ProgressListener.NONE : line, inspect);
        }
        if (result.files() == 0) {
            // Exit code 0 with nothing analysed looks like a clean tree: say so even with --quiet, since a
            // misspelt or moved source directory in a CI script is what this usually is.
            err.println("threadguard: no Java files found under " + String.join(", ", paths.stream()
                    .map(Path::toString).toList()));
            err.flush();
        }
        return result;
    }

    private static AnalysisResult analyse(Analyzer analyzer, AnalysisOptions options, ProgressListener progress,
                                          Consumer<ProgramIndex> inspect) {
        try {
            return analyzer.run(options, progress, inspect);
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
