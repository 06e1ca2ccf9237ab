package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.PoolFacts.PoolSizing;
import dev.threadguard.facts.PoolFacts.SizingKind;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.facts.model.Pools;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

import java.util.Optional;

/**
 * A pool whose size settings do not do what they say: a {@code ThreadPoolExecutor} with an unbounded queue and
 * a maximum above its core size (the queue never fills, so the pool never grows past its core), or a fixed
 * pool sized by the size of an input (as many threads as items, without bound).
 */
@RuleDescriptor(
        id = "pool-sizing-ineffective",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "A pool's size does not do what it says: a maximum that an unbounded queue never lets it reach, or one thread per input item.",
        enabledByDefault = false)
public final class PoolSizingIneffective implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (PoolSizing s : file.pools().poolSizings()) {
                if (s.kind() == SizingKind.SIZED_FROM_INPUT) {
                    out.report(finding(file.path(), s.site())
                            .confidence(Confidence.MEDIUM)
                            .message("`" + s.text() + "` in `" + s.site().member() + "` starts one thread per item of"
                                    + " `" + s.maximum() + "`: the number of threads grows with the input, without bound,"
                                    + " and a large input exhausts memory or native threads; size the pool from the work"
                                    + " the machine can do (`Runtime.getRuntime().availableProcessors()`, a setting) or"
                                    + " cap it with `Math.min`"));
                    continue;
                }
                if (s.kind() == SizingKind.CACHED_FED_FROM_LOOP) {
                    out.report(finding(file.path(), s.site())
                            .confidence(Confidence.MEDIUM)
                            .message("`" + s.text() + "` in `" + s.site().member() + "` is fed one task per item of `"
                                    + s.maximum() + "`, and the tasks block (`" + s.core() + "`): a cached pool starts a"
                                    + " new thread whenever none is idle, so a large input starts one thread per item,"
                                    + " without bound; use a fixed pool sized for the work, or bound the tasks in flight"
                                    + " (a `Semaphore`)"));
                    continue;
                }
                if (!unboundedQueue(index, file, s)) {
                    continue;
                }
                // With no core thread, execute() still starts one when the pool has none: such a pool runs one
                // thread on demand, so a maximum of 1 does what it says.
                boolean known = s.coreValue() >= 0 && s.maximumValue() >= 0;
                boolean larger = known
                        ? s.maximumValue() > Math.max(s.coreValue(), 1)
                        : !s.core().equals(s.maximum());
                if (!larger) {
                    continue;
                }
                String runs = known && s.coreValue() == 0 ? "one thread, started when a task comes,"
                        : "`" + s.core() + "` threads";
                out.report(finding(file.path(), s.site())
                        .confidence(s.coreValue() >= 0 && s.maximumValue() >= 0 ? Confidence.HIGH : Confidence.MEDIUM)
                        .message("`" + s.text() + "` in `" + s.site().member() + "` has maximum pool size `" + s.maximum()
                                + "` above its core size `" + s.core() + "`, but its `" + s.queue().simpleName()
                                + "` is unbounded: a ThreadPoolExecutor adds threads beyond the core only when the queue"
                                + " refuses a task, so it never runs more than " + runs + " and extra work"
                                + " waits in the queue; give the queue a capacity, or set the core size to the number of"
                                + " threads wanted"));
            }
        }
    }

    private static boolean unboundedQueue(ProgramIndex index, FileFacts file, PoolSizing s) {
        String simple = s.queue().simpleName();
        boolean byName = Pools.UNBOUNDED_QUEUES.contains(simple)
                || Pools.UNBOUNDED_WITHOUT_CAPACITY.contains(simple) && s.queueArguments() == 0;
        if (!byName) {
            return false;
        }
        Optional<JavaType> type = index.typeOf(new ValueRef.Declared(s.queue()), file, s.site().scopeType());
        return type.isPresent() && type.get().name().equals("java.util.concurrent." + simple);
    }
}
