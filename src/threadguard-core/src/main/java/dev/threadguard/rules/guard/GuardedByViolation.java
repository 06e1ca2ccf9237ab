package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.GuardUseFacts;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.model.Containers;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.model.LockNodes;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A field annotated {@code @GuardedBy} is accessed without the lock the annotation names. The annotation is
 * matched by its simple name, so javax.annotation.concurrent, net.jcip, Error Prone, Android and androidx
 * forms, or a project's own, all count.
 *
 * <p>One finding per member and field, the other accesses there as notes. A guard that names nothing the
 * class has (a misspelt field, a thread's name) is one finding on the annotation. A guard whose lock is an
 * object of a type the analysis cannot follow (a monitor class with its own enter/leave methods), and that no
 * access is seen holding, is left alone: when it is held cannot be told.
 *
 * <p>A read that needs no lock is left out: a final field's reference returned or passed on, or a thread-safe
 * object called through it. A member whose reads only feed a display (a log line, {@code toString()}, a JMX
 * attribute) or whose name says it reads unlocked on purpose is reported at low confidence, unless the field
 * is a collection that is not thread-safe. The message says what can go wrong for the field's type and access.
 */
@RuleDescriptor(
        id = "guarded-by-violation",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "A field annotated @GuardedBy is accessed without the lock its annotation names.",
        enabledByDefault = false)
public final class GuardedByViolation implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        Set<String> namesNothingReported = new HashSet<>();
        Map<FileFacts, Map<String, GuardUseFacts.ReadUse>> readUses = new IdentityHashMap<>();
        GuardedFields.forEachField(index, use -> {
            FieldFacts field = use.field();
            if (field.guardedBy() == null) {
                return;
            }
            String annotation = field.guardedBy();
            if (!namesSomething(index, use.owner(), annotation)) {
                if (namesNothingReported.add(use.owner() + "#" + field.name())) {
                    out.report(finding(use.file().path(), field.pos(),
                            GuardedFields.ownerDisplay(index, use.owner()) + "." + field.name())
                            .message("`@GuardedBy(\"" + annotation + "\")` on `" + field.name() + "` names nothing that `"
                                    + GuardedFields.ownerDisplay(index, use.owner()) + "` has, no field, method or"
                                    + " class: the guard cannot be checked, and readers cannot tell which lock to take"));
                }
                return;
            }
            String declarer = guardDeclarer(index, use.owner(), annotation);
            String lock = lockName(annotation, GuardedFields.ownerDisplay(index, declarer), field.name());
            String modelName = modelName(index, use, declarer, annotation);
            List<FieldAccess> unguarded = new ArrayList<>();
            boolean everHeld = false;
            for (FieldAccess a : use.accesses()) {
                if (use.held().duringConstruction(a)) {
                    continue;
                }
                Set<String> heldThere = use.held().at(a);
                if (holds(heldThere, lock, a.kind() == FieldAccess.Kind.READ)
                        || modelName != null && holds(heldThere, modelName, a.kind() == FieldAccess.Kind.READ)) {
                    everHeld = true;
                } else {
                    unguarded.add(a);
                }
            }
            if (!everHeld && !trackable(index, use, annotation)) {
                return; // a lock taken through its own API (enter/leave): when it is held cannot be told
            }
            Map<String, List<FieldAccess>> byMember = new LinkedHashMap<>();
            Map<FieldAccess, Need> displayOnly = new HashMap<>(); // reads that need the lock for nothing but a display
            for (FieldAccess a : unguarded) {
                Need need = need(index, use, readUses.computeIfAbsent(use.file(), GuardedByViolation::readUses), a);
                if (need == Need.NONE) {
                    continue;
                }
                if (need == Need.DISPLAY || need == Need.DELIBERATE) {
                    displayOnly.put(a, need);
                }
                byMember.computeIfAbsent(a.site().member(), k -> new ArrayList<>()).add(a);
            }
            for (List<FieldAccess> all : byMember.values()) {
                // The accesses that need the lock come first; a member whose reads only feed a display is
                // reported at low confidence.
                List<FieldAccess> group = new ArrayList<>();
                all.stream().filter(a -> !displayOnly.containsKey(a)).forEach(group::add);
                boolean display = group.isEmpty();
                all.stream().filter(displayOnly::containsKey).forEach(group::add);
                FieldAccess a = group.get(0);
                String message = "`" + a.field() + "` is annotated `@GuardedBy(\"" + annotation + "\")` but "
                        + GuardedFields.verb(a) + " " + GuardedFields.where(a) + " without `" + lock + "` held"
                        + (group.size() > 1 ? " (" + group.size() + " accesses there)" : "")
                        + (!display ? ": " + InconsistentSynchronization.consequence(index, use.file(), field,
                        group.stream().filter(x -> !displayOnly.containsKey(x)).toList())
                        : displayOnly.get(a) == Need.DISPLAY ? ", only to display it: a stale value at worst"
                        : ", in a method whose name says that it reads without the lock on purpose: a stale value at"
                        + " worst");
                List<TraceStep> trace = new ArrayList<>();
                trace.add(new TraceStep(use.file().path(), field.pos(),
                        "`" + a.field() + "` is declared guarded by `" + lock + "` here"));
                for (FieldAccess other : group.subList(1, group.size())) {
                    trace.add(new TraceStep(use.file().path(), other.site().pos(),
                            "also " + GuardedFields.verb(other) + " here without the lock"));
                }
                out.report(finding(use.file().path(), a.site())
                        .confidence(display ? Confidence.LOW : Confidence.HIGH)
                        .message(message)
                        .trace(trace));
            }
        });
    }

    /** What an access without the lock needs it for. */
    private enum Need {
        /** Nothing: a final reference handed out, or a call on a thread-safe object through it. */
        NONE,
        /** A display only: a stale value at worst. */
        DISPLAY,
        /** A read in a method whose name says it is unlocked on purpose ({@code unsynchronizedSize()}). */
        DELIBERATE,
        /** The lock: a data race on the field or the object it holds. */
        LOCK
    }

    private static Map<String, GuardUseFacts.ReadUse> readUses(FileFacts file) {
        Map<String, GuardUseFacts.ReadUse> out = new HashMap<>();
        if (file.guardUses() != null) {
            for (GuardUseFacts.ReadUse u : file.guardUses().reads()) {
                out.put(u.owner() + "#" + u.field() + "@" + u.pos(), u);
            }
        }
        return out;
    }

    /**
     * Whether an access without the lock needs it. Reading a final field yields the same reference whoever
     * holds what: returning it, passing it on (unless it is a collection that is not thread-safe, which the
     * callee may well go through), or calling a thread-safe object (a concurrent collection, an atomic, a
     * future) through it needs no lock, nor does the length of a final array. A read that only feeds a log line, {@code toString()} or a JMX
     * attribute shows a stale value at worst, unless it goes through a collection that is not thread-safe,
     * which can throw or loop while another thread changes it.
     */
    private static Need need(ProgramIndex index, GuardedFields.FieldUse use, Map<String, GuardUseFacts.ReadUse> uses,
                             FieldAccess a) {
        if (a.kind() != FieldAccess.Kind.READ) {
            return Need.LOCK;
        }
        GuardUseFacts.ReadUse u = uses.get(a.owner() + "#" + a.field() + "@" + a.site().pos());
        FieldFacts field = use.field();
        boolean plainContainer = plainContainer(index, use);
        if (u != null && GuardedFields.isFinal(field)) {
            switch (u.shape()) {
                case RETURNED -> {
                    return Need.NONE;
                }
                case ARGUMENT -> {
                    if (!plainContainer) {
                        return Need.NONE;
                    }
                }
                case RECEIVER -> {
                    if (GuardedFields.threadSafeType(index, use.file(), use.owner(), field)) {
                        return Need.NONE;
                    }
                }
                case LENGTH -> {
                    if (field.type() != null && field.type().dimensions() > 0) {
                        return Need.NONE; // a final array's length never changes
                    }
                }
                default -> {
                }
            }
        }
        boolean display = u != null && u.display() || jmxAttribute(index, a);
        if (display && !plainContainer) {
            return Need.DISPLAY;
        }
        String member = a.site().member();
        return !plainContainer && UNLOCKED_ON_PURPOSE.matcher(member.substring(member.lastIndexOf('.') + 1)).find()
                ? Need.DELIBERATE : Need.LOCK;
    }

    /**
     * Method names that say the method reads without the lock on purpose: {@code unsynchronizedGetSize},
     * {@code getCountUnsafe}, {@code sizeUnlocked}, {@code racyRead}, {@code peekNoLock}.
     */
    private static final java.util.regex.Pattern UNLOCKED_ON_PURPOSE = java.util.regex.Pattern.compile(
            "(?i)unsynchroni[sz]ed|unlocked|racy|unsafe|nolock|withoutlock");

    /** Whether a field holds a collection or map that is not thread-safe (or an unknown one of those interfaces). */
    private static boolean plainContainer(ProgramIndex index, GuardedFields.FieldUse use) {
        FieldFacts f = use.field();
        if (f.type() == null || f.type().isPrimitive() || f.type().dimensions() > 0
                || GuardedFields.threadSafeType(index, use.file(), use.owner(), f)) {
            return false;
        }
        Optional<JavaType> t = index.resolve(f.type(), use.file(), use.owner());
        if (t.isEmpty()) {
            return Containers.PLAIN.contains(f.type().simpleName());
        }
        return !Containers.THREAD_SAFE.contains(t.get().name())
                && Containers.CONTAINER_TYPES.stream().anyMatch(c -> index.isSubtype(t.get(), c) == Tri.YES);
    }

    /**
     * Whether an access is in a getter of a JMX attribute: a method without parameters of a class that
     * implements an interface named {@code *MBean} or {@code *MXBean} declaring it.
     */
    private static boolean jmxAttribute(ProgramIndex index, FieldAccess a) {
        String member = a.site().member();
        String method = member.substring(member.lastIndexOf('.') + 1);
        Optional<ProgramIndex.SourceType> t = index.sourceType(a.site().scopeType());
        if (t.isEmpty()) {
            return false;
        }
        Set<String> seen = new HashSet<>();
        java.util.ArrayDeque<JavaType> pending = new java.util.ArrayDeque<>(index.supertypes(t.get()));
        while (!pending.isEmpty() && seen.size() < 64) {
            JavaType s = pending.poll();
            if (!seen.add(s.name())) {
                continue;
            }
            String simple = s.name().substring(s.name().lastIndexOf('.') + 1);
            if ((simple.endsWith("MBean") || simple.endsWith("MXBean")) && !index.methods(s, method, 0).isEmpty()) {
                return true;
            }
            pending.addAll(index.supertypes(s));
        }
        return false;
    }

    /**
     * The name the program model gives the lock field a plain guard names, when it differs from the guard's
     * own spelling: a lock field filled from a constructor parameter is named after the lock the creations
     * pass, and a {@code synchronized} on it holds that name. Null when the guard is not a plain field name.
     */
    private static String modelName(ProgramIndex index, GuardedFields.FieldUse use, String declarer, String value) {
        String v = value.trim();
        if (v.startsWith("this.")) {
            v = v.substring("this.".length());
        }
        if (v.equals("this") || v.equals("itself") || v.contains(".") || v.endsWith("()")
                || !v.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*")) {
            return null;
        }
        LockRef ref = new LockRef(LockRef.Kind.FIELD, declarer, v, false, null, LockRef.Origin.NONE, false, false,
                false, Pos.NONE);
        return LockNodes.of(index).name(ref, use.file(), use.owner());
    }

    /** Whether held locks include {@code lock}; {@code A.B.this} and {@code B.this} are one monitor. */
    private static boolean holds(Set<String> held, String lock, boolean readOnly) {
        if (HeldLocks.holds(held, lock, readOnly)) {
            return true;
        }
        if (lock.endsWith(".this")) {
            String simple = simpleThis(lock);
            for (String h : held) {
                if (h.endsWith(".this") && simpleThis(h).equals(simple)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String simpleThis(String lock) {
        String type = lock.substring(0, lock.length() - ".this".length());
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /**
     * Whether a guard names something the owner can reach: {@code this}, {@code itself}, a class, or a field
     * or method of the owner, its supertypes or enclosing types. A dotted name is taken on trust.
     */
    static boolean namesSomething(ProgramIndex index, String owner, String value) {
        String v = value.trim();
        if (v.equals("this") || v.equals("itself") || v.endsWith(".this") || v.endsWith(".class")) {
            return true;
        }
        boolean method = v.endsWith("()");
        if (method) {
            v = v.substring(0, v.length() - 2);
        }
        if (v.startsWith("this.")) {
            v = v.substring("this.".length());
        }
        if (v.contains(".") || !v.matches("[\\p{javaJavaIdentifierStart}][\\p{javaJavaIdentifierPart}]*")) {
            return v.contains("."); // a path such as outer.lock is taken on trust; "main thread" names nothing
        }
        for (Optional<ProgramIndex.SourceType> t = index.sourceType(owner); t.isPresent();
             t = t.get().facts().outerName() == null ? Optional.empty() : index.sourceType(t.get().facts().outerName())) {
            if (index.fieldDeclarer(t.get(), v).isPresent() || !index.methods(t.get(), v, 0).isEmpty()) {
                return true;
            }
            if (!index.hierarchyComplete(t.get())) {
                return true; // a supertype outside the program may declare it
            }
        }
        return false;
    }

    /**
     * Whether holding the guard can be seen: it is {@code this}, a class, or a field of type {@code Object},
     * a {@code Lock} or a {@code ReadWriteLock} (taken with {@code synchronized} or {@code lock()}).
     */
    private static boolean trackable(ProgramIndex index, GuardedFields.FieldUse use, String value) {
        String v = value.trim();
        if (v.startsWith("this.")) {
            v = v.substring("this.".length());
        }
        if (v.equals("this") && index.sourceType(use.owner())
                .map(t -> index.isSubtype(t, "java.util.concurrent.locks.Lock") == Tri.YES).orElse(false)) {
            return false; // a class that is a Lock guards `this` with its own lock()/unlock(), not a monitor
        }
        if (v.equals("this") || v.equals("itself") || v.endsWith(".this") || v.endsWith(".class") || v.contains(".")
                || v.endsWith("()")) {
            return true;
        }
        Optional<ProgramIndex.SourceType> owner = index.sourceType(use.owner());
        if (owner.isEmpty()) {
            return true;
        }
        Optional<JavaType> type = index.fieldType(owner.get(), v);
        if (type.isEmpty()) {
            return true;
        }
        String name = type.get().name();
        return name.equals("java.lang.Object")
                || index.isSubtype(type.get(), "java.util.concurrent.locks.Lock") == Tri.YES
                || index.isSubtype(type.get(), "java.util.concurrent.locks.ReadWriteLock") == Tri.YES;
    }

    /**
     * The type whose field a plain {@code @GuardedBy} name refers to: the owner of the guarded field when it or
     * its supertypes declare that name, else the innermost enclosing type that does (an inner class guarding
     * its state with its outer object's lock field). The owner when nothing declares it.
     */
    static String guardDeclarer(ProgramIndex index, String owner, String value) {
        String v = value.trim();
        if (v.startsWith("this.") || v.contains(".") || v.endsWith("()") || v.equals("this") || v.equals("itself")) {
            return owner;
        }
        for (Optional<ProgramIndex.SourceType> t = index.sourceType(owner); t.isPresent();
             t = t.get().facts().outerName() == null ? Optional.empty() : index.sourceType(t.get().facts().outerName())) {
            Optional<JavaType> declarer = index.fieldDeclarer(t.get(), v);
            if (declarer.isPresent()) {
                return declarer.get().name();
            }
        }
        return owner;
    }

    /** The lock a {@code @GuardedBy} value names, spelled as the facts name held locks. */
    static String lockName(String value, String ownerDisplay, String field) {
        String v = value.trim();
        if (v.equals("this")) {
            return ownerDisplay + ".this";
        }
        if (v.equals("itself")) {
            return ownerDisplay + "." + field;
        }
        if (v.endsWith(".this") || v.endsWith(".class")) {
            return v;
        }
        if (v.endsWith("()")) {
            v = v.substring(0, v.length() - 2); // @GuardedBy("lock()"): a method returning the lock
        }
        if (v.startsWith("this.")) {
            v = v.substring("this.".length());
        }
        return v.contains(".") ? v : ownerDisplay + "." + v;
    }
}
