package dev.threadguard.rules.guard;

import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class GuardedByViolationTest {

    @TempDir
    Path dir;

    @Test
    void accessesWithoutTheAnnotatedLock() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package q;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package q;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.locks.ReadWriteLock;
                import java.util.concurrent.locks.ReentrantReadWriteLock;

                class Queue {
                    private final Object lock = new Object();
                    private final ReadWriteLock rw = new ReentrantReadWriteLock();
                    @GuardedBy("lock") private final List<String> items = new ArrayList<>();
                    @GuardedBy("this") private int size;
                    @GuardedBy("rw") private String head;

                    Queue() {
                        size = 0;
                    }

                    void add(String s) {
                        synchronized (lock) {
                            items.add(s);
                        }
                        // BUG: guarded-by-violation contains "but updated in `Queue.add` without `Queue.this` held"
                        size++;
                    }

                    synchronized int size() {
                        return size;
                    }

                    String first() {
                        // BUG: guarded-by-violation contains "without `Queue.lock` held"
                        return items.isEmpty() ? null : items.get(0);
                    }

                    String head() {
                        rw.readLock().lock();
                        try {
                            return head;
                        } finally {
                            rw.readLock().unlock();
                        }
                    }

                    void setHead(String h) {
                        rw.readLock().lock();
                        try {
                            // BUG: guarded-by-violation
                            head = h;
                        } finally {
                            rw.readLock().unlock();
                        }
                    }

                    void replaceHead(String h) {
                        rw.writeLock().lock();
                        try {
                            head = h;
                        } finally {
                            rw.writeLock().unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFieldGuardedByItselfIsLockedByNamingIt() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package q;

                import java.util.ArrayList;
                import java.util.List;

                class Itself {
                    @interface GuardedBy {
                        String value();
                    }

                    @GuardedBy("itself") private final List<String> items = new ArrayList<>();

                    void add(String s) {
                        synchronized (items) {
                            items.add(s);
                        }
                    }

                    int size() {
                        // BUG: guarded-by-violation
                        return items.size();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void guardsThatNameNothingMethodContractsAndOneFindingPerMember() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package g;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package g;

                class Gauge {
                    private final Object lock = new Object();
                    // BUG: guarded-by-violation contains "`@GuardedBy(\"main thread\")` on `lastValue` names nothing"
                    @GuardedBy("main thread") private long lastValue;
                    @GuardedBy("lock") private long total;
                    @GuardedBy("lock") private long count;

                    void record(long v) {
                        lastValue = v;
                        // BUG: guarded-by-violation contains "`total` is annotated `@GuardedBy(\"lock\")` but updated in `Gauge.record` without `Gauge.lock` held (2 accesses there)"
                        total += v;
                        total = Math.max(total, 0);
                        synchronized (lock) {
                            count++;
                        }
                    }

                    @GuardedBy("lock")
                    private long average() {
                        return total / count;
                    }

                    @SuppressWarnings("GuardedBy") // a racy read, on purpose, for a hint only
                    long hint() {
                        return count;
                    }

                    long snapshot() {
                        synchronized (lock) {
                            return average();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void nestedMonitorsAndLocksTakenThroughTheirOwnApi() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package g;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package g;

                class Gate {
                    void enter() {
                    }

                    void leave() {
                    }
                }
                """).source("""
                package g;

                import java.util.ArrayDeque;
                import java.util.Deque;

                class Outer {
                    static final class Inner implements Runnable {
                        private final Gate gate = new Gate();
                        @GuardedBy("this") private boolean scheduled;
                        @GuardedBy("gate") private final Deque<String> waiting = new ArrayDeque<>();

                        public void run() {
                            synchronized (Inner.this) {
                                scheduled = false;
                            }
                            gate.enter();
                            try {
                                waiting.poll();
                            } finally {
                                gate.leave();
                            }
                        }

                        void schedule() {
                            // BUG: guarded-by-violation
                            scheduled = true;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aClassThatIsALockGuardsThisWithItsOwnLockCalls() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package g;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package g;

                import java.util.ArrayDeque;
                import java.util.Deque;
                import java.util.concurrent.locks.ReentrantLock;

                class Segment extends ReentrantLock {
                    @GuardedBy("this") private final Deque<String> recent = new ArrayDeque<>();

                    void record(String s) {
                        lock();
                        try {
                            recent.add(s);
                        } finally {
                            unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void anInnerClassMayGuardItsStateWithItsOuterObjectsLock() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package g;

                import javax.annotation.concurrent.GuardedBy;

                class Cache {
                    private final Object lockObject = new Object();

                    class Entry {
                        @GuardedBy("lockObject")
                        private int references;

                        void release() {
                            synchronized (lockObject) {
                                references--;
                            }
                        }

                        int peek() {
                            // BUG: guarded-by-violation contains "without `Cache.lockObject` held"
                            return references;
                        }

                        @SuppressWarnings("FieldAccessNotGuarded")
                        int unsynchronizedPeek() {
                            return references;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void helpersWhoseCallersAllHoldTheLockOrThatAssertIt() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package h;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package h;

                @interface VisibleForTesting {
                }
                """).source("""
                package h;

                import java.util.concurrent.locks.ReentrantLock;

                public class Registry {
                    protected final Object lock = new Object();
                    private final ReentrantLock state = new ReentrantLock();
                    @GuardedBy("lock") private int pending;
                    @GuardedBy("state") private int phase;

                    public void request() {
                        synchronized (lock) {
                            requestOne();
                        }
                    }

                    @VisibleForTesting
                    public void requestOne() {
                        pending++;
                    }

                    protected final void drain() {
                        pending = 0;
                    }

                    @VisibleForTesting
                    public int pendingNow() {
                        // BUG: guarded-by-violation contains "updated in `Registry.pendingNow`"
                        return pending++;
                    }

                    private void advance() {
                        assert Thread.holdsLock(lock);
                        pending--;
                    }

                    void step() {
                        if (!state.isHeldByCurrentThread()) {
                            throw new IllegalStateException("caller must hold state");
                        }
                        phase++;
                    }

                    void stepUnchecked() {
                        // BUG: guarded-by-violation contains "without `Registry.state` held"
                        phase++;
                    }

                    public void callsAdvance() {
                        advance();
                        step();
                    }
                }
                """).source("""
                package h;

                public class Worker extends Registry {
                    public void finish() {
                        synchronized (lock) {
                            drain();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFinalReferenceHandedOutOrUsedThroughAThreadSafeTypeNeedsNoLock() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package f;

                import java.util.HashMap;
                import java.util.Map;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.ConcurrentHashMap;
                import java.util.concurrent.ConcurrentMap;

                class Partitions {
                    @interface GuardedBy {
                        String value();
                    }

                    private final Object lock = new Object();
                    @GuardedBy("lock") private final Map<String, Integer> byName = new HashMap<>();
                    @GuardedBy("lock") private final ConcurrentMap<String, Integer> live = new ConcurrentHashMap<>();
                    @GuardedBy("lock") private final CompletableFuture<Void> released = new CompletableFuture<>();
                    @GuardedBy("lock") private Map<String, Integer> current = new HashMap<>();
                    @GuardedBy("lock") private String owner;

                    void put(String k) {
                        synchronized (lock) {
                            byName.put(k, 1);
                            live.put(k, 1);
                            current = new HashMap<>(byName);
                            owner = k;
                        }
                    }

                    Map<String, Integer> forTests() {
                        return byName;
                    }

                    CompletableFuture<Void> releaseFuture() {
                        return released;
                    }

                    void release() {
                        released.complete(null);
                        live.clear();
                    }

                    int size() {
                        // BUG: guarded-by-violation contains "using it here while another thread changes it"
                        return byName.size();
                    }

                    Map<String, Integer> snapshot() {
                        // BUG: guarded-by-violation
                        return current;
                    }

                    String owner() {
                        // BUG: guarded-by-violation contains "this read can see a stale value"
                        return owner;
                    }

                    Map<String, Integer> copy() {
                        // BUG: guarded-by-violation
                        return new HashMap<>(byName);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void readsThatOnlyFeedADisplayAreLowConfidence() {
        java.util.List<dev.threadguard.rules.Finding> findings = RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package d;

                import java.util.HashMap;
                import java.util.Map;

                interface PoolMBean {
                    long getServed();
                }

                class Pool implements PoolMBean {
                    @interface GuardedBy {
                        String value();
                    }

                    @interface ManagedAttribute {
                    }

                    interface Logger {
                        void debug(String format, Object... args);
                    }

                    private static Logger log;
                    private final Object lock = new Object();
                    @GuardedBy("lock") private String leader;
                    @GuardedBy("lock") private long served;
                    @GuardedBy("lock") private int waiting;
                    @GuardedBy("lock") private final Map<String, Integer> members = new HashMap<>();

                    void serve(String who) {
                        synchronized (lock) {
                            leader = who;
                            served++;
                            waiting--;
                            members.put(who, 1);
                        }
                        // BUG: guarded-by-violation contains "only to display it: a stale value at worst"
                        log.debug("served {} as {}", who, leader);
                    }

                    @Override
                    public long getServed() {
                        // BUG: guarded-by-violation contains "only to display it"
                        return served;
                    }

                    @ManagedAttribute
                    public int waiting() {
                        // BUG: guarded-by-violation contains "only to display it"
                        return waiting;
                    }

                    @Override
                    public String toString() {
                        // BUG: guarded-by-violation contains "throw ConcurrentModificationException"
                        return "Pool " + leader + " " + members.keySet();
                    }

                    boolean isLeader(String who) {
                        // BUG: guarded-by-violation contains "stale value, not the last one"
                        return who.equals(leader);
                    }

                    int unsynchronizedWaiting() {
                        // BUG: guarded-by-violation contains "whose name says that it reads without the lock on purpose"
                        return waiting;
                    }

                    int membersUnsafe() {
                        // BUG: guarded-by-violation contains "throw ConcurrentModificationException"
                        return members.size();
                    }
                }
                """).expectMarkedFindings();
        for (dev.threadguard.rules.Finding f : findings) {
            org.junit.jupiter.api.Assertions.assertEquals(
                    f.message().contains("only to display it") || f.message().contains("on purpose")
                            ? dev.threadguard.rules.Confidence.LOW
                            : dev.threadguard.rules.Confidence.HIGH, f.confidence(), f.message());
        }
    }

    @Test
    void aLockFieldFilledFromAConstructorParameterIsHeldUnderTheGuardsName() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package p;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package p;

                class Factory {
                    private final Object registry = new Object();

                    Channel create() {
                        return new Channel(registry);
                    }

                    void touch() {
                        synchronized (registry) {
                            create();
                        }
                    }
                }
                """).source("""
                package p;

                class Channel {
                    private final Object registerLock;
                    @GuardedBy("registerLock") private boolean registering;

                    Channel(Object registerLock) {
                        this.registerLock = registerLock;
                    }

                    boolean registering() {
                        synchronized (registerLock) {
                            return registering;
                        }
                    }

                    private boolean complete() {
                        assert Thread.holdsLock(registerLock);
                        if (registering) {
                            registering = false;
                            return true;
                        }
                        return false;
                    }

                    void flip() {
                        // BUG: guarded-by-violation contains "without `Channel.registerLock` held"
                        registering = !registering;
                        complete();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aLambdaRunAtOnceByAProjectMethodRunsUnderTheLocksItHoldsThere() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package q;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package q;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.Executor;
                import java.util.concurrent.locks.ReentrantLock;

                class Counter {
                    private final ReentrantLock lock = new ReentrantLock();
                    private final List<Runnable> later = new ArrayList<>();
                    private final Executor executor;
                    @GuardedBy("lock") private int count;
                    @GuardedBy("this") private int total;

                    Counter(Executor executor) {
                        this.executor = executor;
                    }

                    private void withLock(Runnable r) {
                        lock.lock();
                        try {
                            r.run();
                        } finally {
                            lock.unlock();
                        }
                    }

                    private void inMonitor(Runnable r) {
                        synchronized (this) {
                            r.run();
                        }
                    }

                    private void keep(Runnable r) {
                        lock.lock();
                        try {
                            later.add(r);
                        } finally {
                            lock.unlock();
                        }
                    }

                    private void runAndKeep(Runnable r) {
                        lock.lock();
                        try {
                            r.run();
                        } finally {
                            lock.unlock();
                        }
                        later.add(r);
                    }

                    private void handOff(Runnable r) {
                        lock.lock();
                        try {
                            executor.execute(() -> r.run());
                        } finally {
                            lock.unlock();
                        }
                    }

                    private void runBare(Runnable r) {
                        r.run();
                    }

                    void increment() {
                        withLock(() -> count++);
                        withLock(() -> {
                            count += 2;
                        });
                        inMonitor(() -> {
                            total++;
                        });
                    }

                    void kept() {
                        keep(() -> {
                            // BUG: guarded-by-violation
                            count++;
                        });
                    }

                    void runAndKept() {
                        runAndKeep(() -> {
                            // BUG: guarded-by-violation
                            count++;
                        });
                    }

                    void handedOff() {
                        handOff(() -> {
                            // BUG: guarded-by-violation
                            count++;
                        });
                    }

                    void runWithoutLock() {
                        runBare(() -> {
                            // BUG: guarded-by-violation
                            count++;
                        });
                    }

                    void otherLock() {
                        inMonitor(() -> {
                            // BUG: guarded-by-violation contains "without `Counter.lock` held"
                            count++;
                        });
                    }
                }
                """).source("""
                package q;

                class Account {
                    @GuardedBy("Account.this") private long balance;
                    private final Ledger ledger = new Ledger();

                    void deposit(long amount) {
                        // BUG: guarded-by-violation contains "without `Account.this` held"
                        ledger.record(this, () -> balance += amount);
                    }
                }

                class Ledger {
                    void record(Object owner, Runnable change) {
                        synchronized (this) {
                            change.run();
                        }
                    }
                }
                """).expectMarkedFindings();
    }
    @Test
    void aPrivateMethodThatOnlyTakesOrOnlyReleasesALockIsThatLockStepWhereItIsCalled() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package w;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package w;

                import java.util.ArrayDeque;
                import java.util.Deque;
                import java.util.concurrent.locks.ReentrantLock;
                import java.util.concurrent.locks.ReentrantReadWriteLock;

                class Permits {
                    private final ReentrantLock lock = new ReentrantLock();
                    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
                    @GuardedBy("lock") private int available;
                    @GuardedBy("lock") private final Deque<Thread> waiting = new ArrayDeque<>();
                    @GuardedBy("rw") private long version;

                    private void acquireLock() {
                        lock.lock();
                    }

                    private void unlockLock() {
                        lock.unlock();
                    }

                    private void lockForUpdate() {
                        rw.writeLock().lock();
                    }

                    private void unlockUpdate() {
                        rw.writeLock().unlock();
                    }

                    // Does more than take the lock: not a lock step of its callers.
                    private void lockAndCount() {
                        lock.lock();
                        available--;
                    }

                    void release(int n) {
                        acquireLock();
                        try {
                            available += n;
                            waiting.clear();
                        } finally {
                            unlockLock();
                        }
                    }

                    void bump() {
                        lockForUpdate();
                        try {
                            version++;
                        } finally {
                            unlockUpdate();
                        }
                    }

                    void drain() {
                        acquireLock();
                        unlockLock();
                        // BUG: guarded-by-violation contains "without `Permits.lock` held"
                        available = 0;
                    }

                    void take() {
                        lockAndCount();
                        try {
                            // BUG: guarded-by-violation contains "without `Permits.lock` held"
                            available--;
                        } finally {
                            lock.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aStampedLockTriedAndTestedForAStampHoldsItInTheBranch() {
        RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package st;

                import java.util.concurrent.locks.StampedLock;

                class Segments {
                    @interface GuardedBy {
                        String value();
                    }

                    private final StampedLock lock = new StampedLock();
                    @GuardedBy("lock") private int count;

                    void quick() {
                        long stamp;
                        if ((stamp = lock.tryWriteLock()) != 0) {
                            try {
                                count++;
                            } finally {
                                lock.unlockWrite(stamp);
                            }
                        } else {
                            // BUG: guarded-by-violation contains "without `Segments.lock` held"
                            count--;
                        }
                    }

                    void declared() {
                        long stamp = lock.tryWriteLock();
                        if (stamp != 0L) {
                            try {
                                add();
                            } finally {
                                lock.unlockWrite(stamp);
                            }
                        }
                    }

                    void waiting() {
                        long stamp = lock.writeLock();
                        try {
                            add();
                        } finally {
                            lock.unlockWrite(stamp);
                        }
                    }

                    private void add() {
                        count += 2;
                    }

                    void untested() {
                        long stamp = lock.tryWriteLock();
                        // BUG: guarded-by-violation contains "without `Segments.lock` held"
                        count = 0;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFinalArraysLengthAndAFailureMessageBuiltLaterNeedNoLock() {
        java.util.List<dev.threadguard.rules.Finding> findings = RuleTester.forRule(GuardedByViolation.class, dir).source("""
                package ar;

                import java.util.function.Supplier;

                class Slots {
                    @interface GuardedBy {
                        String value();
                    }

                    private final Object lock = new Object();
                    @GuardedBy("lock") private final Object[] slots = new Object[8];
                    @GuardedBy("lock") private Object[] spare = new Object[8];
                    @GuardedBy("lock") private int view;

                    void put(int i, Object o) {
                        synchronized (lock) {
                            slots[i] = o;
                            spare = new Object[slots.length];
                            view++;
                        }
                    }

                    int capacity() {
                        return slots.length;
                    }

                    int spareCapacity() {
                        // BUG: guarded-by-violation contains "`spare`"
                        return spare.length;
                    }

                    Object first() {
                        // BUG: guarded-by-violation contains "`slots`"
                        return slots[0];
                    }

                    void await(Supplier<RuntimeException> timeout) {
                    }

                    void waitForView() {
                        // BUG: guarded-by-violation contains "only to display it"
                        await(() -> new IllegalStateException("timed out waiting for view " + view));
                    }

                    int nextView() {
                        // BUG: guarded-by-violation contains "`view`"
                        return view + 1;
                    }
                }
                """).expectMarkedFindings();
        for (dev.threadguard.rules.Finding f : findings) {
            org.junit.jupiter.api.Assertions.assertEquals(f.message().contains("only to display it")
                    ? dev.threadguard.rules.Confidence.LOW : dev.threadguard.rules.Confidence.HIGH, f.confidence(),
                    f.message());
        }
    }
}
