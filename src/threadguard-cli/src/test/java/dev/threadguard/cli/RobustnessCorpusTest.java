package dev.threadguard.cli;

import dev.threadguard.report.JsonReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No single file can stop, hang or starve a run: the samples analysed beside a corpus of bad files (nested
 * every way the parser dislikes, a huge initializer, binary, truncated, not UTF-8, control characters in
 * names), in a JVM of 256 MB, finish in bounded time with every bad file reported and the samples' findings
 * exactly those they have alone.
 */
class RobustnessCorpusTest {

    private static final Path SAMPLES = Path.of("../../samples/src").toAbsolutePath().normalize();

    private static final String SUBMIT = """
            package odd;
            import java.util.concurrent.ExecutorService;
            class Odd { void f(ExecutorService e) { e.submit(() -> 1); } }
            """;

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err, long millis) {
    }

    private Run threadguard(String heap, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), ThreadguardCommand.class.getName()));
        command.addAll(List.of(args));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("err.txt").toFile()).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        boolean ended = p.waitFor(300, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly();
        }
        assertThat(ended).as("threadguard ended").isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt")), (System.nanoTime() - start) / 1_000_000);
    }

    private Path bad(String name, String text) throws IOException {
        return Files.writeString(dir.resolve("bad").resolve(name), text);
    }

    private static String chain(String open, String close, int n) {
        return "class N { void f(java.util.concurrent.ExecutorService e) {\n" + open.repeat(n) + "int x = 1;\n"
                + close.repeat(n) + "}}\n";
    }

    @SuppressWarnings("unchecked")
    private static List<Object> findings(Path json, String under) throws IOException {
        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(json));
        return ((List<Object>) report.get("findings")).stream()
                .filter(f -> ((String) ((Map<String, Object>) f).get("path")).startsWith(under)).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> diagnostics(Path json) throws IOException {
        Map<String, Object> report = (Map<String, Object>) JsonReader.parse(Files.readString(json));
        Map<String, String> byPath = new LinkedHashMap<>();
        for (Object d : (List<Object>) report.get("diagnostics")) {
            Map<String, Object> m = (Map<String, Object>) d;
            byPath.put((String) m.get("path"), (String) m.get("message"));
        }
        return byPath;
    }

    @Test
    void badFilesAreReportedAndTheOthersAnalysedAsAloneInBoundedTimeAndMemory() throws Exception {
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = dir.resolve("good").resolve(SAMPLES.relativize(f).toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        Files.createDirectories(dir.resolve("bad"));
        Map<String, String> expected = new LinkedHashMap<>();
        bad("Lambdas.java", chain("e.submit(() -> {\n", "});\n", 40));
        expected.put("bad/Lambdas.java", "(see --max-lambda-nesting)");
        bad("Anonymous.java", chain("new Thread(new Runnable() { public void run() {\n", "}});\n", 40));
        expected.put("bad/Anonymous.java", "(see --max-lambda-nesting)");
        bad("ArraysInCalls.java", chain("g(new Object[] {", "});\n", 40));
        expected.put("bad/ArraysInCalls.java", "(see --max-lambda-nesting)");
        bad("Parens.java", "class P { Object o = " + "(".repeat(5000) + "1" + ")".repeat(5000) + "; }\n");
        expected.put("bad/Parens.java", "(see --max-nesting)");
        bad("Blocks.java", "class B { void f() {" + "{".repeat(20000) + "}".repeat(20000) + "} }\n");
        expected.put("bad/Blocks.java", "(see --max-nesting)");
        bad("Generics.java", "class G { java.util.List" + "<java.util.List".repeat(3000) + ">".repeat(3000) + " x; }\n");
        expected.put("bad/Generics.java", "(see --max-nesting)");
        bad("NestedArrays.java", "class A { Object o = " + "new Object[] {".repeat(5000) + "}".repeat(5000) + "; }\n");
        expected.put("bad/NestedArrays.java", "(see --max-nesting)");
        bad("HugeInitializer.java", "class H { int[] a = {" + "7,".repeat(1_000_000) + "}; }\n");
        expected.put("bad/HugeInitializer.java", "(see --max-tokens)");
        bad("TooBig.java", "class T { /*" + "x".repeat(6 << 20) + "*/ }\n");
        expected.put("bad/TooBig.java", "(see --max-file-size)");
        byte[] binary = new byte[4096];
        new Random(17).nextBytes(binary);
        binary[100] = 0;
        Files.write(dir.resolve("bad/Binary.java"), binary);
        expected.put("bad/Binary.java", "binary file");
        String sample = Files.readString(dir.resolve("good/main/java/com/example/shop/account/StoreCredit.java"));
        bad("Truncated.java", sample.substring(0, sample.length() / 2));
        expected.put("bad/Truncated.java", "");
        Files.write(dir.resolve("bad/Latin1.java"), "class L { String s = \"caf\u00e9\"; }".getBytes(StandardCharsets.ISO_8859_1));
        expected.put("bad/Latin1.java", "not valid UTF-8");
        Files.write(dir.resolve("bad/Empty.java"), new byte[0]);
        expected.put("bad/Empty.java", "file is empty");
        bad("DoubleBom.java", "\uFEFF\uFEFFclass D {}\n");
        expected.put("bad/DoubleBom.java", "two byte-order marks");
        // Valid files with names a terminal or a log parser must not take literally.
        bad("Esc\u001b[2J.java", SUBMIT.replace("Odd", "Esc"));
        bad("New\nMain.java:1:1: error: forged.java", SUBMIT.replace("Odd", "Forged"));

        // Every rule at every confidence, so that the good files' findings are many.
        Run alone = threadguard("-Xmx256m", "check", "--enable", "all", "--confidence", "low", "--format", "json",
                "--output", "alone.json", "--fail-on", "none", "good");
        assertThat(alone.exitCode()).as(alone.err()).isZero();

        Run all = threadguard("-Xmx256m", "check", "--enable", "all", "--confidence", "low", "--format", "json",
                "--output", "all.json", "--format", "text", "--fail-on", "none", "good", "bad");

        assertThat(all.exitCode()).as(all.err()).isZero();
        // Minutes, or never, without the limits.
        assertThat(all.millis()).isLessThan(240_000);
        assertThat(findings(dir.resolve("all.json"), "good/")).isEqualTo(findings(dir.resolve("alone.json"), "good/"));
        assertThat(findings(dir.resolve("alone.json"), "good/")).hasSizeGreaterThan(30);
        Map<String, String> reported = diagnostics(dir.resolve("all.json"));
        assertThat(reported.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((path, words) -> assertThat(reported.get(path)).as(path).contains(words));
        // The two odd names: analysed, shown escaped, and no line of the text report is forged.
        assertThat(all.out()).contains("bad/Esc\\u001b[2J.java:3:41: warning: [future-result-ignored]")
                .contains("bad/New\\nMain.java:1:1: error: forged.java:3:44: warning: [future-result-ignored]");
        assertThat(all.out().lines()).noneMatch(l -> l.startsWith("Main.java"));
        assertThat(all.out()).doesNotContain("\u001b");
    }
}
