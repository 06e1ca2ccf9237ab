package dev.threadguard.cache;

import com.github.javaparser.JavaParser;
import dev.threadguard.facts.FactExtractor;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.source.JavaSources;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCodecTest {

    record Point(int x, long y, String label, Boolean flag) {
    }

    enum Colour { RED, GREEN }

    sealed interface Shape permits Circle, Square {
    }

    record Circle(Point centre, double radius) implements Shape {
    }

    record Square(List<Point> corners, Colour colour) implements Shape {
    }

    record Drawing(String path, List<Shape> shapes, Set<String> tags, Map<String, Integer> counts,
                   Optional<String> title, int[] sizes, Shape nothing) {
    }

    record PointWide(long x, long y, String label, Boolean flag) {
    }

    record Holder(Object anything) {
    }

    @Test
    void valuesOfEveryShapeComeBackEqualAndSetsKeepTheirOrder() throws Exception {
        RecordCodec codec = RecordCodec.of(Drawing.class);
        Set<String> tags = new LinkedHashSet<>(List.of("zeta", "alpha", "mid"));
        Drawing d = new Drawing("src/D.java",
                List.of(new Circle(new Point(-3, Long.MIN_VALUE, "src/D.java", null), 2.5),
                        new Square(List.of(new Point(1, 2, "a", true), new Point(1, 2, "a", false)), Colour.GREEN)),
                tags, Map.of("k", 7), Optional.of("t"), new int[] {4, -5}, null);

        byte[] bytes = codec.write(Drawing.class, d, "src/D.java");
        Drawing back = (Drawing) codec.read(Drawing.class, bytes, 0, bytes.length, "moved/D.java");

        assertThat(back.shapes()).isEqualTo(List.of(
                new Circle(new Point(-3, Long.MIN_VALUE, "moved/D.java", null), 2.5),
                ((Square) d.shapes().get(1))));
        assertThat(back.path()).isEqualTo("moved/D.java");
        assertThat(back.tags()).containsExactly("zeta", "alpha", "mid");
        assertThat(back.counts()).isEqualTo(Map.of("k", 7));
        assertThat(back.title()).contains("t");
        assertThat(back.sizes()).containsExactly(4, -5);
        assertThat(back.nothing()).isNull();
    }

    @Test
    void theFactsOfARealFileComeBackEqualWithTheirConstantsShared() throws Exception {
        String code = """
                package p;
                import java.util.concurrent.*;
                class Shop {
                    private final Object lock = new Object();
                    private int stock;
                    private final ExecutorService pool = Executors.newFixedThreadPool(2);
                    void add() { synchronized (lock) { stock++; } }
                    int peek() { return stock; }
                    void later(Runnable r) { pool.submit(r); CompletableFuture.runAsync(r).thenRun(r); }
                    synchronized void a(Shop other) { synchronized (other) { other.stock = 1; } }
                    void w() throws InterruptedException { synchronized (lock) { lock.wait(); } }
                }
                """;
        var parsed = new JavaParser(JavaSources.configuration(JavaSources.NEWEST)).parse(code).getResult().orElseThrow();
        FileFacts facts = FactExtractor.extract("p/Shop.java", parsed, code);
        RecordCodec codec = RecordCodec.of(FileFacts.class);

        byte[] bytes = codec.write(FileFacts.class, facts, "p/Shop.java");
        FileFacts back = (FileFacts) codec.read(FileFacts.class, bytes, 0, bytes.length, "p/Shop.java");

        assertThat(back).isEqualTo(facts);
        assertThat(facts.lockBodies()).isNotEmpty();
        RecordCodec valueCodec = RecordCodec.of(ValueRef.Field.class);
        byte[] unknown = valueCodec.write(ValueRef.Field.class, new ValueRef.Field(ValueRef.UNKNOWN, "x"), null);
        assertThat(((ValueRef.Field) valueCodec.read(ValueRef.Field.class, unknown, 0, unknown.length, null)).target())
                .isSameAs(ValueRef.UNKNOWN);
        RecordCodec posCodec = RecordCodec.of(Pos.class);
        byte[] none = posCodec.write(Pos.class, Pos.NONE, null);
        assertThat(posCodec.read(Pos.class, none, 0, none.length, null)).isSameAs(Pos.NONE);
    }

    @Test
    void theSchemaChangesWithAComponentsTypeOrAnEnumsConstants() throws Exception {
        String point = RecordCodec.of(Point.class).schema();
        String wide = RecordCodec.of(PointWide.class).schema().replace("PointWide", "Point");
        assertThat(point).contains("int x").isNotEqualTo(wide);
        assertThat(RecordCodec.of(Drawing.class).schema())
                .contains("enum " + Colour.class.getName() + " [RED, GREEN]")
                .contains("sealed " + Shape.class.getName() + " permits " + Circle.class.getName());
    }

    @Test
    void aTypeTheCodecCannotRestoreMeansNoCodecAtAll() {
        assertThatThrownBy(() -> RecordCodec.of(Holder.class))
                .isInstanceOf(RecordCodec.UnsupportedTypeException.class)
                .hasMessageContaining("java.lang.Object").hasMessageContaining("Holder.anything");
    }

    @Test
    void bytesThatAreNotAValueAreRefused() throws Exception {
        RecordCodec codec = RecordCodec.of(Drawing.class);
        Drawing d = new Drawing("p", List.of(), Set.of(), Map.of(), Optional.empty(), new int[0], null);
        byte[] bytes = codec.write(Drawing.class, d, "p");
        assertThatThrownBy(() -> codec.read(Drawing.class, bytes, 0, bytes.length - 1, "p"))
                .isInstanceOf(RecordCodec.CorruptException.class);
        byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> codec.read(Drawing.class, longer, 0, longer.length, "p"))
                .isInstanceOf(RecordCodec.CorruptException.class).hasMessageContaining("left over");
        byte[] huge = {1, 2, 1, 'p', (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0x7F};
        assertThatThrownBy(() -> codec.read(Drawing.class, huge, 0, huge.length, "p"))
                .isInstanceOf(RecordCodec.CorruptException.class);
    }
}
