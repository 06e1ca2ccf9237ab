package dev.threadguard.rules.future;

import dev.threadguard.rules.StressDemos;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the demonstrations of {@code stress-tests/.../stress/pool/} as a user would: compiled with the JDK's
 * compiler, each run in a JVM of its own. Each exits with 0 only when the bug showed at run time and its fix
 * worked.
 */
class PoolDemosTest {

    @TempDir
    static Path classes;

    private static StressDemos demos;

    @BeforeAll
    static void compile() throws IOException {
        demos = StressDemos.compile("pool", classes);
    }

    private static String run(String demo) throws IOException, InterruptedException {
        return demos.run(demo);
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
