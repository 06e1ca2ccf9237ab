package dev.threadguard.report;

import dev.threadguard.AnalysisResult;

import java.io.IOException;

/** Writes an analysis result in one format. */
public interface ReportWriter {

    void write(AnalysisResult result, ReportContext context, Appendable out) throws IOException;

    /** The writer for a format. */
    static ReportWriter of(ReportFormat format) {
        return switch (format) {
            case TEXT -> new TextReport();
            case JSON -> new JsonReport();
            case SARIF -> new SarifReport();
        };
    }
}
