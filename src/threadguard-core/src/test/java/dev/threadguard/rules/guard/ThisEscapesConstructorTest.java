package dev.threadguard.rules.guard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThisEscapesConstructorTest {

    @TempDir
    Path dir;

    @Test
    void constructorsThatLetThisOut() {
        RuleTester.forRule(ThisEscapesConstructor.class, dir).source("""
                package e;

                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.ScheduledExecutorService;
                import java.util.concurrent.TimeUnit;

                class Poller implements Runnable {
                    private final ScheduledExecutorService scheduler;
                    private long interval;

                    Poller(ScheduledExecutorService scheduler, ExecutorService pool) {
                        this.scheduler = scheduler;
                        // BUG: this-escapes-constructor contains "starts a thread whose task reaches `this` before the constructor returns"
                        new Thread(this).start();
                        Thread t = new Thread(() -> poll());
                        // BUG: this-escapes-constructor contains "(fields assigned after this line may not be set)"
                        t.start();
                        // BUG: this-escapes-constructor contains "hands a task that reaches `this` to another thread"
                        scheduler.scheduleAtFixedRate(this::poll, 0, 1, TimeUnit.SECONDS);
                        // BUG: this-escapes-constructor
                        pool.submit(this);
                        // BUG: this-escapes-constructor
                        CompletableFuture.runAsync(() -> System.out.println(interval));
                        interval = 5;
                    }

                    @Override
                    public void run() {
                        poll();
                    }

                    void poll() {
                    }
                }
                """).source("""
                package e;

                class Worker extends Thread {
                    private final java.util.List<String> jobs = new java.util.ArrayList<>();

                    Worker() {
                        // BUG: this-escapes-constructor contains "starts the thread being built before the constructor returns: the other thread can run on an object not yet built (a subclass constructor has not run yet)"
                        start();
                        jobs.add("first");
                    }
                }

                class NamedWorker extends Worker {
                    private final String name;

                    NamedWorker(String name) {
                        this.name = name;
                    }

                    @Override
                    public void run() {
                        System.out.println(name);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void startedAfterConstructionOrWithoutThis() {
        RuleTester.forRule(ThisEscapesConstructor.class, dir).source("""
                package e;

                import java.util.concurrent.ExecutorService;

                class Service implements Runnable {
                    private final ExecutorService pool;
                    private final Thread thread;

                    private Service(ExecutorService pool) {
                        this.pool = pool;
                        this.thread = new Thread(this); // made here, started later
                        pool.submit(() -> System.out.println("warm-up"));
                        pool.submit(Service::cleanUp);
                        new Thread(() -> System.out.println("hello")).start();
                    }

                    static Service create(ExecutorService pool) {
                        Service s = new Service(pool);
                        s.thread.start();
                        pool.submit(s);
                        return s;
                    }

                    void start() {
                        pool.submit(this);
                    }

                    @Override
                    public void run() {
                    }

                    static void cleanUp() {
                    }
                }
                """).source("""
                package e;

                class Ticker implements Runnable {
                    private final java.util.concurrent.ScheduledExecutorService timer;

                    Ticker(java.util.concurrent.ScheduledExecutorService timer) {
                        this.timer = timer;
                        timer.scheduleAtFixedRate(this, 1, 1, java.util.concurrent.TimeUnit.SECONDS); // nothing set after, no subclass
                    }

                    @Override
                    public void run() {
                    }
                }

                class Plain {
                    private final StringBuilder log = new StringBuilder();

                    Plain(Runnable r) {
                        start();
                        r.run();
                    }

                    void start() {
                        log.append("started");
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTaskThatReadsAFieldSetLateIsHighOneThatDoesNotMedium() {
        List<Finding> findings = RuleTester.forRule(ThisEscapesConstructor.class, dir).source("""
                package s;

                import java.util.concurrent.ScheduledExecutorService;
                import java.util.concurrent.TimeUnit;

                final class Watcher implements Runnable {
                    private final Thread thread;
                    private final long interval;

                    Watcher(long interval) {
                        thread = new Thread(this, "watcher");
                        // BUG: this-escapes-constructor contains "`thread.start()` in `Watcher.<init>`"
                        thread.start();
                        this.interval = interval;
                    }

                    @Override
                    public void run() {
                        while (true) {
                            pause();
                        }
                    }

                    private void pause() {
                        try {
                            Thread.sleep(interval);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                """).source("""
                package s;

                import java.util.concurrent.ScheduledExecutorService;
                import java.util.concurrent.TimeUnit;

                final class Cache {
                    private final String name;
                    private int hits;
                    private Object future;

                    Cache(String name, ScheduledExecutorService timer) {
                        this.name = name;
                        // BUG: this-escapes-constructor contains "`timer.schedule(...)` in `Cache.<init>`"
                        future = timer.schedule(() -> log(), 60, TimeUnit.SECONDS);
                        hits = 0;
                    }

                    private void log() {
                        System.out.println(name);
                    }
                }
                """).source("""
                package s;

                import java.util.concurrent.ScheduledExecutorService;
                import java.util.concurrent.TimeUnit;

                final class Stats {
                    private static final long PERIOD = 60;
                    private String type;
                    private String name;

                    Stats(ScheduledExecutorService timer, long delay) {
                        // BUG: this-escapes-constructor contains "`timer.schedule(...)` in `Stats.<init>`"
                        timer.schedule(() -> System.out.println(name), delay, TimeUnit.SECONDS);
                        name = "stats";
                    }

                    Stats(ScheduledExecutorService timer, String kind) {
                        // BUG: this-escapes-constructor contains "`timer.scheduleWithFixedDelay(...)` in `Stats.<init>`"
                        timer.scheduleWithFixedDelay(() -> System.out.println(type), PERIOD, PERIOD, TimeUnit.SECONDS);
                        type = kind;
                    }

                    Stats(ScheduledExecutorService timer) {
                        // BUG: this-escapes-constructor contains "`timer.scheduleAtFixedRate(...)` in `Stats.<init>`"
                        timer.scheduleAtFixedRate(() -> System.out.println(type), 60, 60, TimeUnit.SECONDS);
                        type = "lru";
                    }
                }
                """).expectMarkedFindings();
        // run() reads `interval` (through pause()), assigned after the start: high. The scheduled task reads only
        // `name`, set before it: medium. The ones that read `type` first run after a literal or constant delay:
        // medium. One with a delay computed at run time (maybe zero) that reads `name`, set after it: high.
        assertThat(findings).extracting(f -> f.message().substring(0, f.message().indexOf('`', 1) + 1) + " "
                + f.confidence()).containsExactlyInAnyOrder("`thread.start()` HIGH", "`timer.schedule(...)` MEDIUM",
                "`timer.scheduleAtFixedRate(...)` MEDIUM", "`timer.schedule(...)` HIGH",
                "`timer.scheduleWithFixedDelay(...)` MEDIUM");
    }
}
