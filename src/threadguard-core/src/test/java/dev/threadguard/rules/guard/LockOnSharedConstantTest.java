package dev.threadguard.rules.guard;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LockOnSharedConstantTest {

    @TempDir
    Path dir;

    @Test
    void stringsBoxesAndGetClass() {
        RuleTester.forRule(LockOnSharedConstant.class, dir).source("""
                package r;

                class Counter {
                    private static final String LOCK = "counter-lock";
                    private Integer count = 0;
                    private final Boolean flag = Boolean.FALSE;
                    private int hits;

                    void hit() {
                        // BUG: lock-on-shared-constant contains "`Counter.hit` locks `LOCK`, a String: string literals"
                        synchronized (LOCK) {
                            hits++;
                        }
                        // BUG: lock-on-shared-constant contains "a string literal"
                        synchronized ("hits") {
                            hits++;
                        }
                    }

                    void add() {
                        // BUG: lock-on-shared-constant contains "`count`, a boxed `Integer`"
                        synchronized (count) {
                            count++;
                        }
                        // BUG: lock-on-shared-constant contains "a boxed `Boolean`"
                        synchronized (flag) {
                            hits++;
                        }
                    }

                    void reset(String key) {
                        // BUG: lock-on-shared-constant contains "a String"
                        synchronized (key.intern()) {
                            hits = 0;
                        }
                    }

                    void clear() {
                        // BUG: lock-on-shared-constant contains "`getClass()`: when the object is a subclass of `Counter`"
                        synchronized (getClass()) {
                            hits = 0;
                        }
                    }
                }

                class FastCounter extends Counter {
                }
                """).expectMarkedFindings();
    }

    @Test
    void dedicatedLocksAreLeftAlone() {
        RuleTester.forRule(LockOnSharedConstant.class, dir).source("""
                package r;

                import java.util.ArrayList;
                import java.util.List;

                class Registry {
                    private static final Object LOCK = new Object();
                    private final Object lock = new Object();
                    private final List<String> names = new ArrayList<>();

                    void add(String name) {
                        synchronized (LOCK) {
                            names.add(name);
                        }
                        synchronized (lock) {
                            names.add(name);
                        }
                        synchronized (Registry.class) {
                            names.add(name);
                        }
                        synchronized (names) {
                            names.add(name);
                        }
                        synchronized (this) {
                            names.add(name);
                        }
                    }

                    void other(Registry r) {
                        synchronized (r.getClass()) {
                            names.clear();
                        }
                    }

                    enum Mode {
                        ON;

                        void flip() {
                            synchronized (getClass()) {
                                System.out.println(this);
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void getClassOfAClassNothingExtendsIsItsOwnClass() {
        RuleTester.forRule(LockOnSharedConstant.class, dir).source("""
                package g;

                final class Sealed {
                    private int n;

                    void bump() {
                        synchronized (getClass()) {
                            n++;
                        }
                    }
                }

                class Table {
                    private int n;

                    void bump() {
                        synchronized (getClass()) {
                            n++;
                        }
                    }
                }

                abstract class Shape {
                    private int n;

                    void bump() {
                        // BUG: lock-on-shared-constant contains "when the object is a subclass of `Shape`"
                        synchronized (getClass()) {
                            n++;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void stringsBuiltAtRunTimeAreFreshObjects() {
        List<Finding> findings = RuleTester.forRule(LockOnSharedConstant.class, dir).source("""
                package s;

                class Statements {
                    protected String insertSql;
                    private String prefix = "";
                    private String tag;
                    private static final String TABLE = "T";
                    private String fixed = "select * from " + TABLE;
                    private int rows;

                    void init(String schema) {
                        prefix = schema;
                        insertSql = "insert into " + prefix + "ENTRY values (?)";
                        tag = schema.trim();
                    }

                    void insert() {
                        synchronized (insertSql) {
                            rows++;
                        }
                        synchronized (tag) {
                            rows++;
                        }
                        // BUG: lock-on-shared-constant contains "`fixed`, a String"
                        synchronized (fixed) {
                            rows++;
                        }
                    }

                    void region(String key) {
                        final String name = key.substring(4);
                        synchronized (name) {
                            rows++;
                        }
                        // BUG: lock-on-shared-constant contains "(here an interned string built at run time"
                        synchronized (name.intern()) {
                            rows++;
                        }
                        // BUG: lock-on-shared-constant contains "`key`, a String"
                        synchronized (key) {
                            rows++;
                        }
                    }
                }
                """).expectMarkedFindings();
        // A constant (TABLE joined to a literal) is high; an interned run-time string and a parameter, medium.
        assertThat(findings).extracting(f -> f.message().contains("`fixed`") ? "fixed " + f.confidence()
                : f.message().contains("interned string built") ? "intern " + f.confidence() : "key " + f.confidence())
                .containsExactlyInAnyOrder("fixed HIGH", "intern MEDIUM", "key MEDIUM");
    }

    @Test
    void aNamesakeLocalElsewhereIsAnotherVariable() {
        RuleTester.forRule(LockOnSharedConstant.class, dir).source("""
                package n;

                import java.util.List;

                class Orders {
                    private String name = "orders";
                    private int rows;

                    void each(List<String> xs) {
                        xs.forEach(x -> {
                            String name = x + "-s";
                            synchronized (name) {
                                rows++;
                            }
                        });
                        // BUG: lock-on-shared-constant contains "`name`, a String"
                        synchronized (name) {
                            rows++;
                        }
                        if (rows > 0) {
                            String name = rows + "-r";
                        }
                    }

                    void later(String x) {
                        // BUG: lock-on-shared-constant contains "`name`, a String"
                        synchronized (name) {
                            rows++;
                        }
                        String name = x + "-late";
                        synchronized (name) {
                            rows++;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aStringMethodOnALiteralMayReturnTheLiteral() {
        RuleTester.forRule(LockOnSharedConstant.class, dir).source("""
                package t;

                class Regions {
                    private int rows;

                    void a(String key) {
                        String same = "orders".trim();
                        // BUG: lock-on-shared-constant contains "`same`, a String"
                        synchronized (same) {
                            rows++;
                        }
                        String lower = "ORDERS".substring(0);
                        // BUG: lock-on-shared-constant contains "`lower`, a String"
                        synchronized (lower) {
                            rows++;
                        }
                        String fresh = key.trim();
                        synchronized (fresh) {
                            rows++;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void onlyStringFieldsHaveAStringOrigin() {
        RuleTester.forRule(LockOnSharedConstant.class, dir).source("""
                package b;

                class Boxes {
                    private Integer count;
                    private String label;
                    private int rows;

                    void set(int n, String s) {
                        count = Integer.valueOf(n);
                        label = String.valueOf(s.length());
                    }

                    void use() {
                        // BUG: lock-on-shared-constant contains "`count`, a boxed `Integer`"
                        synchronized (count) {
                            rows++;
                        }
                        synchronized (label) {
                            rows++;
                        }
                    }
                }
                """).expectMarkedFindings();
    }
}
