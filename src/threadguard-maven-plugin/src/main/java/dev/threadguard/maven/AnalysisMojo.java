package dev.threadguard.maven;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.RuleSelection;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.JavaSources;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.execution.MavenSession;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.nio.file.Files;
import java.nio.file.Path;
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
     * Report findings of at least this confidence: {@code high} (the default), {@code medium} or
     * {@code low}. Only high findings cleared 80 % true or plausible when measured on real projects.
     */
    @Parameter(property = "threadguard.confidence", defaultValue = "high")
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
            throw new MojoExecutionException("threadguard: languageLevel: " + e.getMessage(), e);
        }
        Charset charset = JavaSources.DEFAULT_ENCODING;
        if (encoding != null && !encoding.isBlank()) {
            try {
                charset = Charset.forName(encoding.trim());
            } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                throw new MojoExecutionException("threadguard: unknown encoding '" + encoding
                        + "' (expected a charset name such as UTF-8, ISO-8859-1 or windows-1252)", e);
            }
        }
        ModuleSources module = sources();
        return AnalysisOptions.of(module.sourceRoots().toArray(Path[]::new))
                .withWorkingDirectory(module.workingDirectory())
                .withClassPath(module.classPath())
                .withExcludes(excludes == null ? List.of() : excludes.stream().filter(g -> !g.isBlank()).toList())
                .withThreads(threads == 0 ? Runtime.getRuntime().availableProcessors() : threads)
                .withLanguageLevel(level)
                .withEncoding(charset);
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
        try {
            return new Analyzer(selection()).run(options);
        } catch (RuntimeException | OutOfMemoryError e) {
            throw new MojoExecutionException("threadguard: the analysis of " + project.getArtifactId() + " failed: " + e
                    + (e instanceof OutOfMemoryError || e.getCause() instanceof OutOfMemoryError
                    ? " (give Maven more memory, for example MAVEN_OPTS=-Xmx4g)" : ""), e);
        }
    }

    /** The rules and the confidence bar the parameters ask for; a wrong value fails the build with its reason. */
    RuleSelection selection() throws MojoExecutionException {
        Confidence minimum;
        try {
            minimum = confidence == null ? RuleSelection.DEFAULT_MINIMUM
                    : Confidence.valueOf(confidence.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MojoExecutionException("threadguard: confidence is high, medium or low, not '" + confidence + "'");
        }
        try {
            return RuleSelection.of(enableRules == null ? List.of() : enableRules, minimum);
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

    /** A file that does not parse, in the shape Maven's compiler uses for its own messages. */
    void logDiagnostic(Diagnostic d, Path workingDirectory) {
        getLog().warn(MavenMessages.location(workingDirectory, d.path(), d.line(), d.column()) + " [parse] " + d.message());
    }
}
