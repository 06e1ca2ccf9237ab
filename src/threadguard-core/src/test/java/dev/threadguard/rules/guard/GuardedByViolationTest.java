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
}
