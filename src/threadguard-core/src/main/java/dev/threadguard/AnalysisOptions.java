package dev.threadguard;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.JavaSources;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.List;

/**
 * What to analyse and how.
 *
 * @param paths            files and directories to analyse
 * @param excludes         globs of paths to leave out
 * @param classPath        jars and directories whose types the sources use
 * @param threads          parallelism of parsing and fact extraction
 * @param languageLevel    the Java version the parser accepts
 * @param workingDirectory paths in findings are shown relative to it
 * @param encoding         the charset the sources are written in; bytes that are not valid in it make the
 *                         file a diagnostic
 * @param limits           what one file may cost (size, tokens, nesting, time) before it is given up
 * @param followLinks      whether symbolic links that lead out of the PATH they are found under are followed
 * @param isolation        whether files are parsed in processes that can be killed when one outlasts the
 *                         time limit
 */
public record AnalysisOptions(List<Path> paths, List<String> excludes, List<Path> classPath, int threads,
                              LanguageLevel languageLevel, Path workingDirectory, Charset encoding,
                              FileLimits limits, boolean followLinks, ParseIsolation isolation) {

    public AnalysisOptions {
        paths = List.copyOf(paths);
        excludes = List.copyOf(excludes);
        classPath = List.copyOf(classPath);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        if (encoding == null) {
            throw new IllegalArgumentException("encoding must be given");
        }
        if (limits == null) {
            throw new IllegalArgumentException("limits must be given");
        }
        if (isolation == null) {
            throw new IllegalArgumentException("isolation must be given");
        }
    }

    /** The options parsing where {@link ParseIsolation#AUTO} says. */
    public AnalysisOptions(List<Path> paths, List<String> excludes, List<Path> classPath, int threads,
                           LanguageLevel languageLevel, Path workingDirectory, Charset encoding,
                           FileLimits limits, boolean followLinks) {
        this(paths, excludes, classPath, threads, languageLevel, workingDirectory, encoding, limits, followLinks,
                ParseIsolation.AUTO);
    }

    /** The options with the default file limits, not following links out of a PATH. */
    public AnalysisOptions(List<Path> paths, List<String> excludes, List<Path> classPath, int threads,
                           LanguageLevel languageLevel, Path workingDirectory, Charset encoding) {
        this(paths, excludes, classPath, threads, languageLevel, workingDirectory, encoding, FileLimits.DEFAULTS,
                false);
    }

    /** The options as they were before the encoding could be chosen: sources in UTF-8. */
    public AnalysisOptions(List<Path> paths, List<String> excludes, List<Path> classPath, int threads,
                           LanguageLevel languageLevel, Path workingDirectory) {
        this(paths, excludes, classPath, threads, languageLevel, workingDirectory, JavaSources.DEFAULT_ENCODING);
    }

    /** Options for the given paths with every default: all cores, newest language level, no class path, UTF-8. */
    public static AnalysisOptions of(Path... paths) {
        return new AnalysisOptions(List.of(paths), List.of(), List.of(), Runtime.getRuntime().availableProcessors(),
                JavaSources.NEWEST, Path.of("").toAbsolutePath(), JavaSources.DEFAULT_ENCODING, FileLimits.DEFAULTS,
                false);
    }

    public AnalysisOptions withThreads(int n) {
        return new AnalysisOptions(paths, excludes, classPath, n, languageLevel, workingDirectory,
                encoding, limits, followLinks, isolation);
    }

    public AnalysisOptions withExcludes(List<String> globs) {
        return new AnalysisOptions(paths, globs, classPath, threads, languageLevel, workingDirectory,
                encoding, limits, followLinks, isolation);
    }

    public AnalysisOptions withClassPath(List<Path> entries) {
        return new AnalysisOptions(paths, excludes, entries, threads, languageLevel, workingDirectory,
                encoding, limits, followLinks, isolation);
    }

    public AnalysisOptions withLanguageLevel(LanguageLevel level) {
        return new AnalysisOptions(paths, excludes, classPath, threads, level, workingDirectory,
                encoding, limits, followLinks, isolation);
    }

    public AnalysisOptions withWorkingDirectory(Path dir) {
        return new AnalysisOptions(paths, excludes, classPath, threads, languageLevel, dir,
                encoding, limits, followLinks, isolation);
    }

    public AnalysisOptions withEncoding(Charset charset) {
        return new AnalysisOptions(paths, excludes, classPath, threads, languageLevel, workingDirectory, charset,
                limits, followLinks, isolation);
    }

    public AnalysisOptions withLimits(FileLimits fileLimits) {
        return new AnalysisOptions(paths, excludes, classPath, threads, languageLevel, workingDirectory, encoding,
                fileLimits, followLinks, isolation);
    }

    public AnalysisOptions withFollowLinks(boolean follow) {
        return new AnalysisOptions(paths, excludes, classPath, threads, languageLevel, workingDirectory, encoding,
                limits, follow, isolation);
    }

    public AnalysisOptions withIsolation(ParseIsolation where) {
        return new AnalysisOptions(paths, excludes, classPath, threads, languageLevel, workingDirectory, encoding,
                limits, followLinks, where);
    }
}
