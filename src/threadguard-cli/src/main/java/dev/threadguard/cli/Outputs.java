package dev.threadguard.cli;

import dev.threadguard.report.ReportFormat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pairs the {@code --format} and {@code --output} options of {@code check} into the reports to write.
 * The n-th format goes to the n-th output; a format without an output goes to standard output; an output
 * without a format takes the format its file name suggests ({@code .sarif}, {@code .json}, else text).
 */
final class Outputs {

    /** One report: its format, and its file, or {@code null} for standard output. */
    record Destination(ReportFormat format, Path file) {
        boolean toStdout() {
            return file == null;
        }
    }

    private Outputs() {
    }

    /**
     * The reports to write, in the order the options were given.
     *
     * @throws IllegalArgumentException when two reports would go to standard output or to the same file
     */
    static List<Destination> plan(List<ReportFormat> formats, List<Path> outputs) {
        if (formats.isEmpty() && outputs.isEmpty()) {
            return List.of(new Destination(ReportFormat.TEXT, null));
        }
        List<Destination> plan = new ArrayList<>();
        for (int i = 0; i < Math.max(formats.size(), outputs.size()); i++) {
            Path file = i < outputs.size() ? outputs.get(i) : null;
            ReportFormat format = i < formats.size() ? formats.get(i) : formatOf(file);
            plan.add(new Destination(format, file));
        }
        List<String> toStdout = plan.stream().filter(Destination::toStdout).map(d -> d.format().label()).toList();
        if (toStdout.size() > 1) {
            throw new IllegalArgumentException("only one report can go to standard output, but "
                    + Suggestions.both(toStdout) + " have no --output FILE");
        }
        Set<Path> seen = new HashSet<>();
        for (Destination d : plan) {
            if (!d.toStdout() && !seen.add(d.file().toAbsolutePath().normalize())) {
                throw new IllegalArgumentException("two reports would be written to " + d.file());
            }
        }
        return List.copyOf(plan);
    }

    /** Extensions taken for text without a --format: what a text report is commonly named. */
    private static final Set<String> TEXT_EXTENSIONS = Set.of("", "txt", "text", "log", "out");

    /**
     * The format a file name asks for: SARIF, JSON, HTML, or text for a text-like name. Any other extension
     * ({@code findings.xml}) would get text the name does not promise, so it must be said with --format.
     */
    private static ReportFormat formatOf(Path file) {
        String name = fileName(file);
        ReportFormat format = ReportFormat.forFileName(name);
        int dot = name.lastIndexOf('.');
        String extension = dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT);
        if (format == ReportFormat.TEXT && !TEXT_EXTENSIONS.contains(extension)) {
            throw new IllegalArgumentException("--output " + file + ": threadguard writes no ." + extension
                    + " report; name the file .txt, .json, .sarif or .html, or add --format text (or json, sarif, html)"
                    + " before it");
        }
        return format;
    }

    private static String fileName(Path file) {
        Path name = file.getFileName();
        return name == null ? file.toString() : name.toString();
    }
}
