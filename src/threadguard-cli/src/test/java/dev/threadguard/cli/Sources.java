package dev.threadguard.cli;

/** Small Java sources for the tests: one with a bug the future rules find, some without. */
final class Sources {

    /** Line 11 discards the Future of a task submitted to an ExecutorService field. */
    static final String IGNORED_SUBMIT = """
            package demo;

            import java.util.concurrent.ExecutorService;

            class Jobs {
                private final ExecutorService executor;

                Jobs(ExecutorService executor) { this.executor = executor; }

                void start() {
                    executor.submit(() -> work());
                }

                private void work() {
                }
            }
            """;

    static final int IGNORED_SUBMIT_LINE = 11;

    /** The same work, but the Future is waited on, so nothing is wrong. */
    static final String CHECKED_SUBMIT = """
            package demo;

            import java.util.concurrent.ExecutionException;
            import java.util.concurrent.ExecutorService;
            import java.util.concurrent.Future;

            class CheckedJobs {
                private final ExecutorService executor;

                CheckedJobs(ExecutorService executor) { this.executor = executor; }

                void start() throws InterruptedException, ExecutionException {
                    Future<?> done = executor.submit(() -> work());
                    done.get();
                }

                private void work() {
                }
            }
            """;

    /** A syntax error on line 4: the method body is never closed. */
    static final String BROKEN = """
            package demo;

            class Broken {
                void oops( {
                }
            """;

    private Sources() {
    }
}
