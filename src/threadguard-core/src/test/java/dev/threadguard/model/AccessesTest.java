package dev.threadguard.model;

import com.github.javaparser.JavaParser;
import dev.threadguard.facts.FactExtractor;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.source.JavaSources;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How much of the access summaries a walk over the roots holds at once, and that dropping them changes nothing. */
class AccessesTest {

    /** A class whose public method reaches its counter through two private calls, and reads it under a lock. */
    private static String counter(int i) {
        return """
                package g;

                public class Counter%d {
                    private int count;
                    private final Object lock = new Object();

                    public void add() {
                        step();
                    }

                    private void step() {
                        bump();
                    }

                    private void bump() {
                        count++;
                    }

                    public int count() {
                        synchronized (lock) {
                            return count;
                        }
                    }
                }
                """.formatted(i);
    }

    private static List<FileFacts> counters(int n) {
        List<FileFacts> files = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            files.add(facts("g/Counter" + i + ".java", counter(i)));
        }
        return files;
    }

    @Test
    void summariesAreHeldOnlyUntilTheirLastCallerWhateverTheProgramsSize() {
        Accesses.Footprint small;
        Accesses.Footprint large;
        List<String> roots = new ArrayList<>();
        try (ProgramIndex index = new ProgramIndex(counters(5), List.of())) {
            small = Accesses.of(index).forEachRoot(r -> { });
        }
        try (ProgramIndex index = new ProgramIndex(counters(60), List.of())) {
            large = Accesses.of(index).forEachRoot(r -> roots.add(r.member() + " " + describe(r)));
            Accesses.Footprint all = Accesses.of(index).forEachRoot(r -> { }, true);
            assertThat(all.peakSummaries()).as("a walk keeping every summary").isEqualTo(all.summaries());
        }
        assertThat(large.summaries()).as("add, step, bump and count of each class").isEqualTo(60 * 4);
        assertThat(large.located()).isGreaterThanOrEqualTo(60 * 4);
        assertThat(large.peakSummaries()).as("each summary is dropped once its one caller has it").isEqualTo(1);
        assertThat(large.peakLocated()).isEqualTo(1);
        assertThat(large.peakSummaries()).isEqualTo(small.peakSummaries());
        assertThat(large.peakLocated()).isEqualTo(small.peakLocated());
        assertThat(roots).hasSize(60 * 2).contains(
                "Counter59.add [g.Counter59#count READ_WRITE locks 0 via step>bump]",
                "Counter59.count [g.Counter59#count READ locks 1 via ]");
    }

    @Test
    void droppingSummariesGivesTheSameRootsAsKeepingThemAll() {
        // Calls in a ring (a call back into a method being composed adds nothing, so a summary depends on where
        // the walk enters the ring), a helper shared by several callers, and a caller in another file.
        FileFacts ring = facts("g/Ring.java", """
                package g;

                import java.util.ArrayList;
                import java.util.List;

                public class Ring {
                    private int a;
                    private int b;
                    private final List<String> names = new ArrayList<>();
                    private final Object lock = new Object();

                    public void first() {
                        second();
                        a++;
                    }

                    public void second() {
                        synchronized (lock) {
                            third();
                        }
                        b = 1;
                    }

                    public void third() {
                        first();
                        names.add("x");
                        helper();
                    }

                    private void helper() {
                        a = b;
                    }

                    public void other() {
                        helper();
                        new Thread(() -> helper()).start();
                    }
                }
                """);
        FileFacts user = facts("g/User.java", """
                package g;

                public class User {
                    public void use(Ring r) {
                        r.third();
                        r.other();
                    }
                }
                """);
        try (ProgramIndex index = new ProgramIndex(List.of(ring, user), List.of())) {
            List<String> dropped = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            Accesses.Footprint d = Accesses.of(index).forEachRoot(r -> dropped.add(r.member() + " " + describe(r)));
            Accesses.Footprint k = Accesses.of(index).forEachRoot(r -> kept.add(r.member() + " " + describe(r)), true);
            assertThat(dropped).isEqualTo(kept);
            assertThat(Accesses.of(index).roots().stream().map(r -> r.member() + " " + describe(r)).toList())
                    .isEqualTo(kept);
            assertThat(String.join("\n", dropped)).contains("locks 1 via second>third>helper",
                    "User.use", "g.Ring#names{} WRITE");
            assertThat(d.summaries()).isEqualTo(k.summaries());
            assertThat(d.peakSummaries()).isLessThan(k.peakSummaries());
        }
    }

    private static String describe(Accesses.Root root) {
        return root.accesses().stream().map(l -> l.location() + " " + l.access().kind() + " locks " + l.locks().size()
                + " via " + String.join(">", l.chain().stream().map(Accesses.Call::callee).toList())).toList().toString();
    }

    private static FileFacts facts(String path, String code) {
        JavaParser parser = new JavaParser(JavaSources.configuration(JavaSources.NEWEST));
        return FactExtractor.extract(path, parser.parse(code).getResult().orElseThrow(), code);
    }
}
