package dev.threadguard.runtime;

/**
 * Told of each task failure that nobody observed through its future. Called at most once per task, on the
 * thread that found it: the runtime's cleaner thread when the future was garbage collected, or the thread
 * that called {@link CheckedExecutorService#close()}. An exception thrown by the handler is ignored.
 *
 * <pre>{@code
 * ExecutorService pool = CheckedExecutors.wrap(Executors.newFixedThreadPool(4),
 *         failure -> metrics.lostTaskFailure(failure.task(), failure.failure()));
 * }</pre>
 */
@FunctionalInterface
public interface UnobservedFailureHandler {

    /** Reports one failure. */
    void unobservedFailure(UnobservedFailure failure);

    /** The default: one {@link System.Logger} record at {@code ERROR}, with the task's stack and the submission site. */
    static UnobservedFailureHandler logging() {
        return LoggingHandler.INSTANCE;
    }
}

/** Logs to {@code System.getLogger("dev.threadguard.runtime.CheckedExecutorService")}. */
enum LoggingHandler implements UnobservedFailureHandler {
    INSTANCE;

    private static final System.Logger LOGGER = System.getLogger(CheckedExecutorService.class.getName());

    @Override
    public void unobservedFailure(UnobservedFailure failure) {
        LOGGER.log(System.Logger.Level.ERROR, failure.describe(), failure.failure());
    }
}
