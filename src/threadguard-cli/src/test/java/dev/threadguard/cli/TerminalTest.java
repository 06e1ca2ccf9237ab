package dev.threadguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Progress and colour appear only for a person at a terminal. */
class TerminalTest {

    private static final Environment TERMINAL = Environment.of(Map.of(), true, true);

    @TempDir
    Path dir;

    @Test
    void progressIsOneSelfOverwritingLineOnStandardErrorClearedAtTheEnd() throws IOException {
        Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Cli.write(dir, "demo/CheckedJobs.java", Sources.CHECKED_SUBMIT);

        Cli.Run run = Cli.run(TERMINAL, "check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.err()).startsWith("\rthreadguard: parsed ").contains("2/2 files (100%)")
                .doesNotContain("\n");
        // The last thing drawn is blanks over the line, and the cursor back at its start.
        assertThat(run.err()).matches("(?s).*\r {20,}\r");
        assertThat(run.out()).doesNotContain("\r");
    }

    @Test
    void noProgressWhenAskedOrWhenStandardErrorIsNotATerminal() throws IOException {
        Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT);

        assertThat(Cli.run(TERMINAL, "check", "--no-progress", dir.toString()).err()).isEmpty();
        assertThat(Cli.run(TERMINAL, "check", "--quiet", dir.toString()).err()).isEmpty();
        assertThat(Cli.run(Environment.of(Map.of(), true, false), "check", dir.toString()).err()).isEmpty();
    }

    @Test
    void textIsColouredOnATerminalUnlessNoColorIsSet() throws IOException {
        Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT);
        String ansi = "\u001b[";

        String onTerminal = Cli.run(TERMINAL, "check", "--no-progress", dir.toString()).out();
        String noColor = Cli.run(Environment.of(Map.of("NO_COLOR", "1"), true, true),
                "check", "--no-progress", dir.toString()).out();
        String emptyNoColor = Cli.run(Environment.of(Map.of("NO_COLOR", ""), true, true),
                "check", "--no-progress", dir.toString()).out();
        String piped = Cli.run(Cli.PIPED, "check", dir.toString()).out();

        assertThat(onTerminal).contains(ansi);
        assertThat(emptyNoColor).isEqualTo(onTerminal);
        assertThat(noColor).doesNotContain(ansi).isEqualTo(piped);
    }

    @Test
    void reportFilesAreNeverColoured() throws IOException {
        Cli.write(dir, "src/Jobs.java", Sources.IGNORED_SUBMIT);
        Path report = dir.resolve("report.txt");

        Cli.Run run = Cli.run(TERMINAL, "check", "--no-progress", "--output", report.toString(),
                dir.resolve("src").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(java.nio.file.Files.readString(report)).contains("[future-result-ignored]").doesNotContain("\u001b[");
    }
}
