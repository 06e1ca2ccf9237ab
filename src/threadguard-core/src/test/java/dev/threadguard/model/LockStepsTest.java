package dev.threadguard.model;

import dev.threadguard.rules.guard.LockWithoutFinally;
import dev.threadguard.rules.lockorder.LockOrderInversion;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A lock step only where the type says so. */
class LockStepsTest {

    @TempDir
    Path dir;

    @Test
    void aDomainMethodNamedLockIsNoLockStep() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package gate;

                /** A logical lock: lock() marks the gate closed and returns at once. */
                class Turnstile {
                    private boolean closed;

                    void lock() {
                        closed = true;
                    }

                    void lock(String reason) {
                        closed = true;
                    }

                    void unlock() {
                        closed = false;
                    }
                }
                """).source("""
                package gate;

                public class Gatehouse {
                    private final Turnstile turnstile = new Turnstile();
                    private final Object ledger = new Object();
                    private int visitors;

                    public void admit() {
                        turnstile.lock();
                        try {
                            synchronized (ledger) {
                                visitors++;
                            }
                        } finally {
                            turnstile.unlock();
                        }
                    }

                    public void audit() {
                        synchronized (ledger) {
                            turnstile.lock("audit");
                            turnstile.lock();
                            turnstile.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aReceiverWhoseTypeDoesNotResolveIsNoLockStep() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package gate;

                import com.acme.Latch;

                public class Gatehouse {
                    private final Latch latch;
                    private final Object ledger = new Object();

                    public Gatehouse(Latch latch) {
                        this.latch = latch;
                    }

                    public void admit() {
                        latch.lock();
                        try {
                            synchronized (ledger) {
                                latch.countDown();
                            }
                        } finally {
                            latch.unlock();
                        }
                    }

                    public void audit() {
                        synchronized (ledger) {
                            latch.lock();
                            latch.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void theSameShapesWithJdkLocksAndAProjectLockDeadlock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package gate;

                import java.util.concurrent.TimeUnit;
                import java.util.concurrent.locks.Lock;
                import java.util.concurrent.locks.ReentrantLock;

                public class Gatehouse {
                    /** A project class that is a Lock by inheritance. */
                    static final class FairMutex extends ReentrantLock {
                        FairMutex() {
                            super(true);
                        }
                    }

                    private final Lock door = new ReentrantLock();
                    private final FairMutex turnstile = new FairMutex();
                    private final Object ledger = new Object();
                    private int visitors;

                    public void enter() throws InterruptedException {
                        door.lockInterruptibly();
                        try {
                            // BUG: lock-order-inversion contains "take `Gatehouse.door` and `Gatehouse.ledger` in opposite orders"
                            synchronized (ledger) {
                                visitors++;
                            }
                        } finally {
                            door.unlock();
                        }
                    }

                    public void inspect() throws InterruptedException {
                        synchronized (ledger) {
                            if (door.tryLock(1, TimeUnit.SECONDS)) {
                                try {
                                    visitors--;
                                } finally {
                                    door.unlock();
                                }
                            }
                            door.lock();
                            try {
                                visitors--;
                            } finally {
                                door.unlock();
                            }
                        }
                    }

                    public void admit() {
                        synchronized (ledger) {
                            // BUG: lock-order-inversion contains "take `Gatehouse.ledger` and `Gatehouse.turnstile` in opposite orders"
                            turnstile.lock();
                            try {
                                visitors++;
                            } finally {
                                turnstile.unlock();
                            }
                        }
                    }

                    public void leave() {
                        turnstile.lock();
                        try {
                            synchronized (ledger) {
                                visitors--;
                            }
                        } finally {
                            turnstile.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTemporaryReleaseTakenBackInFinallyIsNoMisuse() {
        RuleTester.forRule(LockWithoutFinally.class, dir).source("""
                package rel;

                import java.util.concurrent.locks.ReentrantLock;

                public class Flusher {
                    private final ReentrantLock lock = new ReentrantLock();
                    private int pending;

                    public void flush() {
                        lock.lock();
                        try {
                            pending = 0;
                            lock.unlock();
                            try {
                                write();
                            } finally {
                                lock.lock();
                            }
                            pending++;
                        } finally {
                            lock.unlock();
                        }
                    }

                    public void leak() {
                        // BUG: lock-without-finally
                        lock.lock();
                        pending++;
                        write();
                        lock.unlock();
                    }

                    private void write() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aDomainLockWithoutFinallyIsNoMisuse() {
        RuleTester.forRule(LockWithoutFinally.class, dir).source("""
                package gate;

                import java.util.concurrent.locks.ReentrantLock;

                public class Gatehouse {
                    /** A logical lock: lock() marks the gate closed and returns at once. */
                    static final class Turnstile {
                        private boolean closed;

                        void lock() {
                            closed = true;
                        }

                        void unlock() {
                            closed = false;
                        }

                        boolean tryLock() {
                            return !closed;
                        }
                    }

                    private final Turnstile turnstile = new Turnstile();
                    private final ReentrantLock door = new ReentrantLock();

                    public void admit() {
                        turnstile.lock();
                        turnstile.tryLock();
                        count();
                        turnstile.unlock();
                    }

                    public void enter() {
                        // BUG: lock-without-finally
                        door.lock();
                        count();
                        door.unlock();
                    }

                    private void count() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aStampedLockHeldFromItsStampToItsReleaseIsALock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package led;

                import java.util.concurrent.locks.StampedLock;

                class Ledger {
                    private final StampedLock sl = new StampedLock();
                    private final Object audit = new Object();
                    private long total;

                    void add(long n) {
                        long stamp = sl.writeLock();
                        try {
                            synchronized (audit) {
                                total += n;
                            }
                        } finally {
                            sl.unlockWrite(stamp);
                        }
                    }

                    void check() {
                        synchronized (audit) {
                            // BUG: lock-order-inversion contains "`Ledger.check()` and `Ledger.add()` take `Ledger.audit` and `Ledger.sl` in opposite orders"
                            long stamp = sl.readLock();
                            try {
                                total++;
                            } finally {
                                sl.unlockRead(stamp);
                            }
                        }
                    }

                    long peek() {
                        long stamp = sl.tryOptimisticRead();
                        long seen = total;
                        synchronized (audit) {
                            return sl.validate(stamp) ? seen : 0;
                        }
                    }

                    void after() {
                        long stamp = sl.writeLock();
                        sl.unlockWrite(stamp);
                        synchronized (audit) {
                            total = 0;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void anUnresolvedFieldNamedLockIsNoLockStep() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package gate;

                import com.acme.Gate;

                public class Gatehouse {
                    private final Gate lock;
                    private final Object ledger = new Object();
                    private int visitors;

                    public Gatehouse(Gate lock) {
                        this.lock = lock;
                    }

                    public void admit() {
                        lock.lock();
                        try {
                            synchronized (ledger) {
                                visitors++;
                            }
                        } finally {
                            lock.unlock();
                        }
                    }

                    public void audit() {
                        synchronized (ledger) {
                            lock.lock();
                            try {
                                visitors--;
                            } finally {
                                lock.unlock();
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    /** {@code %s} is what {@code drain} does while it holds {@code lock}, before it calls {@code write}. */
    private static final String PUMP = """
            package pump;

            import java.util.concurrent.TimeUnit;
            import java.util.concurrent.locks.ReentrantLock;

            public class Pump {
                private final ReentrantLock lock = new ReentrantLock();
                private final Object sink = new Object();
                private int pending;

                public void drain() throws InterruptedException {
                    %s
                }

                private void write() {
                    synchronized (sink) {
                        pending = 0;
                    }
                }

                public void fill() {
                    synchronized (sink) {
                        %s
                        lock.lock();
                        try {
                            pending++;
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            }
            """;

    @Test
    void aLockTemporarilyReleasedAroundACallIsNotHeldInIt() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(PUMP.formatted("""
                lock.lock();
                        try {
                            pending--;
                            lock.unlock();
                            try {
                                write();
                            } finally {
                                lock.lock();
                            }
                            pending++;
                        } finally {
                            lock.unlock();
                        }""", "")).expectMarkedFindings();
    }

    @Test
    void theSameCallWithTheLockKeptIsALockOrder() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(PUMP.formatted("""
                lock.lock();
                        try {
                            pending--;
                            // BUG: lock-order-inversion contains \"take `Pump.lock` and `Pump.sink` in opposite orders\"
                            write();
                        } finally {
                            lock.unlock();
                        }""", "")).expectMarkedFindings();
    }

    @Test
    void aLockTakenByTryLockInAConditionIsHeldInItsBranch() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(PUMP.formatted("""
                if (lock.tryLock(1, TimeUnit.SECONDS)) {
                            try {
                                // BUG: lock-order-inversion contains \"take `Pump.lock` and `Pump.sink` in opposite orders\"
                                write();
                            } finally {
                                lock.unlock();
                            }
                        }
                        if (!lock.tryLock()) {
                            return;
                        }
                        try {
                            write();
                        } finally {
                            lock.unlock();
                        }""", "")).expectMarkedFindings();
    }

    @Test
    void aLockTakenByLockInterruptiblyIsALock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(PUMP.formatted("""
                lock.lockInterruptibly();
                        try {
                            // BUG: lock-order-inversion contains \"take `Pump.lock` and `Pump.sink` in opposite orders\"
                            write();
                        } finally {
                            lock.unlock();
                        }""", "")).expectMarkedFindings();
    }

    /** Guava's Monitor, as its class files would describe it: only the methods the tests use. */
    private static final String GUAVA_MONITOR = """
            package com.google.common.util.concurrent;

            import java.util.concurrent.TimeUnit;

            public final class Monitor {
                public abstract static class Guard {
                    public abstract boolean isSatisfied();
                }

                public void enter() {
                }

                public boolean enter(long time, TimeUnit unit) {
                    return true;
                }

                public void enterWhen(Guard guard) throws InterruptedException {
                }

                public boolean tryEnter() {
                    return true;
                }

                public boolean enterIf(Guard guard) {
                    return true;
                }

                public void leave() {
                }
            }
            """;

    /** {@code %s} is how {@code put} enters {@code monitor} around its call of {@code spill}. */
    private static final String BUFFER = """
            package buf;

            import com.google.common.util.concurrent.Monitor;

            public class Buffer {
                private final Monitor monitor = new Monitor();
                private final Object disk = new Object();
                private final Monitor.Guard notFull = new Monitor.Guard() {
                    @Override
                    public boolean isSatisfied() {
                        return size < 10;
                    }
                };
                private int size;

                public void put() throws InterruptedException {
                    %s
                }

                private void spill() {
                    synchronized (disk) {
                        size = 0;
                    }
                }

                public void compact() {
                    synchronized (disk) {
                        %s
                        monitor.enter();
                        try {
                            size--;
                        } finally {
                            monitor.leave();
                        }
                    }
                }
            }
            """;

    private static final String MONITOR_BUG =
            "// BUG: lock-order-inversion contains \"take `Buffer.disk` and `Buffer.monitor` in opposite orders\"";

    @Test
    void aGuavaMonitorEnteredAndLeftIsALock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(GUAVA_MONITOR).source(BUFFER.formatted("""
                monitor.enterWhen(notFull);
                        try {
                            spill();
                        } finally {
                            monitor.leave();
                        }""", MONITOR_BUG)).expectMarkedFindings();
    }

    @Test
    void aGuavaMonitorEnteredInAConditionIsHeldInItsBranch() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(GUAVA_MONITOR).source(BUFFER.formatted("""
                if (monitor.enterIf(notFull)) {
                            try {
                                spill();
                            } finally {
                                monitor.leave();
                            }
                        }""", MONITOR_BUG)).expectMarkedFindings();
    }

    @Test
    void aGuavaMonitorLeftBeforeTheCallHoldsNothingInIt() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(GUAVA_MONITOR).source(BUFFER.formatted("""
                monitor.enter();
                        try {
                            size++;
                        } finally {
                            monitor.leave();
                        }
                        spill();""", "")).expectMarkedFindings();
    }

    @Test
    void aMonitorOfAnotherLibraryIsNoLock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(GUAVA_MONITOR.replace("package com.google.common.util.concurrent;",
                "package com.acme.sync;")).source(BUFFER.replace("import com.google.common.util.concurrent.Monitor;",
                "import com.acme.sync.Monitor;").formatted("""
                monitor.enterWhen(notFull);
                        try {
                            spill();
                        } finally {
                            monitor.leave();
                        }""", "")).expectMarkedFindings();
    }

    /** {@code %s} is the body of the resource's constructor after it keeps its lock, {@code %s} that of close(). */
    private static final String AUTO_LOCK = """
            package reg;

            import java.util.concurrent.locks.Lock;

            final class AutoLock implements AutoCloseable {
                private final Lock lock;

                AutoLock(Lock lock) {
                    this.lock = lock;
                    %s
                }

                @Override
                public void close() {
                    %s
                }
            }
            """;

    private static final String REGISTRY = """
            package reg;

            import java.util.concurrent.locks.Lock;
            import java.util.concurrent.locks.ReentrantLock;

            public class Registry {
                private final Lock lock = new ReentrantLock();
                private final Object audit = new Object();
                private int entries;

                public void register() {
                    try (AutoLock held = new AutoLock(lock)) {
                        synchronized (audit) {
                            entries++;
                        }
                    }
                    synchronized (audit) {
                        entries--;
                    }
                }

                public void check() {
                    synchronized (audit) {
                        %s
                        lock.lock();
                        try {
                            entries = 0;
                        } finally {
                            lock.unlock();
                        }
                    }
                }
            }
            """;

    @Test
    void aResourceWhoseConstructorLocksAndCloseUnlocksHoldsTheLockOverItsBlock() {
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(AUTO_LOCK.formatted("lock.lock();", "lock.unlock();"))
                .source(REGISTRY.formatted("// BUG: lock-order-inversion contains \"take `Registry.audit` and `Registry.lock` in opposite orders\""))
                .expectMarkedFindings();
    }

    @Test
    void aResourceThatDoesNotLockInItsConstructorHoldsNothing() {
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(AUTO_LOCK.formatted("", "lock.unlock();"))
                .source(REGISTRY.formatted("")).expectMarkedFindings();
    }

    @Test
    void aResourceWhoseCloseDoesNotUnlockHoldsNothing() {
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(AUTO_LOCK.formatted("lock.lock();\n        lock.unlock();", "System.out.println(lock);"))
                .source(REGISTRY.formatted("")).expectMarkedFindings();
    }
}
