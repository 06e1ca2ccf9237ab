package dev.threadguard.stress.lifecycle;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What an executor that is never shut down does, shown on a running JVM (rule executor-never-shutdown).
 *
 * <p>Part 1 calls a pool-per-request method twenty times: each call leaves its pool's two threads alive,
 * so forty idle threads pile up; the fixed method, which shuts its pool down in a {@code finally}, leaves
 * none. Part 2 starts a child JVM whose {@code main} uses a pool and returns without shutting it down: a
 * second later the child is still alive, because the pool's threads are not daemon threads. The same
 * program with the pool shut down exits at once.
 *
 * <p>Run it with a plain JDK 17 or later:
 * <pre>
 * javac -d /tmp/demos stress-tests/src/main/java/dev/threadguard/stress/lifecycle/*.java
 * java -cp /tmp/demos dev.threadguard.stress.lifecycle.PoolKeepsJvmAlive
 * </pre>
 * It prints what it saw, and exits with 0 when both bugs showed and both fixes worked, 1 otherwise.
 */
public final class PoolKeepsJvmAlive {

    private static final int REQUESTS = 20;

    private PoolKeepsJvmAlive() {
    }

    /** The bug: a pool per request, never shut down. */
    static int quoteLeaky(int request) throws Exception {
        // Bug: never shut down: its two threads outlive the call.
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<Integer> a = pool.submit(() -> request);
        Future<Integer> b = pool.submit(() -> request * 2);
        return a.get() + b.get();
    }

    /** The fix: the pool is shut down on every path. */
    static int quoteFixed(int request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> a = pool.submit(() -> request);
            Future<Integer> b = pool.submit(() -> request * 2);
            return a.get() + b.get();
        } finally {
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.SECONDS);
        }
    }

    /** Live, non-daemon threads of pools made by the default thread factory ({@code pool-N-thread-M}). */
    static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("pool-")).count();
    }

    /** The pool threads once those of terminated pools have finished dying, waiting up to two seconds. */
    static long settledPoolThreads(long expected) throws InterruptedException {
        long count = poolThreads();
        for (int i = 0; i < 100 && count > expected; i++) {
            Thread.sleep(20);
            count = poolThreads();
        }
        return count;
    }

    /** The child program with the bug: main returns, the pool's threads stay. */
    static void leakyMain() throws Exception {
        // Bug: never shut down: its thread keeps the JVM alive after main returns.
        ExecutorService pool = Executors.newSingleThreadExecutor();
        System.out.println("report sent: " + pool.submit(() -> "ok").get());
        System.out.println("main returns");
    }

    /** The child program with the fix. */
    static void fixedMain() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            System.out.println("report sent: " + pool.submit(() -> "ok").get());
        } finally {
            pool.shutdown();
        }
        System.out.println("main returns");
    }

    /** Runs a child program in a new JVM; whether it is still alive {@code seconds} after its main returned. */
    static boolean aliveAfterMain(String mode, int seconds) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                PoolKeepsJvmAlive.class.getName(), mode).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && !line.equals("main returns"); line = out.readLine()) {
                System.out.println("  child (" + mode + "): " + line);
            }
            boolean exited = child.waitFor(seconds, TimeUnit.SECONDS);
            if (!exited) {
                child.destroyForcibly().waitFor();
            }
            return !exited;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 1) {
            if (args[0].equals("leaky")) {
                leakyMain();
            } else {
                fixedMain();
            }
            return;
        }
        long start = poolThreads();
        for (int i = 0; i < REQUESTS; i++) {
            quoteLeaky(i);
        }
        long leaked = poolThreads() - start;
        for (int i = 0; i < REQUESTS; i++) {
            quoteFixed(i);
        }
        long leakedByFix = settledPoolThreads(start + leaked) - start - leaked;
        System.out.println(REQUESTS + " requests with a pool each, never shut down: " + leaked + " idle pool threads left");
        System.out.println(REQUESTS + " requests with a pool each, shut down in finally: " + leakedByFix + " left");
        boolean leakyAlive = aliveAfterMain("leaky", 1);
        boolean fixedAlive = aliveAfterMain("fixed", 10);
        System.out.println("JVM whose main returned without shutting its pool down: "
                + (leakyAlive ? "still alive after 1 s" : "exited"));
        System.out.println("JVM whose main shut its pool down: " + (fixedAlive ? "still alive after 10 s" : "exited"));
        boolean shown = leaked == 2L * REQUESTS && leakedByFix == 0 && leakyAlive && !fixedAlive;
        System.out.println(shown ? "as expected" : "NOT as expected");
        // The leaked pools of part 1 keep this JVM alive too: only exit() ends it.
        System.exit(shown ? 0 : 1);
    }
}
