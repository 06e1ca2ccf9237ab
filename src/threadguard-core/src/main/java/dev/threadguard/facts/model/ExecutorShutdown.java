package dev.threadguard.facts.model;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How executors are created and shut down, matched by name: what the lifecycle facts need to tell an
 * executor that is shut down from one that outlives its use.
 */
public final class ExecutorShutdown {

    /** Calls that shut an executor down or close it. */
    public static final Set<String> CLOSES = Set.of("shutdown", "shutdownNow", "close");

    /** Helpers that take an executor to shut it down: {@code shutdownAndAwaitTermination(pool, ...)}. */
    public static final Pattern CLOSING_HELPER = Pattern.compile(
            "(?i).*(shutdown|close|terminat|stop|dispose|destroy|cleanup|release).*");

    /** {@code Executors} factories whose threads come from the default, non-daemon, factory: name to arity. */
    public static final Map<String, Integer> DEFAULT_FACTORY_ARITY = Map.of(
            "newFixedThreadPool", 1, "newCachedThreadPool", 0, "newSingleThreadExecutor", 0,
            "newScheduledThreadPool", 1, "newSingleThreadScheduledExecutor", 0);

    private ExecutorShutdown() {
    }
}
