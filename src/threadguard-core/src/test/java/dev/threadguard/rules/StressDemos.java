package dev.threadguard.rules;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plain-program demonstrations of one package of {@code stress-tests/.../stress/}, run as a user would:
 * compiled with the JDK's compiler, each run in a JVM of its own, which must exit with 0 (the bug showed at
 * run time and its fix worked).
 */
public final class StressDemos {

    private final String pkg;
    private final Path classes;

    private StressDemos(String pkg, Path classes) {
        this.pkg = pkg;
        this.classes = classes;
    }

    /** Compiles the demonstrations of {@code stress/<pkg>/} into {@code classes}. */
    public static StressDemos compile(String pkg, Path classes) throws IOException {
        Path demos = Path.of("../../stress-tests/src/main/java/dev/threadguard/stress", pkg).toAbsolutePath().normalize();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        try (Stream<Path> files = Files.list(demos)) {
            files.filter(f -> f.toString().endsWith(".java")).sorted().forEach(f -> args.add(f.toString()));
        }
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
        return new StressDemos(pkg, classes);
    }

    /** Runs one demonstration, asserts that it exited with 0 within a minute, and returns what it printed. */
    public String run(String demo) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), "dev.threadguard.stress." + pkg + "." + demo).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
