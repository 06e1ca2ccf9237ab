package dev.threadguard.model;

import dev.threadguard.rules.RuleTester;
import dev.threadguard.rules.lockorder.LockOrderInversion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A call of a functional interface's method reaches the lambdas and method references the program keeps as it. */
class FunctionDispatchTest {

    @TempDir
    Path dir;

    /** {@code %s} declares {@code flusher} and whatever it needs; {@code append} calls it under {@code lock}. */
    private static final String JOURNAL = """
            package log;

            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.Executor;
            import java.util.function.Consumer;
            import java.util.function.Supplier;

            public class Journal {
                private final Object lock = new Object();
                private final Object disk = new Object();
                private final List<Runnable> hooks = new ArrayList<>();
                private int written;
                %s

                private void flush() {
                    synchronized (disk) {
                        written = 0;
                    }
                }

                private void write(String line) {
                    synchronized (disk) {
                        written += line.length();
                    }
                }

                public void append(String line) {
                    synchronized (lock) {
                        %s
                    }
                }

                public void sync() {
                    synchronized (disk) {
                        // BUG: lock-order-inversion contains "`Journal.sync()` and `Journal.append()` take `Journal.disk` and `Journal.lock` in opposite orders"
                        synchronized (lock) {
                            written++;
                        }
                    }
                }
            }
            """;

    private static final String SAFE = """
            package log;

            import java.util.ArrayList;
            import java.util.List;
            import java.util.concurrent.Executor;
            import java.util.function.Consumer;
            import java.util.function.Supplier;

            public class Journal {
                private final Object lock = new Object();
                private final Object disk = new Object();
                private final List<Runnable> hooks = new ArrayList<>();
                private int written;
                %s

                private void flush() {
                    synchronized (disk) {
                        written = 0;
                    }
                }

                public void append(String line) {
                    synchronized (lock) {
                        %s
                    }
                }

                public void sync() {
                    synchronized (disk) {
                        synchronized (lock) {
                            written++;
                        }
                    }
                }
            }
            """;

    private void cycle(String declarations, String underLock) {
        RuleTester.forRule(LockOrderInversion.class, dir).source(JOURNAL.formatted(declarations, underLock))
                .expectMarkedFindings();
    }

    private void noCycle(String declarations, String underLock) {
        RuleTester.forRule(LockOrderInversion.class, dir).source(SAFE.formatted(declarations, underLock))
                .expectMarkedFindings();
    }

    @Test
    void aMethodReferenceKeptInAFieldRunsWhereItsFieldIsRun() {
        cycle("private final Runnable flusher = this::flush;", "flusher.run();");
    }

    @Test
    void aLambdaAssignedToAFieldRunsWhereItsFieldIsRun() {
        cycle("""
                private Runnable flusher;

                    public Journal() {
                        flusher = () -> flush();
                    }""", "flusher.run();");
    }

    @Test
    void aConsumerLambdaRunsWhereItIsAccepted() {
        cycle("private final Consumer<String> sink = s -> write(s);", "sink.accept(line);");
    }

    @Test
    void lambdasAddedToAListRunWhereItsElementsAreRun() {
        cycle("""
                public Journal() {
                        hooks.add(() -> flush());
                    }""", """
                for (Runnable r : hooks) {
                                r.run();
                            }""");
    }

    @Test
    void aCallOfAnotherInterfaceDoesNotReachTheLambda() {
        noCycle("""
                private final Runnable flusher = this::flush;
                    private final Supplier<String> name = () -> "journal";""", "name.get();");
    }

    @Test
    void aTaskHandedToAnExecutorIsNotWhatAnyRunnableRuns() {
        noCycle("""
                public void start(Executor pool) {
                        pool.execute(this::flush);
                        pool.execute(() -> flush());
                    }

                    private void runUnderLock(Runnable r) {
                        synchronized (lock) {
                            r.run();
                        }
                    }""", "runUnderLock(() -> {});");
    }

    @Test
    void aDefaultMethodOfTheInterfaceIsNotTheLambda() {
        noCycle("private final Consumer<String> sink = s -> flush();",
                "sink.andThen(s -> { });");
    }
}
