package dev.threadguard.cli;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;
import dev.threadguard.report.LockGraphDot;
import dev.threadguard.model.LockGraph;
import dev.threadguard.source.SourceDiscovery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code threadguard graph}: writes the lock-order graph of Java sources, in DOT or rendered to SVG. */
@Command(name = "graph",
        header = "Draws the lock-order graph of Java sources, possible deadlocks in red.",
        mixinStandardHelpOptions = true,
        versionProvider = ThreadguardCommand.VersionProvider.class,
        sortOptions = false,
        description = {
                // Lines of at most 80 columns: picocli would wrap longer ones in mid-sentence.
                "Analyses the Java sources under each PATH and writes the graph of the order in",
                "which they take their locks: a box per lock, an arrow A -> B labelled with the",
                "method that takes B while holding A. The locks and arrows of every cycle, a",
                "possible deadlock that `check` reports as lock-order-inversion, are red. DOT is",
                "Graphviz's format; SVG is rendered by Graphviz's `dot` program, which must be",
                "installed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:The graph was written (whether or not it has cycles).", ExitCodes.HELP_USAGE,
                ExitCodes.HELP_INTERNAL},
        footerHeading = "%nExamples:%n",
        footer = {
                "  threadguard graph src/main/java --output locks.dot",
                "  threadguard graph --cycles-only --output locks.svg src"})
public final class GraphCommand implements Callable<Integer> {

    /** How to get Graphviz, said when {@code dot} is missing. */
    static final String INSTALL_GRAPHVIZ = "install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz;"
            + " Fedora: sudo dnf install graphviz; macOS: brew install graphviz) or write DOT with --format dot";

    @Mixin
    AnalysisArguments sources;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE",
            description = "Write the graph to FILE instead of standard output; missing directories are created.")
    Path output;

    @Option(names = {"-f", "--format"}, paramLabel = "FORMAT",
            description = "dot or svg. Default: svg when the --output name ends in .svg, dot otherwise.")
    String format;

    @Option(names = "--cycles-only", description = "Draw only the locks and arrows that take part in a cycle.")
    boolean cyclesOnly;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing on standard error but errors.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    @ParentCommand
    ThreadguardCommand parent;

    @Override
    public Integer call() {
        boolean svg = svg();
        Path dot = svg ? findDot() : null;
        if (output != null && Files.isDirectory(output)) {
            throw new UsageError(spec.commandLine(), "--output " + output + " is a directory");
        }
        AnalysisOptions options = sources.options();
        Environment environment = environment();
        PrintWriter err = spec.commandLine().getErr();
        StringBuilder text = new StringBuilder();
        int[] counts = new int[3];
        AnalysisResult result = sources.analyse(options, !quiet && environment.stderrIsTerminal(),
                new Analyzer(List.of()), index -> {
                    LockGraph graph = LockGraph.of(index);
                    counts[0] = graph.nodes().size();
                    counts[1] = graph.edges().size();
                    counts[2] = graph.cycles().size() + graph.selfCycles().size();
                    try {
                        LockGraphDot.write(graph, cyclesOnly, text);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
        for (var d : result.diagnostics()) {
            err.println(d.toLine());
        }
        byte[] bytes = svg ? render(dot, text.toString()) : text.toString().getBytes(StandardCharsets.UTF_8);
        if (output == null) {
            PrintWriter out = spec.commandLine().getOut();
            out.print(new String(bytes, StandardCharsets.UTF_8));
            out.flush();
        } else {
            try {
                Path dir = output.toAbsolutePath().getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                Files.write(output, bytes);
            } catch (IOException e) {
                throw new UsageError(spec.commandLine(), "cannot write " + output + ": " + SourceDiscovery.reason(e));
            }
        }
        if (!quiet) {
            err.println("threadguard: " + CheckCommand.count(result.files(), "file") + ", "
                    + CheckCommand.count(counts[0], "lock") + ", " + CheckCommand.count(counts[1], "ordering") + ", "
                    + CheckCommand.count(counts[2], "cycle")
                    + (output == null ? "" : "; wrote " + output));
        }
        err.flush();
        return ExitCodes.OK;
    }

    private Environment environment() {
        return parent == null ? Environment.system() : parent.environment();
    }

    private boolean svg() {
        if (format == null) {
            String name = output == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
            int dot = name.lastIndexOf('.');
            String extension = dot < 0 ? "" : name.substring(dot + 1);
            if (!List.of("", "dot", "gv", "svg").contains(extension)) {
                throw new UsageError(spec.commandLine(), "--output " + output + ": graph writes DOT (.dot, .gv) or SVG"
                        + " (.svg); name the file so, or say which with --format");
            }
            return extension.equals("svg");
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "dot" -> false;
            case "svg" -> true;
            default -> throw new UsageError(spec.commandLine(), "unknown --format '" + format + "': use dot or svg");
        };
    }

    /** Graphviz's {@code dot} on the PATH; a usage error that says how to install it when missing. */
    private Path findDot() {
        String path = environment().variable("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                for (String name : List.of("dot", "dot.exe")) {
                    Path candidate = Path.of(dir, name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        return candidate;
                    }
                }
            }
        }
        throw new UsageError(spec.commandLine(), "SVG needs Graphviz's `dot` program, which is not on the PATH: "
                + INSTALL_GRAPHVIZ);
    }

    /** Runs {@code dot -Tsvg} on the DOT text and returns the picture. */
    private static byte[] render(Path dot, String text) {
        try {
            Process p = new ProcessBuilder(dot.toString(), "-Tsvg").redirectErrorStream(false).start();
            ByteArrayOutputStream svg = new ByteArrayOutputStream();
            ByteArrayOutputStream errors = new ByteArrayOutputStream();
            Thread drainErrors = new Thread(() -> copy(p.getErrorStream(), errors), "dot-stderr");
            drainErrors.start();
            Thread feed = new Thread(() -> {
                try (OutputStream in = p.getOutputStream()) {
                    in.write(text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // dot exited early; its exit code and message say why
                }
            }, "dot-stdin");
            feed.start();
            copy(p.getInputStream(), svg);
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("Graphviz's dot did not finish in 5 minutes");
            }
            feed.join();
            drainErrors.join();
            if (p.exitValue() != 0) {
                throw new IllegalStateException("Graphviz's dot failed (exit " + p.exitValue() + "): "
                        + errors.toString(StandardCharsets.UTF_8).strip());
            }
            return svg.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + dot + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + dot, e);
        }
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try (in) {
            in.transferTo(out);
        } catch (IOException e) {
            // the process is gone; what was read is what there is
        }
    }
}
