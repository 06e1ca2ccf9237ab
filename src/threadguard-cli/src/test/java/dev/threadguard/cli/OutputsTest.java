package dev.threadguard.cli;

import dev.threadguard.report.ReportFormat;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static dev.threadguard.report.ReportFormat.HTML;
import static dev.threadguard.report.ReportFormat.JSON;
import static dev.threadguard.report.ReportFormat.SARIF;
import static dev.threadguard.report.ReportFormat.TEXT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutputsTest {

    private static Outputs.Destination stdout(ReportFormat format) {
        return new Outputs.Destination(format, null);
    }

    private static Outputs.Destination file(ReportFormat format, String name) {
        return new Outputs.Destination(format, Path.of(name));
    }

    @Test
    void nothingGivenIsTextOnStandardOutput() {
        assertThat(Outputs.plan(List.of(), List.of())).containsExactly(stdout(TEXT));
    }

    @Test
    void aLoneFormatGoesToStandardOutput() {
        assertThat(Outputs.plan(List.of(SARIF), List.of())).containsExactly(stdout(SARIF));
    }

    @Test
    void outputsWithoutFormatsFollowTheirExtension() {
        assertThat(Outputs.plan(List.of(), List.of(Path.of("a.sarif"), Path.of("b.json"), Path.of("c.sarif.json"),
                Path.of("d.txt"))))
                .containsExactly(file(SARIF, "a.sarif"), file(JSON, "b.json"), file(SARIF, "c.sarif.json"),
                        file(TEXT, "d.txt"));
    }

    @Test
    void formatsPairWithOutputsInOrderAndTheLastMayGoToStandardOutput() {
        assertThat(Outputs.plan(List.of(JSON, SARIF, TEXT), List.of(Path.of("r.txt"), Path.of("s.out"))))
                .containsExactly(file(JSON, "r.txt"), file(SARIF, "s.out"), stdout(TEXT));
    }

    @Test
    void anOutputNamedForAnotherFormatNeedsAFormat() {
        assertThatThrownBy(() -> Outputs.plan(List.of(), List.of(Path.of("build/report.xml"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--output build/report.xml: threadguard writes no .xml report; name the file .txt, .json, "
                        + ".sarif or .html, or add --format text (or json, sarif, html) before it");
        assertThat(Outputs.plan(List.of(TEXT), List.of(Path.of("report.xml")))).containsExactly(file(TEXT, "report.xml"));
        assertThat(Outputs.plan(List.of(), List.of(Path.of("report.html")))).containsExactly(file(HTML, "report.html"));
        assertThat(Outputs.plan(List.of(), List.of(Path.of("threadguard.log"), Path.of("findings"))))
                .containsExactly(file(TEXT, "threadguard.log"), file(TEXT, "findings"));
    }

    @Test
    void atMostOneReportOnStandardOutput() {
        assertThatThrownBy(() -> Outputs.plan(List.of(SARIF, JSON, TEXT), List.of(Path.of("x.sarif"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("only one report can go to standard output, but json and text have no --output FILE");
    }

    @Test
    void twoReportsIntoOneFileAreRefused() {
        assertThatThrownBy(() -> Outputs.plan(List.of(JSON, SARIF), List.of(Path.of("r.json"), Path.of("./r.json"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("two reports would be written to ./r.json");
    }
}
