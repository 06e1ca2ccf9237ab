package dev.threadguard.report;

import dev.threadguard.AnalysisResult;
import dev.threadguard.facts.Pos;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleInfo;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;
import dev.threadguard.source.Diagnostic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Hand-built analysis results over real files in a temporary directory, shared by the report tests. */
final class ReportFixture {

    static final RuleInfo IGNORED = new RuleInfo("future-result-ignored", Family.FUTURE, Severity.WARNING,
            "The Future of a submitted task is discarded, so the task's failure is never seen.");
    static final RuleInfo DOCUMENTED = new RuleInfo("report-test-documented", Family.LOCK_ORDER, Severity.ERROR,
            "Two paths take the same locks in opposite orders.");
    static final RuleInfo NOTE_RULE = new RuleInfo("report-test-note", Family.LIFECYCLE, Severity.NOTE,
            "A note-level rule.");

    static final String ORDERS = "src/app/Orders.java";
    static final String BROKEN = "src/broken/Bad.java";

    final Path root;

    ReportFixture(Path root) {
        this.root = root;
    }

    /** Writes {@code lines} to {@code path} below the root; returns the path as findings show it. */
    String file(String path, String... lines) {
        try {
            Path file = root.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String orders() {
        return file(ORDERS,
                "package app;",
                "",
                "class Orders {",
                "    void place(ExecutorService pool, Runnable task) {",
                "        pool.submit(task);",
                "        synchronized (a) { synchronized (b) { } }",
                "    }",
                "}");
    }

    ReportContext context(boolean color, RuleInfo... rules) {
        return new ReportContext("1.2.3", List.of(rules), root, color);
    }

    static Finding finding(RuleInfo rule, String path, Pos pos, String member, String message, TraceStep... trace) {
        return new Finding(rule, rule.severity(), Confidence.HIGH, path, pos, member, message, List.of(trace));
    }

    static AnalysisResult result(int files, List<Finding> findings, List<Diagnostic> diagnostics) {
        return new AnalysisResult(new ArrayList<>(findings), new ArrayList<>(diagnostics), files, 0,
                new AnalysisResult.Timings(1, 2, 3));
    }

    /** The result most tests use: a discarded future, a lock-order finding with a trace, and a parse error. */
    AnalysisResult typical() {
        orders();
        Finding ignored = finding(IGNORED, ORDERS, new Pos(5, 9, 5, 25), "Orders.place",
                "the Future returned by `pool.submit(task)` in `Orders.place` is discarded");
        Finding cycle = finding(DOCUMENTED, ORDERS, new Pos(6, 28, 6, 44), "Orders.place",
                "lock order `Orders.a` -> `Orders.b` is reversed elsewhere",
                new TraceStep(ORDERS, new Pos(6, 9, 6, 25), "`Orders.a` taken here"),
                new TraceStep(ORDERS, new Pos(6, 28, 6, 44), "then `Orders.b`, while `Orders.a` is held"));
        Diagnostic parse = new Diagnostic(BROKEN, 3, 14, "Parse error. Found \"}\", expected \";\"");
        return result(3, List.of(cycle, ignored), List.of(parse));
    }

    static String render(ReportWriter writer, AnalysisResult result, ReportContext context) {
        StringBuilder out = new StringBuilder();
        try {
            writer.write(result, context, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
