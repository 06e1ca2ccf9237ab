package dev.threadguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
    void aPathThatDoesNotExistIsAUsageErrorNotAPass() throws IOException {
        Cli.write(dir, "demo/CheckedJobs.java", Sources.CHECKED_SUBMIT);
        Path missing = dir.resolve("no-such-dir");

        Cli.Run run = Cli.run("check", dir.toString(), missing.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("threadguard: no such file or directory: " + missing
                + " (see 'threadguard check --help')" + System.lineSeparator());
    }

    @Test
    void aPathWithoutJavaFilesIsAUsageErrorUnlessAllowed() throws IOException {
        Cli.write(dir, "src/A.java", "class A {}\n");
        Cli.write(dir, "docs/README.md", "# Nothing to analyse here\n");

        Cli.Run run = Cli.run("check", dir.resolve("src").toString(), dir.resolve("docs").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err().lines()).singleElement().asString().startsWith("threadguard: no Java files under "
                + dir.resolve("docs") + " (--allow-empty accepts it)");

        Cli.Run excluded = Cli.run("check", "--exclude", "**/A.java", dir.resolve("src").toString());
        assertThat(excluded.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(excluded.err()).contains("no Java files under " + dir.resolve("src") + " that --exclude leaves in");

        // Allowed: analysed, and still said on standard error, even with --quiet.
        Cli.Run quiet = Cli.run("check", "--quiet", "--allow-empty", dir.resolve("docs").toString());
        assertThat(quiet.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(quiet.err().lines()).containsExactly("threadguard: no Java files found under " + dir.resolve("docs"));
    }

    @Test
    void withIsolatedParsingAFileOverTheTimeLimitIsReportedAndNoProcessIsLeft() throws IOException {
        Cli.write(dir, "src/Jobs.java", Sources.CHECKED_SUBMIT);
        Cli.write(dir, "src/Slow.java", "class Slow { void f(java.util.concurrent.ExecutorService e) {\n"
                + "e.submit(() -> {\n".repeat(24) + "int x = 1;\n" + "});\n".repeat(24) + "} }\n");
        Cli.Run run = Cli.run("check", "--isolate-parse", "always", "--max-lambda-nesting", "30", "--file-timeout",
                "2", "--fail-on", "none", dir.resolve("src").toString());
        assertThat(run.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Slow.java:1:1: error: [parse] given up after ");
        assertThat(run.err()).doesNotContain("warning");
        assertThat(ProcessHandle.current().children().toList()).as("parse processes left").isEmpty();

        Cli.Run bad = Cli.run("check", "--isolate-parse", "sometimes", dir.resolve("src").toString());
        assertThat(bad.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).contains("unknown value 'sometimes' (expected auto, always or never)");
    }

    @Test
    void aTreeWithJavaFilesHasNoSuchWarning() throws IOException {
        Cli.write(dir, "demo/CheckedJobs.java", Sources.CHECKED_SUBMIT);

        assertThat(Cli.run("check", dir.toString()).err()).doesNotContain("no Java files");
    }

    @Test
    void excludingGeneratedLeavesOutAGeneratedDirectoryAtTheTop() throws IOException {
        Cli.write(dir, "generated/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Cli.write(dir, "demo/CheckedJobs.java", Sources.CHECKED_SUBMIT);
        Cli.write(dir, "Broken.java", Sources.BROKEN);

        Cli.Run all = Cli.run("check", dir.toString());
        Cli.Run excluded = Cli.run("check", "--exclude", "**/generated/**", "--exclude", "**/Broken.java",
                dir.toString());

        assertThat(all.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(all.out()).contains("[future-result-ignored]", "[parse]");
        assertThat(excluded.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(excluded.out()).doesNotContain("warning:").doesNotContain("error:").contains("1 file");
    }

    @Test
    void sourcesInAnotherEncodingAreAnalysedWithEncoding() throws IOException {
        Path jobs = dir.resolve("demo/Jobs.java");
        Files.createDirectories(jobs.getParent());
        // Same lines as before: the comment goes at the end of line 1.
        Files.write(jobs, Sources.IGNORED_SUBMIT.replace("package demo;", "package demo; // \u00a9 Caf\u00e9 S\u00e0rl")
                .getBytes(StandardCharsets.ISO_8859_1));

        Cli.Run utf8 = Cli.run("check", dir.toString());
        Cli.Run latin1 = Cli.run("check", "--encoding", "ISO-8859-1", dir.toString());

        assertThat(utf8.exitCode()).isEqualTo(ExitCodes.OK);
        assertThat(utf8.out()).contains(Cli.shown(jobs) + ":1:18: error: [parse] not valid UTF-8: bad byte 0xA9");
        assertThat(latin1.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        assertThat(latin1.out()).doesNotContain("[parse]")
                .contains(Cli.shown(jobs) + ":" + Sources.IGNORED_SUBMIT_LINE + ":");
    }

    @Test
    void aParseErrorCausedByTheLanguageLevelSaysSo() throws IOException {
        Path jobs = Cli.write(dir, "demo/Jobs.java", Sources.IGNORED_SUBMIT.replace(
                "executor.submit(() -> work());", "var pending = executor.submit(() -> work());"));

        Cli.Run eight = Cli.run("check", "--language-level", "8", dir.toString());
        Cli.Run newest = Cli.run("check", dir.toString());

        assertThat(eight.out()).contains(Cli.shown(jobs) + ":" + Sources.IGNORED_SUBMIT_LINE
                + ":9: error: [parse] `var` is not supported before Java 10 (parsed as Java 8; see --language-level)");
        assertThat(newest.out()).doesNotContain("[parse]").contains("[future-never-read]");
    }

    @Test
    void aReportThatCannotBeWrittenSaysWhyInWords() throws IOException {
        Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        Path file = Cli.write(dir, "file.txt", "not a directory");
        Path report = file.resolve("reports/out.sarif");

        Cli.Run run = Cli.run("check", "--output", report.toString(), dir.resolve("src").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("threadguard: cannot write " + report + ": not a directory (");
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

    @Test
    void theDefaultReportRunsTheRulesOnByDefaultAndEnableAddsOthers() throws IOException {
        Cli.write(dir, "src/demo/Jobs.java", Sources.IGNORED_SUBMIT);
        dev.threadguard.rules.Rule rule = dev.threadguard.rules.Rules.all().stream()
                .filter(r -> r.info().id().equals("future-result-ignored")).findFirst().orElseThrow();
        Cli.Run byDefault = Cli.runAsIs(Cli.PIPED, "check", dir.toString());
        Cli.Run enabled = Cli.runAsIs(Cli.PIPED, "check", "--enable", "future-result-ignored", dir.toString());

        assertThat(enabled.out()).contains("[future-result-ignored]");
        assertThat(enabled.exitCode()).isEqualTo(ExitCodes.FINDINGS);
        if (!rule.enabledByDefault()) {
            assertThat(byDefault.out()).doesNotContain("[future-result-ignored]");
            assertThat(byDefault.exitCode()).isEqualTo(ExitCodes.OK);
        }
        long off = dev.threadguard.rules.Rules.all().stream().filter(r -> !r.enabledByDefault()).count();
        int total = dev.threadguard.rules.Rules.all().size();
        assertThat(byDefault.err()).contains("threadguard: " + off + " of " + total + " rules did not run")
                .contains("`--enable all` runs them");
        assertThat(Cli.runAsIs(Cli.PIPED, "check", "--enable", "all", dir.toString()).err()).doesNotContain("did not run");
        assertThat(Cli.runAsIs(Cli.PIPED, "check", "--quiet", dir.toString()).err()).doesNotContain("did not run");
    }

    @Test
    void anUnknownRuleOrConfidenceIsAUsageError() {
        Cli.Run rule = Cli.runAsIs(Cli.PIPED, "check", "--enable", "no-such-rule", "--allow-empty", dir.toString());
        Cli.Run level = Cli.runAsIs(Cli.PIPED, "check", "--confidence", "sure", "--allow-empty", dir.toString());

        assertThat(rule.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(rule.err()).contains("no such rule: no-such-rule");
        assertThat(level.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(level.err()).contains("--confidence is high, medium or low");
    }

    @Test
    void findingsBelowTheConfidenceBarAreShownOnlyWhenAsked() throws IOException {
        // A call through a variable whose type cannot be resolved: matched by name, confidence low.
        Cli.write(dir, "src/demo/Unresolved.java", """
                package demo;

                class Unresolved {
                    void go(some.unknown.Pool pool) {
                        pool.submit(() -> { });
                    }
                }
                """);
        Cli.Run high = Cli.runAsIs(Cli.PIPED, "check", "--enable", "all", dir.toString());
        Cli.Run low = Cli.runAsIs(Cli.PIPED, "check", "--enable", "all", "--confidence", "low", dir.toString());

        assertThat(high.out()).doesNotContain("[future-result-ignored]");
        assertThat(low.out()).contains("[future-result-ignored]").contains("[type not resolved");
    }
}
