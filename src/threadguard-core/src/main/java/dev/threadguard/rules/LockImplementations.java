package dev.threadguard.rules;

import dev.threadguard.facts.Site;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.Tri;

import java.util.Optional;
import java.util.Set;

/**
 * Code that implements a lock or a condition, or forwards to one: inside it, taking a lock without
 * releasing it, or waiting once without a loop, is the contract of the method, not a misuse.
 */
public final class LockImplementations {

    private static final Set<String> LOCK_TYPES = Set.of("java.util.concurrent.locks.Lock",
            "java.util.concurrent.locks.ReadWriteLock", "java.util.concurrent.locks.Condition");

    private static final Set<String> CONDITION_WAITS = Set.of("await", "awaitNanos", "awaitUntil",
            "awaitUninterruptibly");

    private LockImplementations() {
    }

    /** Whether the code stands in a class (or one nested in a class) that implements Lock, ReadWriteLock or Condition. */
    public static boolean inside(ProgramIndex index, Site site) {
        for (Optional<ProgramIndex.SourceType> t = index.sourceType(site.scopeType()); t.isPresent();
             t = t.get().facts().outerName() == null ? Optional.empty() : index.sourceType(t.get().facts().outerName())) {
            for (String type : LOCK_TYPES) {
                if (index.isSubtype(t.get(), type) == Tri.YES) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether the code is itself a condition wait ({@code await...}) that forwards to another one. */
    public static boolean delegatesWait(Site site) {
        String member = site.member();
        String method = member.substring(member.lastIndexOf('.') + 1);
        return CONDITION_WAITS.contains(method);
    }
}
