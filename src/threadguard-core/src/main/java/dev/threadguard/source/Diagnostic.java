package dev.threadguard.source;

/**
 * A problem with the input rather than with the code's concurrency: a file that does not parse, is not
 * valid in the source encoding, is empty or binary, or cannot be read. Reported as
 * {@code path:line:col: error: [parse] message}.
 */
public record Diagnostic(String path, int line, int column, String message) implements Comparable<Diagnostic> {

    /**
     * The one-line form commands print on standard error: {@code path:line:col: error: [parse] message}, with
     * line breaks and control characters in the path and message escaped as the text report does.
     */
    public String toLine() {
        return Printable.of(path) + ":" + line + ":" + column + ": error: [parse] "
                + Printable.of(message);
    }

    @Override
    public int compareTo(Diagnostic o) {
        int c = path.compareTo(o.path);
        if (c == 0) {
            c = Integer.compare(line, o.line);
        }
        if (c == 0) {
            c = Integer.compare(column, o.column);
        }
        return c == 0 ? message.compareTo(o.message) : c;
    }
}
