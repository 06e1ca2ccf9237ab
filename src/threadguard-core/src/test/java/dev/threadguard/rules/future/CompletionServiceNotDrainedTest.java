package dev.threadguard.rules.future;

import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class CompletionServiceNotDrainedTest {

    @TempDir
    Path dir;

    @Test
    void servicesLeftWithOutcomesInThem() {
        RuleTester.forRule(CompletionServiceNotDrained.class, dir).source("""
                package c;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.Callable;
                import java.util.concurrent.CompletionService;
                import java.util.concurrent.ExecutionException;
                import java.util.concurrent.ExecutorCompletionService;
                import java.util.concurrent.Executor;
                import java.util.concurrent.Future;

                class Crawler {
                    List<String> fixedCount(Executor pool, List<Callable<String>> jobs) throws Exception {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        for (Callable<String> job : jobs) {
                            cs.submit(job);
                        }
                        List<String> out = new ArrayList<>();
                        for (int i = 0; i < 3; i++) {
                            // BUG: completion-service-not-drained contains "takes a fixed 3"
                            out.add(cs.take().get());
                        }
                        return out;
                    }

                    String firstOnly(Executor pool, List<Callable<String>> jobs) throws Exception {
                        ExecutorCompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        jobs.forEach(cs::submit);
                        jobs.forEach(j -> cs.submit(j));
                        // BUG: completion-service-not-drained contains "only 1 result is taken"
                        return cs.take().get();
                    }

                    List<String> leavesOnFailure(Executor pool, List<Callable<String>> jobs) throws InterruptedException {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        for (Callable<String> job : jobs) {
                            cs.submit(job);
                        }
                        List<String> out = new ArrayList<>();
                        try {
                            for (int i = 0; i < jobs.size(); i++) {
                                // BUG: completion-service-not-drained contains "the first failed task's exception leaves the loop"
                                Future<String> done = cs.take();
                                out.add(done.get());
                            }
                        } catch (ExecutionException e) {
                            throw new IllegalStateException(e.getCause());
                        }
                        return out;
                    }

                    String firstSuccess(Executor pool, List<Callable<String>> jobs) throws InterruptedException {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        for (Callable<String> job : jobs) {
                            cs.submit(job);
                        }
                        for (int i = 0; i < jobs.size(); i++) {
                            try {
                                // BUG: completion-service-not-drained contains "can stop before every task is taken"
                                return cs.take().get();
                            } catch (ExecutionException e) {
                                System.err.println(e.getCause());
                            }
                        }
                        return null;
                    }

                    void twoOfThree(Executor pool, Callable<String> a, Callable<String> b, Callable<String> c) throws Exception {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        cs.submit(a);
                        cs.submit(b);
                        cs.submit(c);
                        // BUG: completion-service-not-drained contains "3 tasks are submitted, but only 2 taken"
                        cs.take().get();
                        cs.take().get();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void servicesDrainedOrCancelled() {
        RuleTester.forRule(CompletionServiceNotDrained.class, dir).source("""
                package c;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.Callable;
                import java.util.concurrent.CompletionService;
                import java.util.concurrent.ExecutionException;
                import java.util.concurrent.ExecutorCompletionService;
                import java.util.concurrent.Executor;
                import java.util.concurrent.Future;

                class Drained {
                    List<String> oncePerSubmit(Executor pool, List<Callable<String>> jobs) throws InterruptedException {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        int n = 0;
                        for (Callable<String> job : jobs) {
                            cs.submit(job);
                            n++;
                        }
                        List<String> out = new ArrayList<>();
                        for (int i = 0; i < n; i++) {
                            try {
                                out.add(cs.take().get());
                            } catch (ExecutionException e) {
                                out.add("failed: " + e.getCause());
                            }
                        }
                        return out;
                    }

                    String firstSuccessCancelsTheRest(Executor pool, List<Callable<String>> jobs) throws InterruptedException {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        List<Future<String>> futures = new ArrayList<>();
                        for (Callable<String> job : jobs) {
                            futures.add(cs.submit(job));
                        }
                        try {
                            for (int i = 0; i < jobs.size(); i++) {
                                try {
                                    return cs.take().get();
                                } catch (ExecutionException e) {
                                    System.err.println(e.getCause());
                                }
                            }
                            return null;
                        } finally {
                            futures.forEach(f -> f.cancel(true));
                        }
                    }

                    void exactCount(Executor pool, Callable<String> a, Callable<String> b) throws Exception {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        cs.submit(a);
                        cs.submit(b);
                        cs.take();
                        cs.take();
                    }

                    CompletionService<String> handedOut(Executor pool, List<Callable<String>> jobs) throws Exception {
                        CompletionService<String> cs = new ExecutorCompletionService<>(pool);
                        for (Callable<String> job : jobs) {
                            cs.submit(job);
                        }
                        cs.take();
                        return cs;
                    }
                }
                """).expectMarkedFindings();
    }
}
