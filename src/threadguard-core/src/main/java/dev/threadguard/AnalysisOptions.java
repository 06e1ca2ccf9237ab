package dev.threadguard;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.source.JavaSources;

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
 */
public record AnalysisOptions(List<Path> paths, List<String> excludes, List<Path> classPath, int threads,
                              LanguageLevel languageLevel, Path workingDirectory) {

    public AnalysisOptions {
        paths = List.copyOf(paths);
        excludes = List.copyOf(excludes);
        classPath = List.copyOf(classPath);
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /** Options for the given paths with every default: all cores, newest language level, no class path. */
    public static AnalysisOptions of(Path... paths) {
        return new AnalysisOptions(List.of(paths), List.of(), List.of(), Runtime.getRuntime().availableProcessors(),
                JavaSources.NEWEST, Path.of("").toAbsolutePath());
    }

    public AnalysisOptions withThreads(int n) {
        return new AnalysisOptions(paths, excludes, classPath, n, languageLevel, workingDirectory);
    }

    public AnalysisOptions withExcludes(List<String> globs) {
        return new AnalysisOptions(paths, globs, classPath, threads, languageLevel, workingDirectory);
    }

    public AnalysisOptions withClassPath(List<Path> entries) {
        return new AnalysisOptions(paths, excludes, entries, threads, languageLevel, workingDirectory);
    }

    public AnalysisOptions withLanguageLevel(LanguageLevel level) {
        return new AnalysisOptions(paths, excludes, classPath, threads, level, workingDirectory);
    }

    public AnalysisOptions withWorkingDirectory(Path dir) {
        return new AnalysisOptions(paths, excludes, classPath, threads, languageLevel, dir);
    }
}
