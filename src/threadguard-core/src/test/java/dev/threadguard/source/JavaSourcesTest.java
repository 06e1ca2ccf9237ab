package dev.threadguard.source;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import com.github.javaparser.ast.body.ClassOrInterfaceDeclaration;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

    private JavaSources.Parsed parse(String name, byte[] bytes, Charset encoding) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return JavaSources.parse(file, name, parser, encoding);
    }

    private JavaSources.Parsed parseAt(String level, String code) throws Exception {
        Path file = dir.resolve("Level.java");
        Files.writeString(file, code);
        JavaParser at = new JavaParser(JavaSources.configuration(JavaSources.languageLevel(level)));
        return JavaSources.parse(file, "Level.java", at);
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
    void syntaxErrorsDropTheLongListOfExpectedTokens() throws Exception {
        JavaSources.Parsed p = parse("Broken.java", "class Broken {\n  void f() {\n    int x = ;\n  }\n}\n"
                .getBytes(StandardCharsets.UTF_8));
        // JavaParser's message goes on with "expected one of" and 52 tokens, cut off in mid-token.
        assertThat(p.problem().message()).isEqualTo("Parse error. Found \";\"");
        assertThat(List.of(p.problem().line(), p.problem().column())).containsExactly(3, 11);
    }

    @Test
    void aShortListOfExpectedTokensIsKept() throws Exception {
        JavaSources.Parsed one = parse("Clas.java", "clas A {}".getBytes(StandardCharsets.UTF_8));
        assertThat(one.problem().message()).isEqualTo("Parse error. Found \"{\", expected \"(\"");
        assertThat(List.of(one.problem().line(), one.problem().column())).containsExactly(1, 6);
    }

    @Test
    void lexicalErrorsAreLocatedWhereTheLexerStopped() throws Exception {
        // The lexer's problems carry no location of their own: it is read from its message.
        JavaSources.Parsed string = parse("S.java", "class A {\n  String s = \"abc;\n}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(string.problem().message()).isEqualTo("the line ends inside a string or character literal");
        assertThat(List.of(string.problem().line(), string.problem().column())).containsExactly(2, 19);

        JavaSources.Parsed comment = parse("C.java", "class A {\n  /* never closed\n}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(comment.problem().message()).isEqualTo("the file ends inside a comment or literal that is not closed");
        assertThat(comment.problem().line()).isEqualTo(4);
        assertThat(comment.problem().column()).isEqualTo(1);

        JavaSources.Parsed character = parse("Ch.java", "class A {\n  char c = '\\q';\n}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(character.problem().message()).isEqualTo("unexpected character \"q\"");
        assertThat(List.of(character.problem().line(), character.problem().column())).containsExactly(2, 14);
    }

    @Test
    void aByteOrderMarkDoesNotShiftTheColumns() throws Exception {
        String code = "class A { void f() { int x = ; } }";
        byte[] plain = code.getBytes(StandardCharsets.UTF_8);
        byte[] marked = ("\uFEFF" + code).getBytes(StandardCharsets.UTF_8);
        assertThat(marked).hasSize(plain.length + 3);

        JavaSources.Parsed withMark = parse("Marked.java", marked);
        JavaSources.Parsed without = parse("Plain.java", plain);
        assertThat(withMark.problem().column()).isEqualTo(without.problem().column()).isEqualTo(28);

        JavaSources.Parsed good = parse("Good.java", "\uFEFFclass Good {}\n".getBytes(StandardCharsets.UTF_8));
        assertThat(good.problem()).isNull();
        assertThat(good.text()).startsWith("class Good");
        assertThat(good.unit().findFirst(ClassOrInterfaceDeclaration.class).orElseThrow().getBegin().orElseThrow().column)
                .isEqualTo(1);
    }

    @Test
    void sourcesAreDecodedInTheEncodingGiven() throws Exception {
        byte[] latin1 = "class A {\n  String s = \"caf\u00e9\";\n}\n".getBytes(StandardCharsets.ISO_8859_1);
        JavaSources.Parsed p = parse("Latin.java", latin1, StandardCharsets.ISO_8859_1);
        assertThat(p.problem()).isNull();
        assertThat(p.unit().findFirst(StringLiteralExpr.class).orElseThrow().getValue()).isEqualTo("caf\u00e9");

        // UTF-16 text has NUL bytes everywhere, and is not binary for that.
        JavaSources.Parsed utf16 = parse("Wide.java", "class W { String s = \"\u00e9\"; }".getBytes(StandardCharsets.UTF_16),
                StandardCharsets.UTF_16);
        assertThat(utf16.problem()).isNull();
    }

    @Test
    void bytesInvalidInTheEncodingAreLocatedInItsCharacters() throws Exception {
        byte[] latin1 = "class A {\n  String s = \"caf\u00e9\";\n}\n".getBytes(StandardCharsets.ISO_8859_1);
        JavaSources.Parsed ascii = parse("Ascii.java", latin1, StandardCharsets.US_ASCII);
        assertThat(ascii.problem().message()).isEqualTo("not valid US-ASCII: bad byte 0xE9 at offset 27 (see --encoding)");
        assertThat(List.of(ascii.problem().line(), ascii.problem().column())).containsExactly(2, 18);

        // 0x81 is one of the five bytes windows-1252 leaves undefined; the two-byte UTF-8 é before it is one column.
        byte[] bytes = {'/', '/', (byte) 0xC3, (byte) 0xA9, (byte) 0x81, '\n'};
        JavaSources.Parsed cp1252 = parse("Win.java", bytes, Charset.forName("windows-1252"));
        assertThat(cp1252.problem().message()).startsWith("not valid windows-1252: bad byte 0x81 at offset 4");
        assertThat(cp1252.problem().column()).isEqualTo(5);
        JavaSources.Parsed utf8 = parse("Utf.java", bytes);
        assertThat(utf8.problem().message()).startsWith("not valid UTF-8: bad byte 0x81 at offset 4");
        assertThat(utf8.problem().column()).isEqualTo(4);
    }

    @Test
    void theLanguageLevelIsNamedWhenAFileUsesALaterFeature() throws Exception {
        JavaSources.Parsed lambda = parseAt("7", "class A { Runnable r = () -> {}; }");
        assertThat(lambda.problem().message())
                .isEqualTo("Lambdas are not supported before Java 8 (parsed as Java 7; see --language-level)");
        assertThat(List.of(lambda.problem().line(), lambda.problem().column())).containsExactly(1, 24);

        JavaSources.Parsed record = parseAt("1.8", "record R(int x) {}");
        assertThat(record.problem().message())
                .isEqualTo("Record Declarations are not supported before Java 14 (parsed as Java 8; see --language-level)");

        // A syntax error at the newest level is the file's fault, not the level's: no advice.
        assertThat(parseAt("newest", "class A { int x = ; }").problem().message()).doesNotContain("language-level");
    }

    @Test
    void varBeforeJava10IsADiagnosticNotAClassNamedVar() throws Exception {
        String code = """
                class A {
                    void f() {
                        var n = 1;
                    }
                }
                """;
        // JavaParser reads it as a local of a class named `var` and reports nothing.
        JavaSources.Parsed eight = parseAt("8", code);
        assertThat(eight.unit()).isNull();
        assertThat(eight.problem().message())
                .isEqualTo("`var` is not supported before Java 10 (parsed as Java 8; see --language-level)");
        assertThat(List.of(eight.problem().line(), eight.problem().column())).containsExactly(3, 9);
        assertThat(parseAt("10", code).problem()).isNull();
        assertThat(parseAt("8", "class A { java.util.List<String> var; void f() { var.clear(); } }").problem())
                .as("a field named var is fine in Java 8").isNull();
    }

    @Test
    void everyAcceptedLevelParses() throws Exception {
        for (String level : List.of("1.0", "1.4", "5", "7", "8", "11", "17", "21", "25", "26", "newest")) {
            assertThat(parseAt(level, "class A { int f(int x) { return x + 1; } }").problem()).as(level).isNull();
        }
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

    @ParameterizedTest(name = "{0}")
    @CsvSource({"26, JAVA_26", "5, JAVA_5", "1.5, JAVA_5", "1.0, JAVA_1_0", "JAVA_8, JAVA_8", "' 11 ', JAVA_11"})
    void everyReleaseJavaParserValidatesIsAccepted(String text, String level) {
        assertThat(JavaSources.languageLevel(text)).isEqualTo(LanguageLevel.valueOf(level));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"27", "4", "2.0", "17_preview", "raw", "popular", "''"})
    void otherLevelsAreRejectedWithTheAcceptedOnes(String text) {
        assertThatThrownBy(() -> JavaSources.languageLevel(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown language level '" + text + "' (expected 1.0 to 1.4, 5 to 26, or newest)");
    }

    @Test
    void theNewestLevelIsJava26() {
        assertThat(JavaSources.NEWEST).isEqualTo(LanguageLevel.JAVA_26);
        assertThat(JavaSources.version(JavaSources.NEWEST)).isEqualTo("26");
        assertThat(JavaSources.acceptedLanguageLevels()).isEqualTo("1.0 to 1.4, 5 to 26, or newest");
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

    @Test
    void twoByteOrderMarksAreRefusedAsJavacRefusesThem() throws Exception {
        JavaSources.Parsed one = parse("One.java", "\uFEFFclass One {}".getBytes(StandardCharsets.UTF_8));
        assertThat(one.problem()).isNull();
        JavaSources.Parsed two = parse("Two.java", "\uFEFF\uFEFFclass Two {}".getBytes(StandardCharsets.UTF_8));
        assertThat(two.problem().message()).isEqualTo("two byte-order marks at the start of the file (javac accepts one)");
    }

    @Test
    void aLocalEnumSaysTheParserDoesNotSupportIt() throws Exception {
        JavaSources.Parsed p = parse("Local.java", """
                class Local {
                    void f() {
                        enum Color { RED, GREEN }
                    }
                }
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(p.problem().line()).isEqualTo(3);
        assertThat(p.problem().message()).endsWith("a local enum, valid since Java 16, is not supported by the parser "
                + "threadguard uses (JavaParser 3.28.2): move the enum out of the method");
        // Other syntax errors get no such hint.
        JavaSources.Parsed other = parse("Other.java", "class Other { void f() { int x = ; } }".getBytes(StandardCharsets.UTF_8));
        assertThat(other.problem().message()).doesNotContain("enum");
    }

    @Test
    void filesAboveALimitAreRefusedBeforeTheyAreParsedWithTheOptionToRaiseIt() throws Exception {
        Path big = dir.resolve("Big.java");
        Files.writeString(big, "class Big { int[] a = {" + "1,".repeat(3000) + "}; }");
        FileLimits limits = FileLimits.DEFAULTS;

        JavaSources.Source bytes = JavaSources.read(big, "Big.java", StandardCharsets.UTF_8, limits.withMaxBytes(4096));
        assertThat(bytes.problem().message()).isEqualTo("file too large to analyse: 6 KB, above the limit of 4 KB "
                + "(see --max-file-size)");
        JavaSources.Source tokens = JavaSources.read(big, "Big.java", StandardCharsets.UTF_8, limits.withMaxTokens(5000));
        assertThat(tokens.problem().message()).isEqualTo("file too large to analyse: 6012 tokens, above the limit of "
                + "5000 (see --max-tokens)");
        assertThat(JavaSources.read(big, "Big.java", StandardCharsets.UTF_8, limits).problem()).isNull();

        Path deep = dir.resolve("Deep.java");
        Files.writeString(deep, "class Deep { Object o = " + "(".repeat(300) + "1" + ")".repeat(300) + "; }");
        Diagnostic nesting = JavaSources.read(deep, "Deep.java", StandardCharsets.UTF_8, limits).problem();
        assertThat(nesting.toLine()).isEqualTo("Deep.java:1:324: error: [parse] nested too deeply to analyse: 301 "
                + "brackets or type arguments, one inside the other, above the limit of 256 (see --max-nesting)");

        Path lambdas = dir.resolve("Lambdas.java");
        Files.writeString(lambdas, "class L { void f() {\n" + "e.submit(() -> {\n".repeat(13) + "});\n".repeat(13) + "} }");
        Diagnostic chain = JavaSources.read(lambdas, "Lambdas.java", StandardCharsets.UTF_8, limits).problem();
        assertThat(chain.toLine()).isEqualTo("Lambdas.java:14:16: error: [parse] nested too deeply to analyse: 13 lambda "
                + "bodies, anonymous classes or array initializers in call arguments, one inside the other, above the "
                + "limit of 12 (see --max-lambda-nesting)");
        assertThat(JavaSources.read(lambdas, "Lambdas.java", StandardCharsets.UTF_8, limits.withMaxLambdaNesting(13))
                .problem()).isNull();
    }
}
