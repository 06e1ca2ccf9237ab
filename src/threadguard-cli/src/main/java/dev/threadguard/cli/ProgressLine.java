package dev.threadguard.cli;

import dev.threadguard.ProgressListener;

import java.io.PrintWriter;

/**
 * A single line on standard error that rewrites itself as files are parsed ({@code \r}, no scrolling),
 * and is blanked out when the analysis ends so that it never mixes with the report.
 */
final class ProgressLine implements ProgressListener, AutoCloseable {

    /** Redrawing faster than the eye reads costs terminal time for nothing. */
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private long lastDrawn = Long.MIN_VALUE;
    private int width;

    ProgressLine(PrintWriter err) {
        this.err = err;
    }

    /** Called by the analysis's worker threads, hence synchronized. */
    @Override
    public synchronized void filesDone(int done, int total) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (!last && lastDrawn != Long.MIN_VALUE && now - lastDrawn < REDRAW_NANOS) {
            return;
        }
        lastDrawn = now;
        int percent = total == 0 ? 100 : (int) (100L * done / total);
        String text = "threadguard: parsed " + done + "/" + total + " files (" + percent + "%)"
                + (last ? ", running the rules" : "");
        draw(text);
    }

    private void draw(String text) {
        // Pad over what the previous, longer text left on the line.
        String padding = " ".repeat(Math.max(0, width - text.length()));
        err.print("\r" + text + padding);
        err.flush();
        width = Math.max(width, text.length());
    }

    /** Blanks the line, leaving the cursor at its start. */
    @Override
    public synchronized void close() {
        if (width > 0) {
            err.print("\r" + " ".repeat(width) + "\r");
            err.flush();
            width = 0;
        }
    }
}
