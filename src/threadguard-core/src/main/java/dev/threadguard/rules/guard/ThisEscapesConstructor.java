package dev.threadguard.rules.guard;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.SharingFacts.ConstructorEscape;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.facts.model.Tasks;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * A constructor starts a thread, or hands a task to an executor, that can reach {@code this}: the other thread
 * can run before the object is fully built. High confidence when the task's code (as its class shows it) reads a
 * field the constructor assigns after the call; medium when it reads none of them, when it is scheduled after a
 * delay written as a positive literal or an upper-case constant (taken to be positive), or when only a subclass's constructor is left to run: reviewers judged the tasks that read only fields set before the call harmless.
 */
@RuleDescriptor(
        id = "this-escapes-constructor",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A constructor starts a thread or submits a task that reaches this: the object is used by another thread before it is built.",
        enabledByDefault = false)
public final class ThisEscapesConstructor implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (ConstructorEscape e : file.sharing().escapes()) {
                String scopeType = e.site().scopeType();
                String how;
                switch (e.kind()) {
                    case SELF_STARTED -> {
                        Optional<JavaType> self = index.type(scopeType);
                        if (self.isEmpty() || index.isSubtype(self.get(), "java.lang.Thread") != Tri.YES) {
                            continue;
                        }
                        how = "starts the thread being built";
                    }
                    case THREAD_STARTED -> {
                        if (!(e.receiver() instanceof ValueRef.Unknown)) {
                            Optional<JavaType> t = index.typeOf(e.receiver(), file, scopeType);
                            if (t.isEmpty() || index.isSubtype(t.get(), "java.lang.Thread") != Tri.YES) {
                                continue;
                            }
                        }
                        how = "starts a thread whose task reaches `this`";
                    }
                    default -> {
                        if (!submitsToExecutor(index, file, e)) {
                            continue;
                        }
                        how = "hands a task that reaches `this` to another thread";
                    }
                }
                boolean subclassed = !e.finalClass() && extended(index).contains(scopeType);
                if (!subclassed && !e.fieldsAfter()) {
                    // Nothing left to set, no subclass constructor to run after this one, and start() or submit
                    // orders the writes before the task's reads.
                    continue;
                }
                out.report(finding(file.path(), e.site())
                        .message("`" + e.text() + "` in `" + e.site().member() + "` " + how + " before the constructor"
                                + " returns: the other thread can run on an object not yet built"
                                + (subclassed ? " (a subclass constructor has not run yet)" : "")
                                + (e.fieldsAfter() ? " (fields assigned after this line may not be set)" : "")
                                + "; start it from a factory method or a `start()` method called once the object is"
                                + " constructed")
                        .confidence(e.fieldsAfter() && e.readByTask() && !e.delayed() ? Confidence.HIGH : Confidence.MEDIUM));
            }
        }
    }

    /** The source types some source type of the program extends: classes whose constructor a subclass's follows. */
    private static Set<String> extended(ProgramIndex index) {
        return index.derived(Extended.class, ix -> {
            Set<String> names = new HashSet<>();
            for (FileFacts f : ix.files()) {
                for (TypeFacts t : f.types()) {
                    ix.sourceType(t.qualifiedName()).ifPresent(st -> ix.supertypes(st).forEach(s -> names.add(s.name())));
                }
            }
            return new Extended(Set.copyOf(names));
        }).names();
    }

    private record Extended(Set<String> names) {
    }

    private static boolean submitsToExecutor(ProgramIndex index, FileFacts file, ConstructorEscape e) {
        if (e.text().contains("runAsync(") || e.text().contains("supplyAsync(")) {
            return true;
        }
        Optional<JavaType> t = index.typeOf(e.receiver(), file, e.site().scopeType());
        if (t.isPresent()) {
            Tri executor = index.isSubtype(t.get(), "java.util.concurrent.Executor");
            if (executor != Tri.UNKNOWN) {
                return executor == Tri.YES;
            }
        }
        return Tasks.EXECUTOR_NAME.matcher(e.text()).matches();
    }
}
