package dev.threadguard.model;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import dev.threadguard.rules.lockorder.LockOrderInversion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One lock passed to several objects through their constructors is one lock; locks never shared stay apart. */
class SharedLocksTest {

    @TempDir
    Path dir;

    private static final String READER = """
            package pipe;

            class Reader {
                private final Object lock;
                private Writer writer;
                private int buffered;

                Reader(Object lock) {
                    this.lock = lock;
                }

                void attach(Writer w) {
                    writer = w;
                }

                void drain() {
                    synchronized (lock) {
                        %s
                        writer.flush();
                    }
                }

                void refill() {
                    synchronized (lock) {
                        buffered++;
                    }
                }
            }
            """;

    private static final String WRITER = """
            package pipe;

            class Writer {
                private final Object guard;
                private Reader reader;
                private int pending;

                Writer(Object guard) {
                    this.guard = guard;
                }

                void attach(Reader r) {
                    reader = r;
                }

                void flush() {
                    synchronized (guard) {
                        pending = 0;
                    }
                }

                void write() {
                    synchronized (guard) {
                        pending++;
                        %s
                        reader.refill();
                    }
                }
            }
            """;

    private static final String WRITER_BUG =
            "// BUG: lock-order-inversion contains \"take `Writer.guard` and `Reader.lock` in opposite orders\"";

    @Test
    void aLockMadeOnceAndPassedToTwoObjectsIsOneLock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(READER.formatted("")).source(WRITER.formatted("")).source("""
                package pipe;

                public class Pipe {
                    public static void main(String[] args) {
                        Object lock = new Object();
                        Reader r = new Reader(lock);
                        Writer w = new Writer(lock);
                        r.attach(w);
                        w.attach(r);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void twoLocksGivenToTheTwoObjectsStayTwoLocks() {
        List<Finding> findings = RuleTester.forRule(LockOrderInversion.class, dir)
                .source(READER.formatted("// BUG: lock-order-inversion contains \"take `Reader.lock` and `Writer.guard` in opposite orders\""))
                .source(WRITER.formatted("")).source("""
                package pipe;

                public class Pipe {
                    public static void main(String[] args) {
                        Reader r = new Reader(new Object());
                        Writer w = new Writer(new Object());
                        r.attach(w);
                        w.attach(r);
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).hasSize(1);
    }

    @Test
    void aLockPassedOnlySometimesToBothIsNotShared() {
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(READER.formatted(""))
                .source(WRITER.formatted(WRITER_BUG)).source("""
                package pipe;

                public class Pipe {
                    public static void main(String[] args) {
                        Object lock = new Object();
                        Reader r = new Reader(lock);
                        Writer w = new Writer(lock);
                        Writer other = new Writer(new Object());
                        r.attach(w);
                        w.attach(r);
                        other.attach(r);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void theOwnersLockHandedOnThroughConstructorsIsTheOwnersLock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(READER.formatted("")).source(WRITER.formatted("")).source("""
                package pipe;

                class Channel {
                    private final Reader in;
                    private final Writer out;

                    Channel(Object lock) {
                        in = new Reader(lock);
                        out = new Writer(lock);
                        in.attach(out);
                        out.attach(in);
                    }
                }
                """).source("""
                package pipe;

                public class Service {
                    private final Object mutex = new Object();
                    private final Channel channel = new Channel(mutex);
                }
                """).expectMarkedFindings();
    }

    @Test
    void aSubclassPassingItsLockToSuperSharesIt() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(READER.formatted("")).source(WRITER.formatted("")).source("""
                package pipe;

                class LoggingWriter extends Writer {
                    LoggingWriter(Object guard) {
                        super(guard);
                    }
                }
                """).source("""
                package pipe;

                public class Pipe {
                    private final Object lock = new Object();

                    public void open() {
                        Reader r = new Reader(lock);
                        Writer w = new LoggingWriter(lock);
                        r.attach(w);
                        w.attach(r);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aFieldAlsoAssignedElsewhereIsNotShared() {
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(READER.formatted(""))
                .source(WRITER.formatted(WRITER_BUG).replace("private final Object guard;", "private Object guard;")
                        .replace("void attach(Reader r) {", "void attach(Reader r) {\n        guard = new Object();"))
                .source("""
                package pipe;

                public class Pipe {
                    public static void main(String[] args) {
                        Object lock = new Object();
                        Reader r = new Reader(lock);
                        Writer w = new Writer(lock);
                        r.attach(w);
                        w.attach(r);
                    }
                }
                """).expectMarkedFindings();
    }
}
