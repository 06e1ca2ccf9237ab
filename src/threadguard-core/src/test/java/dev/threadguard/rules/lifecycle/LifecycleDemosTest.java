package dev.threadguard.rules.lifecycle;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Runs the demonstrations of {@code stress-tests/.../stress/lifecycle/} as a user would: compiled with the JDK's
 * compiler, each run in a JVM of its own. Each exits with 0 only when the bug showed at run time and its fix
 * worked.
 */
class LifecycleDemosTest {

    private static final Path DEMOS = Path.of("../../stress-tests/src/main/java/dev/threadguard/stress/lifecycle").toAbsolutePath().normalize();

    @TempDir
    static Path classes;

    @BeforeAll
    static void compile() throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        List<String> args = new ArrayList<>(List.of("--release", "17", "-d", classes.toString()));
        try (Stream<Path> files = Files.list(DEMOS)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
        }
        assertThat(javac.run(null, null, null, args.toArray(String[]::new))).isZero();
    }

    private static String run(String demo) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classes.toString(), "dev.threadguard.stress.lifecycle." + demo).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aPoolNeverShutDownPilesUpThreadsAndKeepsTheJvmAlive() throws Exception {
        assertThat(run("PoolKeepsJvmAlive")).contains(
                "20 requests with a pool each, never shut down: 40 idle pool threads left",
                "20 requests with a pool each, shut down in finally: 0 left",
                "JVM whose main returned without shutting its pool down: still alive after 1 s",
                "JVM whose main shut its pool down: exited");
    }

    @Test
    void aSwallowedInterruptSurvivesShutdownNow() throws Exception {
        assertThat(run("InterruptSurvivesShutdownNow")).contains(
                "consumer that swallows the interrupt: still running after shutdownNow()",
                "consumer that lets it end the loop: stopped");
    }
}
