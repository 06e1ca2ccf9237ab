package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.ExecutorCreation;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An executor created by the code and never shut down: a local not shut down on every path out of its
 * method, a field that no method of its class shuts down, or a pool made for one call and dropped. Its
 * threads outlive their use, pile up with every call or instance, and, when they are not daemon threads,
 * keep the JVM from exiting.
 */
@RuleDescriptor(
        id = "executor-never-shutdown",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "An executor created here is never shut down: its threads outlive their use and can keep the JVM from exiting.",
        enabledByDefault = false)
public final class ExecutorNeverShutdown implements Rule {

    static final String EXECUTOR_SERVICE = "java.util.concurrent.ExecutorService";

    /** How the message on an instance field starts. */
    private static final String INSTANCE_FIELD = "field `";

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        Set<String> closedAnywhere = null;
        Set<String> constructed = null;
        Set<String> inStaticFields = null;
        for (FileFacts file : index.files()) {
            for (ExecutorCreation c : file.lifecycle().executorCreations()) {
                Confidence confidence = confirm(index, file, c);
                if (confidence == null) {
                    continue;
                }
                String what = "`" + c.text() + "`";
                String where = "`" + c.site().member() + "`";
                String message;
                List<TraceStep> trace = List.of();
                switch (c.fate()) {
                    case NEVER_SHUT_DOWN -> message = "the executor in local `" + c.name() + "`, created by " + what
                            + " in " + where + ", is never shut down: its threads outlive the call, pile up with every"
                            + " call, and keep the JVM from exiting; shut it down in a `finally` block or use"
                            + " try-with-resources";
                    case SOME_PATHS -> {
                        if (c.missedBy().equals("condition")) {
                            message = "the executor in local `" + c.name() + "`, created by " + what + " in " + where
                                    + ", is shut down only under a condition (line " + c.missedAt().line()
                                    + "): on the other paths its threads are left running; shut it down in a `finally`"
                                    + " block";
                            trace = List.of(new TraceStep(file.path(), c.missedAt(), "the only shutdown of `" + c.name()
                                    + "` is conditional"));
                        } else {
                            message = "the executor in local `" + c.name() + "`, created by " + what + " in " + where
                                    + ", is not shut down on the path through the `" + c.missedBy() + "` at line "
                                    + c.missedAt().line() + ": its threads are left running; shut it down in a"
                                    + " `finally` block";
                            trace = List.of(new TraceStep(file.path(), c.missedAt(), "this `" + c.missedBy()
                                    + "` leaves without shutting `" + c.name() + "` down"));
                        }
                    }
                    case DROPPED -> message = "the executor created by " + what + " in " + where + " is used once and"
                            + " dropped: nothing can shut it down, so its threads stay alive for good; keep it in a"
                            + " variable and shut it down, or use a shared executor";
                    case FIELD -> {
                        if (closedAnywhere == null) {
                            closedAnywhere = new HashSet<>();
                            for (FileFacts f : index.files()) {
                                closedAnywhere.addAll(f.lifecycle().closedNames());
                            }
                        }
                        message = fieldMessage(index, file, c, closedAnywhere, what);
                        if (message == null) {
                            continue;
                        }
                    }
                    default -> throw new IllegalStateException(c.fate().name());
                }
                String lasting = confidence == Confidence.HIGH ? shortLived(c, message) : null;
                if (lasting == null && confidence == Confidence.HIGH && c.fate() == ExecutorCreation.Fate.FIELD
                        && message.startsWith(INSTANCE_FIELD)) {
                    if (constructed == null) {
                        constructed = new HashSet<>();
                        inStaticFields = new HashSet<>();
                        for (FileFacts f : index.files()) {
                            constructed.addAll(f.lifecycle().constructed());
                            inStaticFields.addAll(f.lifecycle().constructedInStaticFields());
                        }
                    }
                    String owner = c.fieldOwner().substring(Math.max(c.fieldOwner().lastIndexOf('.'),
                            c.fieldOwner().lastIndexOf('$')) + 1);
                    if (inStaticFields.contains(owner) && !constructed.contains(owner)) {
                        // Every instance the sources make is kept in a static field: one pool per such field for
                        // the life of the program, not one per short-lived object.
                        lasting = "every `new " + owner + "(...)` of the sources is kept in a static field:"
                                + " its pool lives as long as the program";
                    }
                }
                if (lasting != null) {
                    confidence = Confidence.MEDIUM;
                }
                String note = confidence == Confidence.LOW ? " [type not resolved: matched by method name]"
                        : lasting != null ? " [" + lasting + "]" : "";
                out.report(finding(file.path(), c.site())
                        .confidence(confidence)
                        .message(message + note)
                        .trace(trace));
            }
        }
    }

    /** The message for an executor kept in a field, or null when its class shuts it down or hands it out. */
    private static String fieldMessage(ProgramIndex index, FileFacts file, ExecutorCreation c, Set<String> closedAnywhere,
                                       String what) {
        Optional<ProgramIndex.SourceType> owner = index.sourceType(c.fieldOwner());
        FieldFacts field = owner.flatMap(t -> t.facts().fields().stream()
                .filter(f -> f.name().equals(c.name())).findFirst()).orElse(null);
        boolean isPrivate = field == null || Modifier.isPrivate(field.modifiers());
        if (file.lifecycle().closedNames().contains(c.name()) || !isPrivate && closedAnywhere.contains(c.name())
                || file.lifecycle().returnedFields().contains(c.name())) {
            return null; // shut down by some method, or handed out for others to own
        }
        TypeFacts.Kind kind = owner.map(t -> t.facts().kind()).orElse(TypeFacts.Kind.CLASS);
        String type = owner.map(t -> t.facts().displayName()).orElse(c.site().member());
        boolean perClass = field != null && Modifier.isStatic(field.modifiers()) || kind == TypeFacts.Kind.ENUM
                || kind == TypeFacts.Kind.INTERFACE;
        if (perClass) {
            // One pool for the life of the program is a choice; with non-daemon threads it also blocks exit.
            if (!c.defaultThreads()) {
                return null;
            }
            return "static field `" + c.name() + "` holds the executor created by " + what + ", which no method of `"
                    + type + "` shuts down, and whose threads are not daemon threads: the JVM cannot exit while they"
                    + " live; shut it down from a shutdown hook or a `close()`/`stop()` method";
        }
        return INSTANCE_FIELD + c.name() + "` holds the executor created by " + what + ", which no method of `" + type
                + "` shuts down: every instance leaves its threads running; shut it down in `close()`, `stop()` or"
                + " a `@PreDestroy` method";
    }

    /**
     * Why the threads of an executor left open do not stay for good, or null when they do: a cached pool's idle
     * threads end a minute after their last task, and the JDK's wrapper of {@code newSingleThreadExecutor()}
     * shuts it down once it is unreachable, which for a pool kept in an instance field is when its owner is.
     */
    private static String shortLived(ExecutorCreation c, String message) {
        String factory = c.factory() == null ? "" : c.factory().name();
        if (factory.equals("newCachedThreadPool")) {
            return "a cached pool's idle threads end 60 s after their last task";
        }
        if (factory.equals("newSingleThreadExecutor") && c.fate() == ExecutorCreation.Fate.FIELD
                && message.startsWith(INSTANCE_FIELD)) {
            return "shut down by the JDK once the owning object is unreachable";
        }
        return null;
    }

    /** How sure it is that the creation makes an {@code ExecutorService}; null when it does not. */
    private static Confidence confirm(ProgramIndex index, FileFacts file, ExecutorCreation c) {
        String scope = c.site().scopeType();
        if (c.createdType() != null) {
            Optional<JavaType> t = index.resolve(c.createdType(), file, scope);
            return t.isPresent() && index.isSubtype(t.get(), EXECUTOR_SERVICE) == Tri.YES ? Confidence.HIGH : null;
        }
        List<MethodMatch> matches = index.callTargets(c.factory(), file, scope);
        if (!matches.isEmpty()) {
            MethodMatch m = matches.get(0);
            return m.declaringType().name().equals("java.util.concurrent.Executors") && m.returnType().isPresent()
                    && index.isSubtype(m.returnType().get(), EXECUTOR_SERVICE) == Tri.YES ? Confidence.HIGH : null;
        }
        if (c.factory().target() == null) {
            return null;
        }
        // Executors resolves, but not this factory: one of a newer JDK than the one running the analysis.
        Optional<JavaType> target = index.typeOf(c.factory().target(), file, scope);
        return target.isEmpty() || target.get().name().equals("java.util.concurrent.Executors") ? Confidence.LOW : null;
    }
}
