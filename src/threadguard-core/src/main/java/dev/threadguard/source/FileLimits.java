package dev.threadguard.source;

import java.time.Duration;
import java.util.Locale;

/**
 * What one file may cost before it is given up and reported as {@code [parse]} with the reason, so that no
 * single file can stop, hang or starve a run. The size limits are checked before the file is parsed, by
 * {@link SourceScan}, and decide the same way on every machine; the time limit is a wall-clock backstop for
 * what they do not foresee, and depends on the machine and its load.
 *
 * @param maxBytes         the largest file read, in bytes ({@code --max-file-size})
 * @param maxTokens        the most tokens a file may have ({@code --max-tokens}): the parser's memory grows
 *                         with them, about half a kilobyte each
 * @param maxNesting       the deepest nesting of brackets and type arguments ({@code --max-nesting})
 * @param maxLambdaNesting the longest chain of blocks nested in call arguments: lambda bodies, anonymous
 *                         classes, array initializers ({@code --max-lambda-nesting}); the parser's work about
 *                         doubles with each
 * @param timeout          the wall-clock time one file's parse and fact extraction may take ({@code
 *                         --file-timeout}); {@link Duration#ZERO} for none
 */
public record FileLimits(long maxBytes, int maxTokens, int maxNesting, int maxLambdaNesting, Duration timeout) {

    /** The defaults: about five times the largest file of the JDK and of 17 large projects' sources. */
    public static final FileLimits DEFAULTS = new FileLimits(5L << 20, 500_000, 256, 12, Duration.ofSeconds(10));

    /** No limits: for tests and callers that trust their input. */
    public static final FileLimits NONE = new FileLimits(Long.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Duration.ZERO);

    public FileLimits {
        if (maxBytes < 1 || maxTokens < 1 || maxNesting < 1 || maxLambdaNesting < 1) {
            throw new IllegalArgumentException("file limits must be at least 1");
        }
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("the file timeout must be zero (none) or positive");
        }
    }

    public FileLimits withMaxBytes(long n) {
        return new FileLimits(n, maxTokens, maxNesting, maxLambdaNesting, timeout);
    }

    public FileLimits withMaxTokens(int n) {
        return new FileLimits(maxBytes, n, maxNesting, maxLambdaNesting, timeout);
    }

    public FileLimits withMaxNesting(int n) {
        return new FileLimits(maxBytes, maxTokens, n, maxLambdaNesting, timeout);
    }

    public FileLimits withMaxLambdaNesting(int n) {
        return new FileLimits(maxBytes, maxTokens, maxNesting, n, timeout);
    }

    public FileLimits withTimeout(Duration d) {
        return new FileLimits(maxBytes, maxTokens, maxNesting, maxLambdaNesting, d);
    }

    /** The reason a file of {@code bytes} bytes is refused before it is read, or null. */
    String checkSize(long bytes) {
        if (bytes > maxBytes) {
            return "file too large to analyse: " + size(bytes) + ", above the limit of " + size(maxBytes)
                    + " (see --max-file-size)";
        }
        return null;
    }

    /** The diagnostic for a file whose scan exceeds a limit, or null. */
    Diagnostic check(String path, SourceScan.Result scan) {
        if (scan.tokens() > maxTokens) {
            return new Diagnostic(path, 1, 1, "file too large to analyse: " + scan.tokens()
                    + " tokens, above the limit of " + maxTokens + " (see --max-tokens)");
        }
        if (scan.blocksInCalls() > maxLambdaNesting) {
            return new Diagnostic(path, scan.blocksLine(), scan.blocksColumn(), "nested too deeply to analyse: "
                    + scan.blocksInCalls() + " lambda bodies, anonymous classes or array initializers in call "
                    + "arguments, one inside the other, above the limit of " + maxLambdaNesting
                    + " (see --max-lambda-nesting)");
        }
        if (scan.depth() > maxNesting) {
            return new Diagnostic(path, scan.depthLine(), scan.depthColumn(), "nested too deeply to analyse: "
                    + scan.depth() + " brackets or type arguments, one inside the other, above the limit of "
                    + maxNesting + " (see --max-nesting)");
        }
        return null;
    }

    /**
     * A size as users write it: bytes, or a whole number with {@code k}, {@code m} or {@code g} (units of 1024).
     *
     * @throws IllegalArgumentException with a message that says what is expected
     */
    public static long parseSize(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            unit = v.endsWith("k") ? 1L << 10 : v.endsWith("m") ? 1L << 20 : 1L << 30;
            v = v.substring(0, v.length() - 1).trim();
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value
                    + "' is not a size (bytes, or a whole number with k, m or g)");
        }
        if (n < 1 || n > (Long.MAX_VALUE >> 30)) {
            throw new IllegalArgumentException("'" + value + "' is not a positive size");
        }
        return n * unit;
    }

    /**
     * A time limit as users write it: seconds, a fraction allowed, from 0 (no limit) to 86400.
     *
     * @throws IllegalArgumentException with a message that says what is expected
     */
    public static Duration parseSeconds(String value) {
        double s;
        try {
            s = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a number of seconds");
        }
        if (!(s >= 0) || s > 86_400) {
            throw new IllegalArgumentException("'" + value + "' is not between 0 and 86400 seconds");
        }
        return Duration.ofMillis(Math.round(s * 1000));
    }

    /**
     * A count as users write it: a whole number of at least 1.
     *
     * @throws IllegalArgumentException with a message that says what is expected
     */
    public static int parseCount(String value) {
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
        if (n < 1) {
            throw new IllegalArgumentException("'" + value + "' is less than 1");
        }
        return n;
    }

    /** {@code 12.3 MB}, {@code 900 KB}, {@code 17 bytes}: in units of 1024. */
    public static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.0f KB", bytes / 1024.0);
        }
        double mb = bytes / (1024.0 * 1024);
        return String.format(Locale.ROOT, mb == Math.rint(mb) ? "%.0f MB" : "%.1f MB", mb);
    }
}
