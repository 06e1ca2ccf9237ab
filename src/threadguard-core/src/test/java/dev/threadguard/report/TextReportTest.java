package dev.threadguard.report;

import dev.threadguard.AnalysisResult;
import dev.threadguard.facts.Pos;
import dev.threadguard.rules.Finding;
import dev.threadguard.source.Diagnostic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.threadguard.report.ReportFixture.DOCUMENTED;
import static dev.threadguard.report.ReportFixture.IGNORED;
import static dev.threadguard.report.ReportFixture.NOTE_RULE;
import static dev.threadguard.report.ReportFixture.finding;
import static dev.threadguard.report.ReportFixture.render;
import static dev.threadguard.report.ReportFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

class TextReportTest {

    @TempDir
    Path root;

    @Test
    void writesOneLinePerFindingWithItsTraceAsNotesAndParseErrorsInPathOrder() {
        ReportFixture fx = new ReportFixture(root);
        String text = render(new TextReport(), fx.typical(), fx.context(false, IGNORED, DOCUMENTED));

        assertThat(text.split("\n", -1)).containsExactly(
                "src/app/Orders.java:5:9: warning: [future-result-ignored] the Future returned by `pool.submit(task)` in `Orders.place` is discarded",
                "src/app/Orders.java:6:28: error: [report-test-documented] lock order `Orders.a` -> `Orders.b` is reversed elsewhere",
                "    src/app/Orders.java:6:9: note: `Orders.a` taken here",
                "    src/app/Orders.java:6:28: note: then `Orders.b`, while `Orders.a` is held",
                "src/broken/Bad.java:3:14: error: [parse] Parse error. Found \"}\", expected \";\"",
                "2 findings (1 error, 1 warning) in 3 files; 1 file could not be parsed",
                "");
    }

    @Test
    void aParseErrorInAFileThatSortsFirstComesFirst() {
        ReportFixture fx = new ReportFixture(root);
        Finding f = finding(IGNORED, "b/B.java", Pos.at(2, 3), "B.m", "m");
        AnalysisResult r = result(2, List.of(f), List.of(new Diagnostic("a/A.java", 1, 1, "file is empty")));

        assertThat(render(new TextReport(), r, fx.context(false, IGNORED)).lines()).containsExactly(
                "a/A.java:1:1: error: [parse] file is empty",
                "b/B.java:2:3: warning: [future-result-ignored] m",
                "1 finding (1 warning) in 2 files; 1 file could not be parsed");
    }

    @Test
    void summaryGrammarFollowsTheCounts() {
        assertThat(TextReport.summary(result(0, List.of(), List.of()))).isEqualTo("no findings in 0 files");
        assertThat(TextReport.summary(result(1, List.of(), List.of()))).isEqualTo("no findings in 1 file");

        Finding warning = finding(IGNORED, "A.java", Pos.at(1, 1), "A.m", "w");
        Finding error = finding(DOCUMENTED, "A.java", Pos.at(2, 1), "A.m", "e");
        Finding note = finding(NOTE_RULE, "A.java", Pos.at(3, 1), "A.m", "n");
        assertThat(TextReport.summary(result(1, List.of(warning), List.of())))
                .isEqualTo("1 finding (1 warning) in 1 file");
        assertThat(TextReport.summary(result(42, List.of(warning, error, note, warning), List.of())))
                .isEqualTo("4 findings (1 error, 2 warnings, 1 note) in 42 files");

        List<Diagnostic> twoFiles = List.of(new Diagnostic("X.java", 1, 1, "a"), new Diagnostic("X.java", 2, 1, "b"),
                new Diagnostic("Y.java", 1, 1, "c"));
        assertThat(TextReport.summary(result(5, List.of(), twoFiles)))
                .isEqualTo("no findings in 5 files; 2 files could not be parsed");

        AnalysisResult suppressed = new AnalysisResult(List.of(error), List.of(), 7, 3,
                new AnalysisResult.Timings(0, 0, 0));
        assertThat(TextReport.summary(suppressed)).isEqualTo("1 finding (1 error) in 7 files; 3 suppressed");
    }

    @Test
    void coloursSeverityAndRuleOnlyWhenAsked() {
        ReportFixture fx = new ReportFixture(root);
        AnalysisResult r = fx.typical();

        String plain = render(new TextReport(), r, fx.context(false, IGNORED, DOCUMENTED));
        assertThat(plain).doesNotContain("\u001b");

        String colored = render(new TextReport(), r, fx.context(true, IGNORED, DOCUMENTED));
        assertThat(colored.lines().toList()).startsWith(
                "src/app/Orders.java:5:9: \u001b[1;35mwarning:\u001b[0m \u001b[1m[future-result-ignored]\u001b[0m"
                        + " the Future returned by `pool.submit(task)` in `Orders.place` is discarded",
                "src/app/Orders.java:6:28: \u001b[1;31merror:\u001b[0m \u001b[1m[report-test-documented]\u001b[0m"
                        + " lock order `Orders.a` -> `Orders.b` is reversed elsewhere",
                "    src/app/Orders.java:6:9: \u001b[1;36mnote:\u001b[0m `Orders.a` taken here");
        // Stripping the codes gives back the plain report: colour adds nothing else.
        assertThat(colored.replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void messagesCannotBreakTheLineOrDriveTheTerminal() {
        ReportFixture fx = new ReportFixture(root);
        Finding f = finding(IGNORED, "evil\nname.java", Pos.at(1, 2), "A.m",
                "line one\r\nline two\ttab \u001b[2J cleared \u202eevil\u202c");
        String text = render(new TextReport(), result(1, List.of(f), List.of()), fx.context(false, IGNORED));

        assertThat(text.lines()).containsExactly(
                "evil\\nname.java:1:2: warning: [future-result-ignored] line one\\r\\nline two tab \\u001b[2J cleared \\u202eevil\\u202c",
                "1 finding (1 warning) in 1 file");
    }

    @Test
    void aFileNameCannotForgeAnotherProblemLine() {
        ReportFixture fx = new ReportFixture(root);
        Diagnostic forged = new Diagnostic("x.java\nsrc/Main.java:1:1: error: [parse] forged", 1, 1, "file is empty");
        String text = render(new TextReport(), result(1, List.of(), List.of(forged)), fx.context(false, IGNORED));

        assertThat(text.lines()).containsExactly(
                "x.java\\nsrc/Main.java:1:1: error: [parse] forged:1:1: error: [parse] file is empty",
                "no findings in 1 file; 1 file could not be parsed");
    }

    @Test
    void identicalAcrossRuns() {
        ReportFixture fx = new ReportFixture(root);
        AnalysisResult r = fx.typical();
        assertThat(render(new TextReport(), r, fx.context(false, IGNORED)))
                .isEqualTo(render(new TextReport(), r, fx.context(false, IGNORED)));
    }
}
