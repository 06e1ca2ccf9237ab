package dev.threadguard.facts.model;

import java.util.Locale;
import java.util.Set;

/**
 * Which calls log or print: they report what they are given and hand nothing on. The extractors ask it
 * with names as written, so that it holds no syntax tree.
 */
public final class Logging {

    /**
     * Methods that only read or report an exception handed to them, whatever they are called on: the levels
     * of the common logging APIs (SLF4J, Log4j, java.util.logging, commons-logging), printing, formatting.
     */
    private static final Set<String> REPORTING_METHODS = Set.of(
            "debug", "info", "warn", "warning", "error", "trace", "fine", "finer", "finest", "severe", "config",
            "fatal", "log", "logp", "println", "print", "printf", "format", "printStackTrace", "getMessage");

    private Logging() {
    }

    /**
     * Whether a call's receiver, as written ({@code LOG}, {@code this.logger}, {@code System.err}), is a logger
     * or the console: a variable named {@code log} or {@code logger} in any case, or a field of that name.
     */
    public static boolean isLogger(String receiver) {
        String target = receiver.toLowerCase(Locale.ROOT);
        return target.equals("log") || target.equals("logger") || target.endsWith(".log")
                || target.endsWith(".logger") || target.equals("system.out") || target.equals("system.err");
    }

    /**
     * Whether a call only reports what it is handed: it is made on a logger or the console, or it is one
     * of the reporting methods. {@code receiver} is null for a call without one.
     */
    public static boolean onlyReports(String receiver, String method) {
        return receiver != null && isLogger(receiver) || REPORTING_METHODS.contains(method);
    }
}
