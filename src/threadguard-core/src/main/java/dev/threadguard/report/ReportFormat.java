package dev.threadguard.report;

import java.util.Locale;

/** The output formats of {@code threadguard check}. */
public enum ReportFormat {
    TEXT, JSON, SARIF, HTML;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The file name extension of the format, without the dot: {@code txt}, {@code json}, {@code sarif}. */
    public String extension() {
        return this == TEXT ? "txt" : label();
    }

    /** The format a file name suggests: {@code .sarif} and {@code .sarif.json} are SARIF, {@code .json} JSON, else text. */
    public static ReportFormat forFileName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.endsWith(".sarif") || n.endsWith(".sarif.json")) {
            return SARIF;
        }
        if (n.endsWith(".html") || n.endsWith(".htm")) {
            return HTML;
        }
        return n.endsWith(".json") ? JSON : TEXT;
    }
}
