package dev.threadguard.maven;

import dev.threadguard.FailOn;
import dev.threadguard.report.TextReport;
import dev.threadguard.rules.Finding;

import java.nio.file.Path;
import java.util.List;

/**
 * The lines the plugin writes to Maven's log. Findings take the shape of Maven's compiler messages,
 * {@code /abs/path/File.java:[line,col] message}, which IDEs and CI log parsers (IntelliJ, Eclipse,
 * Jenkins warnings) already turn into links.
 */
final class MavenMessages {

    private MavenMessages() {
    }

    /** {@code /abs/path/File.java:[12,9]}: absolute, as Maven's compiler writes it, so that any tool can open it. */
    static String location(Path workingDirectory, String path, int line, int column) {
        String file = workingDirectory.resolve(path).toAbsolutePath().normalize().toString();
        return TextReport.printable(file) + ":[" + line + "," + column + "]";
    }

    /** {@code /abs/path/File.java:[12,9] [rule-id] message}. */
    static String finding(Path workingDirectory, Finding f) {
        return location(workingDirectory, f.path(), f.pos().line(), f.pos().column()) + " [" + f.rule().id() + "] "
                + oneLine(f.message());
    }

    /**
     * A message on one line: Maven prefixes only the first line of a log entry with its level, and a log
     * parser must not be fed a line the message forged. Breaks and controls are escaped as in the text report.
     */
    static String oneLine(String text) {
        return TextReport.printable(text);
    }

    /**
     * Why the build fails and how to go on: how many findings, where the reports are, and the three ways
     * to proceed besides fixing the code (suppress one, baseline them all, or only report).
     *
     * @param failing the findings at or above the threshold, sorted
     * @param reports the report files written, absolute
     * @param multiModule whether the build has other modules, which Maven will not go on to check
     */
    static String failure(String module, List<Finding> failing, FailOn failOn, List<Path> reports, Path baselineFile,
                          boolean multiModule) {
        int n = failing.size();
        String rule = failing.get(0).rule().id();
        StringBuilder b = new StringBuilder("threadguard found ").append(n).append(n == 1 ? " finding" : " findings")
                .append(failOn == FailOn.NOTE ? "" : " at or above " + failOn.label()).append(" in ").append(module)
                .append(", listed above.");
        if (!reports.isEmpty()) {
            b.append("\nReports: ").append(String.join(", ", reports.stream().map(Path::toString).toList()));
        }
        b.append("\nTo go on, fix ").append(n == 1 ? "it" : "them").append(", or:")
                .append("\n  - where the code is right on purpose, suppress a finding with @SuppressWarnings(\"threadguard:")
                .append(rule).append("\") on its method or class, or a // threadguard:ignore ").append(rule)
                .append(" comment on its line;")
                .append("\n  - to accept the findings there are today and fail only on new ones, run mvn threadguard:baseline:")
                .append(" it writes ").append(baselineFile).append(", which the check reads from then on;")
                .append("\n  - to report without failing, set failOnViolation to false (-Dthreadguard.failOnViolation=false).");
        if (multiModule) {
            b.append("\nMaven stops at this module: mvn -fae (--fail-at-end) also checks the modules that do not "
                    + "depend on it before failing.");
        }
        return b.toString();
    }
}
