package dev.threadguard.rules.guard;

import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

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

    @Test
    void storesOfConstantsAndOfImmutableValues() {
        List<Finding> findings = RuleTester.forRule(StaticUnderInstanceLock.class, dir).source("""
                package s;

                import java.util.ArrayList;
                import java.util.List;

                class Listener {
                    private static boolean warned;
                    private static String hostName;
                    private static int created;
                    private static List<String> seen;

                    synchronized void warnOnce() {
                        if (!warned) {
                            warned = true;
                        }
                    }

                    synchronized String host() {
                        if (hostName == null) {
                            // BUG: static-under-instance-lock contains "`Listener.hostName` is static"
                            hostName = System.getProperty("host", "unknown");
                        }
                        return hostName;
                    }

                    synchronized void count() {
                        // BUG: static-under-instance-lock contains "`Listener.created` is static"
                        created = created + 1;
                    }

                    synchronized void remember(String s) {
                        if (seen == null) {
                            // BUG: static-under-instance-lock contains "`Listener.seen` is static"
                            seen = new ArrayList<>();
                        }
                    }
                }
                """).expectMarkedFindings();
        // A lazily computed string is a benign race when every instance computes the same: medium. A counter and a
        // mutable list lose updates: high.
        assertThat(findings).extracting(f -> f.message().substring(1, f.message().indexOf('`', 1)) + " "
                + f.confidence()).containsExactlyInAnyOrder("Listener.hostName MEDIUM", "Listener.created HIGH",
                "Listener.seen HIGH");
    }

    @Test
    void aStaticOfAClassOutsideTheSourcesNamedThroughItsClass() {
        List<Finding> findings = RuleTester.forRule(StaticUnderInstanceLock.class, dir).source("""
                package s;

                import other.Counters;

                class Worker {
                    private static final int LIMIT = 3;
                    private int done;

                    synchronized void work() {
                        // BUG: static-under-instance-lock contains "`Counters.total` is static (named through its class, which is outside the analysed sources)"
                        Counters.total++;
                        Counters.last = "work";
                        Counters.names.add("work");
                        done++;
                        Math.max(done, LIMIT);
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.confidence()).isEqualTo(Confidence.MEDIUM));
    }
}
