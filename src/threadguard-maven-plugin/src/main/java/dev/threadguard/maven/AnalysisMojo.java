package dev.threadguard.maven;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;
import dev.threadguard.cache.FactsCache;
import dev.threadguard.config.ConfigException;
import dev.threadguard.config.ProjectConfig;
import dev.threadguard.report.LockOrderPicture;
import dev.threadguard.rules.Rules;
import dev.threadguard.model.LockGraph;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.RuleSelection;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.ParseIsolation;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.JavaSources;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the goals that analyse a module share: the parameters that say what to analyse and how, the
 * module's sources and class path, and the run of the analysis.
 */
abstract class AnalysisMojo extends AbstractMojo {

    @Parameter(defaultValue = "${project}", readonly = true, required = true)
    MavenProject project;

    @Parameter(defaultValue = "${session}", readonly = true, required = true)
    MavenSession session;

    /** Skip threadguard in this module, or, from the command line, in the whole build. */
    @Parameter(property = "threadguard.skip", defaultValue = "false")
    boolean skip;

    /**
     * Globs of source files and directories to leave out, matched against the path relative to each
     * source root: {@code **}{@code /legacy/**}, {@code **}{@code /*Generated.java}. A leading
     * {@code **}{@code /} also matches at the top of the root, as in {@code .gitignore}. On the command
     * line, separate them with commas.
     */
    @Parameter(property = "threadguard.excludes")
    List<String> excludes = new ArrayList<>();

    /** Threads that parse and extract facts; 0, the default, means one per processor. The findings do not depend on it. */
    @Parameter(property = "threadguard.threads", defaultValue = "0")
    int threads;

    /**
     * Report findings of at least this confidence: {@code high}, {@code medium} or {@code low}. By default
     * the configuration file's {@code confidence}, else {@code high}: only high findings cleared 80 % true
     * or plausible when measured on real projects.
     */
    @Parameter(property = "threadguard.confidence")
    String confidence;

    /**
     * Rules to run besides those on by default ({@code threadguard rules} says which are off), or
     * {@code all}. On the command line, separate them with commas.
     */
    @Parameter(property = "threadguard.enableRules")
    List<String> enableRules = new ArrayList<>();

    /** The encoding of the sources; by default the build's {@code project.build.sourceEncoding}, else UTF-8. */
    @Parameter(property = "threadguard.encoding", defaultValue = "${project.build.sourceEncoding}")
    String encoding;

    /**
     * The Java version the sources are written in, as javac's {@code --release} ({@code 17}, {@code 21}),
     * or {@code newest}: the newest the parser knows, the default.
     */
    @Parameter(property = "threadguard.languageLevel", defaultValue = "newest")
    String languageLevel;

    /**
     * Analyse generated sources too: the compile source roots below the build directory, such as
     * {@code target/generated-sources/annotations}. Code no one writes by hand is left out by default.
     */
    @Parameter(property = "threadguard.includeGeneratedSources", defaultValue = "false")
    boolean includeGeneratedSources;

    /**
     * Where the facts of files already analysed are kept between builds, so that an unchanged file is not
     * parsed again; entries are checked before use and rebuilt when they do not match. Deleting the directory
     * is always safe ({@code mvn clean} does).
     */
    @Parameter(property = "threadguard.cacheDirectory", defaultValue = "${project.build.directory}/threadguard-cache")
    File cacheDirectory;

    /** Set to false to parse every file on every build, without the facts cache. */
    @Parameter(property = "threadguard.cache", defaultValue = "true")
    boolean useCache;

    /**
     * The project's {@code threadguard.properties} (rules, severities, confidence, excludes, fail-on). By
     * default the nearest one in the module's directory or above it; the plugin's own parameters win over it.
     */
    @Parameter(property = "threadguard.config")
    File config;

    /** The lock-order graph of the last analysis, for the HTML report. */
    LockOrderPicture lockOrder;

    /** The configuration read on first use. */
    private ProjectConfig projectConfig;

    // The per-file limits have no defaultValue, so that one the POM does not set is null and the configuration
    // file's key applies; the defaults of FileLimits.DEFAULTS are applied in limits().

    /**
     * Give up on a file whose parsing and analysis take more processor time than this many seconds (or five
     * times as long by the clock), log it as not parsing and go on; 0 for no limit. It depends on the machine.
     * By default the configuration file's {@code file-timeout}, else 10.
     */
    @Parameter(property = "threadguard.fileTimeout")
    Double fileTimeout;

    /**
     * Log a larger file as not parsing instead of reading it: bytes, or with k or m ({@code 5m}). By default
     * the configuration file's {@code max-file-size}, else {@code 5m}.
     */
    @Parameter(property = "threadguard.maxFileSize")
    String maxFileSize;

    /**
     * Log a file of more tokens as not parsing: parsing takes about 1 KB of memory per token. By default the
     * configuration file's {@code max-tokens}, else 500000.
     */
    @Parameter(property = "threadguard.maxTokens")
    Integer maxTokens;

    /**
     * Log a file with brackets or type arguments nested deeper as not parsing. By default the configuration
     * file's {@code max-nesting}, else 256.
     */
    @Parameter(property = "threadguard.maxNesting")
    Integer maxNesting;

    /**
     * Log a file with a longer chain of lambda bodies, anonymous classes or array initializers in call
     * arguments, one inside the other, as not parsing: each step doubles the parser's work. By default the
     * configuration file's {@code max-lambda-nesting}, else 12.
     */
    @Parameter(property = "threadguard.maxLambdaNesting")
    Integer maxLambdaNesting;

    /**
     * Parse files in separate Java processes, so that a file given up on at {@code fileTimeout} is stopped at
     * once with its memory: {@code auto} (where a thread cannot be stopped: Java 20 and later), {@code always},
     * or {@code never} (a file given up on then runs on in the build until its parse ends). By default the
     * configuration file's {@code isolate-parse}, else {@code auto}.
     */
    @Parameter(property = "threadguard.isolateParse")
    String isolateParse;

    /** Also follow symbolic links that lead out of the source root they are found under. */
    @Parameter(property = "threadguard.followLinks", defaultValue = "false")
    boolean followLinks;

    /** The module's sources, found on first use. */
    private ModuleSources sources;

    /** The module's sources and class path, as its build describes them. */
    ModuleSources sources() throws MojoExecutionException {
        if (sources == null) {
            List<String> classPath;
            try {
                classPath = project.getCompileClasspathElements();
            } catch (DependencyResolutionRequiredException e) {
                throw new MojoExecutionException("threadguard: the compile class path of " + project.getArtifactId()
                        + " is not resolved: " + e.getMessage(), e);
            }
            Path executionRoot = session == null || session.getExecutionRootDirectory() == null
                    ? null : Path.of(session.getExecutionRootDirectory());
            sources = ModuleSources.of(project.getCompileSourceRoots(), project.getBuild().getDirectory(),
                    classPath, project.getBasedir().toPath(), executionRoot, includeGeneratedSources);
        }
        return sources;
    }

    /** The options of the analysis of this module; parameters with values that make no sense fail the build here. */
    AnalysisOptions options() throws MojoExecutionException {
        if (threads < 0) {
            throw new MojoExecutionException("threadguard: threads must be 0 (one per processor) or more, not " + threads);
        }
        LanguageLevel level;
        try {
            level = JavaSources.languageLevel(languageLevel == null ? "newest" : languageLevel);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("threadguard: languageLevel: " + e.getMessage());
        }
        Charset charset = JavaSources.DEFAULT_ENCODING;
        if (encoding != null && !encoding.isBlank()) {
            try {
                charset = Charset.forName(encoding.trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new MojoExecutionException("threadguard: unknown encoding '" + encoding
                        + "' (expected a charset name such as UTF-8, ISO-8859-1 or windows-1252)");
            }
        }
        ModuleSources module = sources();
        return AnalysisOptions.of(module.sourceRoots().toArray(Path[]::new))
                .withWorkingDirectory(module.workingDirectory())
                .withClassPath(module.classPath())
                .withExcludes(Stream.concat(projectConfig().excludes().stream(),
                        excludes == null ? Stream.<String>empty() : excludes.stream().filter(g -> !g.isBlank())).toList())
                .withThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads)
                .withLanguageLevel(level)
                .withEncoding(charset)
                .withLimits(limits())
                .withFollowLinks(followLinks)
                .withIsolation(isolation());
    }

    /** Where files are parsed: the parameter, else the configuration file's key, else auto. */
    ParseIsolation isolation() throws MojoExecutionException {
        if (isolateParse == null || isolateParse.isBlank()) {
            ParseIsolation configured = projectConfig().isolation();
            return configured != null ? configured : ParseIsolation.AUTO;
        }
        try {
            return ParseIsolation.parse(isolateParse);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("threadguard: isolateParse: " + e.getMessage());
        }
    }

    /**
     * The per-file limits: each parameter the POM or the command line sets, else the configuration file's key,
     * else its default. A value that makes no sense fails the build with one line that names it.
     */
    FileLimits limits() throws MojoExecutionException {
        FileLimits limits = projectConfig().limits().over(FileLimits.DEFAULTS);
        if (fileTimeout != null) {
            if (!(fileTimeout >= 0) || fileTimeout > 86_400) {
                throw new MojoExecutionException("threadguard: fileTimeout must be a number of seconds from 0 "
                        + "(no limit) to 86400, not " + fileTimeout);
            }
            limits = limits.withTimeout(Duration.ofMillis(Math.round(fileTimeout * 1000)));
        }
        if (maxFileSize != null && !maxFileSize.isBlank()) {
            try {
                limits = limits.withMaxBytes(FileLimits.parseSize(maxFileSize));
            } catch (IllegalArgumentException e) {
                throw new MojoExecutionException("threadguard: maxFileSize: " + e.getMessage());
            }
        }
        if (maxTokens != null) {
            limits = limits.withMaxTokens(atLeastOne("maxTokens", maxTokens));
        }
        if (maxNesting != null) {
            limits = limits.withMaxNesting(atLeastOne("maxNesting", maxNesting));
        }
        if (maxLambdaNesting != null) {
            limits = limits.withMaxLambdaNesting(atLeastOne("maxLambdaNesting", maxLambdaNesting));
        }
        return limits;
    }

    private static int atLeastOne(String parameter, int value) throws MojoExecutionException {
        if (value < 1) {
            throw new MojoExecutionException("threadguard: " + parameter + " must be at least 1, not " + value);
        }
        return value;
    }

    /** Runs the analysis; a failure of threadguard itself fails the build with its reason. */
    AnalysisResult analyse(AnalysisOptions options) throws MojoExecutionException {
        ModuleSources module = sources();
        // Said only where there is Java to leave out: the compiler plugin declares an annotations root in
        // every module, mostly empty.
        List<String> leftOut = module.generatedRoots().stream().filter(AnalysisMojo::holdsJava)
                .map(p -> options.workingDirectory().relativize(p).toString()).toList();
        if (!leftOut.isEmpty()) {
            getLog().info("threadguard: generated sources left out: " + String.join(", ", leftOut)
                    + " (includeGeneratedSources)");
        }
        getLog().debug("threadguard: analysing " + options.paths() + " with class path " + options.classPath());
        String noProcesses = ParseIsolation.unavailable();
        if (noProcesses != null && options.isolation().wantsProcesses(options.limits().timeout())) {
            getLog().warn("threadguard: files are parsed in threads, not in processes: " + noProcesses);
        }
        try {
            FactsCache cache = cache();
            AnalysisResult result = projectConfig().apply(
                    new Analyzer(selection()).withCache(cache).run(options,
                            dev.threadguard.ProgressListener.NONE,
                            index -> lockOrder = LockOrderPicture.of(LockGraph.of(index))));
            if (cache != FactsCache.NONE) {
                FactsCache.Stats stats = cache.stats();
                getLog().debug("threadguard: facts cache " + cache.directory() + ": " + stats.hits() + " of "
                        + result.files() + " files reused, " + stats.written() + " entries written");
                if (stats.problem() != null) {
                    getLog().warn("threadguard: facts cache: " + stats.problem());
                }
            }
            return result;
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new MojoExecutionException("threadguard: the analysis of " + project.getArtifactId() + " failed: " + e
                    + (e instanceof OutOfMemoryError || e.getCause() instanceof OutOfMemoryError
                    ? " (give Maven more memory, for example MAVEN_OPTS=-Xmx4g)" : ""), e);
        }
    }

    /** The project's configuration file, read once; a bad one fails the build with its file, line and reason. */
    ProjectConfig projectConfig() throws MojoExecutionException {
        if (projectConfig == null) {
            try {
                Path file = config != null ? config.toPath() : ProjectConfig.find(List.of(project.getBasedir().toPath()));
                projectConfig = file == null ? ProjectConfig.NONE : ProjectConfig.read(file);
            } catch (ConfigException e) {
                throw new MojoExecutionException("threadguard: " + e.getMessage(), e);
            }
            if (projectConfig.file() != null) {
                getLog().debug("threadguard: configuration " + projectConfig.file());
            }
        }
        return projectConfig;
    }

    /** The facts cache of {@code cacheDirectory}; a cache that cannot be used is logged and left out. */
    private FactsCache cache() {
        if (!useCache || cacheDirectory == null || cacheDirectory.getPath().isBlank()) {
            return FactsCache.NONE;
        }
        try {
            return FactsCache.open(cacheDirectory.toPath());
        } catch (IOException | UnsupportedOperationException e) {
            getLog().warn("threadguard: facts cache not used: " + cacheDirectory + ": " + e.getMessage());
            return FactsCache.NONE;
        }
    }

    /** The rules and the confidence bar the parameters ask for; a wrong value fails the build with its reason. */
    RuleSelection selection() throws MojoExecutionException {
        Confidence minimum;
        try {
            minimum = confidence == null || confidence.isBlank() ? null
                    : Confidence.valueOf(confidence.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("threadguard: confidence is high, medium or low, not '" + confidence + "'");
        }
        try {
            return projectConfig().selection(enableRules == null ? List.of() : enableRules, minimum);
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("threadguard: enableRules: " + e.getMessage());
        }
    }

    private static boolean holdsJava(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }

    /** Whether there is anything to analyse; says so in the log when there is not. */
    boolean hasSources() throws MojoExecutionException {
        if (sources().sourceRoots().isEmpty()) {
            getLog().info("threadguard: no Java source roots in " + project.getArtifactId() + ", nothing to analyse");
            return false;
        }
        return true;
    }

    /**
     * A file that does not parse, in the shape Maven's compiler uses for its own messages; where the reason
     * names the command line's option, the plugin's parameter instead.
     */
    void logDiagnostic(Diagnostic d, Path workingDirectory) {
        String message = d.message();
        for (String[] option : OPTIONS) {
            message = message.replace("(see " + option[0] + ")", "(see the parameter " + option[1] + ")");
        }
        getLog().warn(MavenMessages.location(workingDirectory, d.path(), d.line(), d.column()) + " [parse] "
                + MavenMessages.oneLine(message));
    }

    /** The command line's options that reasons name, and the parameters that are the same here. */
    private static final String[][] OPTIONS = {{"--file-timeout", "fileTimeout"}, {"--max-file-size", "maxFileSize"},
            {"--max-tokens", "maxTokens"}, {"--max-nesting", "maxNesting"},
            {"--max-lambda-nesting", "maxLambdaNesting"}, {"--encoding", "encoding"},
            {"--language-level", "languageLevel"}};
}
