package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class PoolSizingIneffectiveTest {

    @TempDir
    Path dir;

    @Test
    void sizesThatDoNotDoWhatTheySay() {
        RuleTester.forRule(PoolSizingIneffective.class, dir).source("""
                package p;

                import java.util.List;
                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Executors;
                import java.util.concurrent.LinkedBlockingQueue;
                import java.util.concurrent.LinkedTransferQueue;
                import java.util.concurrent.PriorityBlockingQueue;
                import java.util.concurrent.ThreadPoolExecutor;
                import java.util.concurrent.TimeUnit;

                class Pools {
                    // BUG: pool-sizing-ineffective contains "has maximum pool size `50` above its core size `5`"
                    final ThreadPoolExecutor io = new ThreadPoolExecutor(5, 50, 60, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>());

                    // BUG: pool-sizing-ineffective contains "never runs more than one thread, started when a task comes,"
                    final ThreadPoolExecutor lazy = new ThreadPoolExecutor(0, 16, 60, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>());

                    ExecutorService derived(int cores) {
                        // BUG: pool-sizing-ineffective contains "`LinkedTransferQueue` is unbounded"
                        return new ThreadPoolExecutor(cores, cores * 4, 1, TimeUnit.MINUTES, new LinkedTransferQueue<>());
                    }

                    ExecutorService local() {
                        BlockingQueue<Runnable> queue = new PriorityBlockingQueue<>(16);
                        // BUG: pool-sizing-ineffective
                        return new ThreadPoolExecutor(1, 8, 1, TimeUnit.MINUTES, queue);
                    }

                    void perItem(List<String> urls, String[] names) {
                        // BUG: pool-sizing-ineffective contains "starts one thread per item of `urls.size()`"
                        ExecutorService a = Executors.newFixedThreadPool(urls.size());
                        // BUG: pool-sizing-ineffective contains "`names.length`"
                        ExecutorService b = Executors.newFixedThreadPool(names.length);
                        a.shutdown();
                        b.shutdown();
                        // BUG: pool-sizing-ineffective contains "one thread per item of `urls.stream().filter(...).count()`"
                        ExecutorService c = Executors.newFixedThreadPool((int) urls.stream().filter(u -> u.startsWith("https")).count());
                        c.shutdown();
                    }

                    void fetchAll(List<java.net.URI> feeds) {
                        // BUG: pool-sizing-ineffective contains "is fed one task per item of `feeds`, and the tasks block (`u.toURL().openStream()`)"
                        ExecutorService cached = Executors.newCachedThreadPool();
                        for (java.net.URI u : feeds) {
                            cached.execute(() -> {
                                try (var in = u.toURL().openStream()) {
                                    in.readAllBytes();
                                } catch (java.io.IOException e) {
                                    System.err.println(e);
                                }
                            });
                        }
                        cached.shutdown();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void sizesThatHold() {
        RuleTester.forRule(PoolSizingIneffective.class, dir).source("""
                package p;

                import java.util.List;
                import java.util.concurrent.ArrayBlockingQueue;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Executors;
                import java.util.concurrent.LinkedBlockingQueue;
                import java.util.concurrent.SynchronousQueue;
                import java.util.concurrent.ThreadPoolExecutor;
                import java.util.concurrent.TimeUnit;

                class GoodPools {
                    final ThreadPoolExecutor bounded = new ThreadPoolExecutor(5, 50, 60, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(1000));
                    final ThreadPoolExecutor array = new ThreadPoolExecutor(5, 50, 60, TimeUnit.SECONDS,
                            new ArrayBlockingQueue<>(100));
                    final ThreadPoolExecutor handOff = new ThreadPoolExecutor(0, 64, 60, TimeUnit.SECONDS,
                            new SynchronousQueue<>());
                    final ThreadPoolExecutor sameSize = new ThreadPoolExecutor(8, 8, 0, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>());
                    final ThreadPoolExecutor oneOnDemand = new ThreadPoolExecutor(0, 1, 60, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>());

                    ExecutorService sameExpression(int n) {
                        return new ThreadPoolExecutor(n, n, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
                    }

                    private final List<String> carriers = List.of("post", "courier");

                    void configured() {
                        ExecutorService perCarrier = Executors.newFixedThreadPool(carriers.size());
                        perCarrier.shutdown();
                    }

                    void cachedButQuick(List<String> names) {
                        ExecutorService cached = Executors.newCachedThreadPool();
                        for (String n : names) {
                            cached.execute(() -> System.out.println(n.trim()));
                        }
                        cached.submit(() -> { Thread.sleep(10); return 1; });
                        cached.shutdown();
                    }

                    void capped(List<String> urls) {
                        ExecutorService a = Executors.newFixedThreadPool(Math.min(urls.size(), 8));
                        ExecutorService b = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
                        a.shutdown();
                        b.shutdown();
                    }
                }
                """).expectMarkedFindings();
    }
}
