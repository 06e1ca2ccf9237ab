package dev.threadguard.cli;

import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.AnalysisOptions;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What to analyse and how to read it: the options every command that analyses sources shares. */
final class SourceOptions {

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

    /** The analysis these options ask for; a missing path or class path entry is a usage error. */
    AnalysisOptions toOptions(CommandLine commandLine) {
        for (Path path : paths) {
            // A misspelt path in a CI script would otherwise analyse nothing and pass.
            if (!Files.exists(path)) {
                throw new UsageError(commandLine, "no such file or directory: " + path);
            }
        }
        List<Path> entries = new ArrayList<>();
        for (Path entry : classPath) {
            // "a.jar::b.jar" or a trailing separator leaves empty entries; javac ignores them too.
            if (entry.toString().isEmpty()) {
                continue;
            }
            if (!Files.exists(entry)) {
                throw new UsageError(commandLine, "class path entry " + entry + " does not exist");
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
}
