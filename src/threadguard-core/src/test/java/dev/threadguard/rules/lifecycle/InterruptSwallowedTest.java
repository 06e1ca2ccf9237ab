package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InterruptSwallowedTest {

    @TempDir
    Path dir;

    @Test
    void interruptsCaughtAndDropped() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package i;

                import java.util.concurrent.*;

                class Feeds {
                    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
                    private volatile boolean running = true;

                    void pause() {
                        try {
                            Thread.sleep(100);
                        // BUG: interrupt-swallowed contains "`catch (InterruptedException)` in `Feeds.pause` swallows the interrupt, neither rethrowing it nor restoring the thread's interrupt status: the thread that runs this code, on behalf of its caller, loses its interrupt status"
                        } catch (InterruptedException e) {
                            // ignore
                        }
                    }

                    boolean awaitReady(CountDownLatch ready) {
                        try {
                            ready.await();
                            return true;
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            System.err.println("interrupted: " + e);
                            return false;
                        }
                    }

                    void consume(ExecutorService pool) {
                        pool.execute(() -> {
                            while (running) {
                                try {
                                    handle(events.take());
                                // BUG: interrupt-swallowed contains "runs on a pool's thread, and `shutdownNow()`"
                                } catch (InterruptedException e) {
                                    e.printStackTrace();
                                }
                            }
                        });
                    }

                    void handle(String event) {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void interruptsRestoredPropagatedOrEndingTheThreadAreFine() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package i;

                import java.util.concurrent.*;

                class Careful {
                    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
                    private boolean running = true;

                    void restores() {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    void wraps() {
                        try {
                            events.take();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException("interrupted", e);
                        }
                    }

                    void handsOn(CompletableFuture<String> result) {
                        try {
                            result.complete(events.take());
                        } catch (InterruptedException e) {
                            result.completeExceptionally(e);
                        }
                    }

                    boolean uninterruptibly(String item) {
                        boolean interrupted = false;
                        while (true) {
                            try {
                                events.put(item);
                                break;
                            } catch (InterruptedException e) {
                                interrupted = true;
                            }
                        }
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                        return true;
                    }

                    class Worker extends Thread {
                        @Override
                        public void run() {
                            try {
                                while (true) {
                                    events.take();
                                }
                            } catch (InterruptedException e) {
                                // asked to stop: the thread ends here
                            }
                        }
                    }

                    class Stopping implements Runnable {
                        @Override
                        public void run() {
                            while (running) {
                                try {
                                    events.take();
                                } catch (InterruptedException e) {
                                    running = false;
                                }
                            }
                        }
                    }

                    Runnable consumer() {
                        return () -> {
                            try {
                                while (true) {
                                    events.take();
                                }
                            } catch (InterruptedException e) {
                                // the Runnable's own loop ends: what the interrupt asked for
                            }
                        };
                    }

                    void task(ExecutorService pool) {
                        pool.execute(() -> {
                            while (true) {
                                try {
                                    events.take();
                                } catch (InterruptedException e) {
                                    return;
                                }
                            }
                        });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void broadCatchesAroundCallsThatThrowInterruptedException() {
        List<Finding> findings = RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package b;

                public class Remote {
                    public String fetch(String key) throws InterruptedException {
                        Thread.sleep(10);
                        return key;
                    }
                }
                """).source("""
                package b;

                import java.util.concurrent.*;

                class Broad {
                    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

                    void drain() {
                        try {
                            String s = events.take();
                            System.out.println(s);
                        // BUG: interrupt-swallowed contains "also catches the InterruptedException of `events.take()` (line 10)"
                        } catch (Exception e) {
                            System.err.println("failed: " + e);
                        }
                    }

                    void remote(Remote remote) {
                        try {
                            remote.fetch("k");
                        // BUG: interrupt-swallowed contains "`remote.fetch(...)`"
                        } catch (Throwable t) {
                            t.printStackTrace();
                        }
                    }

                    void nothingInterruptible() {
                        try {
                            events.add("x");
                        } catch (Exception e) {
                            System.err.println("failed: " + e);
                        }
                    }

                    void takenFirst() {
                        try {
                            events.take();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } catch (Exception e) {
                            System.err.println("failed: " + e);
                        }
                    }

                    void laterInALambda(ExecutorService pool) {
                        try {
                            pool.execute(() -> System.out.println("run"));
                        } catch (Exception e) {
                            System.err.println("rejected: " + e);
                        }
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings.get(0).trace()).singleElement()
                .satisfies(t -> assertThat(t.message()).contains("`events.take()` throws InterruptedException"));
    }

    @Test
    void anInterruptHandedToALoggerIsStillSwallowed() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package l;

                import java.util.concurrent.*;

                class Poller {
                    interface Log {
                        void warnf(String format, Object... args);
                    }

                    interface Listener {
                        void stopped(Exception cause);
                    }

                    private final Log log;
                    private final Listener listener;

                    Poller(Log log, Listener listener) {
                        this.log = log;
                        this.listener = listener;
                    }

                    void pollLogged(BlockingQueue<String> queue) {
                        try {
                            queue.take();
                        // BUG: interrupt-swallowed contains "`catch (InterruptedException)` in `Poller.pollLogged`"
                        } catch (InterruptedException e) {
                            log.warnf("poll stopped: %s", e);
                        }
                    }

                    void pollHandedOn(BlockingQueue<String> queue) {
                        try {
                            queue.take();
                        } catch (InterruptedException e) {
                            listener.stopped(e);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void threadsThatOwnTheirInterruptPolicyAreLeftAlone() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package i;

                import java.util.concurrent.BlockingQueue;

                class Flusher extends Thread {
                    private volatile boolean stopped;
                    private final BlockingQueue<String> queue;

                    Flusher(BlockingQueue<String> queue) {
                        this.queue = queue;
                    }

                    @Override
                    public void run() {
                        while (!stopped) {
                            try {
                                flush(queue.take());
                            } catch (InterruptedException wakeUp) {
                                // an interrupt only wakes the thread; it stops through its own flag
                            }
                        }
                    }

                    void shutdown() {
                        stopped = true;
                        interrupt();
                    }

                    void flush(String s) {
                    }

                    static void startWatcher(Runnable check) {
                        new Thread(() -> {
                            while (true) {
                                try {
                                    Thread.sleep(1000);
                                    check.run();
                                } catch (InterruptedException ignored) {
                                }
                            }
                        }).start();
                    }

                    static void reconnect(Runnable connect) {
                        boolean connected = false;
                        while (!connected) {
                            try {
                                connect.run();
                                connected = true;
                            } catch (RuntimeException e) {
                                try {
                                    Thread.sleep(500);
                                } catch (InterruptedException backOffCutShort) {
                                }
                            }
                        }
                    }

                    public static void main(String[] args) {
                        try {
                            Thread.sleep(10);
                        } catch (InterruptedException e) {
                            System.err.println("interrupted");
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void serviceLoopsThatStopThroughTheirOwnStateAreLeftAlone() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package i;

                import java.util.concurrent.*;
                import java.util.concurrent.atomic.*;

                class Dispatcher {
                    enum State { LATENT, STARTED, CLOSED }

                    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
                    private final AtomicBoolean stopped = new AtomicBoolean();
                    private final BlockingQueue<Runnable> work = new LinkedBlockingQueue<>();
                    private final CountDownLatch done = new CountDownLatch(1);
                    private volatile boolean running = true;
                    private Throwable failure;

                    void dispatchLoop() {
                        while (state.get() == State.STARTED) {
                            try {
                                work.take().run();
                            } catch (InterruptedException e) {
                                // woken to see the state change
                            }
                        }
                    }

                    void pump() {
                        while (running) {
                            try {
                                Runnable next = work.poll(1, TimeUnit.SECONDS);
                                if (next != null) {
                                    next.run();
                                }
                            } catch (InterruptedException e) {
                            }
                        }
                    }

                    void close() {
                        state.compareAndSet(State.STARTED, State.CLOSED);
                        running = false;
                        stopped.set(true);
                    }

                    void waitUntilStopped() {
                        while (!stopped.get()) {
                            try {
                                done.await();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                            }
                        }
                    }

                    void drainFor(long millis) {
                        long deadline = System.currentTimeMillis() + millis;
                        while (running && System.currentTimeMillis() < deadline) {
                            try {
                                work.take().run();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                            }
                        }
                    }

                    void retry(Runnable connect, long delay) {
                        for (int attempt = 0; attempt < 5; attempt++) {
                            try {
                                System.err.println("retrying in " + delay);
                                Thread.sleep(delay);
                            } catch (InterruptedException e) {
                            }
                            connect.run();
                        }
                    }

                    void takeThenPause() {
                        for (int attempt = 0; attempt < 5; attempt++) {
                            try {
                                work.take().run();
                                Thread.sleep(10);
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                            }
                        }
                    }

                    void keepFailure() {
                        try {
                            done.await();
                        } catch (InterruptedException e) {
                            failure = e;
                        }
                    }

                    void cannotHappen(Semaphore permits) {
                        try {
                            permits.acquire();
                        } catch (InterruptedException e) {
                            assert false : "never interrupted";
                        }
                    }
                }

                class Poller {
                    private volatile boolean polling = true;
                    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

                    void poll(ExecutorService pool) {
                        pool.execute(() -> {
                            while (polling) {
                                try {
                                    System.out.println(events.take());
                                // BUG: interrupt-swallowed contains "runs on a pool's thread"
                                } catch (InterruptedException e) {
                                }
                            }
                        });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void helpersOfAThreadSubclassRunOnItsOwnThread() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package i;

                import java.util.concurrent.BlockingQueue;

                abstract class ServiceThread extends Thread {
                    @Override
                    public final void run() {
                        body();
                    }

                    protected abstract void body();
                }
                """).source("""
                package i;

                import java.util.concurrent.BlockingQueue;

                class SocketWriter extends ServiceThread {
                    private final BlockingQueue<byte[]> out;

                    SocketWriter(BlockingQueue<byte[]> out) {
                        this.out = out;
                    }

                    @Override
                    protected void body() {
                        try {
                            write(out.take());
                        } catch (InterruptedException e) {
                            System.err.println("writer stopped");
                        }
                    }

                    public void flushNow() {
                        try {
                            write(out.take());
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            System.err.println("flush cut short");
                        }
                    }

                    private void write(byte[] bytes) {
                    }
                }

                class NotAThread {
                    private final BlockingQueue<byte[]> out;

                    NotAThread(BlockingQueue<byte[]> out) {
                        this.out = out;
                    }

                    protected void body() {
                        try {
                            out.take();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTryThatCannotBeInterruptedSwallowsNothing() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package i;

                import java.util.concurrent.*;

                abstract class Result<T> {
                    abstract T getNow(T absent) throws InterruptedException, ExecutionException;
                    abstract T get() throws InterruptedException, ExecutionException;
                }

                class DoneResult<T> extends Result<T> {
                    private final CompletableFuture<T> future = new CompletableFuture<>();

                    @Override
                    T getNow(T absent) throws InterruptedException, ExecutionException {
                        if (future.isCompletedExceptionally()) {
                            throw new ExecutionException(new IllegalStateException("failed"));
                        }
                        return future.getNow(absent);
                    }

                    @Override
                    T get() throws InterruptedException, ExecutionException {
                        return future.get();
                    }
                }

                interface Step {
                    void run() throws InterruptedException;
                }

                interface Stage extends AutoCloseable {
                    void start();
                }

                class Client {
                    private final Object lock = new Object();

                    Result<String> start() {
                        return new DoneResult<>();
                    }

                    String peek(Result<String> r) {
                        try {
                            return r.getNow("none");
                        } catch (InterruptedException | ExecutionException e) {
                            return "none";
                        }
                    }

                    String peekThroughHelper(Result<String> r) {
                        try {
                            return fetch(r);
                        } catch (Exception e) {
                            return "none";
                        }
                    }

                    private String fetch(Result<String> r) throws InterruptedException, ExecutionException {
                        return r.getNow("none");
                    }

                    String waitFor(Result<String> r) {
                        try {
                            return r.get();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException | ExecutionException e) {
                            return "none";
                        }
                    }

                    String waitThroughHelper(Result<String> r) {
                        try {
                            return slow(r);
                        // BUG: interrupt-swallowed contains "also catches the InterruptedException of `slow(...)`"
                        } catch (Exception e) {
                            return "none";
                        }
                    }

                    private String slow(Result<String> r) throws InterruptedException, ExecutionException {
                        return check(r);
                    }

                    private String check(Result<String> r) throws InterruptedException, ExecutionException {
                        return r.get();
                    }

                    void nap() {
                        try {
                            parked();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }

                    private void parked() throws InterruptedException {
                        synchronized (lock) {
                            lock.wait(10);
                        }
                    }

                    void rethrown() {
                        try {
                            raise();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }

                    private void raise() throws InterruptedException {
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                    }

                    void lambdaStep(Step step) {
                        try {
                            step.run();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }

                    void closeStage(Stage stage) {
                        try {
                            stage.close();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            System.err.println("close interrupted");
                        }
                    }

                    void unknownCall(Object library) {
                        try {
                            ((Runnable) library).run();
                            Thread.sleep(1);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aCatchAllThatEndsTheWorkIsOfLowConfidence() {
        List<Finding> findings = RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package w;

                import java.util.List;
                import java.util.concurrent.*;

                class Jobs {
                    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

                    boolean runOnce(Future<String> f) {
                        try {
                            System.out.println(f.get());
                            return true;
                        // BUG: interrupt-swallowed
                        } catch (Exception e) {
                            System.err.println("failed: " + e);
                            return false;
                        }
                    }

                    void respond(Future<Boolean> f) {
                        boolean ok = false;
                        try {
                            ok = f.get(1, TimeUnit.SECONDS);
                        // BUG: interrupt-swallowed
                        } catch (Throwable t) {
                            System.err.println("failed: " + t);
                        }
                        System.out.println(ok);
                    }

                    void drainForever() {
                        while (true) {
                            try {
                                System.out.println(queue.take());
                            // BUG: interrupt-swallowed
                            } catch (Exception e) {
                                System.err.println("failed: " + e);
                            }
                        }
                    }

                    void eachOnce(List<Future<String>> futures) {
                        futures.forEach(f -> {
                            try {
                                System.out.println(f.get());
                            // BUG: interrupt-swallowed
                            } catch (Exception e) {
                                System.err.println("failed: " + e);
                            }
                        });
                    }

                    String direct(Future<String> f) {
                        try {
                            return f.get();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException | ExecutionException e) {
                            return null;
                        }
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.pos().line() + " " + f.confidence())
                .containsExactly("14 LOW", "25 LOW", "36 HIGH", "47 HIGH", "57 MEDIUM");
    }

    @Test
    void codeReachedOnlyFromAThreadOfItsOwnIsLeftAlone() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package d;

                import java.util.concurrent.*;

                class Trigger implements Runnable {
                    private volatile boolean keepGoing = true;
                    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                    private Thread thread;

                    synchronized void start() {
                        thread = new Thread(this);
                        thread.start();
                    }

                    void terminate() {
                        keepGoing = false;
                    }

                    public void run() {
                        while (keepGoing) {
                            String s = next();
                            if (s != null) {
                                fire(s);
                            }
                        }
                    }

                    String next() {
                        try {
                            return queue.take();
                        } catch (InterruptedException e) {
                            return null;
                        }
                    }

                    void fire(String s) {
                    }

                    public String nextOrNull() {
                        try {
                            return queue.take();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            return null;
                        }
                    }
                }
                """).source("""
                package d;

                abstract class Service implements Runnable {
                    private final Thread thread = new Thread(this, "service");

                    void start() {
                        thread.start();
                    }
                }
                """).source("""
                package d;

                class Flusher extends Service {
                    public void run() {
                        while (true) {
                            try {
                                Thread.sleep(10);
                                flush();
                            } catch (InterruptedException e) {
                                System.err.println("woken");
                            }
                        }
                    }

                    void flush() {
                    }
                }
                """).source("""
                package d;

                import java.util.concurrent.*;

                class Worker implements Runnable {
                    public void run() {
                        while (true) {
                            try {
                                Thread.sleep(10);
                                work();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                            }
                        }
                    }

                    void work() {
                    }

                    static void go(ThreadFactory factory, ExecutorService pool) {
                        factory.newThread(new Worker()).start();
                        pool.execute(new Worker());
                    }
                }
                """).source("""
                package d;

                import java.util.concurrent.*;

                class Shared {
                    private void pause() {
                        try {
                            Thread.sleep(5);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }

                    void startBoth(ExecutorService pool) {
                        new Thread(() -> pause()).start();
                        pool.execute(() -> pause());
                    }

                    private void onlyOnItsThread() {
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                        }
                    }

                    void startOne() {
                        new Thread(() -> onlyOnItsThread()).start();
                    }

                    private void alsoReferenced() {
                        try {
                            Thread.sleep(5);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }

                    void startReferenced(ExecutorService pool) {
                        new Thread(() -> alsoReferenced()).start();
                        pool.execute(this::alsoReferenced);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void codeReachedOnlyFromMainIsOfLowConfidence() {
        List<Finding> findings = RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package m;

                class Tool {
                    public static void main(String[] args) {
                        new Tool().execute(args);
                    }

                    private void execute(String[] args) {
                        System.out.println(readPassword());
                    }

                    private String readPassword() {
                        Thread hider = new Thread(() -> System.out.print(""));
                        hider.start();
                        try {
                            hider.join();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                        return "";
                    }

                    public String prompt() {
                        Thread hider = new Thread(() -> System.out.print(""));
                        hider.start();
                        try {
                            hider.join();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                        return "";
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.pos().line() + " " + f.confidence())
                .containsExactly("18 LOW", "29 HIGH");
    }

    @Test
    void periodicTasksOfAPrivateSchedulerNobodyInterruptsAreLeftAlone() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package p;

                import java.util.concurrent.*;
                import java.util.concurrent.locks.*;

                class Cleaner {
                    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();
                    private final Lock lock = new ReentrantLock();

                    void start() {
                        sweeper.scheduleAtFixedRate(() -> cleanExpired(), 1, 1, TimeUnit.SECONDS);
                    }

                    void shutdown() {
                        sweeper.shutdown();
                    }

                    private void cleanExpired() {
                        for (int i = 0; i < 16; i++) {
                            try {
                                lock.lockInterruptibly();
                                try {
                                    System.out.println(i);
                                } finally {
                                    lock.unlock();
                                }
                            } catch (InterruptedException e) {
                                System.err.println("clean failed: " + e);
                            }
                        }
                    }
                }
                """).source("""
                package p;

                import java.util.concurrent.*;
                import java.util.concurrent.locks.*;

                class Stopped {
                    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
                    private final Lock lock = new ReentrantLock();

                    void start() {
                        ticker.scheduleWithFixedDelay(() -> tick(), 1, 1, TimeUnit.SECONDS);
                    }

                    void shutdown() {
                        ticker.shutdownNow();
                    }

                    private void tick() {
                        for (int i = 0; i < 16; i++) {
                            try {
                                lock.lockInterruptibly();
                                lock.unlock();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                                System.err.println("tick failed: " + e);
                            }
                        }
                    }
                }
                """).source("""
                package p;

                import java.util.concurrent.*;
                import java.util.concurrent.locks.*;

                class Cancelled {
                    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
                    private final Lock lock = new ReentrantLock();
                    private ScheduledFuture<?> polling;

                    void start() {
                        polling = poller.scheduleWithFixedDelay(() -> poll(), 1, 1, TimeUnit.SECONDS);
                    }

                    void stop() {
                        polling.cancel(true);
                    }

                    void poll() {
                        for (int i = 0; i < 16; i++) {
                            try {
                                lock.lockInterruptibly();
                                lock.unlock();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                                System.err.println("poll failed: " + e);
                            }
                        }
                    }
                }
                """).source("""
                package p;

                import java.util.concurrent.*;
                import java.util.concurrent.locks.*;

                class Handed {
                    final ScheduledExecutorService timer;
                    private final Lock lock = new ReentrantLock();

                    Handed(ScheduledExecutorService timer) {
                        this.timer = timer;
                        timer.scheduleWithFixedDelay(() -> step(), 1, 1, TimeUnit.SECONDS);
                    }

                    private void step() {
                        for (int i = 0; i < 16; i++) {
                            try {
                                lock.lockInterruptibly();
                                lock.unlock();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                                System.err.println("step failed: " + e);
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aCatchThatCallsAMethodThatAlwaysThrowsWrapsTheInterrupt() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package t;

                import java.util.concurrent.*;

                class Handler {
                    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

                    boolean answer() {
                        try {
                            System.out.println(queue.take());
                        } catch (InterruptedException e) {
                            writeError(500, e.toString());
                            return false;
                        }
                        return true;
                    }

                    boolean viaHelper() {
                        try {
                            System.out.println(queue.take());
                        } catch (InterruptedException e) {
                            failWith(e.toString());
                            return false;
                        }
                        return true;
                    }

                    boolean sometimes(boolean strict) {
                        try {
                            System.out.println(queue.take());
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            maybeFail(strict, e.toString());
                            return false;
                        }
                        return true;
                    }

                    boolean returnsFirst(boolean quiet) {
                        try {
                            System.out.println(queue.take());
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            failUnless(quiet);
                            return false;
                        }
                        return true;
                    }

                    void writeError(int code, String message) {
                        throw new IllegalStateException(code + " " + message);
                    }

                    private void failWith(String message) {
                        if (message.isEmpty()) {
                            throw new IllegalStateException();
                        } else {
                            writeError(500, message);
                        }
                    }

                    private void maybeFail(boolean strict, String message) {
                        if (strict) {
                            throw new IllegalStateException(message);
                        }
                    }

                    private void failUnless(boolean quiet) {
                        if (quiet) {
                            return;
                        }
                        throw new IllegalStateException();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void cleanupInTheFinallyOfAMethodThatThrowsTheInterruptIsLeftAlone() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package f;

                import java.io.IOException;

                class Processes {
                    int run(ProcessBuilder builder) throws IOException, InterruptedException {
                        Process process = null;
                        try {
                            process = builder.start();
                            return process.waitFor();
                        } finally {
                            if (process != null) {
                                try {
                                    process.waitFor();
                                } catch (InterruptedException e) {
                                    Thread.interrupted();
                                }
                            }
                        }
                    }

                    int caughtFirst(ProcessBuilder builder) throws IOException, InterruptedException {
                        Process process = builder.start();
                        try {
                            return process.waitFor();
                        } catch (InterruptedException e) {
                            process.destroy();
                            throw e;
                        } finally {
                            try {
                                process.waitFor();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                                System.err.println("interrupted: " + e);
                            }
                        }
                    }

                    int undeclared(ProcessBuilder builder) throws IOException {
                        Process process = builder.start();
                        try {
                            System.out.println(process.pid());
                        } finally {
                            try {
                                process.waitFor();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                                System.err.println("interrupted: " + e);
                            }
                        }
                        return 0;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aSubclassOfALibraryThreadClassRunsOnItsOwnThread() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package s;

                import org.example.common.ServiceThread;
                import org.example.common.ServiceTask;

                class Guard extends ServiceThread {
                    public void run() {
                        while (!isStopped()) {
                            try {
                                Thread.sleep(100);
                                check();
                            } catch (Exception e) {
                                System.err.println("guard: " + e);
                            }
                        }
                    }

                    void check() {
                    }
                }

                class Sweep extends ServiceTask {
                    public void run() {
                        while (!isStopped()) {
                            try {
                                Thread.sleep(100);
                                check();
                            // BUG: interrupt-swallowed
                            } catch (Exception e) {
                                System.err.println("sweep: " + e);
                            }
                        }
                    }

                    void check() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTaskTypedByAnInterfaceDoesNotMakeItsImplementationsDedicated() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package j;

                interface Job extends Runnable {
                }
                """).source("""
                package j;

                class Jobs {
                    static void start(Job job) {
                        new Thread(job).start();
                    }
                }
                """).source("""
                package j;

                class Poller implements Job {
                    public void run() {
                        while (true) {
                            try {
                                Thread.sleep(100);
                                poll();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                                System.err.println("poll: " + e);
                            }
                        }
                    }

                    void poll() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aGetOfAFutureKnownCompleteCannotBeInterrupted() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package g;

                import java.util.List;
                import java.util.concurrent.Callable;
                import java.util.concurrent.CountDownLatch;
                import java.util.concurrent.ExecutionException;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Future;
                import java.util.concurrent.TimeUnit;
                import java.util.concurrent.TimeoutException;

                class Results {
                    String peek(Future<String> f) {
                        if (f.isDone()) {
                            try {
                                return f.get();
                            } catch (InterruptedException | ExecutionException e) {
                                return null;
                            }
                        }
                        return null;
                    }

                    String afterCheck(Future<String> f) throws TimeoutException {
                        if (!f.isDone()) {
                            return "pending";
                        }
                        try {
                            return f.get(1, TimeUnit.SECONDS);
                        } catch (InterruptedException | ExecutionException e) {
                            return "failed";
                        }
                    }

                    int sumAll(ExecutorService pool, List<Callable<Integer>> jobs) throws InterruptedException {
                        List<Future<Integer>> done = pool.invokeAll(jobs);
                        int sum = 0;
                        for (Future<Integer> f : done) {
                            try {
                                sum += f.get();
                            } catch (Exception e) {
                                sum -= 1;
                            }
                        }
                        try {
                            sum += done.get(0).get();
                        } catch (InterruptedException | ExecutionException e) {
                            sum = 0;
                        }
                        return sum;
                    }

                    String notChecked(Future<String> f, Future<String> g) {
                        if (g.isDone()) {
                            try {
                                return f.get();
                            // BUG: interrupt-swallowed contains "`catch (InterruptedException)` in `Results.notChecked`"
                            } catch (InterruptedException | ExecutionException e) {
                                return null;
                            }
                        }
                        return null;
                    }

                    String checkedTheOtherWay(Future<String> f) {
                        if (!f.isDone()) {
                            try {
                                return f.get();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException | ExecutionException e) {
                                return null;
                            }
                        }
                        return null;
                    }

                    String alsoWaits(Future<String> f, CountDownLatch latch) {
                        if (f.isDone()) {
                            try {
                                latch.await(0, TimeUnit.SECONDS);
                                return f.get();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException | ExecutionException e) {
                                return null;
                            }
                        }
                        return null;
                    }

                    int notFromInvokeAll(List<Future<Integer>> submitted) {
                        int sum = 0;
                        for (Future<Integer> f : submitted) {
                            try {
                                sum += f.get();
                            // BUG: interrupt-swallowed contains "also catches the InterruptedException of `f.get()`"
                            } catch (Exception e) {
                                sum -= 1;
                            }
                        }
                        return sum;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aMethodNamedByAReferenceGivenToADedicatedThreadOwnsItsInterruptPolicy() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package m;

                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.ThreadFactory;

                class Pump {
                    private final BlockingQueue<String> queue;
                    private final Pump peer;

                    Pump(BlockingQueue<String> queue, Pump peer) {
                        this.queue = queue;
                        this.peer = peer;
                    }

                    void startAll(ThreadFactory factory, ExecutorService pool) {
                        new Thread(this::drainOnce).start();
                        new Thread(peer::forwardOnce, "forwarder").start();
                        factory.newThread(this::flushOnce).start();
                        Thread.ofPlatform().start(this::pollOnce);
                        pool.submit(this::pooledOnce);
                    }

                    void drainOnce() {
                        try {
                            handle(queue.take());
                        } catch (InterruptedException e) {
                            System.err.println("stopped");
                        }
                    }

                    void forwardOnce() {
                        try {
                            handle(queue.take());
                        } catch (InterruptedException e) {
                            System.err.println("stopped");
                        }
                    }

                    void flushOnce() {
                        try {
                            handle(queue.take());
                        } catch (InterruptedException e) {
                            System.err.println("stopped");
                        }
                    }

                    void pollOnce() {
                        try {
                            handle(queue.take());
                        } catch (InterruptedException e) {
                            System.err.println("stopped");
                        }
                    }

                    void pooledOnce() {
                        try {
                            handle(queue.take());
                        // BUG: interrupt-swallowed contains "`Pump.pooledOnce`"
                        } catch (InterruptedException e) {
                            System.err.println("stopped");
                        }
                    }

                    void handle(String s) {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aThreadMadeThroughAClassNamedLikeOneOrAThreadMakingHelperOwnsItsInterrupt() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package t;

                import java.util.concurrent.*;

                class Sweeper implements Runnable {
                    private final ThreadFactory factory = Executors.defaultThreadFactory();
                    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                    private volatile boolean stopped;

                    void start() {
                        new LoggingThread("sweeper", this).start();
                        new LoggingThread("restart", () -> {
                            try {
                                Thread.sleep(1000);
                            } catch (InterruptedException e) {
                                System.err.println("restart interrupted");
                            }
                            System.out.println("restarted");
                        }).start();
                        new LoggingThread("drain", false, this::drain).start();
                        Helpers.newThread(factory, new Watch(), "watch-", true).start();
                    }

                    public void run() {
                        while (!stopped) {
                            pause();
                        }
                    }

                    public void pause() {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            System.err.println("woken");
                        }
                    }

                    void drain() {
                        try {
                            Thread.sleep(100);
                        } catch (InterruptedException e) {
                            System.err.println("woken");
                        }
                    }

                    void onPool(ExecutorService pool) {
                        pool.execute(() -> {
                            while (true) {
                                try {
                                    System.out.println(queue.take());
                                // BUG: interrupt-swallowed
                                } catch (InterruptedException e) {
                                    System.err.println("pool task interrupted");
                                }
                            }
                        });
                    }
                }

                class Watch implements Runnable {
                    public void run() {
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            System.err.println("watch woken");
                        }
                        System.out.println("watched");
                    }
                }

                class Helpers {
                    static Thread newThread(ThreadFactory factory, Runnable task, String prefix, boolean daemon) {
                        Thread t = factory.newThread(task);
                        t.setDaemon(daemon);
                        return t;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aHelperOfAClassDerivedFromAThreadTheClassPathLacksIsTheThreadsOwn() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package t;

                import java.util.concurrent.*;
                import org.example.logging.LoggingThread;

                abstract class Processor extends LoggingThread {
                    Processor() {
                        super("processor");
                    }
                }

                class SerialProcessor extends Processor {
                    private final CountDownLatch primary = new CountDownLatch(1);

                    protected boolean waitForPrimary() {
                        try {
                            primary.await();
                        } catch (InterruptedException e) {
                            System.err.println("exiting");
                            return false;
                        }
                        return true;
                    }
                }

                class Plain extends Processor2 {
                    private final CountDownLatch primary = new CountDownLatch(1);

                    protected void waitForPrimary() {
                        try {
                            primary.await();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            System.err.println("go on");
                        }
                    }
                }

                class Processor2 extends org.example.Worker {
                }
                """).expectMarkedFindings();
    }

    @Test
    void anInterruptRestoredInAFinallyOrAnsweredThroughAFlagIsNotLost() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package f;

                import java.util.concurrent.*;

                class Stopper {
                    private Thread worker;
                    private boolean interruptedOnce;

                    void stop() {
                        try {
                            worker.join(5000);
                        } catch (InterruptedException ignore) {
                            try {
                                worker.join(2000);
                            } catch (InterruptedException ignored) {
                            } finally {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }

                    void stopThrowing(java.util.List<Future<?>> running) {
                        boolean interrupted = false;
                        for (Future<?> f : running) {
                            try {
                                f.get();
                            } catch (InterruptedException e) {
                                interrupted = true;
                            } catch (ExecutionException e) {
                                System.err.println(e);
                            }
                        }
                        if (interrupted) {
                            throw new IllegalStateException("interrupted");
                        }
                    }

                    boolean acquire(CountDownLatch latch) {
                        boolean interrupted = false;
                        while (!interrupted && latch.getCount() > 0) {
                            try {
                                latch.await();
                            } catch (InterruptedException e) {
                                interrupted = true;
                            }
                        }
                        return !interrupted;
                    }

                    void noted(CountDownLatch latch) {
                        boolean interrupted = false;
                        try {
                            latch.await();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            interrupted = true;
                        }
                        System.out.println(interrupted);
                    }

                    void field(CountDownLatch latch) {
                        try {
                            latch.await();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            interruptedOnce = true;
                        }
                        if (interruptedOnce) {
                            throw new IllegalStateException();
                        }
                    }

                    void laterFinally(CountDownLatch latch) {
                        try {
                            latch.await();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            System.err.println("interrupted");
                        } finally {
                            System.out.println("done");
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void codeKeptForTestsMocksOrExamplesIsOfLowConfidence() {
        List<Finding> findings = RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package g;

                class Collector {
                    volatile long delayForTests;
                    volatile long latestDelay;

                    void onEvent() {
                        if (delayForTests > 0) {
                            try {
                                Thread.sleep(delayForTests);
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                            }
                        }
                    }

                    public void netUpForDUnitTest() {
                        try {
                            Thread.sleep(100);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }

                    void throttle() {
                        if (latestDelay > 0) {
                            try {
                                Thread.sleep(latestDelay);
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                            }
                        }
                    }
                }

                class MockConnection {
                    void execute() {
                        try {
                            Thread.sleep(10);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }
                }
                """).source("""
                package io.demo.examples;

                class ExampleUtils {
                    static void sleep(long ms) {
                        try {
                            Thread.sleep(ms);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }
                }
                """).source("""
                package com.example.shop;

                class Relay {
                    void next() {
                        try {
                            Thread.sleep(5);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                    }
                }
                """).expectMarkedFindings();
        // com.example is the documentation domain a user's own application is named under, not example code.
        assertThat(findings).extracting(f -> f.path().substring(f.path().lastIndexOf('/') + 1) + ":" + f.pos().line() + " " + f.confidence())
                .containsExactlyInAnyOrder("Collector.java:12 LOW", "Collector.java:21 LOW", "Collector.java:30 HIGH",
                        "Collector.java:41 LOW", "ExampleUtils.java:8 LOW", "Relay.java:8 HIGH");
    }

    @Test
    void aCatchThatGivesUpTheWorkWithAFailureAnswerIsOfMediumConfidence() {
        List<Finding> findings = RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package a;

                import java.io.File;
                import java.util.concurrent.*;

                class Handoff {
                    private final BlockingQueue<String> accepted = new LinkedBlockingQueue<>();

                    boolean add(String connection) {
                        try {
                            accepted.put(connection);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            System.err.println("interrupted while adding");
                            return false;
                        }
                        return true;
                    }

                    void process(Future<String> f) {
                        String state;
                        try {
                            state = f.get();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException | ExecutionException e) {
                            return;
                        }
                        System.out.println(state);
                    }

                    boolean mkdirs(File f) {
                        if (f.mkdirs()) {
                            return true;
                        }
                        try {
                            Thread.sleep(10);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            return f.mkdirs();
                        }
                        return f.mkdirs();
                    }

                    String text(Future<String> f) throws ExecutionException {
                        try {
                            return f.get();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            return "";
                        }
                    }

                    boolean retry(Future<Boolean> f) throws ExecutionException {
                        while (true) {
                            try {
                                return f.get();
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                                System.err.println("retrying");
                            }
                        }
                    }
                }

                class Coordinator implements Callable<Object> {
                    private final Future<Object> collator;

                    Coordinator(Future<Object> collator) {
                        this.collator = collator;
                    }

                    @Override
                    public Object call() throws Exception {
                        try {
                            return collator.get(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            collator.cancel(true);
                            return null;
                        }
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.pos().line() + " " + f.confidence())
                .containsExactly("13 MEDIUM", "25 MEDIUM", "38 HIGH", "48 HIGH", "58 HIGH");
    }

    @Test
    void aLoopThatRunsUntilItsExecutorIsShutDownStopsByThatState() {
        List<Finding> findings = RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package a3;

                import java.util.concurrent.*;

                class Poller {
                    private final ExecutorService executor = Executors.newSingleThreadExecutor();
                    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

                    void start() {
                        executor.execute(() -> {
                            while (!executor.isShutdown()) {
                                try {
                                    String s = queue.poll(1, TimeUnit.SECONDS);
                                    handle(s);
                                } catch (InterruptedException e) {
                                    System.err.println("interrupted");
                                }
                            }
                        });
                    }

                    void close() {
                        executor.shutdown();
                    }

                    void handle(String s) {
                    }
                }
                """).source("""
                package a3;

                import java.util.concurrent.*;

                class Forever {
                    private final ExecutorService executor = Executors.newSingleThreadExecutor();
                    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();
                    private Future<?> running;

                    void stop() {
                        running.cancel(true);
                    }

                    void start() {
                        running = executor.submit(() -> {
                            while (!executor.isShutdown()) {
                                try {
                                    String s = queue.poll(1, TimeUnit.SECONDS);
                                    handle(s);
                                // BUG: interrupt-swallowed
                                } catch (InterruptedException e) {
                                    System.err.println("interrupted");
                                }
                            }
                        });
                    }

                    void handle(String s) {
                    }
                }
                """).expectMarkedFindings();
        // Poller stops by its executor's state, which close() changes; Forever's executor is never shut down, and
        // its cancel(true) is swallowed.
        assertThat(findings).extracting(f -> f.path().substring(f.path().lastIndexOf('/') + 1) + ":" + f.pos().line() + " " + f.confidence())
                .containsExactly("Forever.java:21 HIGH");
    }

    @Test
    void aReturnThatSkipsNothingOrAnswersSuccessIsNoGivingUp() {
        List<Finding> findings = RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package a2;

                import java.util.concurrent.*;

                class Pauses {
                    static void sleepQuietly(long ms) {
                        try {
                            Thread.sleep(ms);
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            return;
                        }
                    }

                    boolean awaitStart(CountDownLatch started) {
                        try {
                            started.await();
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                            return true;
                        }
                        return true;
                    }

                    void drain(BlockingQueue<String> q) {
                        while (true) {
                            try {
                                System.out.println(q.take());
                            // BUG: interrupt-swallowed
                            } catch (InterruptedException e) {
                                return;
                            }
                        }
                    }

                    boolean testConnection(BlockingQueue<String> q) {
                        try {
                            q.put("ping");
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException e) {
                        }
                        return q.isEmpty();
                    }
                }
                """).expectMarkedFindings();
        // sleepQuietly's return ends nothing the empty catch would not; "true" answers as if the wait succeeded;
        // the drain loop's return gives up its loop (medium); testConnection() checks production state.
        assertThat(findings).extracting(f -> f.pos().line() + " " + f.confidence())
                .containsExactly("10 HIGH", "19 HIGH", "30 MEDIUM", "40 HIGH");
    }

    @Test
    void theOwnGetOfAFutureInItsDoneHookCannotBeInterrupted() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package h;

                import java.util.concurrent.*;

                class Report extends FutureTask<String> {
                    Report(Callable<String> work) {
                        super(work);
                    }

                    @Override
                    protected void done() {
                        try {
                            show(get());
                        } catch (InterruptedException | ExecutionException e) {
                            System.err.println("failed: " + e);
                        }
                    }

                    void early() {
                        try {
                            show(get());
                        // BUG: interrupt-swallowed
                        } catch (InterruptedException | ExecutionException e) {
                            System.err.println("failed: " + e);
                        }
                    }

                    void show(String s) {
                        System.out.println(s);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aServiceLoopTestedThroughTheClassesOwnAccessorStopsThroughItsState() {
        RuleTester.forRule(InterruptSwallowed.class, dir).source("""
                package s;

                import java.util.*;

                class Callbacks implements Runnable {
                    private final Object lifecycle = new Object();
                    private final Object workAvailable = new Object();
                    private final Deque<String> queue = new ArrayDeque<>();
                    private String current = "STOPPED";
                    private String target = "STOPPED";
                    private final System.Logger log = System.getLogger("callbacks");

                    public void run() {
                        while (isRunning()) {
                            try {
                                synchronized (workAvailable) {
                                    if (queue.isEmpty()) {
                                        log.log(System.Logger.Level.DEBUG, "waiting");
                                        workAvailable.wait();
                                    }
                                }
                            } catch (InterruptedException e) {
                            }
                            deliver();
                        }
                    }

                    void deliver() {
                        System.out.println(queue.poll());
                    }

                    void messageArrived(String m) {
                        synchronized (workAvailable) {
                            while (isRunning() && queue.size() > 10) {
                                try {
                                    log.log(System.Logger.Level.DEBUG, "full");
                                    workAvailable.wait(200);
                                // BUG: interrupt-swallowed
                                } catch (InterruptedException e) {
                                }
                            }
                        }
                        queue.add(m);
                    }

                    public void stop() {
                        synchronized (lifecycle) {
                            target = "STOPPED";
                        }
                        while (isRunning()) {
                            try {
                                Thread.sleep(100);
                            // BUG: interrupt-swallowed
                            } catch (Exception e) {
                            }
                            deliver();
                        }
                    }

                    boolean isRunning() {
                        synchronized (lifecycle) {
                            return current.equals("RUNNING") && target.equals("RUNNING");
                        }
                    }
                }
                """).expectMarkedFindings();
    }
}
