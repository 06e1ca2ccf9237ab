package dev.threadguard.runtime;

import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * Wraps an {@link ExecutorService} so that a task failure nobody looks at is reported instead of lost.
 *
 * <pre>{@code
 * try (CheckedExecutorService pool = CheckedExecutors.wrap(Executors.newFixedThreadPool(4))) {
 *     pool.submit(() -> importFile(path));   // future dropped: if importFile throws, the failure is logged
 * }
 * }</pre>
 *
 * @see CheckedExecutorService
 */
public final class CheckedExecutors {

    private CheckedExecutors() {
    }

    /** Wraps {@code executor}; unobserved failures are logged at {@code ERROR} through {@link System.Logger}. */
    public static CheckedExecutorService wrap(ExecutorService executor) {
        return wrap(executor, UnobservedFailureHandler.logging());
    }

    /** Wraps {@code executor}; unobserved failures go to {@code handler}. */
    public static CheckedExecutorService wrap(ExecutorService executor, UnobservedFailureHandler handler) {
        return new CheckedExecutorService(Objects.requireNonNull(executor, "executor"),
                Objects.requireNonNull(handler, "handler"));
    }
}
