package dev.threadguard;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.cache.FileOutcome;
import dev.threadguard.source.JavaSources;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The parse process: a JVM of its own, started by {@link ParseProcess}, that parses the files it is sent
 * and sends back each one's facts, so that a file which takes too long can be stopped by ending the process,
 * the one thing that frees a thread stuck in JavaParser on every JDK. Not a command for people.
 *
 * <p>Arguments: the language level's name and the processor-time budget of one file in nanoseconds (0 for
 * none). Requests on standard input, each the file's display path and its text (an int length and UTF-8
 * bytes each); each answer on standard output: an int length, then a byte that says whether the outcome may
 * be cached, the outcome's kind and its {@linkplain FileOutcome encoded} records. The parse and the fact
 * extraction are the in-process path's ({@link FileWork#analyse}), so the facts are equal.
 *
 * <p>It ends on its own: at the end of its input; with exit code {@value #OUT_OF_TIME} when a file used
 * more processor time than the budget (measured on the parsing thread, as in-process); with exit code 3
 * ({@code -XX:+ExitOnOutOfMemoryError}) when a file needs more memory than it has; and at once when the
 * process that started it is gone.
 */
public final class ParseWorker {

    /** The exit code when one file took more than the processor-time budget. */
    static final int OUT_OF_TIME = 86;

    private static final long STACK_BYTES = 64L << 20;

    /** What the process writes once it is ready for files. */
    static final int READY = 0x54475057;

    /** A small file that takes the parser and the fact extractor through most of their classes. */
    private static final String WARM_UP = """
            package warm;
            import java.util.*;
            import java.util.concurrent.*;
            import java.util.concurrent.locks.*;
            @SuppressWarnings("unused")
            final class Warm<T extends Comparable<T>> implements Runnable {
                private final Map<String, List<T>> byName = new ConcurrentHashMap<>();
                private final ReentrantLock lock = new ReentrantLock();
                private volatile boolean done;
                private int count;
                enum Kind { A, B }
                record Pair(int a, String b) { }
                public synchronized void run() { count++; notifyAll(); }
                T first(List<T> list) throws InterruptedException {
                    lock.lock();
                    try {
                        while (!done) { wait(10); }
                        return list.isEmpty() ? null : list.get(0);
                    } finally {
                        lock.unlock();
                    }
                }
                void submit(ExecutorService e, int[] xs) {
                    e.submit(() -> { for (int x : xs) { count += x > 0 ? x : -x; } });
                    CompletableFuture.supplyAsync(() -> "s", e).thenApply(String::length).join();
                    new Thread(new Runnable() { public void run() { done = true; } }).start();
                    switch (Kind.A) { case A -> count++; default -> { } }
                    String s = switch (count) { case 0 -> "zero"; default -> "more"; };
                    Object o = s; if (o instanceof String t && !t.isEmpty()) { count += t.length(); }
                }
            }
            """;

    private ParseWorker() {
    }

    public static void main(String[] args) throws Exception {
        LanguageLevel level = LanguageLevel.valueOf(args[0]);
        long budget = Long.parseLong(args[1]);
        // Standard output is the channel: nothing else may write to it.
        DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16));
        System.setOut(System.err);
        DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(FileDescriptor.in), 1 << 16));
        ProcessHandle.current().parent().ifPresent(p -> p.onExit().thenRun(() -> Runtime.getRuntime().halt(1)));
        Loop loop = new Loop(level, in, out);
        Thread parsing = new Thread(null, loop, "threadguard-parse", STACK_BYTES);
        parsing.start();
        if (budget > 0) {
            watch(loop, parsing, budget);
        }
        parsing.join();
        System.exit(loop.failure == null ? 0 : 2);
    }

    /** Ends the process when a file's parse uses more processor time than the budget. */
    private static void watch(Loop loop, Thread parsing, long budget) throws InterruptedException {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isThreadCpuTimeSupported();
        if (cpu && !threads.isThreadCpuTimeEnabled()) {
            threads.setThreadCpuTimeEnabled(true);
        }
        long poll = Math.max(1, Math.min(budget / 4, TimeUnit.MILLISECONDS.toNanos(100)));
        while (parsing.isAlive()) {
            parsing.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(poll)));
            long started = loop.cpuStarted;
            if (cpu && started >= 0 && threads.getThreadCpuTime(parsing.getId()) - started > budget) {
                Runtime.getRuntime().halt(OUT_OF_TIME);
            }
        }
    }

    private static final class Loop implements Runnable {
        private final LanguageLevel level;
        private final DataInputStream in;
        private final DataOutputStream out;
        /** The parsing thread's processor time when its current file started, or -1 between files. */
        volatile long cpuStarted = -1;
        volatile Throwable failure;

        Loop(LanguageLevel level, DataInputStream in, DataOutputStream out) {
            this.level = level;
            this.in = in;
            this.out = out;
        }

        @Override
        public void run() {
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            JavaParser parser = new JavaParser(JavaSources.configuration(level));
            try {
                // Loads the parser's and the extractor's classes before the first file's budget runs, then
                // says so: a fresh process is not slower on its first file than a thread of the run.
                FileWork.analyse("Warm.java", WARM_UP, parser);
                out.writeInt(READY);
                out.flush();
                while (true) {
                    String path;
                    try {
                        path = readString(in);
                    } catch (EOFException e) {
                        return; // the run is over
                    }
                    String text = readString(in);
                    cpuStarted = threads.getCurrentThreadCpuTime();
                    byte[] answer = answer(FileWork.analyse(path, text, parser), path);
                    cpuStarted = -1;
                    out.writeInt(answer.length);
                    out.write(answer);
                    out.flush();
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
                e.printStackTrace();
            }
        }
    }

    private static byte[] answer(FileWork.Analysed analysed, String path) {
        FileOutcome.Encoded encoded = analysed.outcome().encode(path);
        byte[] bytes = new byte[2 + encoded.payload().length];
        bytes[0] = (byte) (analysed.cacheable() ? 1 : 0);
        bytes[1] = encoded.kind();
        System.arraycopy(encoded.payload(), 0, bytes, 2, encoded.payload().length);
        return bytes;
    }

    static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("bad length " + n);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }
}
