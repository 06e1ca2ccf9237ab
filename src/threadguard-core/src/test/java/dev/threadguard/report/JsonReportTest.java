package dev.threadguard.report;

import dev.threadguard.AnalysisResult;
import dev.threadguard.facts.Pos;
import dev.threadguard.rules.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.file.Path;
import java.util.List;

import static dev.threadguard.report.ReportFixture.DOCUMENTED;
import static dev.threadguard.report.ReportFixture.IGNORED;
import static dev.threadguard.report.ReportFixture.finding;
import static dev.threadguard.report.ReportFixture.render;
import static dev.threadguard.report.ReportFixture.result;
import static org.assertj.core.api.Assertions.assertThat;

class JsonReportTest {

    @TempDir
    Path root;

    private static JsonNode parse(String json) {
        return JsonMapper.builder().build().readTree(json);
    }

    @Test
    void carriesToolSummaryFindingsWithTracesAndDiagnostics() {
        ReportFixture fx = new ReportFixture(root);
        String json = render(new JsonReport(), fx.typical(), fx.context(false, IGNORED, DOCUMENTED));
        JsonNode doc = parse(json);

        assertThat(doc.propertyNames()).containsExactly(
                "format", "formatVersion", "tool", "summary", "findings", "diagnostics");
        assertThat(doc.get("format").stringValue()).isEqualTo("threadguard-report");
        assertThat(doc.get("formatVersion").intValue()).isEqualTo(1);
        assertThat(doc.at("/tool/name").stringValue()).isEqualTo("threadguard");
        assertThat(doc.at("/tool/version").stringValue()).isEqualTo("1.2.3");

        JsonNode summary = doc.get("summary");
        assertThat(summary.get("files").intValue()).isEqualTo(3);
        assertThat(summary.get("findings").intValue()).isEqualTo(2);
        assertThat(summary.get("errors").intValue()).isEqualTo(1);
        assertThat(summary.get("warnings").intValue()).isEqualTo(1);
        assertThat(summary.get("notes").intValue()).isZero();
        assertThat(summary.get("suppressed").intValue()).isZero();
        assertThat(summary.get("unparsedFiles").intValue()).isEqualTo(1);
        assertThat(summary.at("/findingsByRule/future-result-ignored").intValue()).isEqualTo(1);
        assertThat(summary.at("/findingsByRule/report-test-documented").intValue()).isEqualTo(1);

        JsonNode first = doc.at("/findings/0");
        assertThat(first.propertyNames()).containsExactly("rule", "family", "severity", "confidence", "path",
                "line", "column", "endLine", "endColumn", "member", "message", "trace", "fingerprint");
        assertThat(first.get("rule").stringValue()).isEqualTo("future-result-ignored");
        assertThat(first.get("family").stringValue()).isEqualTo("future");
        assertThat(first.get("severity").stringValue()).isEqualTo("warning");
        assertThat(first.get("confidence").stringValue()).isEqualTo("high");
        assertThat(first.get("path").stringValue()).isEqualTo("src/app/Orders.java");
        assertThat(List.of(first.get("line").intValue(), first.get("column").intValue(),
                first.get("endLine").intValue(), first.get("endColumn").intValue())).containsExactly(5, 9, 5, 25);
        assertThat(first.get("member").stringValue()).isEqualTo("Orders.place");
        assertThat(first.get("trace").size()).isZero();
        assertThat(first.get("fingerprint").stringValue()).matches("[0-9a-f]{32}");

        JsonNode second = doc.at("/findings/1");
        assertThat(second.get("family").stringValue()).isEqualTo("lock-order");
        assertThat(second.get("trace").size()).isEqualTo(2);
        assertThat(second.at("/trace/1/message").stringValue()).isEqualTo("then `Orders.b`, while `Orders.a` is held");
        assertThat(second.at("/trace/0/column").intValue()).isEqualTo(9);
        assertThat(second.get("fingerprint").stringValue()).isNotEqualTo(first.get("fingerprint").stringValue());

        assertThat(doc.at("/diagnostics/0/path").stringValue()).isEqualTo("src/broken/Bad.java");
        assertThat(doc.at("/diagnostics/0/line").intValue()).isEqualTo(3);
        assertThat(doc.at("/diagnostics/0/column").intValue()).isEqualTo(14);
        assertThat(doc.at("/diagnostics/0/message").stringValue()).isEqualTo("Parse error. Found \"}\", expected \";\"");
    }

    @Test
    void awkwardMessagesAndPathsRoundTripAndTheOutputIsAscii() {
        ReportFixture fx = new ReportFixture(root);
        String message = "\"quoted\" back\\slash\nnew line\ttab \u0001 \u001b[31m größe 😀 \u2028";
        String path = "src/we ird/Ünïcode \"q\".java";
        Finding f = finding(IGNORED, path, Pos.at(1, 1), null, message);
        String json = render(new JsonReport(), result(1, List.of(f), List.of()), fx.context(false, IGNORED));

        assertThat(json).matches("[\\x20-\\x7e\\n]*");
        assertThat(json).contains("\\ud83d\\ude00", "\\\"quoted\\\"", "back\\\\slash", "\\u0001", "\\u001b");
        JsonNode doc = parse(json);
        assertThat(doc.at("/findings/0/message").stringValue()).isEqualTo(message);
        assertThat(doc.at("/findings/0/path").stringValue()).isEqualTo(path);
        assertThat(doc.at("/findings/0/member").isNull()).isTrue();
    }

    @Test
    void anEmptyResultIsStillAWholeDocument() {
        ReportFixture fx = new ReportFixture(root);
        JsonNode doc = parse(render(new JsonReport(), result(0, List.of(), List.of()), fx.context(false)));
        assertThat(doc.get("findings").isArray()).isTrue();
        assertThat(doc.get("findings").size()).isZero();
        assertThat(doc.get("diagnostics").size()).isZero();
        assertThat(doc.at("/summary/findingsByRule").size()).isZero();
    }

    @Test
    void identicalAcrossRuns() {
        ReportFixture fx = new ReportFixture(root);
        AnalysisResult r = fx.typical();
        assertThat(render(new JsonReport(), r, fx.context(false, IGNORED)))
                .isEqualTo(render(new JsonReport(), r, fx.context(false, IGNORED)));
    }
}
