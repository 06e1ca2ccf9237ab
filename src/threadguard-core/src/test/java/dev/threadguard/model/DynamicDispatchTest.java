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
import java.util.List;

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
                private Step next;

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
        code.append("class Runner { synchronized void each(Task t) { t.run(); } }\n");
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
}
