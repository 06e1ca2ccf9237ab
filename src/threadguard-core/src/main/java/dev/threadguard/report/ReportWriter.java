package dev.threadguard.report;

import dev.threadguard.AnalysisResult;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an analysis result in one format. */
public interface ReportWriter {

    void write(AnalysisResult result, ReportContext context, Appendable out) throws IOException;

    /** Writes the report to {@code file} in UTF-8, creating the directories it needs and replacing it if it exists. */
    default void write(AnalysisResult result, ReportContext context, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(result, context, w);
        }
    }

    /** The writer for a format. */
    static ReportWriter of(ReportFormat format) {
        return switch (format) {
            case TEXT -> new TextReport();
            case JSON -> new JsonReport();
            case SARIF -> new SarifReport();
            case HTML -> new HtmlReport();
        };
    }
}
