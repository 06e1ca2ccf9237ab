package dev.threadguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void aDiscardedSubmitIsReportedCompilerStyleAndFailsTheRun() throws IOException {
        Path jobs = Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);

        Cli.Run run = Cli.run("check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).containsPattern(Pattern.compile("(?m)^" + Pattern.quote(Cli.shown(jobs)) + ":"
                + Sources.IGNORED_SUBMIT_LINE + ":\\d+: warning: \\[future-result-ignored\\] \\S.*$"));
        assertThat(run.err()).isEmpty();
    }

    @Test
    void cleanSourcesExitZero() throws IOException {
        Cli.write(dir, "demo/CheckedJobs.java", Sources.CHECKED_SUBMIT);

        Cli.Run run = Cli.run("check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).doesNotContain("warning:").doesNotContain("error:");
    }

    @Test
    void failOnNoneReportsTheFindingButExitsZero() throws IOException {
        Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT);

        Cli.Run run = Cli.run("check", "--fail-on", "none", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("warning: [future-result-ignored]");
    }

    @Test
    void failOnComparesSeverities() throws IOException {
        Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT);

        // The finding is a warning: below error, at or above note.
        assertThat(Cli.run("check", "--fail-on", "error", dir.toString()).exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(Cli.run("check", "--fail-on", "NOTE", dir.toString()).exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(Cli.run("check", "--fail-on", "warning", dir.toString()).exitCode())
                .isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void aFileThatDoesNotParseIsReportedAndTheOthersAreStillAnalysed() throws IOException {
        Path broken = Cli.write(dir, "demo/Broken.java", Sources.BROKEN);
        Path jobs = Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT);

        Cli.Run run = Cli.run("check", dir.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out())
                .containsPattern("(?m)^" + Pattern.quote(Cli.shown(broken)) + ":\\d+:\\d+: error: \\[parse\\] \\S")
                .containsPattern("(?m)^" + Pattern.quote(Cli.shown(jobs)) + ":" + Sources.IGNORED_SUBMIT_LINE
                        + ":\\d+: warning: \\[future-result-ignored\\]");
    }

    @Test
    void parseErrorsChangeTheExitCodeOnlyWhenStrict() throws IOException {
        Cli.write(dir, "demo/Broken.java", Sources.BROKEN);
        Cli.write(dir, "demo/CheckedJobs.java", Sources.CHECKED_SUBMIT);

        Cli.Run lenient = Cli.run("check", dir.toString());
        Cli.Run strict = Cli.run("check", "--strict", dir.toString());

        assertThat(lenient.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(lenient.out()).contains("error: [parse]");
        assertThat(strict.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(strict.out()).isEqualTo(lenient.out());
    }

    @Test
    void aPathThatDoesNotExistIsADiagnosticNotACrash() throws IOException {
        Cli.write(dir, "demo/CheckedJobs.java", Sources.CHECKED_SUBMIT);
        Path missing = dir.resolve("no-such-dir");

        Cli.Run run = Cli.run("check", dir.toString(), missing.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).containsPattern("(?m)^.*no-such-dir:\\d+:\\d+: error: \\[parse\\] .*$");
        assertThat(Cli.run("check", "--strict", missing.toString()).exitCode()).isEqualTo(ExitCodes.FINDINGS);
    }

    @Test
    void theOutputIsTheSameWithOneThreadAndWithFour() throws IOException {
        for (int i = 0; i < 12; i++) {
            Cli.write(dir, "p" + (i % 3) + "/Jobs" + i + ".java",
                    Sources.IGNORED_SUBMIT.replace("package demo;", "package p" + (i % 3) + ";")
                            .replace("Jobs", "Jobs" + i));
            Cli.write(dir, "p" + (i % 3) + "/CheckedJobs" + i + ".java",
                    Sources.CHECKED_SUBMIT.replace("package demo;", "package p" + (i % 3) + ";")
                            .replace("CheckedJobs", "CheckedJobs" + i));
        }
        Cli.write(dir, "p1/Broken.java", Sources.BROKEN);

        Cli.Run one = Cli.run("check", "--threads", "1", dir.toString());
        Cli.Run four = Cli.run("check", "--threads", "4", dir.toString());

        assertThat(one.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(one.out().lines().filter(l -> l.contains("[future-result-ignored]"))).hasSize(12);
        assertThat(four.exitCode()).isEqualTo(one.exitCode());
        assertThat(four.out()).isEqualTo(one.out());
    }

    @Test
    void anOutputFileTakesTheFormatItsNameSuggests() throws IOException {
        Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Path sarif = dir.resolve("reports/threadguard.sarif");

        Cli.Run run = Cli.run("check", "--output", sarif.toString(), dir.resolve("src").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).isEmpty();
        assertThat(Files.readString(sarif)).contains("\"2.1.0\"").contains("future-result-ignored");
        // With no report on standard output, standard error says how the run went.
        assertThat(run.err()).startsWith("threadguard: 1 file checked in ").contains(": 1 finding");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void formatsPairWithOutputsInOrderAndTheRestGoesToStandardOutput() throws IOException {
        Path jobs = Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Path json = dir.resolve("findings.txt");

        Cli.Run run = Cli.run("check", "--format", "json", "--output", json.toString(), "--format", "text",
                dir.resolve("src").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        // The file name says text, but the format given with it wins.
        assertThat(Files.readString(json)).startsWith("{").contains("future-result-ignored");
        assertThat(run.out()).startsWith(Cli.shown(jobs) + ":" + Sources.IGNORED_SUBMIT_LINE + ":");
    }

    @Test
    void quietSaysNothingButTheReports() throws IOException {
        Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Path sarif = dir.resolve("out.sarif");

        Cli.Run run = Cli.run(Environment.of(java.util.Map.of(), true, true),
                "check", "--quiet", "--output", sarif.toString(), dir.resolve("src").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEmpty();
        assertThat(sarif).isNotEmptyFile();
    }
}
