package dev.threadguard.rules.guard;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.SharingFacts.UnsafeUse;
import dev.threadguard.facts.model.UnsafeToShare;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
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
 * A {@code SimpleDateFormat}, {@code Calendar}, {@code MessageDigest}, {@code Matcher} (and the like) kept in a
 * static field, or a field of an object that serves many threads, and used without a lock: two threads
 * interleave their calls on one instance's per-call state. High confidence for a static field; medium for a field
 * of an object only guessed to serve many threads, and for a {@code MessageFormat}, whose {@code format} keeps no
 * state of its own unless its pattern has number or date subformats (reviewers judged the instance fields and the
 * message formats false on unread code).
 */
@RuleDescriptor(
        id = "shared-non-thread-safe",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A SimpleDateFormat, Calendar, MessageDigest, Matcher or the like is shared between threads and used without a lock.",
        enabledByDefault = false)
public final class SharedNonThreadSafe implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            Set<String> reported = new HashSet<>();
            for (UnsafeUse u : file.sharing().unsafeUses()) {
                if (u.locked() || u.construction() || !(u.staticField() || u.sharedOwner() || u.deferred())) {
                    continue;
                }
                String key = u.owner() + "#" + u.field();
                if (reported.contains(key) || !jdkType(index, u)) {
                    continue;
                }
                reported.add(key);
                String shared = u.staticField() ? "static field"
                        : u.sharedOwner() ? "field of a class whose one instance serves many threads"
                        : "field used by code that runs on another thread";
                String simpleOwner = u.owner().substring(u.owner().lastIndexOf('.') + 1);
                out.report(finding(file.path(), u.site())
                        .confidence(u.staticField() && !u.type().equals("MessageFormat") ? Confidence.HIGH
                                : Confidence.MEDIUM)
                        .message("`" + u.text() + "` in `" + u.site().member() + "` uses `" + simpleOwner + "."
                                + u.field() + "`, a " + shared + " of type `" + u.type() + "`, with no lock held: a `"
                                + u.type() + "` " + UnsafeToShare.TYPES.get(u.type()) + ", so two threads using it at"
                                + " once get wrong results or exceptions; make one per use or per thread (a local, a"
                                + " `ThreadLocal`), use a thread-safe replacement (`DateTimeFormatter`), or lock it"));
            }
        }
    }

    /** Whether the field's type is the JDK class, not a class of the program that has its name. */
    private static boolean jdkType(ProgramIndex index, UnsafeUse u) {
        Optional<JavaType> owner = index.type(u.owner());
        Optional<JavaType> type = owner.flatMap(o -> index.fieldType(o, u.field()));
        return type.isPresent() && (type.get().name().startsWith("java.") || type.get().name().startsWith("javax."));
    }
}
