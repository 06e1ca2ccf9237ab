package dev.threadguard.report;

import dev.threadguard.AnalysisResult;
import dev.threadguard.facts.Pos;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.Printable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Compiler-style text, one line per finding, which editors and CI logs turn into links:
 *
 * <pre>
 * src/Orders.java:42:9: warning: [future-result-ignored] the Future returned by ...
 *     src/Orders.java:40:5: note: the executor is created here
 * src/Broken.java:3:1: error: [parse] Parse error ...
 * 2 findings (1 error, 1 warning) in 12 files; 1 file could not be parsed
 * </pre>
 *
 * Findings and parse diagnostics are interleaved in the order of path, line and column (a diagnostic
 * first on a tie), so a file's problems stay together. Severity and rule id are coloured with ANSI codes
 * only when {@link ReportContext#color()} says so. Lines end with {@code \n} on every platform so that
 * the output is the same everywhere.
 */
public final class TextReport implements ReportWriter {

    private static final String RESET = "\u001b[0m";
    private static final String RULE_COLOR = "\u001b[1m";

    @Override
    public void write(AnalysisResult result, ReportContext context, Appendable out) throws IOException {
        boolean color = context.color();
        List<Finding> findings = result.findings().stream().sorted().toList();
        List<Diagnostic> diagnostics = result.diagnostics().stream().sorted().toList();
        int f = 0;
        int d = 0;
        while (f < findings.size() || d < diagnostics.size()) {
            if (d < diagnostics.size() && (f == findings.size() || before(diagnostics.get(d), findings.get(f)))) {
                Diagnostic diagnostic = diagnostics.get(d++);
                location(out, diagnostic.path(), diagnostic.line(), diagnostic.column());
                out.append(' ').append(paint("error:", severityColor(Severity.ERROR), color));
                out.append(' ').append(paint("[parse]", RULE_COLOR, color));
                out.append(' ').append(printable(diagnostic.message())).append('\n');
            } else {
                finding(out, findings.get(f++), color);
            }
        }
        out.append(summary(result)).append('\n');
    }

    /**
     * The closing line: {@code 3 findings (1 error, 2 warnings) in 42 files; 1 file could not be parsed}.
     * Suppressed findings, findings hidden by a baseline and unparsable files are mentioned only when there
     * are some.
     */
    public static String summary(AnalysisResult result) {
        Map<Severity, Integer> bySeverity = new EnumMap<>(Severity.class);
        for (Finding finding : result.findings()) {
            bySeverity.merge(finding.severity(), 1, Integer::sum);
        }
        StringBuilder b = new StringBuilder();
        int total = result.findings().size();
        b.append(total == 0 ? "no findings" : count(total, "finding", "findings"));
        if (total > 0) {
            List<String> parts = new ArrayList<>();
            for (Map.Entry<Severity, Integer> e : bySeverity.entrySet()) {
                parts.add(count(e.getValue(), e.getKey().label(), e.getKey().label() + "s"));
            }
            b.append(" (").append(String.join(", ", parts)).append(')');
        }
        b.append(" in ").append(count(result.files(), "file", "files"));
        if (result.suppressed() > 0) {
            b.append("; ").append(result.suppressed()).append(" suppressed");
        }
        if (result.baselined() > 0) {
            b.append("; ").append(result.baselined()).append(" hidden by the baseline");
        }
        long unparsed = result.diagnostics().stream().map(Diagnostic::path).distinct().count();
        if (unparsed > 0) {
            b.append("; ").append(count(unparsed, "file", "files")).append(" could not be parsed");
        }
        return b.toString();
    }

    private static void finding(Appendable out, Finding finding, boolean color) throws IOException {
        Pos pos = finding.pos();
        location(out, finding.path(), pos.line(), pos.column());
        Severity severity = finding.severity();
        out.append(' ').append(paint(severity.label() + ":", severityColor(severity), color));
        out.append(' ').append(paint("[" + finding.rule().id() + "]", RULE_COLOR, color));
        out.append(' ').append(printable(finding.message())).append('\n');
        for (TraceStep step : finding.trace()) {
            out.append("    ");
            location(out, step.path(), step.pos().line(), step.pos().column());
            out.append(' ').append(paint("note:", severityColor(Severity.NOTE), color));
            out.append(' ').append(printable(step.message())).append('\n');
        }
    }

    private static void location(Appendable out, String path, int line, int column) throws IOException {
        out.append(printable(path)).append(':').append(Integer.toString(line))
                .append(':').append(Integer.toString(column)).append(':');
    }

    private static boolean before(Diagnostic d, Finding f) {
        int c = d.path().compareTo(f.path());
        if (c == 0) {
            c = Integer.compare(d.line(), f.pos().line());
        }
        if (c == 0) {
            c = Integer.compare(d.column(), f.pos().column());
        }
        return c <= 0;
    }

    private static String severityColor(Severity severity) {
        // The colours of gcc and clang, which users already read without thinking.
        return switch (severity) {
            case ERROR -> "\u001b[1;31m";
            case WARNING -> "\u001b[1;35m";
            case NOTE -> "\u001b[1;36m";
        };
    }

    private static String paint(String text, String code, boolean color) {
        return color ? code + text + RESET : text;
    }

    private static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    /**
     * {@code text} safe for one terminal line. Messages quote source code and paths come from the file
     * system, so either may hold a line break, which would split a finding into lines an editor or a CI
     * problem matcher misreads (a file name can forge a whole {@code path:1:1: error:} line), an escape
     * sequence that would drive the terminal, or bidirectional controls that reorder what is shown (the
     * "Trojan Source" trick). Line breaks are shown as {@code \n} and {@code \r}, a tab as a space, other
     * controls as a backslash, {@code u} and four hex digits.
     */
    public static String printable(String text) {
        return Printable.of(text);
    }
}
