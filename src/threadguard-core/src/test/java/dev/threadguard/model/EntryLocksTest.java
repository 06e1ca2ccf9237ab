package dev.threadguard.model;

import dev.threadguard.rules.guard.InconsistentSynchronization;
import dev.threadguard.rules.lockorder.LockOrderInversion;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Locks held on entry, across classes: one computation for the guard and lock-order families. */
class EntryLocksTest {

    @TempDir
    Path dir;

    private static final String WRITER = """
            package log;

            /** Buffers lines; the appender framework calls write() under the writer's monitor. */
            class Writer {
                private int pending;

                synchronized void flush() {
                    pending = 0;
                }

                synchronized int pending() {
                    return pending;
                }

                void write(String line) {
                    %s
                    pending += line.length();
                }
            }
            """;

    @Test
    void aHelperClassOnlyCalledUnderAnotherClassesLockIsGuarded() {
        RuleTester.forRule(InconsistentSynchronization.class, dir).source(WRITER.formatted("")).source("""
                package log;

                public class Appender {
                    private final Writer writer = new Writer();

                    public void append(String line) {
                        synchronized (writer) {
                            writer.write(line);
                        }
                    }

                    public void appendAll(Iterable<String> lines) {
                        synchronized (writer) {
                            for (String line : lines) {
                                writer.write(line);
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void oneCallerWithoutTheLockIsEnoughToReport() {
        RuleTester.forRule(InconsistentSynchronization.class, dir)
                .source(WRITER.formatted("// BUG: inconsistent-synchronization contains \"`pending` is updated without `Writer.this`\""))
                .source("""
                        package log;

                        public class Appender {
                            private final Writer writer = new Writer();

                            public void append(String line) {
                                synchronized (writer) {
                                    writer.write(line);
                                }
                            }

                            public void appendQuietly(String line) {
                                writer.write(line);
                            }
                        }
                        """).expectMarkedFindings();
    }

    @Test
    void aPublicMethodCanBeCalledFromOutsideAndHasNoEntryLocks() {
        RuleTester.forRule(InconsistentSynchronization.class, dir)
                .source(WRITER.replace("class Writer", "public class Writer").replace("    void write", "    public void write")
                        .formatted("// BUG: inconsistent-synchronization contains \"`pending` is updated without `Writer.this`\""))
                .source("""
                        package log;

                        public class Appender {
                            private final Writer writer = new Writer();

                            public void append(String line) {
                                synchronized (writer) {
                                    writer.write(line);
                                }
                            }
                        }
                        """).expectMarkedFindings();
    }

    @Test
    void protectedHelpersAndPublicMethodsOfPrivateClassesTakeTheirCallersLocks() {
        RuleTester.forRule(InconsistentSynchronization.class, dir).source("""
                package q;

                public class Queue {
                    private final Object lock = new Object();
                    private int size;
                    private final Slots slots = new Slots();

                    public void put() {
                        synchronized (lock) {
                            size++;
                            grow();
                            slots.take();
                        }
                    }

                    public int size() {
                        synchronized (lock) {
                            return size;
                        }
                    }

                    protected void grow() {
                        size += 0;
                    }

                    private final class Slots {
                        private int used;

                        public void take() {
                            used++;
                            size++;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    private static final String INDEX = """
            package re;

            class Index {
                private final Registry owner;

                Index(Registry owner) {
                    this.owner = owner;
                }

                %s synchronized void add() {
                    %s
                    owner.touch();
                }
            }
            """;

    @Test
    void aProtectedMethodOnlyCalledWithTheLockHeldTakesItReentrantlyInTheLockOrderGraph() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(INDEX.formatted("protected", "")).source("""
                package re;

                public class Registry {
                    private final Object names = new Object();
                    private final Index index = new Index(this);

                    public void register() {
                        synchronized (names) {
                            index.add();
                        }
                    }

                    void touch() {
                        synchronized (names) {
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aPublicMethodOfAPublicClassMayBeCalledWithoutTheLock() {
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(INDEX.formatted("public", "").replace("class Index", "public class Index"))
                .source("""
                        package re;

                        public class Registry {
                            private final Object names = new Object();
                            private final Index index = new Index(this);

                            public void register() {
                                synchronized (names) {
                                    // BUG: lock-order-inversion contains "`Registry.register()` and `Index.add()` take `Registry.names` and `Index.this` in opposite orders"
                                    index.add();
                                }
                            }

                            void touch() {
                                synchronized (names) {
                                }
                            }
                        }
                        """).expectMarkedFindings();
    }
}
