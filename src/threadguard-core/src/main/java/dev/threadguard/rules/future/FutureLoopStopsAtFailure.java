package dev.threadguard.rules.future;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.PoolFacts.FutureLoop;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.Optional;

/**
 * {@code for (Future<T> f : futures) f.get();} with nothing in the loop to take a failure: the first
 * {@code ExecutionException} leaves the loop, the other tasks' outcomes are never looked at, and those still
 * running are neither awaited nor cancelled.
 */
@RuleDescriptor(
        id = "future-loop-stops-at-failure",
        family = Family.FUTURE,
        severity = Severity.WARNING,
        summary = "A loop that waits on futures one by one leaves at the first failure: the other tasks are neither read nor cancelled.",
        enabledByDefault = true)
public final class FutureLoopStopsAtFailure implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (FutureLoop loop : file.pools().futureLoops()) {
                if (loop.caughtPerElement() || loop.cancelsOnExit()) {
                    continue;
                }
                Optional<JavaType> type = index.typeOf(loop.future(), file, loop.site().scopeType());
                Tri future = type.map(t -> index.isSubtype(t, FutureCalls.FUTURE)).orElse(Tri.UNKNOWN);
                if (future == Tri.NO || future == Tri.UNKNOWN && !loop.overInvokeAll()) {
                    continue;
                }
                if (loop.overInvokeAll()) {
                    if (loop.handledPerElement()) {
                        continue; // every task has ended, and this one's failure is dealt with: a decision, not a loss
                    }
                    out.report(finding(file.path(), loop.site())
                            .confidence(Confidence.MEDIUM)
                            .message("`" + loop.text() + "` in `" + loop.site().member() + "` reads the results of"
                                    + " `invokeAll` one by one, and the first failed task's exception leaves the loop:"
                                    + " the later tasks' results and failures are never looked at; catch the failure per"
                                    + " element and decide once every outcome is in")
                            .trace(new TraceStep(file.path(), loop.loop(), "the loop over the futures")));
                    continue;
                }
                out.report(finding(file.path(), loop.site())
                        // Futures of tasks submitted right here are tasks left running; futures from elsewhere
                        // (remote calls, cached results) are often meant to fail the whole call at the first failure.
                        .confidence(loop.fromSubmissions() ? Confidence.HIGH : Confidence.LOW)
                        .message("`" + loop.text() + "` in `" + loop.site().member() + "` waits on the futures one by"
                                + " one, and the first failed task's exception leaves the loop: the later tasks' results"
                                + " and failures are never looked at, and those still running are neither awaited nor"
                                + " cancelled; catch the failure per element and go on, or cancel the rest in a"
                                + " `finally`")
                        .trace(new TraceStep(file.path(), loop.loop(), "the loop over the futures")));
            }
        }
    }
}
