package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.SleepPoll;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.lang.reflect.Modifier;

/**
 * A loop that sleeps and re-reads a plain field written by other code: without {@code volatile} or a lock,
 * nothing makes the other thread's write visible, and the JIT may read the field once and loop forever.
 */
@RuleDescriptor(
        id = "sleep-poll-unsynchronized",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "A loop sleeps and polls a field that is neither volatile nor read under a lock, so it may never see the change.",
        enabledByDefault = false)
public final class SleepPollUnsynchronized implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (SleepPoll p : file.lifecycle().sleepPolls()) {
                if (!isSleep(index, file, p)) {
                    continue;
                }
                FieldFacts field = index.sourceType(p.owner()).flatMap(t -> t.facts().fields().stream()
                        .filter(f -> f.name().equals(p.field())).findFirst()).orElse(null);
                if (field == null || Modifier.isVolatile(field.modifiers()) || Modifier.isFinal(field.modifiers())) {
                    continue;
                }
                String message = "`" + p.field() + "` is polled in `" + p.site().member() + "` by a loop that sleeps"
                        + " between reads, but it is neither `volatile` nor read under a lock: the thread may never see"
                        + " the write made in `" + p.writer().member() + "`, and the JIT may read it once and loop"
                        + " forever; make it `volatile`, use an Atomic type, or wait on a condition";
                out.report(finding(file.path(), p.site())
                        .message(message)
                        .trace(new TraceStep(file.path(), p.sleepPos(), "the loop sleeps here, then reads `" + p.field() + "` again"),
                                new TraceStep(file.path(), p.writer().pos(), "`" + p.field() + "` is written in `"
                                        + p.writer().member() + "`")));
            }
        }
    }

    /** Whether the sleeping call is {@code Thread.sleep} or {@code TimeUnit.sleep}. */
    private static boolean isSleep(ProgramIndex index, FileFacts file, SleepPoll p) {
        for (MethodMatch m : index.callTargets(p.sleep(), file, p.site().scopeType())) {
            String owner = m.declaringType().name();
            if (owner.equals("java.lang.Thread") || owner.equals("java.util.concurrent.TimeUnit")) {
                return true;
            }
        }
        return false;
    }
}
