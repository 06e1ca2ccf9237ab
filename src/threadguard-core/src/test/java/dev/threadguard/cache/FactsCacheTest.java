package dev.threadguard.cache;

import dev.threadguard.AnalysisOptions;
import dev.threadguard.AnalysisResult;
import dev.threadguard.Analyzer;
import dev.threadguard.Version;
import dev.threadguard.report.ReportContext;
import dev.threadguard.report.ReportFormat;
import dev.threadguard.report.ReportWriter;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.Rules;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.JavaSources;
import dev.threadguard.source.SourceDiscovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FactsCacheTest {

    /** The samples: every rule family, 38 findings, traces across files. */
    private static final Path SAMPLES = Path.of("../../samples").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path tree() throws IOException {
        Path tree = dir.resolve("tree");
        copy(SAMPLES.resolve("src"), tree.resolve("src"));
        // A file that does not parse: its diagnostic comes from the cache too.
        Files.writeString(tree.resolve("src/Broken.java"), "class Broken { void f( }\n");
        return tree;
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    private static AnalysisOptions options(Path tree) {
        return AnalysisOptions.of(tree).withWorkingDirectory(tree).withThreads(2);
    }

    private static AnalysisResult run(AnalysisOptions options, FactsCache cache) {
        return new Analyzer().withCache(cache).run(options);
    }

    /** The three reports, concatenated: what users see, byte for byte. */
    private static String reports(AnalysisResult result, Path workingDirectory) throws IOException {
        StringBuilder all = new StringBuilder();
        ReportContext context = new ReportContext(Version.get(), Rules.all().stream().map(Rule::info).toList(),
                workingDirectory, false);
        for (ReportFormat format : ReportFormat.values()) {
            ReportWriter.of(format).write(result, context, all);
            all.append("\n----\n");
        }
        return all.toString();
    }

    private List<Path> entries(Path cacheDir) throws IOException {
        try (Stream<Path> walk = Files.walk(cacheDir)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void reportsAreByteIdenticalWithoutTheCacheColdAndWarm() throws Exception {
        Path tree = tree();
        Path cacheDir = dir.resolve("cache");
        String without = reports(run(options(tree), FactsCache.NONE), tree);

        FactsCache cold = FactsCache.open(cacheDir);
        AnalysisResult coldResult = run(options(tree), cold);
        FactsCache warm = FactsCache.open(cacheDir);
        AnalysisResult warmResult = run(options(tree), warm);

        assertThat(coldResult.findings()).hasSizeGreaterThan(30);
        assertThat(coldResult.diagnostics()).singleElement().satisfies(d -> assertThat(d.path()).isEqualTo("src/Broken.java"));
        assertThat(reports(coldResult, tree)).isEqualTo(without);
        assertThat(reports(warmResult, tree)).isEqualTo(without);
        int files = coldResult.files();
        assertThat(cold.stats().hits()).isZero();
        assertThat(cold.stats().written()).isEqualTo(files);
        assertThat(warm.stats().hits()).isEqualTo(files);
        assertThat(warm.stats().written()).isZero();
        assertThat(warm.stats().rejected()).isZero();
        assertThat(entries(cacheDir)).hasSize(files);
    }

    @Test
    void aCacheMadeInOneCheckoutServesAnotherAtAnotherPath() throws Exception {
        Path tree = tree();
        Path cacheDir = dir.resolve("cache");
        run(options(tree), FactsCache.open(cacheDir));

        Path elsewhere = dir.resolve("checkout/two");
        copy(tree, elsewhere);
        Path movedCache = dir.resolve("restored-cache");
        copy(cacheDir, movedCache);
        FactsCache restored = FactsCache.open(movedCache);
        AnalysisResult reused = run(options(elsewhere), restored);

        assertThat(restored.stats().hits()).isEqualTo(reused.files());
        assertThat(reports(reused, elsewhere)).isEqualTo(reports(run(options(elsewhere), FactsCache.NONE), elsewhere));
        // Paths are those of the new checkout, relative to it.
        assertThat(reused.findings()).allSatisfy(f -> assertThat(f.path()).startsWith("src/"));
    }

    @Test
    void corruptTruncatedAndForeignEntriesAreRebuiltNeverTrusted() throws Exception {
        Path tree = tree();
        Path cacheDir = dir.resolve("cache");
        String without = reports(run(options(tree), FactsCache.NONE), tree);
        run(options(tree), FactsCache.open(cacheDir));
        List<Path> entries = entries(cacheDir);
        assertThat(entries).hasSizeGreaterThan(10);

        byte[] first = Files.readAllBytes(entries.get(0));
        byte[] second = Files.readAllBytes(entries.get(1));
        // Foreign: a sound entry under another file's name (made for other bytes).
        Files.write(entries.get(0), second);
        Files.write(entries.get(1), first);
        // Truncated, as by a full disk or a killed run.
        byte[] third = Files.readAllBytes(entries.get(2));
        Files.write(entries.get(2), java.util.Arrays.copyOf(third, third.length / 2));
        // One flipped byte in the payload.
        byte[] fourth = Files.readAllBytes(entries.get(3));
        fourth[fourth.length - 3] ^= 0x5A;
        Files.write(entries.get(3), fourth);
        // Garbage and emptiness.
        Files.writeString(entries.get(4), "not an entry at all", StandardCharsets.UTF_8);
        Files.write(entries.get(5), new byte[0]);

        FactsCache damaged = FactsCache.open(cacheDir);
        AnalysisResult result = run(options(tree), damaged);
        assertThat(reports(result, tree)).isEqualTo(without);
        assertThat(damaged.stats().rejected()).isEqualTo(6);
        assertThat(damaged.stats().hits()).isEqualTo(result.files() - 6);
        assertThat(damaged.stats().written()).isEqualTo(6);

        FactsCache repaired = FactsCache.open(cacheDir);
        run(options(tree), repaired);
        assertThat(repaired.stats().hits()).isEqualTo(result.files());
        assertThat(repaired.stats().rejected()).isZero();
    }

    @Test
    void aChangedFileIsParsedAgainAndItsNewFindingsReported() throws Exception {
        Path tree = dir.resolve("small");
        Files.createDirectories(tree.resolve("a"));
        Files.writeString(tree.resolve("a/Jobs.java"), """
                package a;
                import java.util.concurrent.ExecutorService;
                class Jobs { java.util.concurrent.Future<?> f(ExecutorService e, Runnable r) { return e.submit(r); } }
                """);
        Files.writeString(tree.resolve("a/Other.java"), "package a; class Other { int x; }\n");
        Path cacheDir = dir.resolve("cache");
        assertThat(run(options(tree), FactsCache.open(cacheDir)).findings()).isEmpty();

        Files.writeString(tree.resolve("a/Jobs.java"), """
                package a;
                import java.util.concurrent.ExecutorService;
                class Jobs { void f(ExecutorService e, Runnable r) { e.submit(r); } }
                """);
        FactsCache cache = FactsCache.open(cacheDir);
        AnalysisResult changed = run(options(tree), cache);
        assertThat(cache.stats().hits()).isEqualTo(1);
        assertThat(cache.stats().misses()).isEqualTo(1);
        assertThat(changed.findings()).singleElement()
                .satisfies(f -> assertThat(f.rule().id()).isEqualTo("future-result-ignored"));
    }

    @Test
    void theLanguageLevelAndTheEncodingArePartOfTheKey() throws Exception {
        Path tree = dir.resolve("small");
        Files.createDirectories(tree);
        // Valid at Java 10 and later (var), not at 8; valid in ISO-8859-1 but not in UTF-8.
        Files.write(tree.resolve("V.java"), "class V { void f() { var x = 1; } // caf\u00e9\n}\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Path cacheDir = dir.resolve("cache");
        AnalysisOptions latin = options(tree).withEncoding(StandardCharsets.ISO_8859_1);
        assertThat(run(latin, FactsCache.open(cacheDir)).diagnostics()).isEmpty();

        FactsCache utf8 = FactsCache.open(cacheDir);
        assertThat(run(options(tree), utf8).diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.message()).startsWith("not valid UTF-8"));
        assertThat(utf8.stats().hits()).isZero();

        FactsCache java8 = FactsCache.open(cacheDir);
        AnalysisResult old = run(latin.withLanguageLevel(JavaSources.languageLevel("8")), java8);
        assertThat(java8.stats().hits()).isZero();
        assertThat(old.diagnostics()).hasSize(1);

        FactsCache again = FactsCache.open(cacheDir);
        assertThat(run(latin, again).diagnostics()).isEmpty();
        assertThat(again.stats().hits()).isEqualTo(1);
    }

    @Test
    void anEntryIsFoundBeforeTheFileIsDecodedSoTheLimitsOfItsBytesArePartOfTheKey() throws Exception {
        Path tree = dir.resolve("limits");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("Deep.java"), "class Deep { int f() { return ((((((1)))))); } }\n");
        Path cacheDir = dir.resolve("cache");
        assertThat(run(options(tree), FactsCache.open(cacheDir)).diagnostics()).isEmpty();

        // Under a lower nesting limit the same bytes are refused, as without a cache: the entry saved under
        // the default limits is not the answer for them.
        FactsCache lower = FactsCache.open(cacheDir);
        AnalysisOptions shallow = options(tree).withLimits(FileLimits.DEFAULTS.withMaxNesting(4));
        assertThat(run(shallow, lower).diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.message()).contains("nest"));
        assertThat(lower.stats().hits()).isZero();
        assertThat(run(shallow, FactsCache.NONE).diagnostics()).hasSize(1);

        // The time budget is not a property of the bytes: another budget finds the entry.
        FactsCache longer = FactsCache.open(cacheDir);
        AnalysisOptions patient = options(tree).withLimits(FileLimits.DEFAULTS.withTimeout(Duration.ofSeconds(60)));
        assertThat(run(patient, longer).diagnostics()).isEmpty();
        assertThat(longer.stats().hits()).isEqualTo(1);
    }

    @Test
    void anEntryIsKeyedByTheBytesReadForTheParserWithoutReadingTheFileAgain() throws Exception {
        Path file = dir.resolve("B.java");
        Files.writeString(file, "class B { void f( }\n");
        SourceDiscovery.SourceFile source = new SourceDiscovery.SourceFile(file, "B.java");
        AnalysisOptions options = options(dir);
        byte[] read = Files.readAllBytes(file);
        FactsCache cache = FactsCache.open(dir.resolve("cache"));
        cache.entry(source, read, options).save(null, new Diagnostic("B.java", 1, 19, "syntax error"));

        // The file changes, then goes: the entry of the bytes once read is still found, by those bytes alone.
        Files.writeString(file, "class B { }\n");
        Files.delete(file);
        FactsCache.Entry same = cache.entry(source, read, options);
        assertThat(same.load()).isTrue();
        assertThat(same.problem().message()).isEqualTo("syntax error");
        assertThat(cache.entry(source, "class B { }\n".getBytes(StandardCharsets.UTF_8), options).load()).isFalse();
        assertThat(cache.entry(source, null, options).load()).isFalse();
    }

    @Test
    void entriesOfAnotherThreadguardBuildAreRemovedAndOtherFilesLeftAlone() throws Exception {
        Path cacheDir = dir.resolve("cache");
        Path stale = cacheDir.resolve("facts-0123456789abcdef/ab");
        Files.createDirectories(stale);
        Files.writeString(stale.resolve("cd"), "old");
        Path mine = cacheDir.resolve("notes.txt");
        Files.writeString(mine, "kept");
        Path lookalike = cacheDir.resolve("facts-keep-me");
        Files.createDirectories(lookalike);

        FactsCache.open(cacheDir);

        assertThat(cacheDir.resolve("facts-0123456789abcdef")).doesNotExist();
        assertThat(mine).hasContent("kept");
        assertThat(lookalike).isDirectory();
        try (Stream<Path> list = Files.list(cacheDir)) {
            assertThat(list.map(p -> p.getFileName().toString()).sorted(Comparator.naturalOrder()))
                    .hasSize(3).anyMatch(n -> n.matches("facts-[0-9a-f]{16}"));
        }
    }

    @Test
    void aCacheThatCannotBeWrittenSaysWhyAndTheRunGoesOn() throws Exception {
        Path tree = dir.resolve("small");
        Files.createDirectories(tree);
        Files.writeString(tree.resolve("A.java"), "class A { }\n");
        Path cacheDir = dir.resolve("cache");
        FactsCache cache = FactsCache.open(cacheDir);
        // The entries' directory replaced by a file: nothing can be written below it.
        try (Stream<Path> list = Files.list(cacheDir)) {
            Path entries = list.findFirst().orElseThrow();
            Files.delete(entries);
            Files.writeString(entries, "in the way");
        }
        AnalysisResult result = run(options(tree), cache);
        assertThat(result.files()).isEqualTo(1);
        assertThat(result.diagnostics()).isEmpty();
        assertThat(cache.stats().written()).isZero();
        assertThat(cache.stats().problem()).startsWith("cannot write ");
    }
}
