package dev.threadguard.rules.guard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InconsistentSynchronizationTest {

    @TempDir
    Path dir;

    private RuleTester tester() {
        return RuleTester.forRule(InconsistentSynchronization.class, dir);
    }

    @Test
    void accessesWithoutTheLockThatGuardsTheRest() {
        List<Finding> findings = tester().source("""
                package bank;

                class Account {
                    private final Object lock = new Object();
                    private long balance;

                    Account(long opening) {
                        balance = opening;
                    }

                    void deposit(long amount) {
                        synchronized (lock) {
                            balance += amount;
                        }
                    }

                    boolean withdraw(long amount) {
                        synchronized (lock) {
                            if (balance < amount) {
                                return false;
                            }
                            balance -= amount;
                            return true;
                        }
                    }

                    long balance() {
                        // BUG: inconsistent-synchronization contains "`balance` is read without `Account.lock` in `Account.balance`"
                        return balance;
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings.get(0).trace()).hasSize(3);
    }

    @Test
    void synchronizedMethodsExplicitLocksAndTasksRunLater() {
        tester().source("""
                package stats;

                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.locks.ReentrantLock;

                class Counter {
                    private int hits;
                    private final ReentrantLock lock = new ReentrantLock();
                    private int misses;

                    synchronized void hit() {
                        hits++;
                    }

                    synchronized int hits() {
                        return hits;
                    }

                    void hitLater(ExecutorService pool) {
                        synchronized (this) {
                            // BUG: inconsistent-synchronization contains "in a task that `Counter.hitLater` hands to another thread"
                            pool.submit(() -> hits++);
                        }
                    }

                    void miss() {
                        lock.lock();
                        try {
                            misses++;
                        } finally {
                            lock.unlock();
                        }
                    }

                    int misses() {
                        lock.lock();
                        try {
                            return misses;
                        } finally {
                            lock.unlock();
                        }
                    }

                    void reset() {
                        // BUG: inconsistent-synchronization contains "(it holds `Counter.this` instead)"
                        synchronized (this) { misses = 0; }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void privateHelpersCalledOnlyUnderTheLockAreGuarded() {
        tester().source("""
                package cache;

                import java.util.HashMap;
                import java.util.Map;

                class Lru {
                    private final Map<String, String> entries = new HashMap<>();
                    private int evictions;

                    synchronized void put(String k, String v) {
                        entries.put(k, v);
                        evictIfFull();
                    }

                    synchronized String get(String k) {
                        return entries.get(k);
                    }

                    private void evictIfFull() {
                        if (entries.size() > 100) {
                            trim();
                        }
                    }

                    private void trim() {
                        entries.clear();
                        evictions++;
                    }

                    synchronized int evictions() {
                        return evictions;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void correctlyGuardedFinalVolatileAndThreadSafeFieldsAreFine() {
        tester().source("""
                package ok;

                import java.util.concurrent.ConcurrentHashMap;
                import java.util.concurrent.atomic.AtomicLong;

                class Fine {
                    private final ConcurrentHashMap<String, Long> seen = new ConcurrentHashMap<>();
                    private final AtomicLong total = new AtomicLong();
                    private volatile boolean running;
                    private long guarded;
                    private final String name;

                    Fine(String name) {
                        this.name = name;
                        guarded = 1;
                    }

                    synchronized void add(String k) {
                        seen.put(k, total.incrementAndGet());
                        guarded++;
                        running = true;
                    }

                    void read(String k) {
                        seen.get(k);
                        total.get();
                        System.out.println(running + name);
                    }

                    synchronized long guarded() {
                        return guarded;
                    }

                    synchronized void reset() {
                        guarded = 0;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void classesThatNeverLockAreNotJudged() {
        tester().source("""
                class Plain {
                    private int n;

                    void inc() {
                        n++;
                    }

                    int n() {
                        return n;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void locksHeldThroughALocalAliasAndProtectedHelpers() {
        tester().source("""
                import java.util.concurrent.locks.ReentrantLock;

                class Buffer {
                    private final ReentrantLock lock = new ReentrantLock();
                    private int count;

                    void put() {
                        final ReentrantLock lock = this.lock;
                        lock.lock();
                        try {
                            count++;
                            grow();
                        } finally {
                            lock.unlock();
                        }
                    }

                    int count() {
                        lock.lock();
                        try {
                            return count;
                        } finally {
                            lock.unlock();
                        }
                    }

                    protected void grow() {
                        count += 10;
                    }

                    int peek() {
                        // BUG: inconsistent-synchronization contains "without `Buffer.lock`"
                        return count;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void constructionAndDeserializationRunBeforeTheObjectIsShared() {
        tester().source("""
                import java.io.IOException;
                import java.io.ObjectInputStream;

                class Header implements java.io.Serializable {
                    private String[] keys = new String[4];
                    private int count;

                    Header(String first) {
                        add(first);
                    }

                    synchronized void set(String k) {
                        add(k);
                    }

                    private void add(String k) {
                        if (count == keys.length) {
                            grow();
                        }
                        keys[count++] = k;
                    }

                    private void grow() {
                        keys = java.util.Arrays.copyOf(keys, keys.length * 2);
                    }

                    synchronized int size() {
                        return count;
                    }

                    synchronized String first() {
                        return keys[0];
                    }

                    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
                        in.defaultReadObject();
                        keys = new String[count + 1];
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void helpersCalledOnlyDuringConstructionAreConstruction() {
        tester().source("""
                class Seeded {
                    private byte[] state;

                    Seeded(byte[] seed) {
                        init(seed);
                    }

                    private void init(byte[] seed) {
                        state = seed.clone();
                    }

                    synchronized byte[] next() {
                        state = state.clone();
                        return state;
                    }

                    synchronized void reseed(byte[] seed) {
                        state = seed;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void anonymousClassesRunOnTheSpotKeepTheCallersLocks() {
        tester().source("""
                import java.util.concurrent.Callable;
                import java.util.concurrent.ExecutorService;

                class Elector {
                    private String client = "zk";

                    private <T> T withRetries(Callable<T> action) throws Exception {
                        return action.call();
                    }

                    synchronized String create(String path) throws Exception {
                        return withRetries(new Callable<String>() {
                            @Override
                            public String call() {
                                return client + path;
                            }
                        });
                    }

                    synchronized void reconnect() {
                        client = "zk2";
                    }

                    synchronized String client() {
                        return client;
                    }

                    synchronized void later(ExecutorService pool) {
                        pool.submit(new Runnable() {
                            @Override
                            public void run() {
                                // BUG: inconsistent-synchronization contains "in a task that `Elector.later` hands to another thread"
                                System.out.println(client);
                            }
                        });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void readAndWriteLocksKeptInTheirOwnFields() {
        tester().source("""
                import java.util.concurrent.locks.Lock;
                import java.util.concurrent.locks.ReentrantReadWriteLock;

                class RwSplit {
                    private final ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
                    private final Lock r = rw.readLock(), w = rw.writeLock();
                    private String v = "";

                    String a() { r.lock(); try { return v; } finally { r.unlock(); } }
                    int b() { r.lock(); try { return v.length(); } finally { r.unlock(); } }
                    boolean c() { r.lock(); try { return v.isEmpty(); } finally { r.unlock(); } }
                    void set(String s) { w.lock(); try { v = s; } finally { w.unlock(); } }
                    void bad(String s) {
                        r.lock();
                        try {
                            // BUG: inconsistent-synchronization contains "without `RwSplit.rw`"
                            v = s;
                        } finally {
                            r.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aNegatedTryLockThatReturnsHoldsTheLockAfterwards() {
        tester().source("""
                import java.util.concurrent.locks.ReentrantLock;

                class TryNeg {
                    private final ReentrantLock lock = new ReentrantLock();
                    private int n;

                    void a() { lock.lock(); try { n++; } finally { lock.unlock(); } }
                    int c() { lock.lock(); try { return n; } finally { lock.unlock(); } }

                    boolean poll() {
                        if (!lock.tryLock()) {
                            return false;
                        }
                        try {
                            n = 0;
                            return true;
                        } finally {
                            lock.unlock();
                        }
                    }

                    int peek() {
                        // BUG: inconsistent-synchronization
                        return n;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void doubleCheckedLockingIsLeftToItsOwnRule() {
        tester().source("""
                class Lazy {
                    private final Object lock = new Object();
                    private Object res;

                    Object get() {
                        Object r = res;
                        if (r == null) {
                            synchronized (lock) {
                                r = res;
                                if (r == null) {
                                    r = new Object();
                                    res = r;
                                }
                            }
                        }
                        return r;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void consequencesSayWhatCanGoWrongForTheTypeAndOneFindingPerMember() {
        RuleTester.forRule(InconsistentSynchronization.class, dir).source("""
                package c;

                import java.util.ArrayList;
                import java.util.List;

                class Meter {
                    private boolean open;
                    private long total;
                    private int hits;
                    private List<String> names = new ArrayList<>();

                    synchronized void open() { open = true; total = 0; hits = 0; names.clear(); }
                    synchronized void close() { open = false; total = 1; hits = 1; names = new ArrayList<>(); }
                    synchronized boolean isOpenLocked() { return open && total > 0 && hits > 0 && names.isEmpty(); }

                    boolean isOpen() {
                        // BUG: inconsistent-synchronization contains "this read can see a stale value"
                        return open;
                    }

                    long total() {
                        // BUG: inconsistent-synchronization contains "torn value"
                        return total;
                    }

                    void hit() {
                        // BUG: inconsistent-synchronization contains "one update is lost"
                        hits++;
                    }

                    List<String> names() {
                        // BUG: inconsistent-synchronization contains "not thread-safe"
                        return names;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void fastPathReadsCheckedAgainAndReadsUnderALockEveryWriteHolds() {
        RuleTester.forRule(InconsistentSynchronization.class, dir).source("""
                package c;

                class TwoLockQueue {
                    private final Object putLock = new Object();
                    private final Object takeLock = new Object();
                    private int count;
                    private Object cached;

                    void put() {
                        synchronized (putLock) {
                            synchronized (takeLock) {
                                count = count + 1;
                            }
                        }
                    }

                    void take() {
                        synchronized (putLock) {
                            synchronized (takeLock) {
                                count = count - 1;
                            }
                        }
                    }

                    int sizeForTakers() {
                        synchronized (takeLock) {
                            return count;
                        }
                    }

                    int sizeForPutters() {
                        synchronized (putLock) {
                            return count;
                        }
                    }

                    Object get() {
                        if (cached != null) {
                            return cached;
                        }
                        synchronized (this) {
                            if (cached == null) {
                                cached = new Object();
                            }
                            return cached;
                        }
                    }

                    synchronized void reset() {
                        cached = null;
                    }
                }
                """).expectMarkedFindings();
    }
}
