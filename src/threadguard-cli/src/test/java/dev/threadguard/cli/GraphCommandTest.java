package dev.threadguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GraphCommandTest {

    @TempDir
    Path dir;

    private static final String BOARD = """
            package board;

            class Board {
                private final Object orders = new Object();
                private final Object pickers = new Object();
                private final Object audit = new Object();

                void post() {
                    synchronized (orders) {
                        synchronized (pickers) {
                        }
                    }
                }

                void checkIn() {
                    synchronized (pickers) {
                        synchronized (orders) {
                        }
                    }
                }

                void log() {
                    synchronized (orders) {
                        synchronized (audit) {
                        }
                    }
                }
            }
            """;

    @Test
    void namesAndPathsCannotBreakTheDotOrTheSvgRenderedFromIt() throws IOException {
        // U+001B is a legal part of a Java identifier; a file name may hold a backslash, an entity and a new line.
        String esc = "\u001b";
        String name = "src/board/We\\ird &#27; \nName.java";
        Cli.write(dir, name, BOARD.replace("orders", "ord" + esc + "ers"));
        Path out = dir.resolve("locks.dot");

        Cli.Run run = Cli.run("graph", dir.resolve("src").toString(), "--output", out.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        String dot = Files.readString(out);
        assertThat(dot.chars().filter(c -> c < 0x20 && c != '\n')).as("control characters in the DOT").isEmpty();
        assertThat(dot).contains("ord\\\\u001bers")          // shown as text, backslash escaped for DOT
                .contains("We\\\\ird &amp;#27; \\nName.java"); // the whole name, no entity
    }

    @Test
    void theHelpIsNotWrappedInMidSentence() {
        Cli.Run run = Cli.run("graph", "--help");
        assertThat(run.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        // Every line of the description is as written, not cut by picocli.
        assertThat(run.out()).contains("\nAnalyses the Java sources under each PATH and writes the graph of the order in\n"
                + "which they take their locks:");
    }

    @Test
    void writesDotWithTheCycleInRed() throws IOException {
        Cli.write(dir, "src/board/Board.java", BOARD);
        Path out = dir.resolve("graphs/locks.dot");

        Cli.Run run = Cli.run("graph", dir.resolve("src").toString(), "--output", out.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("1 file, 3 locks, 3 orderings, 1 cycle; wrote " + out);
        String dot = Files.readString(out);
        assertThat(dot).startsWith("// threadguard lock-order graph").contains("digraph locks {").endsWith("}\n");
        assertThat(dot).contains("\"F:board.Board#orders\" [label=\"Board.orders\", color=red");
        assertThat(dot).contains("\"F:board.Board#audit\" [label=\"Board.audit\"];");
        assertThat(dot).contains("\"F:board.Board#orders\" -> \"F:board.Board#pickers\" [label=\"Board.post()\\nBoard.java:10\", color=red");
        assertThat(dot).contains("\"F:board.Board#orders\" -> \"F:board.Board#audit\" [label=\"Board.log()\\nBoard.java:24\"];");
    }

    @Test
    void cyclesOnlyLeavesTheRestOut() throws IOException {
        Cli.write(dir, "board/Board.java", BOARD);

        Cli.Run run = Cli.run("graph", "--cycles-only", "--quiet", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Board.pickers").doesNotContain("Board.audit");
    }

    @Test
    void svgIsRenderedByDotFromThePath() throws IOException {
        Cli.write(dir, "src/board/Board.java", BOARD);
        // A stand-in for Graphviz that wraps what it reads in an <svg> element, to show what was piped to it.
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path dot = Files.writeString(bin.resolve("dot"), "#!/bin/sh\n[ \"$1\" = -Tsvg ] || exit 9\n"
                + "echo '<svg>'; cat; echo '</svg>'\n");
        Files.setPosixFilePermissions(dot, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = dir.resolve("locks.svg");

        Cli.Run run = Cli.run(Environment.of(Map.of("PATH", bin.toString()), false, false),
                "graph", dir.resolve("src").toString(), "--output", out.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(Files.readString(out)).startsWith("<svg>\n// threadguard lock-order graph")
                .contains("digraph locks").endsWith("}\n</svg>\n");
    }

    @Test
    void svgWithoutGraphvizSaysHowToInstallIt() throws IOException {
        Cli.write(dir, "src/board/Board.java", BOARD);

        Cli.Run run = Cli.run(Environment.of(Map.of("PATH", dir.resolve("nothing-here").toString()), false, false),
                "graph", "--format", "svg", dir.resolve("src").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("SVG needs Graphviz's `dot` program, which is not on the PATH")
                .contains("apt-get install graphviz").contains("--format dot");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownFormatIsAUsageError() {
        Cli.Run run = Cli.run("graph", "--format", "png", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("unknown --format 'png': use dot or svg");
    }

    @Test
    void anOutputNamedForAnotherFormatIsAUsageError() {
        Cli.Run run = Cli.run("graph", "--output", dir.resolve("locks.png").toString(), dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("graph writes DOT (.dot, .gv) or SVG (.svg)");
        assertThat(dir.resolve("locks.png")).doesNotExist();
    }
}
