package dev.threadguard.rules.guard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LockFieldReassignedTest {

    @TempDir
    Path dir;

    @Test
    void monitorFieldAssignedAfterConstruction() {
        RuleTester.forRule(LockFieldReassigned.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;

                class Journal {
                    private List<String> entries = new ArrayList<>();

                    void add(String e) {
                        // BUG: lock-field-reassigned contains "`Journal.add` locks `Journal.entries`, a field that `Journal.rotate` assigns (line 17)"
                        synchronized (entries) {
                            entries.add(e);
                        }
                    }

                    void rotate() {
                        entries = new ArrayList<>();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void explicitLockFieldReplacedAndLazyMonitor() {
        RuleTester.forRule(LockFieldReassigned.class, dir).source("""
                package r;

                import java.util.concurrent.locks.ReentrantLock;

                class Gate {
                    private ReentrantLock lock = new ReentrantLock();
                    private Object monitor;
                    private int open;

                    void reset() {
                        lock = new ReentrantLock();
                    }

                    void enter() {
                        // BUG: lock-field-reassigned contains "`Gate.lock`"
                        lock.lock();
                        try {
                            open++;
                        } finally {
                            lock.unlock();
                        }
                    }

                    void leave() {
                        if (monitor == null) {
                            monitor = new Object();
                        }
                        // BUG: lock-field-reassigned contains "`Gate.monitor`"
                        synchronized (this.monitor) {
                            open--;
                        }
                        synchronized (monitor) {
                            open--;
                        }
                    }

                    class Inner {
                        void touch() {
                            synchronized (monitor) {
                                open++;
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void finalOrConstructorOnlyFieldsAreLeftAlone() {
        RuleTester.forRule(LockFieldReassigned.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;

                class Ledger {
                    private final Object lock = new Object();
                    private Object other;
                    private List<String> lines = new ArrayList<>();
                    private final List<String> kept = new ArrayList<>();

                    Ledger() {
                        other = new Object();
                    }

                    {
                        lines = new ArrayList<>();
                    }

                    void add(String s) {
                        synchronized (lock) {
                            lines = new ArrayList<>(lines);
                            lines.add(s);
                        }
                        synchronized (other) {
                            kept.add(s);
                        }
                        synchronized (kept) {
                            kept.clear();
                        }
                    }

                    void replace(List<String> fresh) {
                        List<String> lines = fresh;
                        synchronized (lines) {
                            lines.clear();
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void assignmentsInMethodsOnlyConstructionCallsAreLeftAlone() {
        RuleTester.forRule(LockFieldReassigned.class, dir).source("""
                package r;

                import java.io.IOException;
                import java.io.ObjectInputStream;
                import java.util.ArrayList;
                import java.util.List;

                class Pool implements java.io.Serializable {
                    private static List<String> shared;
                    private transient List<String> items = new ArrayList<>();
                    private List<String> spare;
                    private List<String> extra;
                    private final List<String> made = make();

                    static {
                        setUp();
                    }

                    Pool() {
                        reset();
                    }

                    private static void setUp() {
                        shared = new ArrayList<>();
                    }

                    private void reset() {
                        fill();
                    }

                    private void fill() {
                        spare = new ArrayList<>();
                    }

                    private List<String> make() {
                        extra = new ArrayList<>();
                        return extra;
                    }

                    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
                        in.defaultReadObject();
                        items = new ArrayList<>();
                    }

                    void use(String s) {
                        synchronized (shared) {
                            shared.add(s);
                        }
                        synchronized (items) {
                            items.add(s);
                        }
                        synchronized (spare) {
                            spare.add(s);
                        }
                        synchronized (extra) {
                            extra.add(s);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void privateMethodCalledAfterConstructionCounts() {
        RuleTester.forRule(LockFieldReassigned.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;

                class Buffer {
                    private List<String> lines = new ArrayList<>();

                    Buffer() {
                        swap();
                    }

                    private void swap() {
                        lines = new ArrayList<>();
                    }

                    void flush() {
                        swap();
                    }

                    void add(String s) {
                        // BUG: lock-field-reassigned contains "a field that `Buffer.swap` assigns"
                        synchronized (lines) {
                            lines.add(s);
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFieldReplacedUnderItsOwnLockIsHighASetterMedium() {
        List<Finding> findings = RuleTester.forRule(LockFieldReassigned.class, dir).source("""
                package s;

                import java.util.Properties;

                class Users {
                    private Properties data = new Properties();
                    private Object context = new Object();
                    private Object state = new Object();
                    private int reads;

                    void refresh() {
                        // BUG: lock-field-reassigned contains "`Users.data`, a field that `Users.load` assigns"
                        synchronized (data) {
                            load();
                        }
                    }

                    private void load() {
                        data = new Properties();
                    }

                    void setContext(Object c) {
                        context = c;
                    }

                    void lookup() {
                        // BUG: lock-field-reassigned contains "`Users.context`"
                        synchronized (context) {
                            reads++;
                        }
                    }

                    void swap() {
                        // BUG: lock-field-reassigned contains "`Users.state`"
                        synchronized (state) {
                            state = new Object();
                        }
                    }
                }
                """).expectMarkedFindings();
        // Reassigned under its own monitor (directly or in a method called there): high. Set by a setter that never
        // locks it, most often once before use: medium.
        assertThat(findings).extracting(f -> (f.message().contains("`Users.data`") ? "data "
                : f.message().contains("`Users.context`") ? "context " : "state ") + f.confidence())
                .containsExactlyInAnyOrder("data HIGH", "context MEDIUM", "state HIGH");
    }
}
