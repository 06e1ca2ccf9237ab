package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.ThreadRunCall;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

import java.util.Optional;

/**
 * {@code thread.run()}: the thread's task runs on the calling thread, and no thread is started. A thread that the
 * same method first removed from the JVM's shutdown hooks is left alone: its cleanup is run now, on purpose.
 */
@RuleDescriptor(
        id = "thread-run-called",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "Thread.run() is called where start() was meant: the task runs on the caller's thread.",
        enabledByDefault = false)
public final class ThreadRunCalled implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (ThreadRunCall r : file.lifecycle().runCalls()) {
                if (r.deliberate()) {
                    continue; // a shutdown hook taken back and run now, or a choice between run() here and start()
                }
                Optional<JavaType> receiver = index.typeOf(r.receiver(), file, r.site().scopeType());
                if (receiver.isEmpty() || index.isSubtype(receiver.get(), "java.lang.Thread") != Tri.YES) {
                    continue;
                }
                out.report(finding(file.path(), r.site())
                        .message("`" + r.text() + "` in `" + r.site().member() + "` runs the thread's task"
                                + " on the calling thread and starts no thread: the caller blocks until it ends, and nothing"
                                + " runs in parallel; call `start()`"));
            }
        }
    }
}
