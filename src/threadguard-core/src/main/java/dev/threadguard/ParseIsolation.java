package dev.threadguard;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where files are parsed ({@code --isolate-parse} of the command line, {@code isolateParse} of the Maven
 * plugin, {@code isolate-parse} of {@code threadguard.properties}): in threads of the run itself, or in
 * parse processes ({@link ParseWorker}) that can be killed when a file outlasts its time limit. JavaParser
 * cannot be interrupted; only {@code Thread.stop} could end a thread stuck in it, and from JDK 20 on that
 * throws, so ending a process is the one way to give up on a file and get its processor and memory back.
 *
 * <pre>{@code
 * AnalysisOptions options = AnalysisOptions.of(src).withIsolation(ParseIsolation.ALWAYS);
 * }</pre>
 */
public enum ParseIsolation {
    /** Processes where a thread cannot be stopped (JDK 20 and later) and a time limit is set; threads otherwise. */
    AUTO,
    /** Processes whenever a time limit is set. */
    ALWAYS,
    /** Threads: on JDK 20 and later a file given up on runs on in the background until its parse ends. */
    NEVER;

    /**
     * The value a user wrote: {@code auto}, {@code always} or {@code never}, in any case.
     *
     * @throws IllegalArgumentException with a message that lists the accepted values
     */
    public static ParseIsolation parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown value '" + value + "' (expected auto, always or never)");
        }
    }

    /** The accepted values: {@code auto, always, never}. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(ParseIsolation::label).toList();
    }

    /** The value as users write it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether this choice asks for parse processes with a time limit of {@code timeout}: never without one
     * (nothing is ever given up on), and with {@link #AUTO} only where {@code Thread.stop} no longer works.
     */
    public boolean wantsProcesses(Duration timeout) {
        if (timeout.isZero() || this == NEVER) {
            return false;
        }
        return this == ALWAYS || Runtime.version().feature() >= 20;
    }

    /**
     * Why parse processes cannot be started from this JVM (no {@code java} executable under {@code
     * java.home}, classes not loaded from a jar or directory), or null when they can. A run that wants them
     * then parses in threads; callers print this once as a warning.
     */
    public static String unavailable() {
        return ParseProcess.Launcher.whyNot();
    }
}
