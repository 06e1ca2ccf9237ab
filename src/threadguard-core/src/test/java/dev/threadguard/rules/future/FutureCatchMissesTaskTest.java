package dev.threadguard.rules.future;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FutureCatchMissesTaskTest {

    @TempDir
    Path dir;

    @Test
    void catchesThatCanNeverSeeTheTask() {
        List<Finding> findings = RuleTester.forRule(FutureCatchMissesTask.class, dir).source("""
                package pay;

                import java.util.concurrent.*;
                import java.util.logging.Logger;

                class Payments {
                    private static final Logger log = Logger.getLogger("pay");
                    private final ExecutorService executor = Executors.newFixedThreadPool(2);

                    void charge(String order) {
                        try {
                            // BUG: future-catch-misses-task contains "`catch (Exception)` at line 14 cannot see failures of the task passed to `executor.submit(...)` (ExecutorService) in `Payments.charge`"
                            executor.submit(() -> bill(order));
                        } catch (Exception e) {
                            log.severe("charge failed for " + order);
                        }
                    }

                    void refund(String order) {
                        try {
                            log.info("refunding " + order);
                            // BUG: future-catch-misses-task contains "uncaught-exception handler"
                            executor.execute(() -> bill(order));
                        } catch (IllegalStateException | PaymentException e) {
                            log.severe("refund failed");
                        }
                    }

                    void notify(String order) {
                        try {
                            // BUG: future-catch-misses-task contains "completes the dropped CompletableFuture"
                            CompletableFuture.runAsync(() -> bill(order), executor);
                        } catch (RuntimeException e) {
                            log.severe("notify failed");
                        }
                    }

                    private void bill(String order) {
                    }
                }

                class PaymentException extends RuntimeException {
                }
                """).expectMarkedFindings();
        assertThat(findings).allSatisfy(f -> assertThat(f.trace()).hasSize(1));
    }

    @Test
    void catchesMeantForTheSubmissionOrForOtherCodeAreFine() {
        RuleTester.forRule(FutureCatchMissesTask.class, dir).source("""
                package pay;

                import java.util.concurrent.*;

                class Careful {
                    private final ExecutorService executor = Executors.newFixedThreadPool(2);

                    void rejected(Runnable r) {
                        try {
                            executor.execute(r);
                        } catch (RejectedExecutionException e) {
                            System.err.println("queue full");
                        }
                    }

                    void observed(Callable<String> c) {
                        try {
                            executor.submit(c).get();
                        } catch (InterruptedException | ExecutionException e) {
                            System.err.println(e.getCause());
                        }
                    }

                    void otherWorkInTheTry(Runnable r, String text) {
                        try {
                            int n = Integer.parseInt(text);
                            executor.execute(r);
                        } catch (Exception e) {
                            System.err.println("bad number");
                        }
                    }

                    void taskCatchesItself(Runnable r) {
                        try {
                            executor.execute(() -> {
                                try {
                                    r.run();
                                } catch (Exception e) {
                                    System.err.println(e);
                                }
                            });
                        } catch (Exception e) {
                            System.err.println("rejected");
                        }
                    }

                    void notAnExecutor(Form form) {
                        try {
                            form.submit();
                        } catch (Exception e) {
                            System.err.println("form failed");
                        }
                    }
                }

                class Form {
                    void submit() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void theSubmissionIsNotAlsoReportedAsAnIgnoredFuture() {
        RuleTester.forRule(FutureResultIgnored.class, dir).source("""
                import java.util.concurrent.ExecutorService;

                class Once {
                    void go(ExecutorService executor) {
                        try {
                            executor.submit(() -> 1);
                        } catch (Exception e) {
                            System.err.println(e);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTaskThatIsItselfAFutureKeepsItsOwnOutcome() {
        RuleTester.forRule(FutureCatchMissesTask.class, dir).source("""
                package pay;

                import java.util.concurrent.*;

                class Plumbing {
                    void start(Executor e, Callable<String> work, CompletableFuture<String> result) {
                        try {
                            e.execute(new FutureTask<>(work));
                        } catch (Throwable ex) {
                            result.completeExceptionally(ex);
                        }
                    }
                }
                """).expectMarkedFindings();
    }
}
