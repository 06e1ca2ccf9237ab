package dev.threadguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code threadguard baseline} records findings; {@code check --baseline} hides them and only them. */
class BaselineCommandTest {

    @TempDir
    Path dir;

    private Path baselineOf(Path sources) {
        Path file = dir.resolve("threadguard-baseline.json");
        Cli.Run run = Cli.run("baseline", "--output", file.toString(), sources.toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEmpty();
        return file;
    }

    @Test
    void recordsEveryFindingAndCheckThenPassesWithThemHidden() throws IOException {
        Path src = dir.resolve("src");
        Cli.write(src, "demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Cli.write(src, "demo/CheckedJobs.java", Sources.CHECKED_SUBMIT);

        Path file = dir.resolve("threadguard-baseline.json");
        Cli.Run recorded = Cli.run("baseline", "--output", file.toString(), src.toString());
        assertThat(recorded.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(recorded.err()).isEqualTo("threadguard: recorded 1 finding of 2 files in " + file
                + System.lineSeparator());
        assertThat(Files.readString(file)).contains("\"rule\": \"future-result-ignored\"",
                "\"path\": \"src/demo/Jobs.java\"", "\"line\": " + Sources.IGNORED_SUBMIT_LINE, "\"member\": \"Jobs.start\"");

        Cli.Run check = Cli.run("check", "--baseline", file.toString(), src.toString());

        assertThat(check.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(check.out()).doesNotContain("warning:").endsWith("no findings in 2 files; 1 hidden by the baseline\n");
        assertThat(check.err()).isEqualTo("threadguard: baseline " + file + " hid 1 finding" + System.lineSeparator());
    }

    @Test
    void aNewBugInABaselinedFileFailsTheCheck() throws IOException {
        Path src = dir.resolve("src");
        Cli.write(src, "demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Path file = baselineOf(src);

        // A second discarded submit, in a new method below the first.
        Path jobs = Cli.write(src, "demo/Jobs.java", Sources.IGNORED_SUBMIT.replace("    private void work() {",
                "    void again() {\n        executor.submit(() -> work());\n    }\n\n    private void work() {"));
        Cli.Run check = Cli.run("check", "--baseline", file.toString(), src.toString());

        assertThat(check.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(check.out().lines().filter(l -> l.contains("warning:")))
                .singleElement().asString().startsWith(Cli.shown(jobs) + ":15:9: warning: [future-result-ignored]")
                .contains("Jobs.again");
        assertThat(check.out()).endsWith("1 finding (1 warning) in 1 file; 1 hidden by the baseline\n");
    }

    @Test
    void entriesThatNoLongerMatchAreCountedEvenWhenQuiet() throws IOException {
        Path src = dir.resolve("src");
        Cli.write(src, "demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Path file = baselineOf(src);
        Cli.write(src, "demo/Jobs.java", Sources.IGNORED_SUBMIT.replace("executor.submit(() -> work());",
                "executor.submit(() -> work()).get();").replace("void start() {", "void start() throws Exception {"));

        Cli.Run check = Cli.run("check", "--quiet", "--baseline", file.toString(), src.toString());

        assertThat(check.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(check.err()).isEqualTo("threadguard: baseline " + file + " hid 0 findings; 1 of its entries "
                + "no longer matches anything (fixed, or the line changed): record it again to drop it"
                + System.lineSeparator());
    }

    @Test
    void filesThatDoNotParseAreNamedAndLeftOut() throws IOException {
        Path src = dir.resolve("src");
        Cli.write(src, "demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Path broken = Cli.write(src, "demo/Broken.java", Sources.BROKEN);
        Path file = dir.resolve("out/nested/baseline.json");

        Cli.Run run = Cli.run("baseline", "-q", "-o", file.toString(), src.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.err().lines()).hasSize(2);
        assertThat(run.err()).startsWith(Cli.shown(broken) + ":4:").contains(": error: [parse] ")
                .contains("threadguard: 1 path could not be read or parsed; findings in them are not in the baseline");
        assertThat(Files.readString(file)).contains("Jobs.start").doesNotContain("Broken");
    }

    @Test
    void recordingPartOfTheTreeKeepsTheEntriesOfTheRest() throws IOException {
        Path src = dir.resolve("src");
        Cli.write(src, "a/Jobs.java", Sources.IGNORED_SUBMIT.replace("package demo", "package a"));
        Cli.write(src, "b/Jobs.java", Sources.IGNORED_SUBMIT.replace("package demo", "package b"));
        Path file = baselineOf(src);

        Cli.write(src, "a/Jobs.java", Sources.CHECKED_SUBMIT.replace("package demo", "package a"));
        Cli.Run again = Cli.run("baseline", "--output", file.toString(), src.resolve("a").toString());

        assertThat(again.err()).isEqualTo("threadguard: recorded 0 findings of 1 file in " + file
                + " (kept its 1 entry for files outside " + src.resolve("a") + ")" + System.lineSeparator());
        assertThat(Files.readString(file)).contains("src/b/Jobs.java").doesNotContain("src/a/Jobs.java");

        Path report = Cli.write(dir, "report.json", "{}");
        Cli.Run refused = Cli.run("baseline", "--output", report.toString(), src.toString());
        assertThat(refused.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(refused.err()).contains("is not a threadguard baseline").contains("not overwriting it");
        assertThat(Files.readString(report)).isEqualTo("{}");
    }

    @Test
    void theHelpFitsInEightyColumnsAndNamesTheSharedOptions() {
        Cli.Run run = Cli.run("baseline", "--help");

        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().lines()).allSatisfy(l -> assertThat(l.length()).as(l).isLessThanOrEqualTo(80));
        assertThat(run.out().replaceAll("\\s+", " ")).contains("--output=FILE", "Default: threadguard-baseline.json", "--exclude=GLOB",
                "--classpath", "--encoding", "not its line number");
        assertThat(Cli.run("--help").out()).contains("baseline");
    }
}
