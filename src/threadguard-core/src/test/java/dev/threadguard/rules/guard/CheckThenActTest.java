package dev.threadguard.rules.guard;

import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CheckThenActTest {

    @TempDir
    Path dir;

    private RuleTester tester() {
        return RuleTester.forRule(CheckThenAct.class, dir);
    }

    @Test
    void mapsTestedThenWrittenInTwoCalls() {
        List<Finding> findings = tester().source("""
                package depot;

                import java.util.Map;
                import java.util.concurrent.ConcurrentHashMap;
                import java.util.concurrent.ConcurrentMap;
                import java.util.concurrent.ConcurrentSkipListMap;

                class Ledger {
                    private final ConcurrentMap<String, Account> accounts = new ConcurrentHashMap<>();
                    private final Map<String, Integer> visits = new ConcurrentHashMap<>();
                    private final ConcurrentSkipListMap<Long, String> journal = new ConcurrentSkipListMap<>();

                    Account open(String iban) {
                        // BUG: check-then-act contains "use `computeIfAbsent(iban, ...)`"
                        if (!accounts.containsKey(iban)) {
                            accounts.put(iban, new Account(iban));
                        }
                        return accounts.get(iban);
                    }

                    Account find(String iban) {
                        Account found = this.accounts.get(iban);
                        // BUG: check-then-act contains "checked with `get(iban)`"
                        if (found == null) {
                            found = new Account(iban);
                            audit(iban);
                            this.accounts.put(iban, found);
                        }
                        return found;
                    }

                    void visit(String page) {
                        Integer seen = visits.get(page);
                        // BUG: check-then-act contains "`merge(page, ...)`"
                        if (seen == null) {
                            visits.put(page, 1);
                        } else {
                            visits.put(page, seen + 1);
                        }
                    }

                    String note(long at, String text) {
                        String old;
                        // BUG: check-then-act
                        if ((old = journal.get(at)) != null) {
                            return old;
                        }
                        journal.put(at, text);
                        return text;
                    }

                    void reopen(String iban) {
                        // BUG: check-then-act
                        if (accounts.containsKey(iban)) return;
                        accounts.put(iban, new Account(iban));
                    }

                    void audit(String iban) { }
                }

                class Account { Account(String iban) { } }
                """).expectMarkedFindings();
        assertThat(findings).allMatch(f -> f.confidence() == Confidence.HIGH);
        assertThat(findings.get(0).trace()).hasSize(1);
    }

    @Test
    void queuesTestedForEmptinessThenTaken() {
        tester().source("""
                package depot;

                import java.util.concurrent.BlockingQueue;
                import java.util.concurrent.ConcurrentLinkedDeque;
                import java.util.concurrent.LinkedBlockingQueue;

                class Dispatcher {
                    private final BlockingQueue<Runnable> inbox = new LinkedBlockingQueue<>();

                    void drainOne() {
                        // BUG: check-then-act contains "call `poll()` once and test its result for null"
                        if (!inbox.isEmpty()) {
                            inbox.poll().run();
                        }
                    }

                    void steal(ConcurrentLinkedDeque<Runnable> victim) {
                        // BUG: check-then-act contains "`removeLast()`"
                        if (victim.isEmpty()) return;
                        Runnable r = victim.removeLast();
                        r.run();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void unresolvedTypesAreMatchedByNameWithLowConfidence() {
        List<Finding> findings = tester().source("""
                package depot;

                import org.jctools.maps.ConcurrentHashMap;

                class Shelf {
                    private final ConcurrentHashMap<String, String> labels = new ConcurrentHashMap<>();

                    void label(String k) {
                        // BUG: check-then-act contains "[type not resolved: matched by type name]"
                        if (labels.get(k) == null) labels.put(k, k.toUpperCase());
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(Finding::confidence).containsExactly(Confidence.LOW);
    }

    @Test
    void lockedPlainDifferentKeyOrConfinedIsNotReported() {
        tester().source("""
                package depot;

                import java.util.HashMap;
                import java.util.Map;
                import java.util.Queue;
                import java.util.ArrayDeque;
                import java.util.concurrent.ConcurrentHashMap;
                import java.util.concurrent.ConcurrentMap;
                import java.util.concurrent.locks.Lock;
                import java.util.concurrent.locks.ReentrantLock;

                class Warehouse {
                    private final ConcurrentMap<String, Integer> stock = new ConcurrentHashMap<>();
                    private final Map<String, Integer> plain = new HashMap<>();
                    private final Queue<String> todo = new ArrayDeque<>();
                    private final Lock lock = new ReentrantLock();

                    Warehouse(Map<String, Integer> seed) {
                        if (!stock.containsKey("spare")) {
                            stock.put("spare", 0);        // the constructor runs before anyone shares stock
                        }
                    }

                    synchronized void restock(String sku) {
                        if (!stock.containsKey(sku)) {
                            stock.put(sku, 10);           // the monitor covers both calls
                        }
                    }

                    void restockLocked(String sku) {
                        lock.lock();
                        try {
                            if (stock.get(sku) == null) {
                                stock.put(sku, 10);
                            }
                        } finally {
                            lock.unlock();
                        }
                    }

                    void ownLockMethods(String sku) {
                        acquire(sku);
                        try {
                            Integer count = stock.get(sku);
                            if (count != null) {
                                return;
                            }
                            stock.put(sku, 5);            // between acquire and a finally release: a lock of its own
                        } finally {
                            release(sku);
                        }
                    }

                    void acquire(String sku) { }
                    void release(String sku) { }

                    void plainMap(String sku) {
                        if (!plain.containsKey(sku)) {
                            plain.put(sku, 1);            // not a concurrent map: another rule's business
                        }
                        if (!todo.isEmpty()) {
                            todo.poll();
                        }
                    }

                    void otherKey(String sku) {
                        if (!stock.containsKey(sku)) {
                            stock.put(sku.toLowerCase(), 1);
                        }
                    }

                    void atomicAlready(String sku) {
                        stock.putIfAbsent(sku, 1);
                        stock.merge(sku, 1, Integer::sum);
                        if (!stock.containsKey(sku)) {
                            stock.putIfAbsent(sku, 1);    // the write is itself conditional
                        }
                        if (stock.containsKey(sku)) {
                            stock.put(sku, 2);            // replaces a present key: nothing absent to race on
                        }
                    }

                    void freshLocal(String sku) {
                        ConcurrentMap<String, Integer> batch = new ConcurrentHashMap<>();
                        if (!batch.containsKey(sku)) {
                            batch.put(sku, 1);            // nobody else can see batch yet
                        }
                    }

                    void lockAroundPutOnly(String sku) {
                        if (!stock.containsKey(sku)) {
                            Runnable later = () -> stock.put(sku, 1);   // runs elsewhere, later
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aLockAroundTheWriteAloneDoesNotHelp() {
        tester().source("""
                package depot;

                import java.util.concurrent.ConcurrentHashMap;

                class Tally {
                    private final ConcurrentHashMap<String, Long> totals = new ConcurrentHashMap<>();
                    private final Object guard = new Object();

                    void add(String k) {
                        // BUG: check-then-act
                        if (!totals.containsKey(k)) {
                            synchronized (guard) {
                                totals.put(k, 0L);
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void checksJoinedByAndStillGuardTheThenBranch() {
        RuleTester.forRule(CheckThenAct.class, dir).source("""
                import java.util.concurrent.ConcurrentHashMap;

                class Shapes {
                    private final ConcurrentHashMap<String, Object> shapes = new ConcurrentHashMap<>();

                    void add(boolean on, String k, Object o) {
                        // BUG: check-then-act
                        if (on && !shapes.containsKey(k)) {
                            shapes.put(k, o);
                        }
                        // BUG: check-then-act
                        if (o instanceof CharSequence cs && !shapes.containsKey(k)) {
                            shapes.put(k, cs);
                        }
                    }

                    void elseBranchKnowsNothing(boolean on, String k, Object o) {
                        if (on && shapes.containsKey(k)) {
                            System.out.println("present");
                        } else {
                            shapes.put(k, o);
                        }
                        if (on && shapes.containsKey(k)) {
                            return;
                        }
                        shapes.put(k, o);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aTryWithResourcesResourceIsNoLockAroundTheCheck() {
        tester().source("""
                package depot;

                import java.io.StringReader;
                import java.util.concurrent.ConcurrentHashMap;
                import java.util.concurrent.ConcurrentMap;

                class Importer {
                    private final ConcurrentMap<String, String> seen = new ConcurrentHashMap<>();

                    void read(String iban) throws Exception {
                        try (StringReader in = new StringReader(iban)) {
                            // BUG: check-then-act
                            if (!seen.containsKey(iban)) {
                                seen.put(iban, String.valueOf(in.read()));
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }
}
