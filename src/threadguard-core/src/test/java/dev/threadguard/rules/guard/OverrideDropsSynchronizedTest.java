package dev.threadguard.rules.guard;

import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OverrideDropsSynchronizedTest {

    @TempDir
    Path dir;

    @Test
    void overridesThatDropTheLock() {
        RuleTester.forRule(OverrideDropsSynchronized.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;

                class Basket {
                    protected final List<String> items = new ArrayList<>();

                    public synchronized void add(String item) {
                        items.add(item);
                    }

                    public synchronized int size() {
                        return items.size();
                    }

                    public synchronized boolean isOpen() {
                        return true;
                    }
                }
                """).source("""
                package r;

                class GiftBasket extends Basket {
                    private int wrapped;

                    // BUG: override-drops-synchronized contains "`GiftBasket.add` overrides `Basket.add`, which is synchronized, but is not"
                    @Override
                    public void add(String item) {
                        items.add("gift: " + item);
                    }

                    @Override
                    public boolean isOpen() {
                        return false;
                    }
                }
                """).source("""
                package r;

                class Hamper extends GiftBasket {
                    private int count;

                    // BUG: override-drops-synchronized contains "overrides `Basket.size`"
                    @Override
                    public int size() {
                        synchronized (items) {
                            count++;
                        }
                        return count;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void synchronizedOrDelegatingOverridesAreLeftAlone() {
        RuleTester.forRule(OverrideDropsSynchronized.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;

                class Queue {
                    protected final List<String> items = new ArrayList<>();

                    public synchronized void push(String s) {
                        items.add(s);
                    }

                    public synchronized void pop() {
                        items.remove(0);
                    }

                    public synchronized void clear() {
                        items.clear();
                    }

                    public void peek() {
                        items.get(0);
                    }

                    public static synchronized Queue create() {
                        return new Queue();
                    }
                }

                class LoggedQueue extends Queue {
                    @Override
                    public synchronized void push(String s) {
                        items.add(s.trim());
                    }

                    @Override
                    public void pop() {
                        System.out.println("pop");
                        super.pop();
                    }

                    @Override
                    public void clear() {
                        synchronized (this) {
                            items.clear();
                        }
                    }

                    @Override
                    public void peek() {
                        System.out.println(items.get(0));
                    }

                    public static Queue create() {
                        return new LoggedQueue();
                    }

                    public void push(int n) {
                        items.add(String.valueOf(n));
                    }
                }

                class Failure extends RuntimeException {
                    @Override
                    public Throwable fillInStackTrace() {
                        return this;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void forwardingToThreadSafeFieldsOrSynchronizedMethodsIsLeftAlone() {
        RuleTester.forRule(OverrideDropsSynchronized.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.ConcurrentHashMap;

                class Table {
                    protected final List<String> rows = new ArrayList<>();

                    public synchronized int size() {
                        return rows.size();
                    }

                    public synchronized void close() {
                        rows.clear();
                    }

                    public synchronized void flush() {
                        rows.clear();
                    }

                    public synchronized String get(String key) {
                        return rows.get(0);
                    }
                }

                class Settings extends Table {
                    private final ConcurrentHashMap<String, String> values = new ConcurrentHashMap<>();
                    private final List<String> log = new ArrayList<>();

                    @Override
                    public int size() {
                        return values.size();
                    }

                    @Override
                    public void close() {
                        flush();
                    }

                    // BUG: override-drops-synchronized contains "`Settings.get` overrides `Table.get`"
                    @Override
                    public String get(String key) {
                        log.add(key);
                        return values.get(key);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void anOverrideThatMakesNoneOfTheBaseCallsOnItsObjectIsLeftAlone() {
        RuleTester.forRule(OverrideDropsSynchronized.class, dir).source("""
                package r;

                import java.nio.ByteBuffer;

                abstract class Channel {
                    abstract long position();

                    abstract void position(long p);

                    abstract int read(ByteBuffer dst);

                    /** The lock only keeps the save, move, read, restore sequence whole. */
                    public synchronized int read(ByteBuffer dst, long at) {
                        long old = position();
                        position(at);
                        int n = read(dst);
                        position(old);
                        return n;
                    }
                }

                class MemoryChannel extends Channel {
                    private final byte[] data = new byte[64];
                    private long pos;

                    long position() {
                        return pos;
                    }

                    void position(long p) {
                        pos = p;
                    }

                    int read(ByteBuffer dst) {
                        return readAt(dst, pos);
                    }

                    private int readAt(ByteBuffer dst, long at) {
                        int n = Math.min(dst.remaining(), data.length - (int) at);
                        dst.put(data, (int) at, n);
                        return n;
                    }

                    @Override
                    public int read(ByteBuffer dst, long at) {
                        return readAt(dst, at);
                    }
                }

                class SeekingChannel extends Channel {
                    private long pos;

                    long position() {
                        return pos;
                    }

                    void position(long p) {
                        pos = p;
                    }

                    int read(ByteBuffer dst) {
                        return 0;
                    }

                    // BUG: override-drops-synchronized contains "`SeekingChannel.read` overrides `Channel.read`"
                    public int read(ByteBuffer dst, long at) {
                        long old = position();
                        position(at);
                        int n = read(dst);
                        position(old);
                        return n;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void anOverrideOfOnlyItsOwnStateIsMedium() {
        List<Finding> findings = RuleTester.forRule(OverrideDropsSynchronized.class, dir).source("""
                package s;

                import java.util.HashMap;
                import java.util.Map;

                class Component {
                    protected final Map<String, Object> children = new HashMap<>();
                    private String state = "new";

                    public synchronized void start() {
                        state = "started";
                    }

                    public synchronized boolean isReady() {
                        return state.equals("started");
                    }

                    public synchronized void add(String name, Object child) {
                        children.put(name, child);
                    }
                }
                """).source("""
                package s;

                class Server extends Component {
                    private volatile Object socket;
                    private int port;
                    private Object config;

                    synchronized void configure(Object c) {
                        config = c;
                    }

                    class Revision extends Component {
                        private volatile Object wiring;

                        // BUG: override-drops-synchronized contains "`Server.Revision.start` overrides `Component.start`"
                        @Override
                        public void start() {
                            wiring = config;
                        }
                    }

                    // BUG: override-drops-synchronized contains "`Server.start` overrides `Component.start`"
                    @Override
                    public void start() {
                        socket = new Object();
                    }

                    // BUG: override-drops-synchronized contains "`Server.isReady` overrides `Component.isReady`"
                    @Override
                    public boolean isReady() {
                        return children.isEmpty() && port > 0;
                    }
                }
                """).expectMarkedFindings();
        // start() sets only its own volatile field, Revision.start reads its enclosing object's field: medium. isReady() reads the map that add() fills under the lock:
        // high.
        assertThat(findings).extracting(f -> f.message().substring(0, f.message().indexOf('`', 1) + 1) + " "
                + f.confidence()).containsExactlyInAnyOrder("`Server.start` MEDIUM", "`Server.isReady` HIGH",
                "`Server.Revision.start` MEDIUM");
    }

    @Test
    void aNamesakeFieldOfAnotherClassIsOtherState() {
        List<Finding> findings = RuleTester.forRule(OverrideDropsSynchronized.class, dir).source("""
                package m;

                class Meter {
                    private int count;

                    public synchronized void tick() {
                        count++;
                    }

                    public synchronized void bump() {
                        count--;
                    }
                }
                """).source("""
                package m;

                class FastMeter extends Meter {
                    private int count;
                    private int hits;

                    // BUG: override-drops-synchronized contains "overrides `Meter.tick`"
                    @Override
                    public void tick() {
                        count += 2;
                    }

                    // BUG: override-drops-synchronized contains "overrides `Meter.bump`"
                    @Override
                    public void bump() {
                        hits++;
                    }

                    public synchronized int total() {
                        return hits;
                    }
                }
                """).expectMarkedFindings();
        // tick touches FastMeter#count, which no locked code uses (Meter's locked count is another field): medium;
        // bump writes FastMeter#hits, which total reads under the lock: high.
        assertThat(findings).extracting(f -> (f.message().contains("`Meter.tick`") ? "tick " : "bump ") + f.confidence())
                .containsExactlyInAnyOrder("tick " + Confidence.MEDIUM, "bump " + Confidence.HIGH);
    }
}
