package dev.threadguard.report;

import dev.threadguard.AnalysisResult;

/** Placeholder until the report writers land; see ReportWriter. */
public final class SarifReport implements ReportWriter {
    @Override
    public void write(AnalysisResult result, ReportContext context, Appendable out) {
        throw new UnsupportedOperationException("SarifReport not written yet");
    }
}
