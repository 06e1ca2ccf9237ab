package dev.threadguard.rules.guard;

import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class StaticUnderInstanceLockTest {

    @TempDir
    Path dir;

    @Test
    void staticsChangedUnderAnInstanceLock() {
        RuleTester.forRule(StaticUnderInstanceLock.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.HashMap;
                import java.util.List;
                import java.util.Map;

                class Session {
                    private static int opened;
                    private static final List<String> names = new ArrayList<>();
                    private static final Map<String, Session> byId = new HashMap<>();
                    private static final long[] slots = new long[8];
                    private final Object lock = new Object();
                    private final String id;

                    Session(String id) {
                        this.id = id;
                    }

                    synchronized void open() {
                        // BUG: static-under-instance-lock contains "`Session.opened` is static, but `opened` in `Session.open` changes it under `Session.this` only"
                        opened++;
                        // BUG: static-under-instance-lock contains "`names.add(...)`"
                        names.add(id);
                    }

                    void register() {
                        synchronized (this) {
                            // BUG: static-under-instance-lock contains "`Session.byId` is static"
                            byId.put(id, this);
                        }
                    }

                    void mark(int i) {
                        synchronized (lock) {
                            // BUG: static-under-instance-lock contains "under `Session.lock` only"
                            slots[i] = System.nanoTime();
                        }
                    }

                    void close() {
                        synchronized (lock) {
                            // BUG: static-under-instance-lock contains "`Session.opened`"
                            Session.opened = opened - 1;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void staticLocksReadsAndThreadSafeStaticsAreLeftAlone() {
        RuleTester.forRule(StaticUnderInstanceLock.class, dir).source("""
                package r;

                import java.util.Map;
                import java.util.concurrent.ConcurrentHashMap;
                import java.util.concurrent.atomic.AtomicInteger;

                class Pool {
                    private static final Object LOCK = new Object();
                    private static int created;
                    private static int peak;
                    private static volatile boolean closed;
                    private static final AtomicInteger live = new AtomicInteger();
                    private static final Map<String, Pool> byName = new ConcurrentHashMap<>();
                    private int mine;
                    private final String name;

                    static {
                        created = 0;
                    }

                    Pool(String name) {
                        this.name = name;
                    }

                    static synchronized void create() {
                        created++;
                    }

                    void grow() {
                        synchronized (Pool.class) {
                            peak++;
                        }
                        synchronized (LOCK) {
                            created++;
                        }
                    }

                    synchronized int report() {
                        mine++;
                        live.incrementAndGet();
                        byName.put(name, this);
                        closed = true;
                        return created + peak;
                    }

                    void unlocked() {
                        peak = 3; // no lock at all: other rules judge that
                    }
                }
                """).expectMarkedFindings();
    }
}
