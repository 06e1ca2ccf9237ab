package dev.threadguard;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParserConfiguration.LanguageLevel;
import dev.threadguard.cache.FileOutcome;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One {@link ParseWorker} process, seen from the run that started it: files go in, outcomes come out, and
 * when a file takes too long the process is killed, which frees its thread and all its memory at once, on
 * any JDK. Every process started is also killed by a shutdown hook, so that none outlives its run.
 */
final class ParseProcess implements AutoCloseable {

    /** Processes started and not yet closed: what the shutdown hook kills. */
    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hooked;

    private final Process process;
    private final DataOutputStream toChild;
    private final DataInputStream fromChild;
    /** Set when the process was killed from outside: it takes no more files. */
    private volatile boolean killed;

    private ParseProcess(Process process) {
        this.process = process;
        this.toChild = new DataOutputStream(new BufferedOutputStream(process.getOutputStream(), 1 << 16));
        this.fromChild = new DataInputStream(new BufferedInputStream(process.getInputStream(), 1 << 16));
    }

    /** What an answer holds: the outcome, and whether it is the parse's own (to be cached). */
    record Answer(FileOutcome.Encoded outcome, boolean cacheable) {
    }

    /** Sends one file and waits for its outcome; an IOException means the process is gone. */
    Answer parse(String path, String text) throws IOException {
        ParseWorker.writeString(toChild, path);
        ParseWorker.writeString(toChild, text);
        toChild.flush();
        int n = fromChild.readInt();
        if (n < 2) {
            throw new IOException("bad answer length " + n);
        }
        boolean cacheable = fromChild.readByte() == 1;
        byte kind = fromChild.readByte();
        byte[] payload = new byte[n - 2];
        fromChild.readFully(payload);
        return new Answer(new FileOutcome.Encoded(kind, payload), cacheable);
    }

    /** Kills the process at once; the thread waiting in {@link #parse} then gets an IOException. */
    void kill() {
        killed = true;
        process.destroyForcibly();
    }

    boolean usable() {
        return !killed && process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the process is gone and returns its exit code; kills it if it is not gone in {@code millis}. */
    int exitCode(long millis) {
        try {
            if (!process.waitFor(millis, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        LIVE.remove(process);
        return process.isAlive() ? -1 : process.exitValue();
    }

    /** Ends the process: its input closed, it finishes on its own; killed if it has not within a second. */
    @Override
    public void close() {
        try {
            toChild.close();
        } catch (IOException e) {
            // gone already
        }
        exitCode(TimeUnit.SECONDS.toMillis(1));
    }

    /**
     * How to start parse processes: the {@code java} of the running JVM and the class path the threadguard
     * classes and JavaParser were loaded from (the CLI's jar, or the jars of the Maven plugin's realm).
     */
    record Launcher(Path java, List<Path> classPath, long maxHeap) {

        /** The launcher for this JVM, or null with the reason in {@link #whyNot()}. */
        static Launcher current() {
            return CURRENT.launcher;
        }

        /** Why parse processes cannot be started from this JVM, or null when they can. */
        static String whyNot() {
            return CURRENT.why;
        }

        private static final Found CURRENT = find();

        private record Found(Launcher launcher, String why) {
        }

        private static Found find() {
            String home = System.getProperty("java.home");
            if (home == null) {
                return new Found(null, "java.home is not set");
            }
            boolean windows = System.getProperty("os.name", "").startsWith("Windows");
            Path java = Path.of(home, "bin", windows ? "java.exe" : "java");
            if (!Files.isExecutable(java)) {
                return new Found(null, java + " is not an executable");
            }
            List<Path> classPath = new ArrayList<>();
            for (Class<?> c : List.of(ParseWorker.class, JavaParser.class, FileOutcome.class)) {
                Path where = codeSource(c);
                if (where == null) {
                    return new Found(null, "the classes of " + c.getName() + " are not in a jar or directory");
                }
                if (!classPath.contains(where)) {
                    classPath.add(where);
                }
            }
            return new Found(new Launcher(java, classPath, Runtime.getRuntime().maxMemory()), null);
        }

        private static Path codeSource(Class<?> c) {
            try {
                CodeSource source = c.getProtectionDomain().getCodeSource();
                if (source == null || source.getLocation() == null
                        || !"file".equals(source.getLocation().getProtocol())) {
                    return null;
                }
                Path p = Path.of(source.getLocation().toURI());
                return Files.exists(p) ? p : null;
            } catch (URISyntaxException | RuntimeException e) {
                return null;
            }
        }

        /** This launcher with another {@code java}: tests run the parse process on another JDK. */
        Launcher withJava(Path otherJava) {
            return new Launcher(otherJava, classPath, maxHeap);
        }

        /**
         * Starts a parse process for {@code level}, ending itself after {@code budgetNanos} of processor time on
         * one file, and waits until it is ready: its start-up and warm-up are not counted in any file's budget.
         */
        ParseProcess start(LanguageLevel level, long budgetNanos) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(java.toString());
            if (maxHeap != Long.MAX_VALUE) {
                command.add("-Xmx" + Math.max(64L << 20, maxHeap));
            }
            // One file at a time: the serial collector is the smallest and needs no threads of its own.
            command.add("-XX:+UseSerialGC");
            command.add("-XX:+ExitOnOutOfMemoryError");
            command.add("-XX:-UsePerfData");
            command.add("-cp");
            command.add(String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()));
            command.add(ParseWorker.class.getName());
            command.add(level.name());
            command.add(Long.toString(budgetNanos));
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
            hook();
            Process process = builder.start();
            LIVE.add(process);
            ParseProcess started = new ParseProcess(process);
            try {
                int ready = started.fromChild.readInt();
                if (ready != ParseWorker.READY) {
                    throw new IOException("the parse process answered " + Integer.toHexString(ready));
                }
            } catch (IOException e) {
                started.kill();
                started.exitCode(1000);
                throw e;
            }
            return started;
        }
    }

    private static void hook() {
        if (hooked) {
            return;
        }
        synchronized (LIVE) {
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
                        "threadguard-parse-processes"));
                hooked = true;
            }
        }
    }
}
