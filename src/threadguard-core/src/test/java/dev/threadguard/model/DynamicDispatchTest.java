package dev.threadguard.model;

import dev.threadguard.rules.lockorder.LockOrderInversion;
import com.github.javaparser.JavaParser;
import dev.threadguard.facts.FactExtractor;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockOp;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import dev.threadguard.source.JavaSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Calls through interfaces and superclasses reach the overrides the program declares. */
class DynamicDispatchTest {

    @TempDir
    Path dir;

    private static final String POOL = """
            package pool;

            public interface Pool {
                void giveBack(Handle h);
            }
            """;

    private static final String HANDLE = """
            package pool;

            public interface Handle {
                void invalidate();
            }
            """;

    private static final String POOLED_HANDLE = """
            package pool;

            public class PooledHandle implements Handle {
                private final Pool owner;
                private boolean open = true;

                PooledHandle(Pool owner) {
                    this.owner = owner;
                }

                @Override
                public synchronized void invalidate() {
                    open = false;
                }

                public synchronized void close() {
                    open = false;
                    // BUG: lock-order-inversion contains "`PooledHandle.close()` and `SimplePool.shrink()` take `PooledHandle.this` and `SimplePool.this` in opposite orders"
                    owner.giveBack(this);
                }
            }
            """;

    @Test
    void aWrapperAndItsPoolCallingEachOtherThroughInterfacesDeadlock() {
        List<Finding> findings = RuleTester.forRule(LockOrderInversion.class, dir).source(POOL).source(HANDLE)
                .source(POOLED_HANDLE).source("""
                        package pool;

                        import java.util.ArrayList;
                        import java.util.List;

                        public class SimplePool implements Pool {
                            private final List<Handle> idle = new ArrayList<>();

                            public Handle lend() {
                                return new PooledHandle(this);
                            }

                            @Override
                            public synchronized void giveBack(Handle h) {
                                idle.add(h);
                            }

                            public synchronized void shrink() {
                                for (Handle h : idle) {
                                    h.invalidate();
                                }
                                idle.clear();
                            }
                        }
                        """).expectMarkedFindings();
        assertThat(findings.get(0).trace()).extracting(t -> t.message()).contains(
                "calls `SimplePool.giveBack()`", "`SimplePool.giveBack()` takes `SimplePool.this`",
                "calls `PooledHandle.invalidate()`", "`PooledHandle.invalidate()` takes `PooledHandle.this`");
    }

    @Test
    void aPoolThatCallsBackOutsideItsMonitorDoesNotDeadlock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(POOL).source(HANDLE)
                .source(POOLED_HANDLE.replace("// BUG:", "// not a bug:")).source("""
                        package pool;

                        import java.util.ArrayList;
                        import java.util.List;

                        public class SimplePool implements Pool {
                            private final List<Handle> idle = new ArrayList<>();

                            public Handle lend() {
                                return new PooledHandle(this);
                            }

                            @Override
                            public synchronized void giveBack(Handle h) {
                                idle.add(h);
                            }

                            public void shrink() {
                                List<Handle> drained;
                                synchronized (this) {
                                    drained = new ArrayList<>(idle);
                                    idle.clear();
                                }
                                for (Handle h : drained) {
                                    h.invalidate();
                                }
                            }
                        }
                        """).expectMarkedFindings();
    }

    @Test
    void aCallThroughASuperclassReachesTheOverride() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package sup;

                abstract class Listener {
                    void changed() {
                    }
                }

                class Model {
                    private final Listener listener;

                    Model(Listener listener) {
                        this.listener = listener;
                    }

                    synchronized void set() {
                        // BUG: lock-order-inversion contains "`Model.set()` and `View.refresh()` take `Model.this` and `View.this`"
                        listener.changed();
                    }

                    synchronized int get() {
                        return 1;
                    }
                }

                class Screen {
                    private final Model model = new Model(new View());
                }

                class View extends Listener {
                    private Model model;

                    @Override
                    synchronized void changed() {
                    }

                    synchronized void refresh() {
                        model.get();
                    }
                }
                """).expectMarkedFindings();
    }

    private static final String TWO_HOPS = """
            package hops;

            interface Step {
                void step();
            }

            interface Sink {
                void accept();
            }

            class Relay implements Step {
                private %s sink;

                @Override
                public void step() {
                    sink.accept();
                }
            }

            class Store implements Sink {
                private Clerk clerk;

                @Override
                public synchronized void accept() {
                }

                synchronized void close() {
                    clerk.file();
                }
            }

            class Clerk {
                private final Step next = new Relay();
                private final Store store = new Store();

                // Called by nothing in the tree, it may still run (a method reference, reflection): without
                // the lock, so file() holds nothing on entry whatever order the callers are looked at in.
                void run() {
                    file();
                }

                synchronized void file() {
                    %s
                    next.step();
                }
            }
            """;

    @Test
    void aChainWithOneCallThroughAnInterfaceIsFollowed() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(TWO_HOPS.formatted("Store",
                "// BUG: lock-order-inversion contains \"`Clerk.file()` and `Store.close()` take `Clerk.this` and `Store.this`\""))
                .expectMarkedFindings();
    }

    @Test
    void aChainOfTwoCallsThroughInterfacesIsAGuessNotFollowed() {
        // Clerk.file() reaches Store.accept() only through two calls through interfaces: each is possible
        // alone, the two together are a path no run need take. No edge, no cycle.
        RuleTester.forRule(LockOrderInversion.class, dir).source(TWO_HOPS.formatted("Sink", "")).expectMarkedFindings();
    }

    private static FileFacts facts(String path, String code) {
        JavaParser parser = new JavaParser(JavaSources.configuration(JavaSources.NEWEST));
        return FactExtractor.extract(path, parser.parse(code).getResult().orElseThrow(), code);
    }

    /** The targets of the first call named {@code name} made in a body of {@code member}. */
    private static List<String> targets(ProgramIndex index, String member, String name) {
        CallGraph calls = CallGraph.of(index);
        for (Body b : calls.bodies()) {
            if (b.member().equals(member)) {
                for (LockOp op : b.body().ops()) {
                    if (op.kind() == LockOp.Kind.CALL && op.call().name().equals(name)) {
                        return calls.targetKeys(b, op).stream().map(k -> k.substring(0, k.indexOf('@'))).toList();
                    }
                }
            }
        }
        throw new AssertionError("no call to " + name + " in " + member);
    }

    private static String tasks(int implementations) {
        StringBuilder code = new StringBuilder("package fan;\ninterface Task { void run(); }\n");
        for (int i = 0; i < implementations; i++) {
            code.append("class Task").append(i).append(" implements Task { public synchronized void run() { } }\n");
        }
        code.append("class Runner { synchronized void each(Task t) { t.run(); }\n");
        for (int i = 0; i < implementations; i++) {
            code.append("  Task made").append(i).append(" = new Task").append(i).append("();\n");
        }
        code.append("}\n");
        return code.toString();
    }

    @Test
    void aCallReachesEveryOverrideUpToTheBoundAndNoneBeyondIt() {
        List<FileFacts> few = List.of(facts("fan/Task.java", tasks(CallGraph.MAX_OVERRIDES)));
        try (ProgramIndex index = new ProgramIndex(few, List.of())) {
            List<String> expected = new ArrayList<>(List.of("fan.Task#run"));
            for (int i = 0; i < CallGraph.MAX_OVERRIDES; i++) {
                expected.add("fan.Task" + i + "#run");
            }
            assertThat(targets(index, "Runner.each", "run")).containsExactlyElementsOf(expected);
        }
        List<FileFacts> many = List.of(facts("fan/Task.java", tasks(CallGraph.MAX_OVERRIDES + 1)));
        try (ProgramIndex index = new ProgramIndex(many, List.of())) {
            // Past the bound the call reaches the declared method only: the interface's, which has no body.
            assertThat(targets(index, "Runner.each", "run")).containsExactly("fan.Task#run");
        }
    }

    @Test
    void aCallOnSuperOrAStaticMethodIsNotDispatched() {
        FileFacts f = facts("st/Base.java", """
                package st;
                class Base {
                    void save() { }
                    static void log() { }
                }
                class Child extends Base {
                    @Override
                    void save() { super.save(); log(); }
                    static void log() { }
                }
                """);
        try (ProgramIndex index = new ProgramIndex(List.of(f), List.of())) {
            assertThat(targets(index, "Child.save", "save")).containsExactly("st.Base#save");
            assertThat(targets(index, "Child.save", "log")).containsExactly("st.Child#log");
        }
    }

    // ----------------------------------------------------------- narrowed to the classes the program makes

    /** A bus that calls its one listener under its monitor, and a listener that calls the bus under its own. */
    private static final String BUS = """
            package bus;

            interface Callback {
                void fire();
            }

            class Bus {
                private Callback callback;

                synchronized void publish() {
                    %s
                    callback.fire();
                }

                synchronized void count() {
                }
            }

            class Recorder implements Callback {
                private Bus bus;

                %s
                @Override
                public synchronized void fire() {
                }

                synchronized void flush() {
                    bus.count();
                }
            }

            class Wiring {
                %s
            }
            """;

    private static final String BUS_BUG =
            "// BUG: lock-order-inversion contains \"`Bus.publish()` and `Recorder.flush()` take `Bus.this` and `Recorder.this`\"";

    @Test
    void aCycleThroughAnInterfaceWhoseOnlyImplementationIsInstantiatedIsFound() {
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(BUS.formatted(BUS_BUG, "", "Callback made = new Recorder();")).expectMarkedFindings();
    }

    @Test
    void anImplementationMadeByAConstructorReferenceIsInstantiated() {
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(BUS.formatted(BUS_BUG, "", "java.util.function.Supplier<Callback> maker = Recorder::new;"))
                .expectMarkedFindings();
    }

    @Test
    void anOverrideInAClassNeverInstantiatedCreatesNoCycle() {
        // Recorder is package-private and nothing makes one: no Callback the bus holds can be a Recorder.
        RuleTester.forRule(LockOrderInversion.class, dir).source(BUS.formatted("", "", "")).expectMarkedFindings();
        // An array of Recorders holds none either.
        RuleTester.forRule(LockOrderInversion.class, dir)
                .source(BUS.formatted("", "", "Recorder[] none = new Recorder[4];")).expectMarkedFindings();
    }

    @Test
    void aPublicClassThatOutsideCodeCanMakeCountsAsInstantiated() {
        // Public, with a public constructor: callers of the library can make one and hand it to the bus.
        RuleTester.forRule(LockOrderInversion.class, dir).source(BUS.formatted(BUS_BUG, "public Recorder() { }", "")
                .replace("class Recorder", "public class Recorder")).expectMarkedFindings();
        // Public, but only a private constructor and nothing inside makes one: it is never the callback.
        RuleTester.forRule(LockOrderInversion.class, dir).source(BUS.formatted("", "private Recorder() { }", "")
                .replace("class Recorder", "public class Recorder")).expectMarkedFindings();
    }

    @Test
    void anOverrideInheritedByAnInstantiatedSubclassIsReached() {
        // The override sits in an abstract class no one can make, and runs in the subclass that is made.
        RuleTester.forRule(LockOrderInversion.class, dir).source(BUS.formatted(BUS_BUG, "", "Callback made = new Quiet();")
                .replace("class Recorder", "abstract class Recorder") + "class Quiet extends Recorder { }\n")
                .expectMarkedFindings();
    }

    @Test
    void anAnonymousClassIsItsOwnInstantiatedClass() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package anon;

                interface Callback {
                    void fire();
                }

                class Bus {
                    private Callback callback;

                    synchronized void publish() {
                        // BUG: lock-order-inversion contains "take `Bus.this` and `Panel.this`"
                        callback.fire();
                    }

                    synchronized void count() {
                    }
                }

                class Panel {
                    private Bus bus;
                    private final Callback onFire = new Callback() {
                        @Override
                        public void fire() {
                            synchronized (Panel.this) {
                            }
                        }
                    };

                    synchronized void flush() {
                        bus.count();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void theBoundCountsOnlyInstantiatedOverrides() {
        // One more implementation than the bound, two of them made: the call reaches those two.
        StringBuilder code = new StringBuilder("package fan;\ninterface Task { void run(); }\n");
        for (int i = 0; i <= CallGraph.MAX_OVERRIDES; i++) {
            code.append("class Task").append(i).append(" implements Task { public synchronized void run() { } }\n");
        }
        code.append("class Runner { synchronized void each(Task t) { t.run(); }\n  Task a = new Task2(), b = new Task5(); }\n");
        try (ProgramIndex index = new ProgramIndex(List.of(facts("fan/Task.java", code.toString())), List.of())) {
            assertThat(targets(index, "Runner.each", "run")).containsExactly("fan.Task#run", "fan.Task2#run", "fan.Task5#run");
        }
    }

    @Test
    void theFactsListTheClassesATypeInstantiates() {
        FileFacts f = facts("mk/Maker.java", """
                package mk;
                import java.util.*;
                import java.util.function.Supplier;
                class Maker {
                    List<String> names = new ArrayList<>();
                    Supplier<Map<String, Integer>> maps = HashMap::new;
                    int[] counts = new int[3];
                    String[][] grid = new String[2][2];
                    Runnable r = new Runnable() { public void run() { new Inner(); } };
                    class Inner { }
                }
                """);
        Map<String, List<String>> made = new HashMap<>();
        f.types().forEach(t -> made.put(t.qualifiedName(), t.instantiated().stream().map(n -> n.name()).toList()));
        assertThat(made).containsEntry("mk.Maker", List.of("ArrayList", "HashMap"))
                .containsEntry("mk.Maker$1", List.of("Inner")).containsEntry("mk.Maker.Inner", List.of());
    }
}
