package dev.threadguard.rules.guard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataRaceTest {

    @TempDir
    Path dir;

    private static final String THREAD_SAFE = """
            package r;

            @interface ThreadSafe {
            }
            """;

    @Test
    void threadSafeClassWithoutLocks() {
        List<Finding> found = RuleTester.forRule(DataRace.class, dir).source(THREAD_SAFE).source("""
                package r;

                @ThreadSafe
                public class Hits {
                    private int count;
                    private final int limit = 10;

                    public Hits() {
                        count = 0;
                    }

                    public void hit() {
                        // BUG: data-race contains "`Hits.count` is updated in `Hits.hit` (`count`) without a lock, while another thread can run the same code"
                        count++;
                    }

                    public int count() {
                        return count;
                    }

                    public int limit() {
                        return limit;
                    }

                    public Hits copy() {
                        Hits h = new Hits();
                        h.count = count;
                        return h;
                    }
                }
                """).expectMarkedFindings();
        assertEquals(2, found.get(0).trace().stream().mapToInt(t -> t.thread()).max().orElse(0),
                "both accesses are given, each as a thread of its own");
    }

    @Test
    void plainClassesAndConfinedCodeAreSilent() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                @interface UiThread {
                }
                """).source("""
                package r;

                public class Plain {
                    private int count;

                    public void hit() {
                        count++;
                    }

                    public int count() {
                        return count;
                    }
                }
                """).source("""
                package r;

                @UiThread
                public class Screen {
                    private volatile boolean shown;
                    private int frames;
                    private long drawn;

                    public void frame() {
                        frames++;
                        drawn = System.nanoTime();
                    }

                    public int frames() {
                        return frames + (int) drawn;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void taskHandedToAnExecutorSharesWhatItTouches() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                import java.util.concurrent.ExecutorService;

                public class Importer {
                    private int imported;
                    private int local;

                    public void start(ExecutorService pool) {
                        pool.submit(() -> {
                            // BUG: data-race contains "tasks an executor runs, several at once"
                            imported++;
                        });
                        local++;
                    }

                    public int imported() {
                        return imported;
                    }

                    public int local() {
                        return local;
                    }
                }
                """).source("""
                package r;

                public class Poller {
                    private boolean stopped;
                    private int polls;
                    private int sorted;
                    private final Runnable later = () -> sorted++;

                    public void start() {
                        new Thread(() -> {
                            while (!stopped) {
                                polls++;
                            }
                        }).start();
                    }

                    public void stop() {
                        // BUG: data-race contains "`Poller.stopped` is written in `Poller.stop` (`stopped`) without a lock, while `Poller.start` reads it without a lock (callers of the public API and a task on another thread): the other thread can keep seeing the old value, and a loop that tests it may never stop"
                        stopped = true;
                    }

                    public void sortNow() {
                        later.run();
                        sorted++;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void anotherObjectsVolatileIncrement() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                import java.util.concurrent.atomic.AtomicLong;

                public class Stats {
                    volatile long hits;
                    volatile long misses;
                    final AtomicLong errors = new AtomicLong();
                }
                """).source("""
                package r;

                public class Recorder {
                    private final Stats stats = new Stats();

                    public void hit(Stats s) {
                        // BUG: data-race contains "`Stats.hits` is updated in `Recorder.hit` (`s.hits`) without a lock"
                        s.hits++;
                    }

                    public void miss() {
                        // BUG: data-race contains "volatile makes each read and write visible, not the update atomic"
                        stats.misses += 1;
                    }

                    public void reset(Stats s) {
                        s.hits = 0;
                        stats.errors.incrementAndGet();
                    }

                    public synchronized void lockedMiss() {
                        stats.misses++;
                    }

                    public long hits(Stats s) {
                        return s.hits;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void guardedByThroughOtherInstancesAndOnMethods() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package r;

                public class Account {
                    final Object lock = new Object();
                    @GuardedBy("lock") long balance;

                    public void deposit(long amount) {
                        synchronized (lock) {
                            add(amount);
                        }
                    }

                    @GuardedBy("lock")
                    private void add(long amount) {
                        balance += amount;
                    }

                    public long balance() {
                        synchronized (lock) {
                            return balance;
                        }
                    }
                }
                """).source("""
                package r;

                public class Transfer {
                    public void move(Account from, Account to, long amount) {
                        synchronized (from.lock) {
                            from.balance -= amount;
                        }
                        // BUG: data-race contains "`Account.balance` is updated in `Transfer.move` (`to.balance`)"
                        to.balance += amount;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void unlockedLazyInitializationOfAStatic() {
        RuleTester.forRule(DataRace.class, dir).source(THREAD_SAFE).source("""
                package r;

                @ThreadSafe
                public class Registry {
                    private static Registry instance;
                    private static Registry safe;

                    public static Registry get() {
                        if (instance == null) {
                            // BUG: data-race contains "while `Registry.get` reads it without a lock (callers of the public API, several threads at once in a shared class): the other thread can see a stale reference"
                            instance = new Registry();
                        }
                        return instance;
                    }

                    public static synchronized Registry safe() {
                        if (safe == null) {
                            safe = new Registry();
                        }
                        return safe;
                    }
                }
                """).source("""
                package r;

                public class Settings {
                    private static Settings instance;

                    public static Settings get() {
                        if (instance == null) {
                            instance = new Settings();
                        }
                        return instance;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void arrayFilledAfterPublication() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                public class Table {
                    private volatile int[] slots = new int[0];
                    private volatile int[] ready = new int[0];

                    public void resize(int n) {
                        int[] t = new int[n];
                        slots = t;
                        for (int i = 0; i < n; i++) {
                            // BUG: data-race contains "the elements of the array in `Table.slots` are written in `Table.resize` (`t[]`)"
                            t[i] = i;
                        }
                    }

                    public void rebuild(int n) {
                        int[] t = new int[n];
                        for (int i = 0; i < n; i++) {
                            t[i] = i;
                        }
                        ready = t;
                    }

                    public int slot(int i) {
                        return slots[i] + ready[i];
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void sixtyFourBitFieldReadWithoutTheLock() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                public class Meter {
                    private final Object lock = new Object();
                    private long total;
                    private volatile long last;
                    private double rate;

                    public void add(long n) {
                        synchronized (lock) {
                            total += n;
                            rate = n / 2.0;
                        }
                        last = n;
                    }

                    public long total() {
                        // BUG: data-race contains "a plain `long` is written in two halves"
                        return total;
                    }

                    public long last() {
                        return last;
                    }

                    public double rate() {
                        synchronized (lock) {
                            return rate;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void containerCallsOnASharedHashMap() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.HashMap;
                import java.util.List;
                import java.util.Map;
                import java.util.concurrent.ConcurrentHashMap;

                public class Catalog {
                    private final Map<String, Integer> prices = new HashMap<>();
                    private final Map<String, Integer> stock = new ConcurrentHashMap<>();
                    private final List<String> log = new ArrayList<>();

                    public synchronized void price(String item, int price) {
                        prices.put(item, price);
                        log.add(item);
                    }

                    public Integer price(String item) {
                        // BUG: data-race contains "a `Map` is not thread-safe"
                        return prices.get(item);
                    }

                    public void restock(String item, int n) {
                        stock.merge(item, n, Integer::sum);
                    }

                    public synchronized int logged() {
                        return log.size();
                    }

                    public List<String> snapshot() {
                        List<String> copy = new ArrayList<>();
                        copy.add("start");
                        synchronized (this) {
                            copy.addAll(log);
                        }
                        return copy;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void calleeAccessesAppearAtTheCallerWithItsLocks() {
        List<Finding> found = RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                public class Ledger {
                    private final Object lock = new Object();
                    private int entries;

                    public void record() {
                        synchronized (lock) {
                            bump();
                        }
                    }

                    public void replay() {
                        bump();
                    }

                    private void bump() {
                        // BUG: data-race contains "`Ledger.entries` is updated in `Ledger.bump`"
                        entries++;
                    }

                    public int entries() {
                        synchronized (lock) {
                            return entries;
                        }
                    }
                }
                """).expectMarkedFindings();
        assertTrue(found.get(0).trace().stream().anyMatch(t -> t.message().contains("`Ledger.replay` calls `bump`")),
                found.get(0).trace().toString());
    }

    @Test
    void objectsTheMethodCreatedAndBuildersAreOwnedUntilTheyEscape() {
        RuleTester.forRule(DataRace.class, dir).source(THREAD_SAFE).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;

                @ThreadSafe
                public class Report {
                    private Builder last;

                    public static Builder builder() {
                        return new Builder();
                    }

                    public static class Builder {
                        String title;
                        final List<String> lines = new ArrayList<>();

                        public Builder add(String line) {
                            lines.add(line);
                            return this;
                        }
                    }

                    public Builder fresh() {
                        Builder b = builder();
                        b.title = "daily";
                        b.add("one").add("two");
                        Builder c = new Builder();
                        c.title = "weekly";
                        return b;
                    }

                    public void shared() {
                        Builder b = new Builder();
                        // BUG: data-race contains "`Report.last` is written in `Report.shared`"
                        last = b;
                    }

                    public synchronized String lastTitle() {
                        return last == null ? null : last.title;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aLambdaRunAtOnceByAProjectMethodHoldsItsLocks() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.locks.ReentrantLock;

                public class Meter {
                    private final ReentrantLock lock = new ReentrantLock();
                    private int ticks;
                    private int drops;

                    private void withLock(Runnable r) {
                        lock.lock();
                        try {
                            r.run();
                        } finally {
                            lock.unlock();
                        }
                    }

                    private void bare(Runnable r) {
                        r.run();
                    }

                    public void start(ExecutorService pool) {
                        pool.submit(() -> withLock(() -> ticks++));
                        pool.submit(() -> bare(() -> {
                            // BUG: data-race contains "`Meter.drops`"
                            drops++;
                        }));
                    }

                    public int ticks() {
                        lock.lock();
                        try {
                            return ticks;
                        } finally {
                            lock.unlock();
                        }
                    }

                    public int drops() {
                        lock.lock();
                        try {
                            return drops;
                        } finally {
                            lock.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFieldGuardedByAMixOfLocksRacesWhereTwoAccessesShareNone() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                public class Queue {
                    private final Object readLock = new Object();
                    private final Object writeLock = new Object();
                    private int size;
                    private int head;

                    public void push() {
                        synchronized (writeLock) {
                            size++;
                            synchronized (readLock) {
                                head++;
                            }
                        }
                    }

                    public int size() {
                        synchronized (readLock) {
                            // BUG: data-race contains "`Queue.size` is read in `Queue.size` (`size`) under a lock, while `Queue.push` updates it under another lock, none in common"
                            return size;
                        }
                    }

                    public int head() {
                        synchronized (readLock) {
                            return head;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void anObjectEveryCallerPassesInFreshIsOwnedByTheCallee() {
        RuleTester.forRule(DataRace.class, dir).source(THREAD_SAFE).source("""
                package r;

                @ThreadSafe
                public class Orders {
                    private final Order shared = new Order();

                    static class Order {
                        volatile boolean sent;
                        int lines;
                        long total;
                    }

                    private static void fill(Order o, int n) {
                        o.lines = n;
                        o.total += n * 10L;
                    }

                    private static void bump(Order o) {
                        // BUG: data-race contains "`Orders.Order.lines` is updated in `Orders.bump` (`o.lines`)"
                        o.lines++;
                    }

                    public Order fresh(int n) {
                        Order o = new Order();
                        fill(o, n);
                        bump(new Order());
                        return o;
                    }

                    public void onShared() {
                        bump(shared);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aPublicMethodWithUnknownCallersDoesNotOwnItsParameter() {
        RuleTester.forRule(DataRace.class, dir).source(THREAD_SAFE).source("""
                package r;

                @ThreadSafe
                public class Tally {
                    public static class Count {
                        volatile boolean closed;
                        int n;
                    }

                    public void add(Count c) {
                        // BUG: data-race contains "`Tally.Count.n` is updated in `Tally.add` (`c.n`)"
                        c.n++;
                    }

                    public void fresh() {
                        add(new Count());
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void whatIsWrittenBeforeATaskStartsIsSeenByIt() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                import java.util.concurrent.ExecutorService;

                public class Server {
                    private int port;
                    private String name;
                    private int retries;
                    private int late;
                    private int[] weights;

                    public void start(ExecutorService pool) {
                        port = 8080;
                        configure();
                        pool.submit(() -> System.out.println(port + name + retries + weights.length));
                    }

                    private void configure() {
                        name = "srv";
                        weights = new int[] {1, 2};
                    }

                    public void launch() {
                        Thread t = new Thread(() -> System.out.println(late + retries));
                        late = 1;
                        t.start();
                        // BUG: data-race contains "`Server.late` is written in `Server.launch` (`late`) without a lock, while `Server.launch` reads it"
                        late = 2;
                    }

                    public void each(ExecutorService pool, int n) {
                        for (int i = 0; i < n; i++) {
                            // BUG: data-race contains "`Server.retries` is written in `Server.each` (`retries`)"
                            retries = i;
                            pool.execute(() -> System.out.println(retries));
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void tasksOfOneSingleThreadExecutorDoNotRaceWithEachOther() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.ExecutorService;
                import java.util.concurrent.Executors;
                import java.util.concurrent.ScheduledExecutorService;
                import java.util.concurrent.TimeUnit;

                public class Journal {
                    private final ExecutorService writer = Executors.newSingleThreadExecutor();
                    private final ScheduledExecutorService ticker;
                    private final ExecutorService pool = Executors.newFixedThreadPool(4);
                    private final List<String> lines = new ArrayList<>();
                    private int flushed;
                    private int ticks;
                    private int pooled;
                    private long seen;

                    public Journal() {
                        ticker = Executors.newSingleThreadScheduledExecutor();
                    }

                    public void append(String line) {
                        writer.execute(() -> lines.add(line));
                    }

                    public void flush() {
                        writer.submit(() -> {
                            flushed += lines.size();
                            lines.clear();
                        });
                    }

                    public void tick() {
                        ticker.scheduleAtFixedRate(() -> ticks++, 1, 1, TimeUnit.SECONDS);
                    }

                    public void spread() {
                        pool.execute(() -> {
                            // BUG: data-race contains "`Journal.pooled` is updated"
                            pooled++;
                        });
                    }

                    public void mark() {
                        // BUG: data-race contains "`Journal.seen` is updated"
                        writer.execute(() -> seen++);
                        pool.execute(() -> {
                            // BUG: data-race contains "`Journal.seen` is updated"
                            seen++;
                        });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void guardedByThroughTheOuterInstanceAndAClassQualifiedStatic() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                @interface GuardedBy {
                    String value();
                }
                """).source("""
                package r;

                public class Pool {
                    static final Object REGISTRY = new Object();
                    @GuardedBy("REGISTRY") static int pools;
                    @GuardedBy("this") int leased;

                    public Pool() {
                        synchronized (REGISTRY) {
                            Pool.pools++;
                        }
                    }

                    public synchronized int leased() {
                        return leased;
                    }

                    public static int pools() {
                        synchronized (REGISTRY) {
                            return Pool.pools;
                        }
                    }

                    public static void reset() {
                        // BUG: data-race contains "`Pool.pools` is written in `Pool.reset` (`Pool.pools`) without a lock"
                        Pool.pools = 0;
                    }

                    public class Lease {
                        public void take() {
                            synchronized (Pool.this) {
                                Pool.this.leased++;
                            }
                        }

                        public void drop() {
                            // BUG: data-race contains "`Pool.leased` is updated in `Pool.Lease.drop` (`Pool.this.leased`) without a lock"
                            Pool.this.leased--;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aThreadSubclassUpdatingAFieldOthersRead() {
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                public class Copier extends Thread {
                    private long copied;
                    private int rounds;
                    private final Object lock = new Object();
                    private int safe;

                    @Override
                    public void run() {
                        // BUG: data-race contains "`Copier.copied` is updated in `Copier.run` (`copied`) without a lock"
                        copied += 512;
                        synchronized (lock) {
                            safe++;
                        }
                        int local = rounds;
                    }

                    public long copied() {
                        return copied;
                    }

                    public int safe() {
                        synchronized (lock) {
                            return safe;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void twoPublicMethodsOfALockingClassRaceOnlyOnStateSomeAccessGuards() {
        // The class takes a lock for its queue; its options are set by one method and read by the next one the
        // same thread calls: being public does not make the two run at once. The hit counter is locked where it
        // is written, so the class expects threads on it: the unlocked read races. A static is one location
        // for every thread: its unlocked lazy initialization races too.
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;

                public class Launcher {
                    private final List<String> queue = new ArrayList<>();
                    private String proxy;
                    private int verbosity;
                    private int hits;

                    public void parse(String[] args) {
                        proxy = args[0];
                        verbosity++;
                    }

                    public void run() {
                        String line = proxy + verbosity;
                        synchronized (queue) {
                            queue.add(line);
                        }
                    }

                    public synchronized void hit() {
                        hits++;
                    }

                    private static Launcher last;

                    public static Launcher last() {
                        if (last == null) {
                            // BUG: data-race contains "`Launcher.last` is written in `Launcher.last`"
                            last = new Launcher();
                        }
                        return last;
                    }

                    public int hits() {
                        // BUG: data-race contains "`Launcher.hits` is read in `Launcher.hits` (`hits`) without a lock, while `Launcher.hit` updates it under a lock this code does not take"
                        return hits;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aPublicMethodSomeTaskCallsIsNoTaskOfItsClass() {
        // A task of another class calls the message's getter: the message it reaches is the one it was handed,
        // not every message; the message class takes no lock, so its setter and getter do not race.
        // The sender's own task, though, shares the sender's state with its callers.
        RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                public class Message {
                    private String producer;

                    public void producer(String p) {
                        producer = p;
                    }

                    public String producer() {
                        return producer;
                    }
                }
                """).source("""
                package r;

                import java.util.concurrent.ExecutorService;

                public class Sender {
                    private int sent;

                    public void send(ExecutorService pool, Message m) {
                        pool.execute(() -> {
                            System.out.println(m.producer());
                            // BUG: data-race contains "tasks an executor runs, several at once"
                            sent++;
                        });
                    }

                    public int sent() {
                        return sent;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void confidenceFollowsTheEvidenceOfTwoThreads() {
        List<Finding> found = RuleTester.forRule(DataRace.class, dir).source("""
                package r;

                public class Pump extends Thread {
                    private long pumped;
                    private int limit;
                    private boolean running = true;
                    private String name;
                    private int errors;

                    @Override
                    public void run() {
                        while (running && pumped < limit) {
                            // BUG: data-race contains "`Pump.pumped` is updated in `Pump.run`"
                            pumped++;
                        }
                        synchronized (this) {
                            errors++;
                        }
                    }

                    public void setLimit(int limit) {
                        // BUG: data-race contains "`Pump.limit` is written in `Pump.setLimit`"
                        this.limit = limit;
                    }

                    public void setRunning(boolean running) {
                        // BUG: data-race contains "`Pump.running` is written in `Pump.setRunning`"
                        this.running = running;
                    }

                    public long pumped() {
                        return pumped;
                    }

                    @Override
                    public String toString() {
                        // BUG: data-race contains "`Pump.errors` is read in `Pump.toString`"
                        return "pump " + errors;
                    }

                    public int errors() {
                        // BUG: data-race contains "`Pump.errors` is read in `Pump.errors`"
                        return errors;
                    }
                }
                """).source("""
                package r;

                import java.util.concurrent.ExecutorService;

                public class Batches {
                    private int done;

                    public void submit(ExecutorService pool) {
                        pool.execute(() -> {
                            // BUG: data-race contains "`Batches.done` is updated in"
                            done++;
                        });
                    }

                    public int done() {
                        return done;
                    }

                    private long waited;

                    public void watch() {
                        new Thread(() -> {
                            // BUG: data-race contains "`Batches.waited` is updated in"
                            waited += 10;
                        }).start();
                    }

                    public long waited() {
                        return waited;
                    }
                }
                """).expectMarkedFindings();
        java.util.Map<String, dev.threadguard.rules.Confidence> byMember = new java.util.TreeMap<>();
        for (Finding f : found) {
            byMember.put(f.message().substring(0, f.message().indexOf(" (")), f.confidence());
        }
        assertEquals(java.util.Map.of(
                "`Pump.pumped` is updated in `Pump.run`", dev.threadguard.rules.Confidence.HIGH,
                "`Pump.limit` is written in `Pump.setLimit`", dev.threadguard.rules.Confidence.LOW,
                "`Pump.running` is written in `Pump.setRunning`", dev.threadguard.rules.Confidence.HIGH,
                "`Pump.errors` is read in `Pump.toString`", dev.threadguard.rules.Confidence.LOW,
                "`Pump.errors` is read in `Pump.errors`", dev.threadguard.rules.Confidence.HIGH),
                byMember.entrySet().stream().filter(e -> e.getKey().startsWith("`Pump"))
                        .collect(java.util.stream.Collectors.toMap(e -> e.getKey(), e -> e.getValue())),
                "a thread of the class against another entry point: high; a setter's write or a toString read: low,"
                        + " but not a setter's write of a flag that the thread's loop reads");
        assertEquals(List.of(dev.threadguard.rules.Confidence.MEDIUM, dev.threadguard.rules.Confidence.MEDIUM), found.stream()
                        .filter(f -> f.message().startsWith("`Batches")).map(Finding::confidence).toList(),
                "an executor handed in may be one thread that runs the caller's code too, and a lambda is no"
                        + " Thread subclass whose run() the class holds: medium");
    }
}
