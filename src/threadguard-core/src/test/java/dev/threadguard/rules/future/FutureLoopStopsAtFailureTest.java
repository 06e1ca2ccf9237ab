package dev.threadguard.rules.future;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FutureLoopStopsAtFailureTest {

    @TempDir
    Path dir;

    @Test
    void loopsThatLeaveAtTheFirstFailure() {
        RuleTester.forRule(FutureLoopStopsAtFailure.class, dir).source("""
                package f;

                import java.util.ArrayList;
                import java.util.Iterator;
                import java.util.List;
                import java.util.concurrent.Callable;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.ExecutionException;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;
                import java.util.concurrent.TimeUnit;

                class Reports {
                    private final ExecutorService pool;

                    Reports(ExecutorService pool) {
                        this.pool = pool;
                    }

                    List<String> all(List<Callable<String>> jobs) throws InterruptedException, ExecutionException {
                        List<Future<String>> futures = new ArrayList<>();
                        for (Callable<String> job : jobs) {
                            futures.add(pool.submit(job));
                        }
                        List<String> out = new ArrayList<>();
                        for (Future<String> f : futures) {
                            // BUG: future-loop-stops-at-failure contains "`f.get()` in `Reports.all` waits on the futures one by one"
                            out.add(f.get());
                        }
                        return out;
                    }

                    void invoked(List<Callable<String>> jobs) throws Exception {
                        for (var f : pool.invokeAll(jobs)) {
                            // BUG: future-loop-stops-at-failure contains "reads the results of `invokeAll` one by one"
                            System.out.println(f.get(1, TimeUnit.SECONDS));
                        }
                    }

                    void indexed(List<Future<String>> futures) {
                        try {
                            for (int i = 0; i < futures.size(); i++) {
                                Future<String> f = futures.get(i);
                                // BUG: future-loop-stops-at-failure
                                System.out.println(f.get());
                            }
                        } catch (InterruptedException | ExecutionException e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    void joined(List<CompletableFuture<String>> stages) {
                        for (CompletableFuture<String> s : stages) {
                            // BUG: future-loop-stops-at-failure contains "`s.join()`"
                            s.join();
                        }
                    }

                    void iterated(Iterator<Future<?>> it) throws Exception {
                        while (it.hasNext()) {
                            // BUG: future-loop-stops-at-failure
                            it.next().get();
                        }
                    }

                    void rethrows(List<Future<String>> futures) throws Exception {
                        for (Future<String> f : futures) {
                            try {
                                // BUG: future-loop-stops-at-failure
                                f.get();
                            } catch (ExecutionException e) {
                                throw new RuntimeException("job failed", e.getCause());
                            }
                        }
                    }

                    void onlyInterrupts(List<Future<String>> futures) throws ExecutionException {
                        for (Future<String> f : futures) {
                            try {
                                // BUG: future-loop-stops-at-failure
                                f.get();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return;
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void tasksSubmittedHereAreHighConfidenceFuturesFromElsewhereLow() {
        List<Finding> findings = RuleTester.forRule(FutureLoopStopsAtFailure.class, dir).source("""
                package f;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.Callable;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                class Confidence {
                    void submittedHere(ExecutorService pool, List<Callable<String>> jobs) throws Exception {
                        List<Future<String>> futures = new ArrayList<>();
                        for (Callable<String> job : jobs) {
                            futures.add(pool.submit(job));
                        }
                        for (Future<String> f : futures) {
                            f.get();
                        }
                    }

                    void handedIn(List<Future<String>> remoteCalls) throws Exception {
                        for (Future<String> f : remoteCalls) {
                            f.get();
                        }
                    }
                }
                """).findings();
        assertThat(findings).extracting(f -> f.pos().line() + " " + f.confidence())
                .containsExactly("16 HIGH", "22 LOW");
    }

    @Test
    void loopsThatLookAtEveryOutcomeOrCancelTheRest() {
        RuleTester.forRule(FutureLoopStopsAtFailure.class, dir).source("""
                package f;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.Callable;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.ExecutionException;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                class Collector {
                    List<Throwable> perElement(List<Future<String>> futures) throws InterruptedException {
                        List<Throwable> failures = new ArrayList<>();
                        for (Future<String> f : futures) {
                            try {
                                System.out.println(f.get());
                            } catch (ExecutionException e) {
                                failures.add(e.getCause());
                            }
                        }
                        return failures;
                    }

                    void cancelsInFinally(List<Future<String>> futures) throws Exception {
                        try {
                            for (Future<String> f : futures) {
                                f.get();
                            }
                        } finally {
                            for (Future<String> f : futures) {
                                f.cancel(true);
                            }
                        }
                    }

                    void cancelsInCatch(List<Future<String>> futures, ExecutorService pool) throws InterruptedException {
                        try {
                            for (Future<String> f : futures) {
                                f.get();
                            }
                        } catch (ExecutionException e) {
                            pool.shutdownNow();
                        }
                    }

                    void joinsPerElement(List<CompletableFuture<String>> stages) {
                        for (CompletableFuture<String> s : stages) {
                            try {
                                s.join();
                            } catch (RuntimeException e) {
                                System.err.println(e);
                            }
                        }
                    }

                    int invokedAndHandled(ExecutorService pool, List<Callable<Integer>> jobs) throws InterruptedException {
                        List<Future<Integer>> results = pool.invokeAll(jobs);
                        int sum = 0;
                        for (int i = 0; i < results.size(); i++) {
                            try {
                                sum += results.get(i).get();
                            } catch (ExecutionException e) {
                                return -1; // every task has ended: a fallback is a decision
                            }
                        }
                        return sum;
                    }

                    void notTheElement(Future<String> one, List<String> names) throws Exception {
                        for (String name : names) {
                            System.out.println(name + one.get());
                        }
                    }

                    void notAFuture(List<Map<String, String>> maps) {
                        for (Map<String, String> m : maps) {
                            m.get("key");
                        }
                    }

                    void notAFutureList(List<Thread> threads) throws InterruptedException {
                        for (Thread t : threads) {
                            t.join();
                        }
                    }

                    void noLoop(Future<String> f) throws Exception {
                        f.get();
                    }
                }
                """).expectMarkedFindings();
    }
}
