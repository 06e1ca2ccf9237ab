package dev.threadguard.report;

import dev.threadguard.AnalysisResult;
import dev.threadguard.facts.Pos;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.source.Diagnostic;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * threadguard's own JSON report, for scripts and dashboards. The shape is stable: fields are only ever
 * added, and a change that would break a reader raises {@code formatVersion}.
 *
 * <pre>{@code
 * {
 *   "format": "threadguard-report",
 *   "formatVersion": 1,
 *   "tool": { "name": "threadguard", "version": "0.1.0" },
 *   "summary": {
 *     "files": 42,                  // files analysed, parsed or not
 *     "findings": 3,
 *     "errors": 1, "warnings": 2, "notes": 0,
 *     "suppressed": 0,              // findings silenced by suppressions
 *     "baselined": 0,               // findings hidden by a baseline
 *     "unparsedFiles": 1,
 *     "findingsByRule": { "future-result-ignored": 3 }     // sorted by rule id
 *   },
 *   "findings": [ {                 // sorted by path, line, column, rule
 *     "rule": "future-result-ignored", "family": "future",
 *     "severity": "warning",        // error | warning | note
 *     "confidence": "high",         // high | medium | low
 *     "path": "src/Orders.java",    // relative to the working directory when below it
 *     "line": 12, "column": 9, "endLine": 12, "endColumn": 40,   // 1-based; endColumn inclusive
 *     "member": "Orders.place",     // or null
 *     "message": "...",
 *     "trace": [ { "path": ..., "line": ..., "column": ..., "endLine": ..., "endColumn": ..., "message": ... } ],
 *     "fingerprint": "5d41402abc4b2a76b9719d911017c592"   // see Fingerprints
 *   } ],
 *   "diagnostics": [ { "path": "src/Broken.java", "line": 3, "column": 1, "message": "..." } ]
 * }
 * }</pre>
 *
 * Timings are left out on purpose: the same tree gives byte-identical reports.
 */
public final class JsonReport implements ReportWriter {

    /** Raised when a reader written for the previous shape could misread the new one. */
    public static final int FORMAT_VERSION = 1;

    @Override
    public void write(AnalysisResult result, ReportContext context, Appendable out) throws IOException {
        List<Finding> findings = result.findings().stream().sorted().toList();
        List<Diagnostic> diagnostics = result.diagnostics().stream().sorted().toList();
        List<String> fingerprints = Fingerprints.in(context.workingDirectory()).ofAll(findings);

        JsonWriter json = new JsonWriter(out);
        json.beginObject()
                .property("format", "threadguard-report")
                .property("formatVersion", FORMAT_VERSION);
        json.name("tool").beginObject()
                .property("name", "threadguard")
                .property("version", context.toolVersion())
                .endObject();
        summary(json, result, findings, diagnostics);

        json.name("findings").beginArray();
        for (int i = 0; i < findings.size(); i++) {
            finding(json, findings.get(i), fingerprints.get(i));
        }
        json.endArray();

        json.name("diagnostics").beginArray();
        for (Diagnostic d : diagnostics) {
            json.beginObject()
                    .property("path", d.path())
                    .property("line", d.line())
                    .property("column", d.column())
                    .property("message", d.message())
                    .endObject();
        }
        json.endArray();
        json.endObject().finish();
    }

    private static void summary(JsonWriter json, AnalysisResult result, List<Finding> findings,
                                List<Diagnostic> diagnostics) throws IOException {
        Map<String, Integer> byRule = new TreeMap<>();
        int[] bySeverity = new int[Severity.values().length];
        for (Finding f : findings) {
            byRule.merge(f.rule().id(), 1, Integer::sum);
            bySeverity[f.severity().ordinal()]++;
        }
        json.name("summary").beginObject()
                .property("files", result.files())
                .property("findings", findings.size())
                .property("errors", bySeverity[Severity.ERROR.ordinal()])
                .property("warnings", bySeverity[Severity.WARNING.ordinal()])
                .property("notes", bySeverity[Severity.NOTE.ordinal()])
                .property("suppressed", result.suppressed())
                .property("baselined", result.baselined())
                .property("unparsedFiles", diagnostics.stream().map(Diagnostic::path).distinct().count());
        json.name("findingsByRule").beginObject();
        for (Map.Entry<String, Integer> e : byRule.entrySet()) {
            json.property(e.getKey(), e.getValue());
        }
        json.endObject();
        json.endObject();
    }

    private static void finding(JsonWriter json, Finding f, String fingerprint) throws IOException {
        json.beginObject()
                .property("rule", f.rule().id())
                .property("family", f.rule().family().label())
                .property("severity", f.severity().label())
                .property("confidence", f.confidence().label())
                .property("path", f.path());
        range(json, f.pos());
        json.property("member", f.member())
                .property("message", f.message());
        json.name("trace").beginArray();
        for (TraceStep step : f.trace()) {
            json.beginObject().property("path", step.path());
            range(json, step.pos());
            json.property("message", step.message()).endObject();
        }
        json.endArray();
        json.property("fingerprint", fingerprint);
        json.endObject();
    }

    private static void range(JsonWriter json, Pos pos) throws IOException {
        json.property("line", pos.line())
                .property("column", pos.column())
                .property("endLine", pos.endLine())
                .property("endColumn", pos.endColumn());
    }
}
