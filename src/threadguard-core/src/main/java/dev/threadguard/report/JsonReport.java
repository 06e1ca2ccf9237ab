package dev.threadguard.report;

import dev.threadguard.AnalysisResult;

/** Placeholder until the report writers land; see ReportWriter. */
public final class JsonReport implements ReportWriter {
    @Override
    public void write(AnalysisResult result, ReportContext context, Appendable out) {
        throw new UnsupportedOperationException("JsonReport not written yet");
    }
}
