package dev.threadguard.rules.guard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DoubleCheckedLockingTest {

    @TempDir
    Path dir;

    private RuleTester tester() {
        return RuleTester.forRule(DoubleCheckedLocking.class, dir);
    }

    @Test
    void lazyFieldsCheckedTwiceWithoutVolatile() {
        tester().source("""
                package atlas;

                import java.util.concurrent.locks.ReentrantLock;

                class TileCache {
                    private TileIndex index;
                    private static Projection projection;
                    private Palette palette;
                    private Legend legend;
                    private final ReentrantLock paletteLock = new ReentrantLock();

                    TileIndex index() {
                        // BUG: double-checked-locking contains "`TileCache.index`, which is not volatile"
                        if (index == null) {
                            synchronized (this) {
                                if (index == null) {
                                    index = new TileIndex(512);
                                }
                            }
                        }
                        return index;
                    }

                    static Projection projection() {
                        // BUG: double-checked-locking contains "outside `TileCache.class`"
                        if (null == projection) {
                            synchronized (TileCache.class) {
                                if (projection == null)
                                    projection = Projection.mercator();
                            }
                        }
                        return projection;
                    }

                    Palette palette() {
                        // BUG: double-checked-locking contains "outside `TileCache.paletteLock`"
                        if (this.palette != null) {
                            return this.palette;
                        }
                        paletteLock.lock();
                        try {
                            if (this.palette == null) {
                                this.palette = Palette.load("default");
                            }
                            return this.palette;
                        } finally {
                            paletteLock.unlock();
                        }
                    }

                    Legend legend() {
                        Legend seen = legend;
                        // BUG: double-checked-locking contains "`TileCache.legend`"
                        if (seen == null) {
                            synchronized (paletteLock) {
                                seen = legend;
                                if (seen != null) {
                                    return seen;
                                }
                                seen = new Legend();
                                legend = seen;
                            }
                        }
                        return seen;
                    }
                }

                class TileIndex { TileIndex(int size) { } }
                class Projection { static Projection mercator() { return new Projection(); } }
                class Palette { static Palette load(String name) { return new Palette(); } }
                class Legend { }
                """).expectMarkedFindings();
    }

    @Test
    void correctLazyInitializationIsLeftAlone() {
        tester().source("""
                package atlas;

                import java.util.concurrent.atomic.AtomicReference;

                class Gazetteer {
                    private volatile Names names;
                    private Names plain;
                    private AtomicReference<Names> shared = new AtomicReference<>();
                    private final Object lock = new Object();

                    Names names() {
                        Names local = names;
                        if (local == null) {
                            synchronized (lock) {
                                local = names;
                                if (local == null) {
                                    names = local = new Names();
                                }
                            }
                        }
                        return local;
                    }

                    Names plain() {
                        synchronized (lock) {          // one check, made with the lock: correct
                            if (plain == null) {
                                plain = new Names();
                            }
                            return plain;
                        }
                    }

                    Names viaAtomic() {
                        if (shared.get() == null) {
                            synchronized (lock) {
                                if (shared.get() == null) {
                                    shared.set(new Names());
                                }
                            }
                        }
                        return shared.get();
                    }

                    Names checkedTwiceWithoutLock() {
                        if (plain == null) {
                            if (plain == null) {        // odd, but no lock: not double-checked locking
                                plain = new Names();
                            }
                        }
                        return plain;
                    }

                    synchronized Names alreadyLocked() {
                        if (plain == null) {
                            synchronized (this) {       // the same lock held at both checks
                                if (plain == null) {
                                    plain = new Names();
                                }
                            }
                        }
                        return plain;
                    }

                    Names otherFieldAssigned() {
                        if (plain == null) {
                            synchronized (lock) {
                                if (plain == null) {
                                    names = new Names();  // the checked field is never written here
                                }
                            }
                        }
                        return plain;
                    }

                    private static final class Holder {
                        static final Names INSTANCE = new Names();
                    }

                    static Names holder() {
                        return Holder.INSTANCE;
                    }

                    Runnable later() {
                        if (plain == null) {
                            return () -> {
                                synchronized (lock) {
                                    if (plain == null) {
                                        plain = new Names();
                                    }
                                }
                            };
                        }
                        return () -> { };
                    }
                }

                class Names { }
                """).expectMarkedFindings();
    }

    @Test
    void immutableValuesCannotBeSeenHalfBuiltButASecondReadCanBeNull() {
        RuleTester.forRule(DoubleCheckedLocking.class, dir).source("""
                package d;

                import java.util.ArrayList;
                import java.util.List;

                class Lazy {
                    private String name;
                    private Integer port;
                    private Point origin;
                    private Mutable settings;
                    private final Object lock = new Object();

                    String name() {
                        // BUG: double-checked-locking contains "so the code can return or use null; read"
                        if (name == null) {
                            synchronized (lock) {
                                if (name == null) {
                                    name = System.getProperty("user.name");
                                }
                            }
                        }
                        return name;
                    }

                    Integer port() {
                        // BUG: double-checked-locking contains "so the code can return or use null; read"
                        if (port == null) {
                            synchronized (lock) {
                                if (port == null) {
                                    port = Integer.getInteger("port", 80);
                                }
                            }
                        }
                        return port;
                    }

                    Point origin() {
                        // BUG: double-checked-locking contains "so the code can return or use null; read"
                        if (origin == null) {
                            synchronized (lock) {
                                if (origin == null) {
                                    origin = new Point(0, 0);
                                }
                            }
                        }
                        return origin;
                    }

                    String nameOnce() {
                        String local = name;
                        if (local == null) {
                            synchronized (lock) {
                                local = name;
                                if (local == null) {
                                    name = local = System.getProperty("user.name");
                                }
                            }
                        }
                        return local;
                    }

                    Integer portNoReread() {
                        if (port == null) {
                            synchronized (lock) {
                                if (port == null) {
                                    port = Integer.getInteger("port", 80);
                                }
                                return port;
                            }
                        }
                        return 0;
                    }

                    Mutable settings() {
                        // BUG: double-checked-locking contains "half-built; and the check reads `settings`"
                        if (settings == null) {
                            synchronized (lock) {
                                if (settings == null) {
                                    settings = new Mutable();
                                }
                            }
                        }
                        return settings;
                    }
                }

                final class Point {
                    private final int x;
                    private final int y;

                    Point(int x, int y) {
                        this.x = x;
                        this.y = y;
                    }
                }

                class Mutable {
                    List<String> values = new ArrayList<>();
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFastFailureCheckIsNoLazyInitialization() {
        RuleTester.forRule(DoubleCheckedLocking.class, dir).source("""
                package d;

                class Replication {
                    private Session session;
                    private Session cached;
                    private final Object lock = new Object();

                    void start() {
                        if (session != null) {
                            throw new IllegalStateException("already replicating");
                        }
                        synchronized (lock) {
                            if (session != null) {
                                throw new IllegalStateException("already replicating");
                            }
                            session = new Session();
                        }
                    }

                    Session cached() {
                        // BUG: double-checked-locking
                        if (cached != null) {
                            return cached;
                        }
                        synchronized (lock) {
                            if (cached != null) {
                                return cached;
                            }
                            cached = new Session();
                            return cached;
                        }
                    }
                }

                class Session {
                    private int id;
                }
                """).expectMarkedFindings();
    }

    @Test
    void storingTheCallersObjectIsMediumNotLazyInitialization() {
        List<Finding> findings = RuleTester.forRule(DoubleCheckedLocking.class, dir).source("""
                package d;

                class Reducer<T> {
                    private T first;
                    private Holder holder;

                    void onNext(T item) {
                        T seen = this.first;
                        // BUG: double-checked-locking contains "the object stored is the method's parameter"
                        if (seen == null) {
                            synchronized (this) {
                                if (this.first == null) {
                                    this.first = item;
                                    return;
                                }
                            }
                        }
                    }

                    Holder holder(int size) {
                        // BUG: double-checked-locking contains "half-built"
                        if (holder == null) {
                            synchronized (this) {
                                if (holder == null) {
                                    holder = new Holder(size);
                                }
                            }
                        }
                        return holder;
                    }

                    static class Holder {
                        int size;
                        Holder(int size) { this.size = size; }
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.pos().line() + ":" + f.confidence())
                .containsExactlyInAnyOrder("10:MEDIUM", "22:HIGH");
    }
}
