package dev.threadguard.rules.guard;

import dev.threadguard.facts.CallUnderLock;
import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Site;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.index.ProgramIndex;

import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The locks held at each field access of a file, the locks its methods are known to hold on entry
 * included: a non-public method whose every call in its file is made with lock L held runs with L held.
 * Computed as a greatest fixpoint over those calls, so chains of helpers and recursion work. Locks held
 * through a local alias ({@code final ReentrantLock lock = this.lock;}, as the JDK writes it) are named
 * after the field of the same name.
 */
final class HeldLocks {

    /** Entry locks per {@code owner#method}; absent for methods that may be called from anywhere. */
    private final Map<String, Set<String>> entry = new HashMap<>();
    /** Non-public methods called only while an object is being constructed: construction themselves. */
    private final Set<String> constructionOnly = new HashSet<>();

    private final ProgramIndex index;

    HeldLocks(ProgramIndex index, FileFacts file) {
        this.index = index;
        Map<String, List<CallUnderLock>> callsTo = new HashMap<>();
        for (CallUnderLock c : file.callsUnderLock()) {
            callsTo.computeIfAbsent(c.owner() + "#" + c.method(), k -> new java.util.ArrayList<>()).add(c);
        }
        Set<String> privateMethods = new HashSet<>();
        for (TypeFacts t : file.types()) {
            Map<String, Boolean> allPrivate = new HashMap<>();
            for (MethodFacts m : t.methods()) {
                // Subclasses in other files could call a protected helper unguarded; that is a miss we accept
                // rather than report every helper that only synchronized methods call.
                allPrivate.merge(m.name(), !Modifier.isPublic(m.modifiers()) && !m.isConstructor(), Boolean::logicalAnd);
            }
            allPrivate.forEach((name, isPrivate) -> {
                if (isPrivate) {
                    privateMethods.add(t.qualifiedName() + "#" + name);
                }
            });
        }
        // Start from "every lock" (null) and narrow until nothing changes.
        Map<String, Set<String>> current = new HashMap<>();
        for (String m : privateMethods) {
            current.put(m, null);
        }
        boolean changed = true;
        for (int round = 0; changed && round < 64; round++) {
            changed = false;
            for (String m : privateMethods) {
                List<CallUnderLock> calls = callsTo.getOrDefault(m, List.of());
                Set<String> meet = null;
                for (CallUnderLock c : calls) {
                    if (c.context() == CallUnderLock.Context.CONSTRUCTOR) {
                        continue; // during construction nobody else can see the object yet
                    }
                    Set<String> atCall = named(c.locks(), c.site());
                    if (c.context() == CallUnderLock.Context.NORMAL) {
                        Set<String> callerEntry = current.get(c.site().scopeType() + "#" + methodName(c.site()));
                        if (callerEntry != null) {
                            atCall.addAll(callerEntry);
                        } else if (current.containsKey(c.site().scopeType() + "#" + methodName(c.site()))) {
                            continue; // the caller is itself not yet narrowed: it does not constrain this round
                        }
                    }
                    if (meet == null) {
                        meet = atCall;
                    } else {
                        meet.retainAll(atCall);
                    }
                }
                if (meet == null) {
                    meet = calls.stream().allMatch(c -> c.context() == CallUnderLock.Context.CONSTRUCTOR)
                            ? Set.of() : null;
                }
                if (meet != null && !meet.equals(current.get(m))) {
                    current.put(m, meet);
                    changed = true;
                }
            }
        }
        current.forEach((m, locks) -> entry.put(m, locks == null ? Set.of() : locks));
        for (String m : privateMethods) {
            List<CallUnderLock> calls = callsTo.getOrDefault(m, List.of());
            if (!calls.isEmpty() && calls.stream().allMatch(c -> c.context() == CallUnderLock.Context.CONSTRUCTOR)) {
                constructionOnly.add(m);
            }
        }
    }

    private static String methodName(Site site) {
        String member = site.member();
        return member.substring(member.lastIndexOf('.') + 1);
    }

    /** Lock names with local aliases replaced by the field they stand for, when one of that name exists. */
    private Set<String> named(List<String> locks, Site site) {
        Set<String> out = new LinkedHashSet<>();
        for (String lock : locks) {
            out.add(lock.contains(".") || lock.contains(" ") ? lock : fieldLock(lock, site.scopeType()));
        }
        return out;
    }

    private String fieldLock(String name, String scopeType) {
        for (Optional<ProgramIndex.SourceType> t = index.sourceType(scopeType); t.isPresent();
             t = t.get().facts().outerName() == null ? Optional.empty() : index.sourceType(t.get().facts().outerName())) {
            TypeFacts facts = t.get().facts();
            if (facts.fields().stream().anyMatch(f -> f.name().equals(name))) {
                return facts.displayName() + "." + name;
            }
        }
        return name;
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

    /** The locks held at an access: those taken around it, and those its method holds on entry. */
    Set<String> at(FieldAccess access) {
        Set<String> locks = named(access.locks(), access.site());
        if (access.context() == FieldAccess.Context.NORMAL) {
            // Code of an anonymous class called on the spot runs within its enclosing method.
            String scope = index.sourceType(access.site().scopeType())
                    .filter(t -> t.facts().kind() == TypeFacts.Kind.ANONYMOUS && t.facts().outerName() != null)
                    .map(t -> t.facts().outerName()).orElse(access.site().scopeType());
            locks.addAll(entry.getOrDefault(scope + "#" + methodName(access.site()), Set.of()));
        }
        return locks;
    }

    /** Whether {@code held} includes {@code lock}, a write lock standing for its read lock too. */
    static boolean holds(Set<String> held, String lock, boolean readOnly) {
        return held.contains(lock) || readOnly && held.contains(lock + " (read)")
                || lock.endsWith(" (read)") && held.contains(lock.substring(0, lock.length() - " (read)".length()));
    }
}
