package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.StressDemos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the demonstrations of {@code stress-tests/.../stress/lifecycle/} as a user would: compiled with the JDK's
 * compiler, each run in a JVM of its own. Each exits with 0 only when the bug showed at run time and its fix
 * worked.
 */
class LifecycleDemosTest {

    @TempDir
    static Path classes;

    private static StressDemos demos;

    @BeforeAll
    static void compile() throws IOException {
        demos = StressDemos.compile("lifecycle", classes);
    }

    private static String run(String demo) throws IOException, InterruptedException {
        return demos.run(demo);
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
