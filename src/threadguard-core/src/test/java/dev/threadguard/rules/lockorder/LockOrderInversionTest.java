package dev.threadguard.rules.lockorder;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import dev.threadguard.rules.TraceStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LockOrderInversionTest {

    @TempDir
    Path dir;

    @Test
    void twoFieldLocksOfOneClassTakenInOppositeOrders() {
        List<Finding> findings = RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package inv;

                class Inventory {
                    private final Object stock = new Object();
                    private final Object orders = new Object();
                    private int onHand, pending;

                    void reserve() {
                        synchronized (orders) {
                            // BUG: lock-order-inversion contains "`Inventory.reserve()` and `Inventory.restock()` take `Inventory.orders` and `Inventory.stock` in opposite orders"
                            synchronized (stock) {
                                onHand--;
                                pending++;
                            }
                        }
                    }

                    void restock() {
                        synchronized (stock) {
                            synchronized (orders) {
                                onHand += pending;
                                pending = 0;
                            }
                        }
                    }

                    void count() {
                        synchronized (orders) {
                            synchronized (stock) {
                                onHand++;
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
        List<TraceStep> trace = findings.get(0).trace();
        assertThat(trace).extracting(TraceStep::thread).containsExactly(1, 1, 2, 2);
        assertThat(trace.get(0).message()).isEqualTo("`Inventory.reserve()` takes `orders` (Inventory.orders)");
        assertThat(trace.get(1).message()).isEqualTo("`Inventory.reserve()` takes `stock` (Inventory.stock)");
        assertThat(trace.get(2).message()).isEqualTo("`Inventory.restock()` takes `stock` (Inventory.stock)");
        assertThat(trace.get(3).pos().line()).isEqualTo(20);
    }

    @Test
    void synchronizedMethodsOfTwoClassesCallingEachOther() {
        List<Finding> findings = RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package shop;

                class Order {
                    private final Customer customer;
                    private boolean shipped;

                    Order(Customer customer) {
                        this.customer = customer;
                    }

                    synchronized void ship() {
                        shipped = true;
                        customer.notifyShipped(this);
                    }

                    synchronized void cancel() {
                        shipped = false;
                    }
                }
                """).source("""
                package shop;

                import java.util.ArrayList;
                import java.util.List;

                class Customer {
                    private final List<Order> orders = new ArrayList<>();
                    private int shippedCount;

                    synchronized void notifyShipped(Order o) {
                        shippedCount++;
                    }

                    synchronized void closeAccount() {
                        for (Order o : orders) {
                            // BUG: lock-order-inversion contains "`Customer.closeAccount()` and `Order.ship()` take `Customer.this` and `Order.this` in opposite orders"
                            cancelOne(o);
                        }
                    }

                    private void cancelOne(Order o) {
                        o.cancel();
                    }
                }
                """).expectMarkedFindings();
        List<String> notes = findings.get(0).trace().stream().map(TraceStep::message).toList();
        assertThat(notes).containsExactly(
                "`Customer.closeAccount()` takes `Customer.this`",
                "calls `Customer.cancelOne()`",
                "calls `Order.cancel()`",
                "`Order.cancel()` takes `Order.this`",
                "`Order.ship()` takes `Order.this`",
                "calls `Customer.notifyShipped()`",
                "`Customer.notifyShipped()` takes `Customer.this`");
    }

    @Test
    void bankTransferOnTwoParametersOfOneClass() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package bank;

                class Account {
                    final long id;
                    long balance;

                    Account(long id) {
                        this.id = id;
                    }
                }
                """).source("""
                package bank;

                class Bank {
                    void transfer(Account from, Account to, long amount) {
                        synchronized (from) {
                            // BUG: lock-order-inversion contains "`Bank.transfer()` takes two `Account` locks, `from` then `to`"
                            synchronized (to) {
                                from.balance -= amount;
                                to.balance += amount;
                            }
                        }
                    }

                    void transferOrdered(Account from, Account to, long amount) {
                        Account first = from.id < to.id ? from : to;
                        Account second = first == from ? to : from;
                        synchronized (first) {
                            synchronized (second) {
                                from.balance -= amount;
                                to.balance += amount;
                            }
                        }
                    }

                    void transferByIdentity(Account a, Account b, long amount) {
                        if (System.identityHashCode(a) < System.identityHashCode(b)) {
                            synchronized (a) {
                                synchronized (b) {
                                    a.balance -= amount;
                                }
                            }
                        } else {
                            synchronized (b) {
                                synchronized (a) {
                                    a.balance -= amount;
                                }
                            }
                        }
                    }

                    void audit(Account a) {
                        synchronized (a) {
                            synchronized (a) {
                                a.balance += 0;
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void synchronizedMethodCallingTheSameMethodOnAnotherInstance() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package wallet;

                class Wallet {
                    private long cents;

                    synchronized void moveTo(Wallet other, long amount) {
                        cents -= amount;
                        // BUG: lock-order-inversion contains "`Wallet.moveTo()` takes two `Wallet` locks, `Wallet.this` then `other`"
                        other.receive(amount);
                    }

                    synchronized void receive(long amount) {
                        cents += amount;
                    }

                    synchronized void selfTopUp(long amount) {
                        receive(amount);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void threeReentrantLocksInACycle() {
        List<Finding> findings = RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package pipe;

                import java.util.concurrent.locks.ReentrantLock;

                class Pipeline {
                    private final ReentrantLock intake = new ReentrantLock();
                    private final ReentrantLock staging = new ReentrantLock();
                    private final ReentrantLock output = new ReentrantLock();

                    void accept() {
                        intake.lock();
                        try {
                            // BUG: lock-order-inversion contains "take `Pipeline.intake`, `Pipeline.staging` and `Pipeline.output` in a cycle"
                            reserve();
                        } finally {
                            intake.unlock();
                        }
                    }

                    private void reserve() {
                        staging.lock();
                        try {
                            flush();
                        } finally {
                            staging.unlock();
                        }
                    }

                    void stage() {
                        staging.lock();
                        try {
                            output.lock();
                            try {
                                flush();
                            } finally {
                                output.unlock();
                            }
                        } finally {
                            staging.unlock();
                        }
                    }

                    private void flush() {
                    }

                    void drain() {
                        final ReentrantLock out = this.output;
                        out.lock();
                        try {
                            intake.lock();
                            try {
                                flush();
                            } finally {
                                intake.unlock();
                            }
                        } finally {
                            out.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings.get(0).trace()).extracting(TraceStep::thread).containsExactly(1, 1, 1, 2, 2, 3, 3);
    }

    @Test
    void consistentOrderTriedLocksAndAGateLockAreNoCycle() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package ok;

                import java.util.concurrent.locks.Lock;
                import java.util.concurrent.locks.ReentrantLock;

                class Cache {
                    private final Object index = new Object();
                    private final Object data = new Object();
                    private final Object gate = new Object();
                    private final Lock a = new ReentrantLock();
                    private final Lock b = new ReentrantLock();

                    void put() {
                        synchronized (index) {
                            synchronized (data) {
                            }
                        }
                    }

                    void evict() {
                        synchronized (index) {
                            synchronized (data) {
                            }
                        }
                    }

                    void one() {
                        synchronized (gate) {
                            synchronized (index) {
                                synchronized (gate) {
                                }
                            }
                        }
                    }

                    void ab() {
                        a.lock();
                        try {
                            if (b.tryLock()) {
                                try {
                                } finally {
                                    b.unlock();
                                }
                            }
                        } finally {
                            a.unlock();
                        }
                    }

                    void ba() {
                        b.lock();
                        try {
                            a.lock();
                            try {
                            } finally {
                                a.unlock();
                            }
                        } finally {
                            b.unlock();
                        }
                    }


                    void later() {
                        synchronized (data) {
                            new Thread(() -> {
                                synchronized (index) {
                                }
                            }).start();
                        }
                    }
                }
                """).source("""
                package ok;

                class Gated {
                    private final Object x = new Object();
                    private final Object y = new Object();
                    private static final Object GATE = new Object();

                    void xy() {
                        synchronized (GATE) {
                            synchronized (x) {
                                synchronized (y) {
                                }
                            }
                        }
                    }

                    static void yx(Gated g) {
                        synchronized (GATE) {
                            synchronized (g.y) {
                                synchronized (g.x) {
                                }
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void mutualRecursionReachesAFixpoint() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package rec;

                class Tree {
                    private final Object left = new Object();
                    private final Object right = new Object();

                    void walkLeft(int n) {
                        if (n > 0) {
                            walkRight(n - 1);
                        }
                        synchronized (left) {
                        }
                    }

                    void walkRight(int n) {
                        if (n > 0) {
                            walkLeft(n - 1);
                        }
                        synchronized (right) {
                        }
                    }

                    void fromLeft() {
                        synchronized (left) {
                            // BUG: lock-order-inversion contains "`Tree.fromLeft()` and `Tree.fromRight()` take `Tree.left` and `Tree.right`"
                            walkRight(3);
                        }
                    }

                    void fromRight() {
                        synchronized (right) {
                            walkLeft(3);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aHelperOnlyCalledWithTheLockHeldTakesItReentrantly() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package net;

                class Packet {
                    private byte[] data = new byte[0];

                    synchronized byte[] data() {
                        return data;
                    }
                }
                """).source("""
                package net;

                import java.util.concurrent.locks.ReentrantLock;

                class Channel {
                    private final ReentrantLock readLock = new ReentrantLock();

                    public void receive(Packet p) {
                        synchronized (p) {
                            receiveInto(p);
                        }
                    }

                    private void receiveInto(Packet p) {
                        readLock.lock();
                        try {
                            p.data();
                        } finally {
                            readLock.unlock();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aGateLockHeldByEveryCallerOfBothHelpersMeansNoCycle() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package gate;

                class Ledger {
                    private final Object gate = new Object();
                    private final Object debit = new Object();
                    private final Object credit = new Object();

                    public void post() {
                        synchronized (gate) {
                            postInOrder();
                        }
                    }

                    public void reverse() {
                        synchronized (gate) {
                            reverseInOrder();
                        }
                    }

                    private void postInOrder() {
                        synchronized (debit) {
                            synchronized (credit) {
                            }
                        }
                    }

                    private void reverseInOrder() {
                        synchronized (credit) {
                            synchronized (debit) {
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aSubclassAndItsSuperclassShareOneMonitor() {
        // ping() re-enters the monitor it holds: no Child/Base cycle. adopt(c) on two objects, each given the
        // other, is a real one: a monitor and then another object's, in the order the callers chose.
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package sub;

                class Base {
                    private int n;

                    protected synchronized void touch() {
                        n++;
                    }

                    public synchronized void adopt(Child c) {
                        // BUG: lock-order-inversion contains "`Base.adopt()` takes two `Base` locks, `Base.this` then `c`"
                        c.ping();
                    }
                }
                """).source("""
                package sub;

                class Child extends Base {
                    public synchronized void ping() {
                        touch();
                        super.touch();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aComparisonThatDoesNotInvolveTheLocksOrdersNothing() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package cmp;

                class Acct {
                    long id;
                    long balance;
                }
                """).source("""
                package cmp;

                class Bank {
                    void guarded(Acct from, Acct to, long amount) {
                        if (amount > 0) {
                            synchronized (from) {
                                // BUG: lock-order-inversion contains "`Bank.guarded()` takes two `Acct` locks, `from` then `to`"
                                synchronized (to) {
                                    from.balance -= amount;
                                }
                            }
                        }
                    }

                    void ordered(Acct a, Acct b, long amount) {
                        if (a.id < b.id) {
                            synchronized (a) {
                                synchronized (b) {
                                    a.balance -= amount;
                                }
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aMethodReferenceRunOnTheSpotIsACallUnderTheLock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package log;

                import java.util.ArrayList;
                import java.util.List;
                import java.util.concurrent.ExecutorService;

                class Log {
                    private final Object bufLock = new Object();
                    private final Object fileLock = new Object();
                    private final List<String> buf = new ArrayList<>();

                    private void write(String s) {
                        synchronized (fileLock) {
                        }
                    }

                    public void flush() {
                        synchronized (bufLock) {
                            // BUG: lock-order-inversion contains "`Log.flush()` and `Log.rotate()` take `Log.bufLock` and `Log.fileLock`"
                            buf.forEach(this::write);
                        }
                    }

                    public void flushLater(ExecutorService pool) {
                        synchronized (bufLock) {
                            pool.execute(this::rotate);
                        }
                    }

                    public void rotate() {
                        synchronized (fileLock) {
                            synchronized (bufLock) {
                                buf.clear();
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aLambdaRunAtOnceByAProjectMethodTakesItsLocksUnderThatMethodsLocks() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package inv;

                import java.util.ArrayList;
                import java.util.List;

                class Shelf {
                    private final Object stock = new Object();
                    private final Object orders = new Object();
                    private final List<Runnable> later = new ArrayList<>();
                    private int onHand;

                    private void withStock(Runnable r) {
                        synchronized (stock) {
                            r.run();
                        }
                    }

                    private void afterStock(Runnable r) {
                        synchronized (stock) {
                            later.add(r);
                        }
                    }

                    void reserve() {
                        synchronized (orders) {
                            // BUG: lock-order-inversion contains "`Shelf.reserve()` and `Shelf.restock()` take `Shelf.orders` and `Shelf.stock` in opposite orders"
                            synchronized (stock) {
                                onHand--;
                            }
                        }
                    }

                    void restock() {
                        withStock(() -> {
                            synchronized (orders) {
                                onHand++;
                            }
                        });
                    }

                    void restockLater() {
                        afterStock(() -> {
                            synchronized (orders) {
                                onHand++;
                            }
                        });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aHelperOnlyTheUiThreadReachesRunsOnThatThreadAlone() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package ui;

                @interface UiThread {
                }
                """).source("""
                package ui;

                public class Screen {
                    private final Object layout = new Object();
                    private final Object paint = new Object();

                    @UiThread
                    public void draw() {
                        synchronized (layout) {
                            synchronized (paint) {
                                System.out.println("draw");
                            }
                        }
                    }

                    @UiThread
                    public void scroll() {
                        relayout();
                    }

                    private void relayout() {
                        synchronized (paint) {
                            synchronized (layout) {
                                System.out.println("relayout");
                            }
                        }
                    }
                }
                """).source("""
                package ui;

                public class Panel {
                    private final Object layout = new Object();
                    private final Object paint = new Object();

                    @UiThread
                    public void draw() {
                        synchronized (layout) {
                            // BUG: lock-order-inversion contains "`Panel.draw()` and `Panel.relayout()` take"
                            synchronized (paint) {
                                System.out.println("draw");
                            }
                        }
                    }

                    public void refresh() {
                        relayout();
                    }

                    private void relayout() {
                        synchronized (paint) {
                            synchronized (layout) {
                                System.out.println("relayout");
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void siblingClassesEachLockingOnlyThemselvesThroughAVirtualCallOnThisAreNoCycle() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package sib;

                abstract class Handle {
                    boolean closed;

                    abstract void close();

                    void checkOpen() {
                        if (closed) {
                            close();
                        }
                    }
                }

                class Reader extends Handle {
                    synchronized void close() {
                        closed = true;
                    }

                    synchronized int read() {
                        checkOpen();
                        return 1;
                    }
                }

                class Writer extends Handle {
                    synchronized void close() {
                        closed = true;
                    }

                    synchronized void write(int b) {
                        checkOpen();
                    }
                }

                class Handles {
                    static Handle reader() {
                        return new Reader();
                    }

                    static Handle writer() {
                        return new Writer();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aVirtualCallOnThisReachingASubclassStillCloses() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package sub;

                abstract class Sink {
                    static final Object LOG = new Object();

                    abstract void flush();

                    void check() {
                        flush();
                    }

                    void audit() {
                        synchronized (LOG) {
                            // BUG: lock-order-inversion contains "`Sink.audit()` and `FileSink.write()` take `Sink.LOG` and `FileSink.this` in opposite orders"
                            check();
                        }
                    }
                }

                class FileSink extends Sink {
                    synchronized void flush() {
                    }

                    synchronized void write() {
                        synchronized (LOG) {
                        }
                    }

                    static Sink open() {
                        return new FileSink();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aConstructorLockingItsOwnFreshObjectClosesNoCycle() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package fresh;

                class Registry {
                    static final Object GLOBAL = new Object();
                    private int size;

                    Registry() {
                        synchronized (this) {
                            synchronized (GLOBAL) {
                                size = 1;
                            }
                        }
                    }

                    Registry(int n) {
                        synchronized (GLOBAL) {
                            grow(n);
                        }
                    }

                    synchronized void grow(int n) {
                        size += n;
                    }

                    void register() {
                        synchronized (GLOBAL) {
                            grow(1);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aMethodLockingLikeTheConstructorIsStillACycle() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package fresh2;

                class Registry {
                    static final Object GLOBAL = new Object();
                    private int size;

                    synchronized void reset() {
                        synchronized (GLOBAL) {
                            size = 0;
                        }
                    }

                    synchronized void grow(int n) {
                        size += n;
                    }

                    void register() {
                        synchronized (GLOBAL) {
                            // BUG: lock-order-inversion
                            grow(1);
                        }
                    }
                }
                """).expectMarkedFindings();
    }
}
