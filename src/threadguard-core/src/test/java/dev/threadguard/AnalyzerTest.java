package dev.threadguard;

import dev.threadguard.rules.Finding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class AnalyzerTest {

    @TempDir
    Path dir;

    private void write(String path, String code) throws Exception {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, code);
    }

    @Test
    void badFilesAreReportedAndTheRestIsAnalysed() throws Exception {
        write("a/Good.java", """
                package a;
                import java.util.concurrent.ExecutorService;
                class Good { void f(ExecutorService e) { e.submit(() -> 1); } }
                """);
        write("a/Broken.java", "package a; class Broken { void f( }");
        Files.write(dir.resolve("a/Latin.java"), "class L { String s = \"\u00e9\"; }".getBytes(StandardCharsets.ISO_8859_1));
        Files.write(dir.resolve("a/Empty.java"), new byte[0]);
        AnalysisResult r = new Analyzer().run(AnalysisOptions.of(dir).withWorkingDirectory(dir));
        assertThat(r.files()).isEqualTo(4);
        assertThat(r.findings()).extracting(Finding::path).containsExactly("a/Good.java");
        assertThat(r.diagnostics()).extracting(d -> d.path()).containsExactly("a/Broken.java", "a/Empty.java", "a/Latin.java");
    }

    @Test
    void filesDiscoveredBeforeAreAnalysedWithoutWalkingTheTreeAgain() throws Exception {
        write("a/Good.java", """
                package a;
                import java.util.concurrent.ExecutorService;
                class Good { void f(ExecutorService e) { e.submit(() -> 1); } }
                """);
        AnalysisOptions options = AnalysisOptions.of(dir).withWorkingDirectory(dir);
        dev.threadguard.source.SourceDiscovery.Discovered found = Analyzer.discover(options);
        // A file written after the discovery is not seen: the run uses the files it was given.
        write("a/Later.java", "package a; class Later { void f(java.util.concurrent.ExecutorService e) { e.submit(() -> 1); } }");
        AnalysisResult r = new Analyzer().run(options, found, ProgressListener.NONE, index -> { });
        assertThat(r.files()).isEqualTo(1);
        assertThat(r.findings()).extracting(Finding::path).containsExactly("a/Good.java");
        assertThat(new Analyzer().run(options).files()).isEqualTo(2);
    }

    @Test
    void theTimeOfADiscoveryMadeBeforeTheRunIsInTheRunsTimings() throws Exception {
        write("a/Good.java", "package a; class Good { }");
        AnalysisOptions options = AnalysisOptions.of(dir).withWorkingDirectory(dir);
        dev.threadguard.source.SourceDiscovery.Discovered found = Analyzer.discover(options);
        assertThat(found.nanos()).isPositive();
        // As the command line does: discover, check the PATHs, then run on what was found.
        dev.threadguard.source.SourceDiscovery.Discovered slow = new dev.threadguard.source.SourceDiscovery.Discovered(
                found.files(), found.problems(), found.emptyDirectories(), 2_500_000_000L);
        AnalysisResult r = new Analyzer().run(options, slow, ProgressListener.NONE, index -> { });
        assertThat(r.timings().discoverMillis()).isEqualTo(2_500);
    }

    @Test
    void resultsAreTheSameWhateverTheThreadCount() throws Exception {
        for (int i = 0; i < 40; i++) {
            write("p" + (i % 5) + "/C" + i + ".java", """
                    package p%d;
                    import java.util.concurrent.*;
                    class C%d {
                        private final ExecutorService pool = Executors.newFixedThreadPool(2);
                        void a(Runnable r) { pool.submit(r); }
                        void b() { CompletableFuture.runAsync(() -> {}).thenRun(() -> {}); }
                        void c(Runnable r) { Future<?> f = pool.submit(r); }
                    }
                    """.formatted(i % 5, i));
        }
        AnalysisOptions options = AnalysisOptions.of(dir).withWorkingDirectory(dir);
        List<Finding> one = new Analyzer().run(options.withThreads(1)).findings();
        List<Finding> four = new Analyzer().run(options.withThreads(4)).findings();
        // Per class: a discarded Future, a dropped stage, a Future never read, and a pool field never shut down.
        assertThat(one).hasSize(160);
        assertThat(four).isEqualTo(one);
    }

    @Test
    void sourcesAreReadInTheEncodingOfTheOptions() throws Exception {
        Files.createDirectories(dir.resolve("a"));
        Files.write(dir.resolve("a/Latin.java"), """
                package a;
                import java.util.concurrent.ExecutorService;
                // Caf\u00e9: ISO-8859-1, as many older trees are.
                class Latin { void f(ExecutorService e) { e.submit(() -> 1); } }
                """.getBytes(StandardCharsets.ISO_8859_1));
        AnalysisOptions options = AnalysisOptions.of(dir).withWorkingDirectory(dir);
        assertThat(options.encoding()).isEqualTo(StandardCharsets.UTF_8);

        AnalysisResult utf8 = new Analyzer().run(options);
        AnalysisResult latin1 = new Analyzer().run(options.withEncoding(StandardCharsets.ISO_8859_1));

        assertThat(utf8.findings()).isEmpty();
        assertThat(utf8.diagnostics()).singleElement().satisfies(d -> assertThat(d.message()).startsWith("not valid UTF-8"));
        assertThat(latin1.diagnostics()).isEmpty();
        assertThat(latin1.findings()).extracting(Finding::path, f -> f.pos().line()).containsExactly(tuple("a/Latin.java", 4));
    }

    @Test
    void aFileOverTheTimeLimitIsGivenUpInAThreadAndItsParseStoppedUpToJdk19() throws Exception {
        write("a/Good.java", """
                package a;
                import java.util.concurrent.ExecutorService;
                class Good { void f(ExecutorService e) { e.submit(() -> 1); } }
                """);
        // 24 lambda bodies in call arguments: minutes of parsing. Let through the scan, to meet the time limit.
        write("a/Slow.java", "class Slow { void f(java.util.concurrent.ExecutorService e) {\n"
                + "e.submit(() -> {\n".repeat(24) + "int x = 1;\n" + "});\n".repeat(24) + "} }\n");
        AnalysisOptions options = AnalysisOptions.of(dir).withWorkingDirectory(dir).withThreads(2)
                .withLimits(dev.threadguard.source.FileLimits.DEFAULTS.withMaxLambdaNesting(100)
                        .withTimeout(java.time.Duration.ofMillis(500)))
                .withIsolation(ParseIsolation.NEVER);

        long start = System.nanoTime();
        AnalysisResult r = new Analyzer().run(options);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(r.findings()).extracting(Finding::path).containsExactly("a/Good.java");
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.path()).isEqualTo("a/Slow.java");
            assertThat(d.message()).startsWith("given up after ")
                    .endsWith(", above the time limit for one file (see --file-timeout)");
        });
        // At most five times the limit by the clock, plus the watchdog's delay and the good file.
        assertThat(millis).isLessThan(20_000);
        if (Runtime.version().feature() < 20) {
            // Thread.stop works up to JDK 19: no thread is left parsing.
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (parsing() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(parsing()).as("a thread still runs the parser").isFalse();
        }
    }

    private static boolean parsing() {
        return Thread.getAllStackTraces().values().stream().flatMap(java.util.Arrays::stream)
                .anyMatch(f -> f.getClassName().startsWith("com.github.javaparser.GeneratedJavaParser"));
    }

    @Test
    void theTokenPoolIsHalfTheHeapAtAKilobyteATokenAndNeverEmpty() {
        assertThat(FileWork.tokenPool(1L << 30)).isEqualTo(536_870);
        assertThat(FileWork.tokenPool(100)).isEqualTo(1);
        assertThat(FileWork.tokenPool(Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }
}
