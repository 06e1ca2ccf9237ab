package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SleepPollUnsynchronizedTest {

    @TempDir
    Path dir;

    @Test
    void plainFieldsPolledBySleepingLoops() {
        List<Finding> findings = RuleTester.forRule(SleepPollUnsynchronized.class, dir).source("""
                package s;

                import java.util.concurrent.TimeUnit;

                class Poller implements Runnable {
                    private boolean stopped;
                    private int pending;

                    @Override
                    public void run() {
                        // BUG: sleep-poll-unsynchronized contains "`stopped` is polled in `Poller.run`"
                        while (!stopped) {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }

                    void stop() {
                        stopped = true;
                    }

                    void drain() throws InterruptedException {
                        while (true) {
                            // BUG: sleep-poll-unsynchronized contains "the write made in `Poller.done`"
                            if (pending == 0) {
                                break;
                            }
                            TimeUnit.MILLISECONDS.sleep(10);
                        }
                    }

                    void done() {
                        pending = 0;
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings.get(0).trace()).extracting(t -> t.message())
                .containsExactly("the loop sleeps here, then reads `stopped` again", "`stopped` is written in `Poller.stop`");
    }

    @Test
    void volatileAtomicLockedOrSameThreadStateIsFine() {
        RuleTester.forRule(SleepPollUnsynchronized.class, dir).source("""
                package s;

                import java.util.concurrent.atomic.AtomicBoolean;

                class Careful implements Runnable {
                    private volatile boolean stopped;
                    private final AtomicBoolean paused = new AtomicBoolean();
                    private boolean follow;
                    private int retries;
                    private Object connection;
                    private boolean locked;

                    void parseOptions(String[] args) {
                        follow = args.length > 0 && args[0].equals("-f");
                        System.out.println("options read");
                    }

                    @Override
                    public void run() {
                        try {
                            while (!stopped) {
                                Thread.sleep(100);
                            }
                            while (paused.get()) {
                                Thread.sleep(100);
                            }
                            while (retries < 3) {
                                retries++;
                                Thread.sleep(100);
                            }
                            while ((connection = connect()) == null) {
                                Thread.sleep(100);
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    void tail() throws InterruptedException {
                        while (follow) {
                            Thread.sleep(1000);
                        }
                    }

                    synchronized void waitUnlocked() throws InterruptedException {
                        while (locked) {
                            Thread.sleep(10);
                        }
                    }

                    void stop() {
                        stopped = true;
                        paused.set(false);
                        retries = 0;
                        connection = null;
                    }

                    synchronized void unlock() {
                        locked = false;
                    }

                    private Object connect() {
                        return new Object();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aWriterThatInterruptsThePollerMakesItsWriteVisible() {
        RuleTester.forRule(SleepPollUnsynchronized.class, dir).source("""
                package s;

                class Reconnector extends Thread {
                    private boolean shutdown;

                    @Override
                    public void run() {
                        while (!shutdown) {
                            try {
                                Thread.sleep(1000);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }

                    void close() {
                        shutdown = true;
                        interrupt();
                    }
                }

                class Sweeper extends Thread {
                    private boolean stopped;

                    @Override
                    public void run() {
                        // BUG: sleep-poll-unsynchronized
                        while (!stopped) {
                            try {
                                Thread.sleep(1000);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }

                    void halt() {
                        stopped = true;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aWriterWhoseThreadInterruptsThePollerThroughCallsIsFine() {
        RuleTester.forRule(SleepPollUnsynchronized.class, dir).source("""
                package w;

                class Reconnector extends Thread {
                    private boolean shutdown;

                    void shutdown() {
                        shutdown = true;
                    }

                    @Override
                    public void run() {
                        while (!shutdown) {
                            try {
                                Thread.sleep(1000);
                            } catch (InterruptedException e) {
                                System.out.println("woken");
                            }
                        }
                    }
                }

                class Manager {
                    private Reconnector reconnector = new Reconnector();

                    synchronized void close() {
                        reconnector.shutdown();
                        reconnector.interrupt();
                    }
                }

                class Activation implements Runnable {
                    private final Server server;
                    private boolean closed;

                    Activation(Server server) {
                        this.server = server;
                    }

                    void close() {
                        closed = true;
                        server.stopActivation();
                    }

                    @Override
                    public void run() {
                        while (!closed) {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                System.out.println("woken");
                            }
                        }
                    }
                }

                class Server {
                    private final Thread activation = new Thread(new Activation(this));

                    void stopActivation() {
                        activation.interrupt();
                    }
                }

                class Careless implements Runnable {
                    private boolean stopped;

                    void stop() {
                        stopped = true;
                    }

                    @Override
                    public void run() {
                        // BUG: sleep-poll-unsynchronized
                        while (!stopped) {
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }
                }

                class Stopper {
                    private final Careless task = new Careless();
                    private final Thread thread = new Thread(task);

                    void stopOne() {
                        task.stop();
                        thread.interrupt();
                    }

                    void stopQuietly() {
                        task.stop();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aLoopThatTakesTheWritersLockSeesTheWrite() {
        RuleTester.forRule(SleepPollUnsynchronized.class, dir).source("""
                package l;

                import java.util.ArrayList;
                import java.util.List;

                class Backup implements Runnable {
                    private final List<String> log = new ArrayList<>();
                    private boolean closed;

                    void close() {
                        synchronized (this) {
                            closed = true;
                        }
                    }

                    @Override
                    public void run() {
                        while (!closed) {
                            record("tick");
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }

                    private synchronized void record(String line) {
                        log.add(line);
                    }
                }

                class OtherLock implements Runnable {
                    private final Object state = new Object();
                    private final List<String> log = new ArrayList<>();
                    private boolean closed;

                    void close() {
                        synchronized (state) {
                            closed = true;
                        }
                    }

                    @Override
                    public void run() {
                        // BUG: sleep-poll-unsynchronized
                        while (!closed) {
                            record("tick");
                            try {
                                Thread.sleep(100);
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }

                    private synchronized void record(String line) {
                        log.add(line);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aCountedLoopsBoundAndAFlagTheLoopsOwnMethodsSetAreNoStopFlags() {
        RuleTester.forRule(SleepPollUnsynchronized.class, dir).source("""
                package s;

                class Pumper extends Thread {
                    private boolean endOfStream;
                    private boolean stopped;
                    private int retries = 3;

                    void setRetries(int n) {
                        retries = n;
                    }

                    void stopNow() {
                        stopped = true;
                        retries = 0;
                    }

                    private void pump() {
                        if (read() < 0) {
                            endOfStream = true;
                        }
                    }

                    private void step() {
                        pump();
                    }

                    private int read() {
                        return -1;
                    }

                    @Override
                    public void run() {
                        try {
                            while (!endOfStream) {
                                step();
                                sleep(5);
                            }
                            for (int attempt = 0; attempt < retries; attempt++) {
                                sleep(100);
                            }
                            // BUG: sleep-poll-unsynchronized contains "`stopped` is polled"
                            for (int i = 0; !stopped; i++) {
                                sleep(100);
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                """).expectMarkedFindings();
    }
}
