import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import dev.threadguard.source.JavaSources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The benchmark's baseline: JavaParser alone parsing every {@code .java} file under a directory, with exactly
 * the parser configuration threadguard uses ({@link JavaSources#configuration}), and nothing else: no facts,
 * no index, no rules, no report. Trees are dropped as soon as they are parsed.
 *
 * <p>Usage, with the shaded threadguard jar (it contains JavaParser) on the class path:
 * <pre>java -cp src/threadguard-cli/target/threadguard.jar bench/ParseOnly.java DIR THREADS</pre>
 *
 * <p>Files are read as UTF-8 (strict: a malformed file counts as a problem). They are parsed by a fixed pool
 * of THREADS threads, each with its own parser, pulling the next file from a shared counter, as threadguard's
 * analyzer does. Prints one line of figures and exits 0, or exits 2 on a usage error.
 */
public final class ParseOnly {

    /** The same stack size threadguard gives its workers, so that a deeply nested file parses here too. */
    private static final long WORKER_STACK_BYTES = 64L << 20;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ParseOnly DIR THREADS");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        int threads;
        try {
            threads = Integer.parseInt(args[1]);
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (threads < 1) {
            System.err.println("ParseOnly: THREADS must be a positive integer, not '" + args[1] + "'");
            System.exit(2);
        }
        if (!Files.isDirectory(root)) {
            System.err.println("ParseOnly: not a directory: " + root);
            System.exit(2);
        }
        long start = System.nanoTime();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> p.getFileName().toString().endsWith(".java") && Files.isRegularFile(p))
                    .sorted()
                    .collect(Collectors.toList());
        }

        AtomicInteger next = new AtomicInteger();
        AtomicInteger failedFiles = new AtomicInteger();
        AtomicLong problems = new AtomicLong();
        AtomicLong chars = new AtomicLong();
        List<String> firstFailures = new ArrayList<>();
        Runnable worker = () -> {
            JavaParser parser = new JavaParser(JavaSources.configuration(JavaSources.NEWEST));
            for (int i = next.getAndIncrement(); i < files.size(); i = next.getAndIncrement()) {
                Path file = files.get(i);
                String failure = null;
                try {
                    String text = Files.readString(file); // UTF-8, throws on malformed input
                    chars.addAndGet(text.length());
                    ParseResult<CompilationUnit> result = parser.parse(text);
                    if (!result.getProblems().isEmpty()) {
                        problems.addAndGet(result.getProblems().size());
                    }
                    if (!result.isSuccessful() || result.getResult().isEmpty()) {
                        failure = result.getProblems().isEmpty() ? "syntax error"
                                : firstLine(result.getProblems().get(0).getMessage());
                    }
                } catch (IOException e) {
                    problems.incrementAndGet();
                    failure = "cannot read: " + e;
                } catch (StackOverflowError e) {
                    problems.incrementAndGet();
                    failure = "too deeply nested to parse";
                } catch (RuntimeException e) {
                    problems.incrementAndGet();
                    failure = "parser failed: " + e;
                }
                if (failure != null) {
                    failedFiles.incrementAndGet();
                    synchronized (firstFailures) {
                        if (firstFailures.size() < 10) {
                            firstFailures.add(file + ": " + failure);
                        }
                    }
                }
            }
        };

        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(null, r, "parse-only-" + count.incrementAndGet(), WORKER_STACK_BYTES);
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads, factory);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                running.add(pool.submit(worker));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } catch (ExecutionException e) {
            System.err.println("ParseOnly: a worker failed: " + e.getCause());
            e.getCause().printStackTrace();
            System.exit(3);
        } finally {
            pool.shutdownNow();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;

        for (String f : firstFailures) {
            System.err.println("ParseOnly: " + f);
        }
        System.out.printf("parse-only files=%d chars=%d failed_files=%d problems=%d threads=%d millis=%d%n",
                files.size(), chars.get(), failedFiles.get(), problems.get(), threads, millis);
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }
}
