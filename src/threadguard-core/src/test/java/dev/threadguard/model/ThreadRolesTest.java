package dev.threadguard.model;

import com.github.javaparser.JavaParser;
import dev.threadguard.facts.FactExtractor;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.source.JavaSources;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Which thread roles run each method, and the access summaries composed over them. */
class ThreadRolesTest {

    private static final String WORKER = """
            package w;

            import java.util.concurrent.ExecutorService;

            @interface UiThread {
            }

            public class Worker {
                private int done;
                private int shown;

                public void start(ExecutorService pool) {
                    pool.execute(() -> step());
                }

                private void step() {
                    done++;
                    note();
                }

                private void note() {
                    done += 0;
                }

                @UiThread
                public void show() {
                    shown = done;
                    paint();
                }

                private void paint() {
                    shown++;
                }

                private void unused() {
                    done = 0;
                }

                static class Job implements Runnable {
                    @Override
                    public void run() {
                    }

                    void helper() {
                    }
                }
            }
            """;

    private static FileFacts facts(String path, String code) {
        JavaParser parser = new JavaParser(JavaSources.configuration(JavaSources.NEWEST));
        return FactExtractor.extract(path, parser.parse(code).getResult().orElseThrow(), code);
    }

    /** The roles of each method of the file, by {@code Type.method}. */
    private static Map<String, Integer> roles(ProgramIndex index, FileFacts f) {
        ThreadRoles roles = ThreadRoles.of(index);
        Map<String, Integer> out = new TreeMap<>();
        for (TypeFacts t : f.types()) {
            for (MethodFacts m : t.methods()) {
                if (!m.isConstructor()) {
                    out.put(t.displayName() + "." + m.name(), roles.roles(LockBody.key(t.qualifiedName(), m.name(), m.pos())));
                }
            }
        }
        return out;
    }

    @Test
    void rolesFlowFromEntryPointsAndTasksToWhatTheyCall() throws Exception {
        FileFacts f = facts("w/Worker.java", WORKER);
        try (ProgramIndex index = new ProgramIndex(List.of(f), List.of())) {
            Map<String, Integer> roles = roles(index, f);
            assertThat(roles.get("Worker.start")).isEqualTo(ThreadRoles.CALLER);
            int pooled = ThreadRoles.TASK | ThreadRoles.POOLED;
            assertThat(roles.get("Worker.step")).as("called only by a task an executor runs").isEqualTo(pooled);
            assertThat(roles.get("Worker.note")).as("called by the task's helper").isEqualTo(pooled);
            assertThat(roles.get("Worker.show")).as("confined by its annotation").isEqualTo(ThreadRoles.MAIN);
            assertThat(roles.get("Worker.paint")).as("called from the main thread only").isEqualTo(ThreadRoles.MAIN);
            assertThat(roles.get("Worker.unused")).as("nobody runs it").isZero();
            assertThat(roles.get("Worker.Job.run") & ThreadRoles.TASK).as("a Runnable's run()").isNotZero();
            assertThat(roles.get("Worker.Job.helper")).isZero();
        }
    }

    @Test
    void aThreadsTaskRunsOnceAPooledOneMayRunTwiceAtOnce() {
        assertThat(ThreadRoles.concurrentWithItself(ThreadRoles.TASK, true)).isFalse();
        assertThat(ThreadRoles.concurrentWithItself(ThreadRoles.TASK | ThreadRoles.POOLED, false)).isTrue();
        assertThat(ThreadRoles.concurrentWithItself(ThreadRoles.CALLER, false)).isFalse();
        assertThat(ThreadRoles.concurrentWithItself(ThreadRoles.CALLER, true)).isTrue();
        assertThat(ThreadRoles.concurrentWithItself(ThreadRoles.MAIN, true)).isFalse();
    }

    @Test
    void concurrency() {
        assertThat(ThreadRoles.concurrent(ThreadRoles.MAIN, ThreadRoles.MAIN, true)).isFalse();
        assertThat(ThreadRoles.concurrent(ThreadRoles.MAIN, ThreadRoles.TASK, false)).isTrue();
        assertThat(ThreadRoles.concurrent(ThreadRoles.CALLER, ThreadRoles.CALLER, false)).isFalse();
        assertThat(ThreadRoles.concurrent(ThreadRoles.CALLER, ThreadRoles.CALLER, true)).isTrue();
        assertThat(ThreadRoles.concurrent(ThreadRoles.CALLER, ThreadRoles.MAIN, true)).isTrue();
        assertThat(ThreadRoles.concurrent(0, ThreadRoles.TASK, true)).isFalse();
    }

    @Test
    void summariesComposeThroughCallsWithTheCallersLocks() throws Exception {
        FileFacts f = facts("w/Shop.java", """
                package w;

                import java.util.ArrayList;
                import java.util.List;

                public class Shop {
                    private final Object lock = new Object();
                    private final List<String> orders = new ArrayList<>();
                    private long total;

                    public void order(String item) {
                        synchronized (lock) {
                            add(item);
                        }
                        Receipt r = new Receipt();
                        r.print(item);
                    }

                    private void add(String item) {
                        orders.add(item);
                        total += item.length();
                    }

                    static class Receipt {
                        private String line;

                        void print(String item) {
                            line = item;
                        }
                    }
                }
                """);
        try (ProgramIndex index = new ProgramIndex(List.of(f), List.of())) {
            Accesses.Root order = Accesses.of(index).roots().stream()
                    .filter(r -> r.member().equals("Shop.order")).findFirst().orElseThrow();
            List<String> seen = order.accesses().stream()
                    .map(l -> l.location() + " " + l.access().kind() + " " + l.locks().size() + " via " + l.chain().size())
                    .toList();
            assertThat(seen).contains("w.Shop#orders{} WRITE 1 via 1", "w.Shop#total READ_WRITE 1 via 1");
            assertThat(seen).as("reading a final field is no access").doesNotContain("w.Shop#orders READ 1 via 1");
            assertThat(seen).as("the receipt is the method's own, not escaped: its accesses are owned")
                    .noneMatch(s -> s.contains("Receipt#line"));
        }
    }
}
