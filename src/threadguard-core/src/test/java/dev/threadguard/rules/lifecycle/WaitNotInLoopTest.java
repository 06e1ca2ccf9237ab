package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WaitNotInLoopTest {

    @TempDir
    Path dir;

    @Test
    void waitsThatNothingReChecks() {
        RuleTester.forRule(WaitNotInLoop.class, dir).source("""
                package w;

                import java.util.ArrayDeque;
                import java.util.Deque;
                import java.util.concurrent.locks.Condition;
                import java.util.concurrent.locks.ReentrantLock;

                class Mailbox {
                    private final Deque<String> messages = new ArrayDeque<>();
                    private final ReentrantLock lock = new ReentrantLock();
                    private final Condition nonEmpty = lock.newCondition();

                    synchronized String take() throws InterruptedException {
                        if (messages.isEmpty()) {
                            // BUG: wait-not-in-loop contains "`wait()` in `Mailbox.take` is not in a loop"
                            wait();
                        }
                        return messages.poll();
                    }

                    String takeLocked() throws InterruptedException {
                        lock.lock();
                        try {
                            if (messages.isEmpty()) {
                                // BUG: wait-not-in-loop contains "`nonEmpty.await()`"
                                nonEmpty.await();
                            }
                            return messages.poll();
                        } finally {
                            lock.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void waitsInLoopsWrappersAndVerdictsAreFine() {
        RuleTester.forRule(WaitNotInLoop.class, dir).source("""
                package w;

                import java.util.ArrayDeque;
                import java.util.Deque;
                import java.util.concurrent.CountDownLatch;

                class Careful {
                    private final Deque<String> messages = new ArrayDeque<>();

                    synchronized String take() throws InterruptedException {
                        while (messages.isEmpty()) {
                            wait();
                        }
                        return messages.poll();
                    }

                    synchronized String takeDo() throws InterruptedException {
                        do {
                            wait(100);
                        } while (messages.isEmpty());
                        return messages.poll();
                    }

                    static void timedWait(Object monitor, long millis) throws InterruptedException {
                        synchronized (monitor) {
                            monitor.wait(millis);
                        }
                    }

                    synchronized boolean awaitProgress() throws InterruptedException {
                        if (messages.isEmpty()) {
                            wait();
                            return true;
                        }
                        return false;
                    }

                    synchronized boolean waitForWork(long timeout) {
                        if (messages.isEmpty()) {
                            try {
                                wait(timeout);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                        if (!messages.isEmpty()) {
                            return true;
                        }
                        return false;
                    }

                    void latch(CountDownLatch done) throws InterruptedException {
                        done.await();
                        System.out.println("done");
                    }

                    void custom(Careful other) {
                        other.wait("ready");
                        System.out.println("ready");
                    }

                    void wait(String what) {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void conditionsImplementedOrForwardedLeaveTheLoopToTheirCallers() {
        RuleTester.forRule(WaitNotInLoop.class, dir).source("""
                package w;

                import java.util.Date;
                import java.util.concurrent.TimeUnit;
                import java.util.concurrent.locks.Condition;

                class TracingCondition implements Condition {
                    private final Condition delegate;

                    TracingCondition(Condition delegate) {
                        this.delegate = delegate;
                    }

                    public void await() throws InterruptedException {
                        delegate.await();
                    }

                    public boolean await(long time, TimeUnit unit) throws InterruptedException {
                        return delegate.await(time, unit);
                    }

                    public long awaitNanos(long nanos) throws InterruptedException {
                        return delegate.awaitNanos(nanos);
                    }

                    public void awaitUninterruptibly() {
                        delegate.awaitUninterruptibly();
                    }

                    public boolean awaitUntil(Date deadline) throws InterruptedException {
                        return delegate.awaitUntil(deadline);
                    }

                    public void signal() {
                        delegate.signal();
                    }

                    public void signalAll() {
                        delegate.signalAll();
                    }
                }

                class Waiter {
                    private boolean ready;

                    // Forwarding an await to another condition: the caller's loop re-checks.
                    void await(Condition c) throws InterruptedException {
                        c.await();
                    }

                    synchronized String awaitReady() throws InterruptedException {
                        if (!ready) {
                            // BUG: wait-not-in-loop
                            wait();
                        }
                        return String.valueOf(ready);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aWaitStepThatEndsItsMethodLeavesTheLoopToItsCaller() {
        RuleTester.forRule(WaitNotInLoop.class, dir).source("""
                package w;

                import java.util.ArrayDeque;
                import java.util.Deque;
                import java.util.concurrent.locks.Condition;
                import java.util.concurrent.locks.ReentrantLock;

                class Channel {
                    private final Deque<byte[]> pending = new ArrayDeque<>();
                    private final ReentrantLock lock = new ReentrantLock();
                    private final Condition progress = lock.newCondition();
                    private boolean waiting;
                    private int outstanding;

                    void awaitWritable() throws InterruptedException {
                        synchronized (this) {
                            if (outstanding > 0) {
                                wait();
                                return;
                            }
                        }
                        flush();
                    }

                    void awaitMail() throws InterruptedException {
                        synchronized (this) {
                            if (pending.isEmpty()) {
                                waiting = true;
                                wait(1);
                                waiting = false;
                                System.out.println("woken");
                            }
                        }
                    }

                    void awaitProgress() throws InterruptedException {
                        lock.lock();
                        try {
                            progress.await();
                            lock.unlock();
                            lock.lock();
                        } finally {
                            lock.unlock();
                        }
                    }

                    synchronized byte[] next() throws InterruptedException {
                        if (pending.isEmpty()) {
                            // BUG: wait-not-in-loop
                            wait();
                            waiting = false;
                        }
                        return pending.poll();
                    }

                    synchronized void drainOne() throws InterruptedException {
                        if (pending.isEmpty()) {
                            // BUG: wait-not-in-loop
                            wait();
                            pending.poll();
                            return;
                        }
                    }

                    private void flush() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void waitStepsAreReportedOnlyWhereACallerDoesNotLoopOnThem() {
        RuleTester.forRule(WaitNotInLoop.class, dir).source("""
                package s;

                import java.util.concurrent.CountDownLatch;
                import java.util.concurrent.TimeUnit;
                import java.util.concurrent.locks.Condition;
                import java.util.concurrent.locks.ReentrantLock;

                class Credits {
                    private final ReentrantLock lock = new ReentrantLock();
                    private final Condition available = lock.newCondition();
                    private final Object monitor = new Object();
                    private long credits;
                    private boolean stalled;

                    boolean take(long n, long millis) throws InterruptedException {
                        lock.lock();
                        try {
                            if (credits >= n) {
                                credits -= n;
                                return true;
                            }
                            available.await(millis, TimeUnit.MILLISECONDS);
                            return takeNow(n);
                        } finally {
                            lock.unlock();
                        }
                    }

                    private boolean takeNow(long n) {
                        if (credits < n) {
                            return false;
                        }
                        credits -= n;
                        return true;
                    }

                    void pauseIfStalled() throws InterruptedException {
                        synchronized (monitor) {
                            if (stalled) {
                                // BUG: wait-not-in-loop contains "`Credits.send` calls `pauseIfStalled` without a loop"
                                monitor.wait(1000);
                            }
                        }
                    }

                    void awaitProgress() throws InterruptedException {
                        CountDownLatch resumed = suspend();
                        lock.lock();
                        try {
                            available.await();
                            lock.unlock();
                            resumed.await();
                            lock.lock();
                        } finally {
                            lock.unlock();
                        }
                    }

                    private CountDownLatch suspend() {
                        return new CountDownLatch(1);
                    }

                    void send(long n) throws InterruptedException {
                        while (!take(n, 100)) {
                            System.out.println("blocked");
                        }
                        if (take(n, 10)) {
                            System.out.println("sent");
                        }
                        pauseIfStalled();
                        credits += n;
                    }

                    void drain() throws InterruptedException {
                        while (credits > 0) {
                            awaitProgress();
                        }
                        for (int i = 0; i < 3 && stalled; i++) {
                            pauseIfStalled();
                        }
                    }
                }

                class Sender {
                    boolean tryTake(Credits c, Object m) throws InterruptedException {
                        synchronized (m) {
                            // BUG: wait-not-in-loop contains "`Sender.sendOnce` calls `tryTake` without a loop and drops its answer"
                            m.wait(10);
                            return c.take(1, 0);
                        }
                    }

                    void sendOnce(Credits c, Object m) throws InterruptedException {
                        tryTake(c, m);
                        System.out.println("sent");
                    }
                }

                class Unused {
                    private final Object m = new Object();

                    void pause() throws InterruptedException {
                        synchronized (m) {
                            m.wait(5);
                        }
                    }

                    Object handle(int event, Condition c) throws InterruptedException {
                        switch (event) {
                            case 1:
                                c.await();
                                return null;
                            default:
                                return "other";
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void forwardingAndRecursiveCallersOfAWaitStep() {
        RuleTester.forRule(WaitNotInLoop.class, dir).source("""
                package f;

                import java.util.ArrayDeque;
                import java.util.Deque;
                import java.util.concurrent.locks.Condition;
                import java.util.concurrent.locks.ReentrantLock;

                class Cache {
                    private final ReentrantLock lock = new ReentrantLock();
                    private final Condition notEmpty = lock.newCondition();
                    private final Deque<String> queue = new ArrayDeque<>();
                    private boolean closed;

                    private void waitNotEmpty() throws InterruptedException {
                        // BUG: wait-not-in-loop contains "`Cache.next` calls `waitNotEmpty` without a loop"
                        notEmpty.await();
                    }

                    boolean hasNext() throws InterruptedException {
                        if (!queue.isEmpty()) {
                            return true;
                        } else if (closed) {
                            return false;
                        }
                        waitNotEmpty();
                        return hasNext();
                    }

                    String next() throws InterruptedException {
                        if (queue.isEmpty()) {
                            waitNotEmpty();
                        }
                        return queue.poll();
                    }
                }

                class Channel {
                    private final Object lock = new Object();
                    private boolean ready;

                    void awaitReady(long millis) throws InterruptedException {
                        synchronized (lock) {
                            if (!ready) {
                                lock.wait(millis);
                            }
                        }
                    }

                    void awaitReady() throws InterruptedException {
                        awaitReady(1000);
                    }

                    void awaitEither(boolean timed) throws InterruptedException {
                        if (timed) {
                            awaitReady(10);
                            return;
                        }
                        awaitReady();
                    }
                }

                class Conduit {
                    private boolean writeNeedsRead;
                    private boolean readNeedsWrite;

                    synchronized void awaitReadable() throws InterruptedException {
                        if (readNeedsWrite) {
                            awaitWritable();
                            return;
                        }
                        this.wait(10);
                    }

                    synchronized void awaitWritable() throws InterruptedException {
                        if (writeNeedsRead) {
                            awaitReadable();
                            return;
                        }
                        this.wait(10);
                    }
                }

                class Client {
                    void send(Channel c) throws InterruptedException {
                        while (true) {
                            c.awaitEither(false);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTimedWaitIsMediumAnUntimedOneHigh() {
        List<Finding> findings = RuleTester.forRule(WaitNotInLoop.class, dir).source("""
                package w;

                import java.util.ArrayDeque;
                import java.util.Deque;
                import java.util.concurrent.TimeUnit;
                import java.util.concurrent.locks.Condition;
                import java.util.concurrent.locks.ReentrantLock;

                class Throttle {
                    private final Deque<String> queue = new ArrayDeque<>();
                    private final ReentrantLock lock = new ReentrantLock();
                    private final Condition roomy = lock.newCondition();
                    private int permits;

                    synchronized void put(String s) throws InterruptedException {
                        if (permits == 0) {
                            // BUG: wait-not-in-loop contains "[a timed wait: the code after it must handle a timeout anyway"
                            wait(500);
                        }
                        permits--;
                        queue.add(s);
                    }

                    void offer(String s) throws InterruptedException {
                        lock.lock();
                        try {
                            if (queue.size() > 10) {
                                // BUG: wait-not-in-loop contains "`roomy.await(...)`"
                                roomy.await(1, TimeUnit.SECONDS);
                            }
                            queue.add(s);
                        } finally {
                            lock.unlock();
                        }
                    }

                    synchronized String take() throws InterruptedException {
                        if (queue.isEmpty()) {
                            // BUG: wait-not-in-loop contains "`wait()` in `Throttle.take`"
                            wait();
                        }
                        permits++;
                        return queue.poll();
                    }

                    synchronized String poll() throws InterruptedException {
                        if (queue.isEmpty()) {
                            // BUG: wait-not-in-loop contains "in `Throttle.poll` is not in a loop"
                            wait(0);
                        }
                        return queue.poll();
                    }
                }
                """).expectMarkedFindings();
        // wait(0) has no time limit: an untimed wait.
        assertThat(findings).extracting(f -> f.pos().line() + ":" + f.confidence())
                .containsExactlyInAnyOrder("18:MEDIUM", "29:MEDIUM", "40:HIGH", "49:HIGH");
    }
}
