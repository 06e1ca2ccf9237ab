package dev.threadguard.rules.guard;

import dev.threadguard.facts.CallUnderLock;
import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Site;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.model.EntryLocks;
import dev.threadguard.model.LockNodes;
import dev.threadguard.model.LockSteps;
import dev.threadguard.model.RunsAtOnce;

import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The locks held at each field access of a file, as the program model names them: those taken around the
 * access that are locks by type ({@link LockSteps}), and those every caller of its method holds on entry
 * ({@link EntryLocks}, the computation the lock-order rules use too), so that a helper only ever called
 * under a lock, from its own class or another, counts as guarded.
 */
final class HeldLocks {

    /** Non-public methods called only while an object is being constructed: construction themselves. */
    private final Set<String> constructionOnly = new HashSet<>();

    private final ProgramIndex index;
    private final FileFacts file;
    private final LockSteps steps;
    private final LockNodes nodes;
    private final EntryLocks entry;
    private final RunsAtOnce runs;

    HeldLocks(ProgramIndex index, FileFacts file) {
        this.index = index;
        this.file = file;
        this.steps = LockSteps.of(index);
        this.nodes = LockNodes.of(index);
        this.entry = EntryLocks.of(index);
        this.runs = RunsAtOnce.of(index);
        Set<String> privateMethods = new HashSet<>();
        for (TypeFacts t : file.types()) {
            Map<String, Boolean> allPrivate = new HashMap<>();
            for (MethodFacts m : t.methods()) {
                allPrivate.merge(m.name(), !Modifier.isPublic(m.modifiers()) && !m.isConstructor(), Boolean::logicalAnd);
            }
            allPrivate.forEach((name, isPrivate) -> {
                if (isPrivate) {
                    privateMethods.add(t.qualifiedName() + "#" + name);
                }
            });
        }
        Map<String, Boolean> onlyConstruction = new HashMap<>();
        for (CallUnderLock c : file.callsUnderLock()) {
            String callee = c.owner() + "#" + c.method();
            if (privateMethods.contains(callee)) {
                onlyConstruction.merge(callee, c.context() == CallUnderLock.Context.CONSTRUCTOR, Boolean::logicalAnd);
            }
        }
        onlyConstruction.forEach((m, only) -> {
            if (only) {
                constructionOnly.add(m);
            }
        });
    }

    private static String methodName(Site site) {
        String member = site.member();
        return member.substring(member.lastIndexOf('.') + 1);
    }

    /**
     * Whether an access happens while its object is being built: in a constructor, an initializer,
     * {@code readObject}, or a non-public helper that only those call. Nobody else can see the object then.
     */
    boolean duringConstruction(FieldAccess access) {
        return access.context() == FieldAccess.Context.CONSTRUCTOR
                || access.context() == FieldAccess.Context.NORMAL
                && constructionOnly.contains(access.site().scopeType() + "#" + methodName(access.site()));
    }

    /**
     * The locks held at an access: those taken around it, those its method holds on entry, and those a project
     * method holds where it runs a lambda around the access ({@link RunsAtOnce}).
     */
    Set<String> at(FieldAccess access) {
        Set<String> locks = new LinkedHashSet<>();
        String scopeType = access.site().scopeType();
        for (LockRef r : steps.locks(access.held(), file, scopeType)) {
            locks.add(nodes.name(r, file, scopeType));
        }
        for (RunsAtOnce.Held h : runs.at(file, access.site().pos())) {
            locks.add(nodes.name(h.ref(), h.file(), h.scopeType()));
        }
        if (access.context() == FieldAccess.Context.NORMAL) {
            // Code of an anonymous class called on the spot runs within its enclosing method.
            String scope = index.sourceType(scopeType)
                    .filter(t -> t.facts().kind() == TypeFacts.Kind.ANONYMOUS && t.facts().outerName() != null)
                    .map(t -> t.facts().outerName()).orElse(scopeType);
            locks.addAll(entry.names(scope, methodName(access.site()), access.site().pos()));
        }
        return locks;
    }

    /** Whether {@code held} includes {@code lock}, a write lock standing for its read lock too. */
    static boolean holds(Set<String> held, String lock, boolean readOnly) {
        return held.contains(lock) || readOnly && held.contains(lock + " (read)")
                || lock.endsWith(" (read)") && held.contains(lock.substring(0, lock.length() - " (read)".length()));
    }
}
