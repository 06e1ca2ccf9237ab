package dev.threadguard.rules;

import dev.threadguard.index.ProgramIndex;
import dev.threadguard.rules.lifecycle.ThreadRunCalled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The tester must not pass vacuously: a marker it cannot match fails the test. */
class RuleTesterTest {

    @TempDir
    Path dir;

    private static final String WARMUP = """
            package r;

            class Warmup {
                void start(Thread t) {
                    // %s
                    t.run();
                }
            }
            """;

    @Test
    void aMarkerForTheRuleUnderTestIsMatched() {
        assertThat(RuleTester.forRule(ThreadRunCalled.class, dir)
                .source(WARMUP.formatted("BUG: thread-run-called contains \"runs the thread's task\""))
                .expectMarkedFindings()).hasSize(1);
    }

    @Test
    void aMistypedIdFails() {
        RuleTester tester = RuleTester.forRule(ThreadRunCalled.class, dir)
                .source(WARMUP.formatted("BUG: thread-runs-called"));
        assertThatThrownBy(tester::expectMarkedFindings).isInstanceOf(AssertionError.class)
                .hasMessageContaining("unknown rule id `thread-runs-called`");
    }

    @Test
    void aMarkerOfAnotherRuleFails() {
        RuleTester tester = RuleTester.forRule(ThreadRunCalled.class, dir)
                .source(WARMUP.formatted("BUG: wait-not-in-loop"));
        assertThatThrownBy(tester::expectMarkedFindings).isInstanceOf(AssertionError.class)
                .hasMessageContaining("expects a finding of `wait-not-in-loop`, but this tester runs only `thread-run-called`");
        assertThatThrownBy(tester::findings).isInstanceOf(AssertionError.class);
    }

    @Test
    void aFindingWithoutAMarkerFails() {
        RuleTester tester = RuleTester.forRule(ThreadRunCalled.class, dir).source(WARMUP.formatted("no marker"));
        assertThatThrownBy(tester::expectMarkedFindings).isInstanceOf(AssertionError.class)
                .hasMessageContaining("r/Warmup.java:6");
    }

    @Test
    void anUnregisteredRuleClassFails() {
        assertThatThrownBy(() -> RuleTester.forRule(Unregistered.class, dir)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("not registered");
    }

    @RuleDescriptor(id = "unregistered", family = Family.LIFECYCLE, severity = Severity.WARNING, summary = "Nothing.")
    static final class Unregistered implements Rule {
        @Override
        public void check(ProgramIndex index, FindingSink out) {
        }
    }
}
