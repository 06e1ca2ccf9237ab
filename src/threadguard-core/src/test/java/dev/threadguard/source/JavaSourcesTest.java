package dev.threadguard.source;

import com.github.javaparser.JavaParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaSourcesTest {

    @TempDir
    Path dir;

    private final JavaParser parser = new JavaParser(JavaSources.configuration(JavaSources.NEWEST));

    private JavaSources.Parsed parse(String name, byte[] bytes) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return JavaSources.parse(file, name, parser);
    }

    @Test
    void syntaxErrorsNameTheirLineAndColumn() throws Exception {
        JavaSources.Parsed p = parse("Broken.java", "class Broken {\n  void f() {\n    int x = ;\n  }\n}\n"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(p.unit()).isNull();
        assertThat(p.problem().path()).isEqualTo("Broken.java");
        assertThat(p.problem().line()).isEqualTo(3);
        assertThat(p.problem().column()).isEqualTo(11); // JavaParser points at the `=` whose operand is missing
        assertThat(p.problem().message()).isNotBlank();
    }

    @Test
    void emptyBinaryAndNonUtf8FilesAreDiagnosed() throws Exception {
        assertThat(parse("Empty.java", new byte[0]).problem().message()).isEqualTo("file is empty");
        JavaSources.Parsed binary = parse("Bin.java", new byte[] {'c', 'l', '\n', 'a', 0, 1, 2});
        assertThat(binary.problem().message()).contains("binary file").contains("offset 4");
        assertThat(binary.problem().line()).isEqualTo(2);
        byte[] latin1 = "class A {\n  String s = \"caf\u00e9\";\n}\n".getBytes(StandardCharsets.ISO_8859_1);
        JavaSources.Parsed bad = parse("Latin.java", latin1);
        assertThat(bad.problem().message()).contains("not valid UTF-8").contains("0xE9");
        assertThat(bad.problem().line()).isEqualTo(2);
        assertThat(bad.problem().column()).isEqualTo(18);
    }

    @Test
    void truncatedFilesAreDiagnosedNotThrown() throws Exception {
        String full = "package a;\nclass T { void f() { if (x) { g(); } } }\n";
        for (int cut = 1; cut < full.length(); cut += 3) {
            JavaSources.Parsed p = parse("T" + cut + ".java", full.substring(0, cut).getBytes(StandardCharsets.UTF_8));
            assertThat(p.unit() != null || p.problem() != null).isTrue();
        }
    }

    @Test
    void veryDeepNestingParsesOrIsDiagnosedWithoutCrashing() throws Exception {
        StringBuilder sb = new StringBuilder("class Deep { int f() { return ");
        sb.append("(".repeat(3000)).append('1').append(")".repeat(3000)).append("; } }");
        Path file = dir.resolve("Deep.java");
        Files.writeString(file, sb);
        JavaSources.Parsed[] result = new JavaSources.Parsed[1];
        // The analyzer's workers run with a large stack; so does this check.
        Thread t = new Thread(null, () -> result[0] = JavaSources.parse(file, "Deep.java", parser), "deep", 64L << 20);
        t.start();
        t.join();
        assertThat(result[0]).isNotNull();
        assertThat(result[0].unit() != null || result[0].problem() != null).isTrue();
    }

    @Test
    void newestJavaSyntaxParses() throws Exception {
        String java25 = """
                import module java.base;

                record Point(int x, int y) {}

                void main() {
                    Object o = new Point(1, 2);
                    if (o instanceof Point(int x, var _)) {
                        System.out.println(x);
                    }
                    String s = switch (o) {
                        case Point(var a, var b) when a > b -> "down";
                        case null, default -> "other";
                    };
                }
                """;
        JavaSources.Parsed p = parse("Main.java", java25.getBytes(StandardCharsets.UTF_8));
        assertThat(p.problem()).isNull();
    }

    @Test
    void languageLevelsAreReadAsUsersWriteThem() {
        assertThat(JavaSources.languageLevel("17").name()).isEqualTo("JAVA_17");
        assertThat(JavaSources.languageLevel("1.8").name()).isEqualTo("JAVA_8");
        assertThat(JavaSources.languageLevel("java_21").name()).isEqualTo("JAVA_21");
        assertThat(JavaSources.languageLevel("1.4").name()).isEqualTo("JAVA_1_4");
        assertThat(JavaSources.languageLevel("newest")).isEqualTo(JavaSources.NEWEST);
        assertThatThrownBy(() -> JavaSources.languageLevel("99"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown language level '99'");
    }
}
