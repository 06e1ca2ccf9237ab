package dev.threadguard;

import com.github.javaparser.JavaParser;
import dev.threadguard.cache.FileOutcome;
import dev.threadguard.report.ReportContext;
import dev.threadguard.report.ReportFormat;
import dev.threadguard.report.ReportWriter;
import dev.threadguard.rules.Finding;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.Rules;
import dev.threadguard.source.Diagnostic;
import dev.threadguard.source.FileLimits;
import dev.threadguard.source.JavaSources;
import dev.threadguard.source.SourceDiscovery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class ParseProcessTest {

    /** A JDK where {@code Thread.stop} throws, to run the parse process on when the tests run on an older one. */
    private static final Path JDK_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64/bin/java");

    /** The samples: every rule family, traces across files. */
    private static final Path SAMPLES = Path.of("../../samples").toAbsolutePath().normalize();

    /** 24 lambda bodies in call arguments: minutes of parsing; let through the scan to meet the time limit. */
    private static final String SLOW = "class Slow { void f(java.util.concurrent.ExecutorService e) {\n"
            + "e.submit(() -> {\n".repeat(24) + "int x = 1;\n" + "});\n".repeat(24) + "} }\n";

    @TempDir
    Path dir;

    private static ParseProcess.Launcher launcher() {
        ParseProcess.Launcher launcher = ParseProcess.Launcher.current();
        assertThat(launcher).as(ParseProcess.Launcher.whyNot()).isNotNull();
        return launcher;
    }

    @Test
    void theProcessSendsTheSameFactsByteForByteAsTheThreadParses() throws Exception {
        List<String> sources = List.of("""
                package a;
                import java.util.concurrent.*;
                class Jobs {
                    private final ExecutorService pool = Executors.newFixedThreadPool(2);
                    private int count;
                    synchronized void add() { count++; }
                    int read() { return count; }
                    void f(Runnable r) { pool.submit(r); }
                    void g(Object lock) throws InterruptedException { synchronized (lock) { lock.wait(); } }
                }
                """, """
                package b;
                import java.util.concurrent.locks.*;
                record Pair(ReentrantLock a, ReentrantLock b) {
                    void both() { a.lock(); try { b.lock(); try { } finally { b.unlock(); } } finally { a.unlock(); } }
                    enum Kind { ONE, TWO }
                }
                """, "package c; class Broken { void f( }", """
                class Caf\u00e9 { String s = "\u00e9\u20ac\\uD83D\\uDE00 \uD83D\uDE00"; }
                """);
        JavaParser parser = new JavaParser(JavaSources.configuration(JavaSources.NEWEST));
        try (ParseProcess process = launcher().start(JavaSources.NEWEST, 0)) {
            for (int i = 0; i < sources.size(); i++) {
                String path = "src/F" + i + ".java";
                FileWork.Analysed here = FileWork.analyse(path, sources.get(i), parser);
                ParseProcess.Answer there = process.parse(path, sources.get(i));
                FileOutcome.Encoded mine = here.outcome().encode(path);
                assertThat(there.outcome().kind()).isEqualTo(mine.kind());
                assertThat(there.outcome().payload()).as(path).isEqualTo(mine.payload());
                assertThat(there.cacheable()).isTrue();
                assertThat(FileOutcome.decode(there.outcome(), path)).isEqualTo(here.outcome());
            }
            assertThat(decode(process.parse("x/Broken.java", sources.get(2)), "x/Broken.java").problem().path())
                    .isEqualTo("x/Broken.java");
        }
    }

    private static FileOutcome decode(ParseProcess.Answer answer, String path) throws IOException {
        return FileOutcome.decode(answer.outcome(), path);
    }

    @Test
    void reportsAreByteIdenticalWhetherFilesAreParsedInProcessesOrInThreads() throws Exception {
        Path tree = dir.resolve("tree");
        copy(SAMPLES.resolve("src"), tree.resolve("src"));
        Files.writeString(tree.resolve("src/Broken.java"), "class Broken { void f( }\n");
        AnalysisOptions options = AnalysisOptions.of(tree).withWorkingDirectory(tree).withThreads(2);
        AnalysisResult threads = new Analyzer().run(options.withIsolation(ParseIsolation.NEVER));
        AnalysisResult processes = new Analyzer().run(options.withIsolation(ParseIsolation.ALWAYS));
        assertThat(threads.findings()).hasSizeGreaterThan(30);
        assertThat(reports(processes, tree)).isEqualTo(reports(threads, tree));
        assertThat(ProcessHandle.current().children().toList()).as("parse processes left").isEmpty();
    }

    @Test
    void aFileOverTheTimeLimitKillsItsProcessAndAFreshOneParsesTheRest() throws Exception {
        runWithSlowFile(launcher());
    }

    @Test
    void onJdk25TooAFileOverTheTimeLimitLeavesNoProcessAndNoThread() throws Exception {
        assumeTrue(Files.isExecutable(JDK_25), "no JDK 25 at " + JDK_25 + ": the parse process runs on "
                + Runtime.version().feature() + " only (see the test above)");
        runWithSlowFile(launcher().withJava(JDK_25));
    }

    private void runWithSlowFile(ParseProcess.Launcher launcher) throws Exception {
        for (int i = 0; i < 6; i++) {
            write("b/Good" + i + ".java", """
                    package b;
                    import java.util.concurrent.ExecutorService;
                    class Good%d { void f(ExecutorService e) { e.submit(() -> 1); } }
                    """.formatted(i));
        }
        // First in order, on the one worker: the good files after it can only be parsed by a fresh process.
        write("a/Slow.java", SLOW);
        AnalysisOptions options = AnalysisOptions.of(dir).withWorkingDirectory(dir).withThreads(1)
                .withLimits(FileLimits.DEFAULTS.withMaxLambdaNesting(100).withTimeout(Duration.ofSeconds(2)));
        long start = System.nanoTime();
        Work work = work(options, launcher);
        long millis = (System.nanoTime() - start) / 1_000_000;
        List<SourceDiscovery.SourceFile> files = work.files();
        dev.threadguard.facts.FileFacts[] facts = work.facts();
        Diagnostic[] problems = work.problems();

        for (int i = 0; i < files.size(); i++) {
            if (files.get(i).displayPath().equals("a/Slow.java")) {
                assertThat(facts[i]).isNull();
                assertThat(problems[i].message()).startsWith("given up after ")
                        .endsWith(", above the time limit for one file (see --file-timeout)");
            } else {
                assertThat(problems[i]).as(files.get(i).displayPath()).isNull();
                assertThat(facts[i].path()).isEqualTo(files.get(i).displayPath());
            }
        }
        // Five times the limit by the clock at most (a budget the small files cannot reach on a busy machine),
        // with the start of two processes.
        assertThat(millis).isLessThan(40_000);
        // Gone when the run returns: no process, no thread in the parser.
        assertThat(ProcessHandle.current().children().toList()).as("parse processes left").isEmpty();
        assertThat(Thread.getAllStackTraces().values().stream().flatMap(java.util.Arrays::stream)
                .anyMatch(f -> f.getClassName().startsWith("com.github.javaparser.GeneratedJavaParser")))
                .as("a thread of this JVM parses").isFalse();
    }

    @Test
    void aFileThatNeedsMoreMemoryThanItsProcessHasIsGivenUpAndTheRunGoesOn() throws Exception {
        write("a/Good.java", "package a; class Good { void f(java.util.concurrent.ExecutorService e) { e.submit(() -> 1); } }");
        // 600 000 elements: more than half a gigabyte of syntax tree, in a process of 64 MB.
        write("a/Huge.java", "class Huge { int[] a = {" + "1,".repeat(600_000) + "}; }");
        AnalysisOptions options = AnalysisOptions.of(dir).withWorkingDirectory(dir).withThreads(1)
                .withLimits(FileLimits.DEFAULTS.withMaxTokens(10_000_000).withTimeout(Duration.ofSeconds(60)));
        ParseProcess.Launcher small = new ParseProcess.Launcher(launcher().java(), launcher().classPath(), 64L << 20);
        Work work = work(options, small);
        assertThat(work.files()).extracting(SourceDiscovery.SourceFile::displayPath)
                .containsExactly("a/Good.java", "a/Huge.java");
        assertThat(work.facts()[0]).isNotNull();
        assertThat(work.problems()[1].message()).isEqualTo("given up: parsing it needed more memory than the heap has "
                + "(see --max-tokens)");
        assertThat(ProcessHandle.current().children().toList()).as("parse processes left").isEmpty();
    }

    @Test
    void aProcessEndsItselfPastTheBudgetOfProcessorTime() throws Exception {
        ParseProcess process = launcher().start(JavaSources.NEWEST, TimeUnit.MILLISECONDS.toNanos(300));
        try {
            assertThatThrownBy(() -> process.parse("Slow.java", SLOW)).isInstanceOf(IOException.class);
            assertThat(process.exitCode(10_000)).isEqualTo(ParseWorker.OUT_OF_TIME);
        } finally {
            process.close();
        }
    }

    @Test
    void aKilledProcessIsGoneAtOnceAndItsNextFileFailsCleanly() throws Exception {
        ParseProcess process = launcher().start(JavaSources.NEWEST, 0);
        Thread killer = new Thread(() -> {
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
            process.kill();
        });
        killer.start();
        assertThatThrownBy(() -> process.parse("Slow.java", SLOW)).isInstanceOf(IOException.class);
        long t0 = System.nanoTime();
        int code = process.exitCode(5_000);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(2_000);
        assertThat(code).isNotZero();
        assertThat(process.usable()).isFalse();
        assertThat(ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        killer.join();
    }

    @Test
    void isolationIsAskedForOnlyWithATimeLimit() {
        assertThat(ParseIsolation.ALWAYS.wantsProcesses(Duration.ofSeconds(1))).isTrue();
        assertThat(ParseIsolation.ALWAYS.wantsProcesses(Duration.ZERO)).isFalse();
        assertThat(ParseIsolation.NEVER.wantsProcesses(Duration.ofSeconds(1))).isFalse();
        assertThat(ParseIsolation.AUTO.wantsProcesses(Duration.ofSeconds(1)))
                .isEqualTo(Runtime.version().feature() >= 20);
        assertThat(ParseIsolation.parse(" Always ")).isEqualTo(ParseIsolation.ALWAYS);
        assertThatThrownBy(() -> ParseIsolation.parse("sometimes"))
                .hasMessage("unknown value 'sometimes' (expected auto, always or never)");
    }

    /** What {@link FileWork} gave for each file under {@link #dir}. */
    private record Work(List<SourceDiscovery.SourceFile> files, dev.threadguard.facts.FileFacts[] facts,
                        Diagnostic[] problems) {
    }

    private Work work(AnalysisOptions options, ParseProcess.Launcher launcher) {
        List<SourceDiscovery.SourceFile> files = new SourceDiscovery(List.of(), dir, false)
                .discover(List.of(dir)).files();
        Work work = new Work(files, new dev.threadguard.facts.FileFacts[files.size()], new Diagnostic[files.size()]);
        new FileWork(options, files, work.facts(), work.problems(), ProgressListener.NONE,
                dev.threadguard.cache.FactsCache.NONE, launcher).run();
        return work;
    }

    private void write(String path, String code) throws IOException {
        Path p = dir.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, code);
    }

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
}
