package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CancelCannotInterruptTest {

    @TempDir
    Path dir;

    @Test
    void cancelsOfTasksThatSwallowInterruptsInTheirLoop() {
        RuleTester.forRule(CancelCannotInterrupt.class, dir).source("""
                package r;

                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                class Indexer {
                    private final ExecutorService pool;
                    private final BlockingQueue<String> queue;
                    private Future<?> running;

                    Indexer(ExecutorService pool, BlockingQueue<String> queue) {
                        this.pool = pool;
                        this.queue = queue;
                    }

                    void start() {
                        running = pool.submit(() -> {
                            while (true) {
                                try {
                                    index(queue.take());
                                } catch (InterruptedException e) {
                                    System.err.println("interrupted, going on");
                                }
                            }
                        });
                    }

                    void stop() {
                        // BUG: cancel-cannot-interrupt contains "`running.cancel(true)` in `Indexer.stop` cannot stop the task of `pool.submit(...)` (line 18): its `catch (InterruptedException)`"
                        running.cancel(true);
                    }

                    void once() {
                        Future<?> f = pool.submit(this::drain);
                        // BUG: cancel-cannot-interrupt contains "`catch (InterruptedException)` in `Indexer.next`"
                        f.cancel(true);
                    }

                    private void drain() {
                        for (String s = ""; s != null; ) {
                            s = next();
                        }
                    }

                    private String next() {
                        try {
                            return queue.take();
                        } catch (InterruptedException e) {
                            return "";
                        }
                    }

                    private void index(String s) {
                    }
                }
                """).source("""
                package r;

                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                class Poller implements Runnable {
                    @Override
                    public void run() {
                        while (true) {
                            try {
                                Thread.sleep(1000);
                            } catch (Exception e) {
                                // keeps polling
                            }
                        }
                    }

                    static void once(ExecutorService pool) {
                        Future<?> f = pool.submit(new Poller());
                        // BUG: cancel-cannot-interrupt contains "`catch (Exception)` in `Poller.run`"
                        f.cancel(true);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void tasksThatStopWhenInterruptedAreLeftAlone() {
        RuleTester.forRule(CancelCannotInterrupt.class, dir).source("""
                package r;

                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                class Worker {
                    private final ExecutorService pool;
                    private final BlockingQueue<String> queue;

                    Worker(ExecutorService pool, BlockingQueue<String> queue) {
                        this.pool = pool;
                        this.queue = queue;
                    }

                    void restores() {
                        Future<?> f = pool.submit(() -> {
                            while (!Thread.currentThread().isInterrupted()) {
                                try {
                                    queue.take();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                        });
                        f.cancel(true);
                    }

                    void leaves() {
                        Future<?> f = pool.submit(() -> {
                            try {
                                while (true) {
                                    queue.take();
                                }
                            } catch (InterruptedException e) {
                                return;
                            }
                        });
                        f.cancel(true);
                    }

                    void rethrows() {
                        Future<?> f = pool.submit(() -> {
                            while (true) {
                                queue.take();
                            }
                        });
                        f.cancel(true);
                    }

                    void politely() {
                        Future<?> f = pool.submit(() -> {
                            while (true) {
                                try {
                                    queue.take();
                                } catch (InterruptedException e) {
                                }
                            }
                        });
                        f.cancel(false);
                    }

                    void unrelated(Future<?> given) {
                        pool.submit(() -> {
                            while (true) {
                                try {
                                    queue.take();
                                } catch (InterruptedException e) {
                                }
                            }
                        });
                        given.cancel(true);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void loopsThatBlockInReadsNoInterruptWakes() {
        RuleTester.forRule(CancelCannotInterrupt.class, dir).source("""
                package r;

                import java.io.BufferedReader;
                import java.io.IOException;
                import java.io.InputStream;
                import java.io.InputStreamReader;
                import java.net.Socket;
                import java.nio.ByteBuffer;
                import java.nio.channels.SocketChannel;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                class Tail {
                    private final ExecutorService pool;

                    Tail(ExecutorService pool) {
                        this.pool = pool;
                    }

                    void follow(Socket socket) {
                        Future<?> f = pool.submit(() -> {
                            try (BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream()))) {
                                String line;
                                while ((line = in.readLine()) != null) {
                                    System.out.println(line);
                                }
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        });
                        // BUG: cancel-cannot-interrupt contains "blocks in `in.readLine()` (line 24), a `BufferedReader` read that an interrupt does not wake"
                        f.cancel(true);
                    }

                    void pump(InputStream in) {
                        Future<?> f = pool.submit(() -> copy(in));
                        // BUG: cancel-cannot-interrupt contains "its loop in `Tail.copy` blocks in `in.read(...)`"
                        f.cancel(true);
                    }

                    private static void copy(InputStream in) {
                        byte[] buf = new byte[4096];
                        try {
                            while (in.read(buf) >= 0) {
                                System.out.print('.');
                            }
                        } catch (IOException e) {
                            throw new RuntimeException(e);
                        }
                    }

                    void checked(InputStream in) {
                        Future<?> f = pool.submit(() -> {
                            byte[] buf = new byte[4096];
                            try {
                                while (!Thread.currentThread().isInterrupted() && in.read(buf) >= 0) {
                                    System.out.print('.');
                                }
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        });
                        f.cancel(true);
                    }

                    void channel(SocketChannel ch) {
                        Future<?> f = pool.submit(() -> {
                            ByteBuffer buf = ByteBuffer.allocate(4096);
                            try {
                                while (ch.read(buf) >= 0) {
                                    buf.clear();
                                }
                            } catch (IOException e) {
                                throw new RuntimeException(e);
                            }
                        });
                        f.cancel(true);
                    }

                    void once(InputStream in) {
                        Future<?> f = pool.submit(() -> {
                            try {
                                return in.read();
                            } catch (IOException e) {
                                return -1;
                            }
                        });
                        f.cancel(true);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aCancelNextToAFlagTheLoopTestsStopsTheTask() {
        List<Finding> findings = RuleTester.forRule(CancelCannotInterrupt.class, dir).source("""
                package s;

                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                class Relay {
                    private final ExecutorService pool;
                    private final BlockingQueue<String> queue;
                    private volatile boolean open = true;
                    private Future<?> running;
                    private int stops;

                    Relay(ExecutorService pool, BlockingQueue<String> queue) {
                        this.pool = pool;
                        this.queue = queue;
                    }

                    void start() {
                        running = pool.submit(() -> {
                            while (true) {
                                if (!isOpen()) {
                                    return;
                                }
                                try {
                                    forward(queue.take());
                                } catch (InterruptedException e) {
                                    System.err.println("interrupted");
                                }
                            }
                        });
                    }

                    private boolean isOpen() {
                        return open && running2();
                    }

                    private final java.util.concurrent.atomic.AtomicBoolean live = new java.util.concurrent.atomic.AtomicBoolean(true);

                    private boolean running2() {
                        return live.get();
                    }

                    void dispose() {
                        live.set(false);
                        running.cancel(true);
                    }

                    void close() {
                        open = false;
                        running.cancel(true);
                        running = null;
                    }

                    void halt() {
                        stops = stops + 1;
                        // BUG: cancel-cannot-interrupt contains "`running.cancel(true)` in `Relay.halt`"
                        running.cancel(true);
                    }

                    void shutdown() {
                        // BUG: cancel-cannot-interrupt contains "`running.cancel(true)` in `Relay.shutdown`"
                        running.cancel(true);
                        queue.clear();
                        stop();
                    }

                    private void stop() {
                    }

                    private void forward(String s) {
                    }
                }
                """).expectMarkedFindings();
        // The field halt() sets is not one the task reads: high. shutdown() also calls stop(), which may end the
        // task's loop some other way: low.
        assertThat(findings).extracting(f -> f.message().contains("Relay.halt") ? "halt " + f.confidence()
                : "shutdown " + f.confidence()).containsExactlyInAnyOrder("halt HIGH", "shutdown LOW");
    }

    @Test
    void closingTheExecutorIsNoOtherWayToStopTheTask() {
        List<Finding> findings = RuleTester.forRule(CancelCannotInterrupt.class, dir).source("""
                package c;

                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;

                class Pump {
                    private final ExecutorService pool;
                    private final BlockingQueue<String> queue;
                    private Future<?> running;

                    Pump(ExecutorService pool, BlockingQueue<String> queue) {
                        this.pool = pool;
                        this.queue = queue;
                    }

                    void start() {
                        running = pool.submit(() -> {
                            while (true) {
                                try {
                                    pump(queue.take());
                                } catch (InterruptedException e) {
                                    System.err.println("interrupted, going on");
                                }
                            }
                        });
                    }

                    void abort() {
                        // BUG: cancel-cannot-interrupt contains "`running.cancel(true)` in `Pump.abort`"
                        running.cancel(true);
                        pool.close();
                    }

                    void quit() {
                        // BUG: cancel-cannot-interrupt contains "`running.cancel(true)` in `Pump.quit`"
                        running.cancel(true);
                        this.stop();
                    }

                    void stop() {
                    }

                    private void pump(String s) {
                    }
                }
                """).expectMarkedFindings();
        // pool.close() waits for the task that ignores the interrupt: no other way to stop it, high. this.stop() may
        // end the task's loop some other way: low.
        assertThat(findings).extracting(f -> (f.message().contains("Pump.abort") ? "abort " : "quit ") + f.confidence())
                .containsExactlyInAnyOrder("abort HIGH", "quit LOW");
    }
}
