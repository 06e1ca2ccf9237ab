package dev.threadguard.rules.lockorder;

import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ClassInitCycleTest {

    @TempDir
    Path dir;

    @Test
    void aStaticInitializerThatReachesASubclass() {
        RuleTester.forRule(ClassInitCycle.class, dir).source("""
                package r;

                public class Codec {
                    // BUG: class-init-cycle contains "the static initialization of `Codec` creates a `GzipCodec`, a subclass of `Codec`"
                    public static final Codec DEFAULT = new GzipCodec();

                    public byte[] encode(byte[] in) {
                        return in;
                    }
                }
                """).source("""
                package r;

                public class GzipCodec extends StreamCodec {
                    public static int level = 6;
                }
                """).source("""
                package r;

                public abstract class StreamCodec extends Codec {
                }
                """).source("""
                package r;

                import java.util.HashMap;
                import java.util.Map;

                public class Shape {
                    static final Map<String, Shape> BY_NAME = new HashMap<>();

                    static {
                        // BUG: class-init-cycle contains "calls `Circle.unit(...)`"
                        BY_NAME.put("circle", Circle.unit());
                    }
                }
                """).source("""
                package r;

                public class Circle extends Shape {
                    public static Circle unit() {
                        return new Circle();
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void initializersThatReachEachOther() {
        RuleTester.forRule(ClassInitCycle.class, dir).source("""
                package r;

                import java.util.List;

                public class Currencies {
                    // BUG: class-init-cycle contains "the static initializations of `Currencies` and `Rates` wait for each other (here `Currencies` uses `Rates.TABLE`)"
                    static final List<String> CODES = List.copyOf(Rates.TABLE.keySet());

                    static String base() {
                        return "EUR";
                    }
                }
                """).source("""
                package r;

                import java.util.Map;

                public class Rates {
                    static final Map<String, Double> TABLE = load();
                    static final String BASE = Currencies.base();

                    private static Map<String, Double> load() {
                        return Map.of("EUR", 1.0, "USD", 1.1);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void constantsHoldersAndOneWayReferencesAreLeftAlone() {
        RuleTester.forRule(ClassInitCycle.class, dir).source("""
                package r;

                import java.util.function.Supplier;

                public class Config {
                    public static final int PORT = Defaults.PORT;
                    public static final String NAME = Defaults.NAME;
                    static final Supplier<Config> LATER = () -> new LocalConfig();
                    static final Class<?> KIND = LocalConfig.class;

                    public static Config instance() {
                        return Holder.INSTANCE;
                    }

                    private static final class Holder {
                        static final Config INSTANCE = new LocalConfig();
                    }

                    private static final Config HIDDEN = new Hidden();

                    private static final class Hidden extends Config {
                    }

                    static final Runnable TASK = new Runnable() {
                        public void run() {
                            new LocalConfig();
                        }
                    };
                }
                """).source("""
                package r;

                public class LocalConfig extends Config {
                    static final Object MARK = new Object();
                }
                """).source("""
                package r;

                public class Defaults {
                    public static final int PORT = 8080;
                    public static final String NAME = "svc";
                    static final Object LOG = Registry.register("defaults");
                }
                """).source("""
                package r;

                public class Registry {
                    static Object register(String name) {
                        return name;
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aSubclassOnlyItsPackageCanReachIsLowConfidence() {
        List<Finding> findings = RuleTester.forRule(ClassInitCycle.class, dir).source("""
                package q;

                public abstract class Matcher {
                    // BUG: class-init-cycle contains "creates a `Matcher.CharMatcher`, a subclass of `Matcher`"
                    public static final Matcher SPACE = new CharMatcher(' ');

                    public abstract boolean matches(char c);

                    static final class CharMatcher extends Matcher {
                        private final char ch;

                        CharMatcher(char ch) {
                            this.ch = ch;
                        }

                        @Override
                        public boolean matches(char c) {
                            return c == ch;
                        }
                    }
                }
                """).source("""
                package q;

                public abstract class Lookup {
                    // BUG: class-init-cycle contains "creates a `Lookup.MapLookup`, a subclass of `Lookup`"
                    public static final Lookup EMPTY = new MapLookup();

                    public static class MapLookup extends Lookup {
                    }
                }
                """).source("""
                package q;

                public class Lookups {
                    public Lookup fresh() {
                        return new Lookup.MapLookup();
                    }

                    public Matcher dot() {
                        return new Matcher.CharMatcher('.');
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.confidence()).containsExactlyInAnyOrder(
                Confidence.LOW, Confidence.HIGH);
        assertThat(findings).filteredOn(f -> f.message().contains("`Matcher.CharMatcher`")).singleElement()
                .satisfies(f -> assertThat(f.confidence()).isEqualTo(Confidence.LOW));
    }

    @Test
    void aSubclassOnlyTheBaseCreatesCannotBeInitializedFirst() {
        List<Finding> findings = RuleTester.forRule(ClassInitCycle.class, dir).source("""
                package s;

                public abstract class Token {
                    public static final Token REMOVED = new Removed();
                    public static final Token INVALID = new Token() {
                    };
                    static final Token EMPTY = empty();

                    private static Token empty() {
                        return new Empty();
                    }

                    static class Removed extends Token {
                        Removed() {
                        }
                    }

                    public static class Empty extends Token {
                        Empty() {
                        }

                        Token copy() {
                            return new Empty();
                        }
                    }
                }
                """).source("""
                package s;

                public abstract class Launcher {
                    // BUG: class-init-cycle contains "creates a `UnixLauncher`, a subclass of `Launcher`"
                    static final Launcher DEFAULT = new UnixLauncher();
                }
                """).source("""
                package s;

                public class UnixLauncher extends Launcher {
                }
                """).source("""
                package s;

                abstract class Shell {
                    static final Shell DEFAULT = System.getProperty("os.name").startsWith("Win")
                            ? new WinShell() : new UnixShell();
                }
                """).source("""
                package s;

                abstract class ProxyShell extends Shell {
                }
                """).source("""
                package s;

                class WinShell extends ProxyShell {
                }
                """).source("""
                package s;

                class UnixShell extends ProxyShell {
                }
                """).expectMarkedFindings();
        // Shell's subclasses are created by Shell alone, and ProxyShell is extended only by them: nothing to report.
        // A public subclass with a public constructor: nothing in the sources starts it first, a library's user
        // could.
        assertThat(findings).singleElement().satisfies(f -> assertThat(f.confidence()).isEqualTo(Confidence.MEDIUM));
    }

    @Test
    void anInterfaceWithDefaultMethodsIsInitializedWithItsImplementations() {
        RuleTester.forRule(ClassInitCycle.class, dir).source("""
                package t;

                public interface Shape {
                    // BUG: class-init-cycle contains "creates a `Square`, an implementation of `Shape`"
                    Shape UNIT = new Square(1);

                    double side();

                    default double area() {
                        return side() * side();
                    }
                }
                """).source("""
                package t;

                public class Square implements Shape {
                    private final double side;

                    public Square(double side) {
                        this.side = side;
                    }

                    public double side() {
                        return side;
                    }
                }
                """).source("""
                package t;

                public interface Plain {
                    Plain ZERO = new Point();

                    int x();
                }
                """).source("""
                package t;

                public class Point implements Plain {
                    public int x() {
                        return 0;
                    }
                }
                """).source("""
                package t;

                public class Drawing {
                    public Object[] shapes() {
                        return new Object[] {new Square(2), new Point()};
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aSubclassComesToItsSuperclassesInterfaceThroughTheSuperclass() {
        List<Finding> findings = RuleTester.forRule(ClassInitCycle.class, dir).source("""
                package u;

                public interface Shape {
                    // BUG: class-init-cycle contains "`BigSquare`"
                    Shape UNIT = new BigSquare(1);

                    double side();

                    default double area() {
                        return side() * side();
                    }
                }
                """).source("""
                package u;

                public class Square implements Shape {
                    private final double side;

                    public Square(double side) {
                        this.side = side;
                    }

                    public double side() {
                        return side;
                    }
                }
                """).source("""
                package u;

                public class BigSquare extends Square {
                    public BigSquare(double side) {
                        super(side * 10);
                    }
                }
                """).source("""
                package u;

                public class Drawing {
                    public Object shape() {
                        return new BigSquare(2);
                    }
                }
                """).expectMarkedFindings();
        // BigSquare's initialization initializes Square first, and Square's initializes Shape: the trace says so.
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.trace()).anyMatch(s -> s.message().startsWith("`Square` implements `Shape`"));
            assertThat(f.trace()).noneMatch(s -> s.message().startsWith("`BigSquare` implements"));
        });
    }
}
