package dev.threadguard.rules.future;

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
 * Runs the demonstrations of {@code stress-tests/.../stress/pool/} as a user would: compiled with the JDK's
 * compiler, each run in a JVM of its own. Each exits with 0 only when the bug showed at run time and its fix
 * worked.
 */
class PoolDemosTest {

    private static final Path DEMOS = Path.of("../../stress-tests/src/main/java/dev/threadguard/stress/pool").toAbsolutePath().normalize();

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
                "-cp", classes.toString(), "dev.threadguard.stress.pool." + demo).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aLoopOverFuturesLosesTheSecondFailureAndLeavesTasksRunning() throws Exception {
        assertThat(run("LoopLosesFailure")).contains(
                "loop that stops at the first failure: 1 of 2 failures seen,",
                "loop that catches per element: 2 of 2 failures seen",
                "loop that cancels the rest in finally: no task left running",
                "as expected");
    }

    @Test
    void aCompletionServiceDrainedTooEarlyKeepsAFailureNobodyReads() throws Exception {
        assertThat(run("CompletionServiceDrainedEarly")).contains(
                "1 of them a failure",
                "take loop once per task: 6 outcomes taken, 2 of 2 failures seen",
                "as expected");
    }

    @Test
    void aCancelDoesNotStopATaskThatSwallowsTheInterrupt() throws Exception {
        assertThat(run("CancelDoesNotStop")).contains(
                "job that swallows the interrupt: still working after cancel(true)",
                "job that lets it end the loop: stopped",
                "as expected");
    }
}
