package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.TypeName;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A method that overrides a {@code synchronized} method of a superclass in the analyzed sources without
 * being synchronized itself: callers of the subclass lose the mutual exclusion the superclass promised.
 */
@RuleDescriptor(
        id = "override-drops-synchronized",
        family = Family.GUARD,
        severity = Severity.WARNING,
        enabledByDefault = false,
        summary = "A method overrides a synchronized method without synchronizing: on the subclass the"
                + " superclass's lock no longer guards the call.")
public final class OverrideDropsSynchronized implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            Map<String, LockBody> bodies = new HashMap<>();
            for (LockBody b : file.lockBodies()) {
                if (b.declared() != null) {
                    bodies.put(b.key(), b);
                }
            }
            for (TypeFacts type : file.types()) {
                if (type.kind() == TypeFacts.Kind.INTERFACE || type.kind() == TypeFacts.Kind.ANNOTATION) {
                    continue;
                }
                for (MethodFacts m : type.methods()) {
                    int mods = m.modifiers();
                    if (m.isConstructor() || Modifier.isStatic(mods) || Modifier.isSynchronized(mods)
                            || Modifier.isAbstract(mods) || Modifier.isNative(mods) || Modifier.isPrivate(mods)) {
                        continue;
                    }
                    Overridden base = synchronizedBase(index, file, type, m);
                    if (base == null) {
                        continue;
                    }
                    LockBody body = bodies.get(LockBody.key(type.qualifiedName(), m.name(), m.pos()));
                    boolean fields = touchesFields(index, file, type, m.pos());
                    if (locksItselfOrDelegates(body, type.qualifiedName(), m.name())
                            || !fields && (body == null || onlySafeCalls(index, file, type, body))
                            || sharesNothingWithBase(base, body)) {
                        continue;
                    }
                    String member = type.displayName() + "." + m.name();
                    String baseName = base.type().displayName() + "." + m.name();
                    boolean shared = sharedWithLockedCode(index, file, base.file(), type, m.pos(), body);
                    out.report(finding(file.path(), m.pos(), member)
                            .message("`" + member + "` overrides `" + baseName + "`, which is synchronized, but is"
                                    + " not: on a `" + type.displayName() + "` the call no longer holds the"
                                    + " object's monitor, so it runs at the same time as the other synchronized"
                                    + " methods it was excluded from; declare it synchronized too, or synchronize"
                                    + " on this around its body")
                            .confidence(shared ? Confidence.HIGH : Confidence.MEDIUM)
                            .trace(new TraceStep(base.path(), base.method().pos(), "`" + baseName
                                    + "` is synchronized"), new TraceStep(file.path(), m.pos(), "`" + member
                                    + "` overrides it without the lock")));
                }
            }
        }
    }

    /** A synchronized method of a source supertype that {@code m} overrides. */
    private record Overridden(TypeFacts type, MethodFacts method, String path, FileFacts file) {
    }

    /**
     * Whether the override cannot touch what the base method's lock protects: the base reads and writes no
     * field itself, so its lock guards only the sequence of calls it makes on its own object (save the
     * position, move it, read, move it back), and the override makes none of those calls on its object. A
     * base that touches a field is left to the checks above: an inherited field the override uses is not
     * always visible in its facts.
     */
    private static boolean sharesNothingWithBase(Overridden base, LockBody override) {
        MethodFacts m = base.method();
        for (FieldAccess a : base.file().fieldAccesses()) {
            Pos p = a.site().pos();
            if (a.site().scopeType().equals(base.type().qualifiedName()) && p.line() >= m.pos().line()
                    && p.line() <= m.pos().endLine()) {
                return false;
            }
        }
        LockBody baseBody = null;
        for (LockBody b : base.file().lockBodies()) {
            if (b.declared() != null && b.key().equals(LockBody.key(base.type().qualifiedName(), m.name(), m.pos()))) {
                baseBody = b;
            }
        }
        if (baseBody == null) {
            return false;
        }
        Set<String> baseCalls = callsOnSelf(baseBody);
        if (baseCalls.isEmpty()) {
            return false; // a synchronized method that does nothing on its object: not this principle's case
        }
        return override == null || java.util.Collections.disjoint(baseCalls, callsOnSelf(override));
    }

    /** The names of the methods a body calls on its own object ({@code f()}, {@code this.f()}, {@code super.f()}). */
    private static Set<String> callsOnSelf(LockBody body) {
        Set<String> names = new HashSet<>();
        for (LockOp op : body.ops()) {
            if (op.kind() == LockOp.Kind.CALL && op.call() != null && (op.call().target() == null
                    || op.call().target() instanceof ValueRef.This t && t.qualifier() == null
                    || op.call().target() instanceof ValueRef.Super)) {
                names.add(op.call().name());
            }
        }
        return names;
    }

    /** The nearest declaration {@code m} overrides in the source supertypes, when it is synchronized; else null. */
    private static Overridden synchronizedBase(ProgramIndex index, FileFacts file, TypeFacts type, MethodFacts m) {
        Deque<JavaType> pending = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        index.sourceType(type.qualifiedName()).ifPresent(t -> pending.addAll(index.supertypes(t)));
        while (!pending.isEmpty()) {
            JavaType t = pending.poll();
            if (!(t instanceof SourceType s) || !seen.add(s.name())) {
                continue; // library superclasses are left alone: their lock guards state we cannot see
            }
            for (MethodFacts candidate : s.facts().methods()) {
                if (candidate.name().equals(m.name()) && sameParameters(candidate, m)
                        && !Modifier.isPrivate(candidate.modifiers()) && !Modifier.isStatic(candidate.modifiers())) {
                    return Modifier.isSynchronized(candidate.modifiers())
                            ? new Overridden(s.facts(), candidate, s.file().path(), s.file()) : null;
                }
            }
            pending.addAll(index.supertypes(s));
        }
        return null;
    }

    private static boolean sameParameters(MethodFacts a, MethodFacts b) {
        if (a.parameterTypes().size() != b.parameterTypes().size()) {
            return false;
        }
        for (int i = 0; i < a.parameterTypes().size(); i++) {
            TypeName x = a.parameterTypes().get(i);
            TypeName y = b.parameterTypes().get(i);
            // A type parameter of the superclass is bound to a concrete type in the subclass: count it as equal.
            if (!x.typeVariable() && !y.typeVariable()
                    && (!x.simpleName().equals(y.simpleName()) || x.dimensions() != y.dimensions())) {
                return false;
            }
        }
        return true;
    }

    /** Whether the body takes the object's own monitor, or hands the call to the synchronized super method. */
    private static boolean locksItselfOrDelegates(LockBody body, String type, String name) {
        if (body == null) {
            return false;
        }
        for (LockOp op : body.ops()) {
            if (op.kind() == LockOp.Kind.ACQUIRE && op.lock() != null && op.lock().kind() == LockRef.Kind.THIS
                    && type.equals(op.lock().owner())) {
                return true;
            }
            if (op.kind() == LockOp.Kind.CALL && op.call() != null && op.call().name().equals(name)
                    && op.call().target() instanceof ValueRef.Super) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every call of the body goes to a synchronized method of this object or to a field of a
     * thread-safe type (a concurrent map, an atomic): such a body touches no state of its own without a lock.
     */
    private static boolean onlySafeCalls(ProgramIndex index, FileFacts file, TypeFacts type, LockBody body) {
        Optional<SourceType> self = index.sourceType(type.qualifiedName());
        if (self.isEmpty()) {
            return false;
        }
        for (LockOp op : body.ops()) {
            if (op.kind() != LockOp.Kind.CALL || op.call() == null) {
                return false;
            }
            ValueRef target = op.call().target();
            if (target == null || target instanceof ValueRef.This t && t.qualifier() == null) {
                List<ProgramIndex.MethodMatch> targets = index.methods(self.get(), op.call().name(),
                        op.call().arguments());
                if (targets.isEmpty() || !targets.stream().allMatch(x -> x.source() != null
                        && Modifier.isSynchronized(x.source().modifiers()))) {
                    return false;
                }
            } else {
                String field = target instanceof ValueRef.Name n ? n.name()
                        : target instanceof ValueRef.Field f && f.target() instanceof ValueRef.This t
                                && t.qualifier() == null ? f.name() : null;
                if (field == null || !threadSafeField(index, self.get(), field)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean threadSafeField(ProgramIndex index, SourceType self, String name) {
        Optional<JavaType> declarer = index.fieldDeclarer(self, name);
        if (declarer.isEmpty() || !(declarer.get() instanceof SourceType s)) {
            return false;
        }
        Optional<FieldFacts> field = GuardedFields.declaration(index, s.name(), name);
        return field.isPresent() && GuardedFields.threadSafeType(index, s.file(), s.name(), field.get());
    }

    /**
     * Whether the override touches a field (not volatile, not of a thread-safe type, not a final value that never
     * changes) that other code of
     * its file or its base's file accesses with a lock held: state the synchronized methods guard, which the
     * override now reads or changes without the lock. An override that touches only its own unlocked fields, a
     * volatile, or nothing but calls is medium confidence: reviewers judged those harmless on unread code (the base's
     * lock guarded state the override does not use).
     */
    private static boolean sharedWithLockedCode(ProgramIndex index, FileFacts file, FileFacts baseFile, TypeFacts type,
                                                Pos method, LockBody body) {
        Optional<SourceType> self = index.sourceType(type.qualifiedName());
        Set<String> touched = new HashSet<>();
        for (FieldAccess a : file.fieldAccesses()) {
            Pos p = a.site().pos();
            if (!a.site().scopeType().equals(type.qualifiedName()) || p.line() < method.line()
                    || p.line() > method.endLine()) {
                continue;
            }
            if (!a.owner().equals(type.qualifiedName()) && (self.isEmpty()
                    || index.isSubtype(self.get(), a.owner()) != ProgramIndex.Tri.YES)) {
                continue; // an enclosing class's field: not the state this object's monitor guards
            }
            Optional<FieldFacts> field = GuardedFields.declaration(index, a.owner(), a.field());
            if (field.isPresent() && !(Modifier.isFinal(field.get().modifiers()) && immutable(field.get()))
                    && !GuardedFields.isVolatile(field.get())
                    && !(self.isPresent() && threadSafeField(index, self.get(), a.field()))) {
                touched.add(fieldKey(index, a.owner(), a.field()));
            }
        }
        // An inherited field is recorded where it is declared, not in the override: its calls name it.
        if (body != null && self.isPresent()) {
            for (LockOp op : body.ops()) {
                ValueRef target = op.kind() == LockOp.Kind.CALL && op.call() != null ? op.call().target() : null;
                String name = target instanceof ValueRef.Name n ? n.name()
                        : target instanceof ValueRef.Field f && f.target() instanceof ValueRef.This ? f.name() : null;
                Optional<JavaType> declarer = name == null ? Optional.empty() : index.fieldDeclarer(self.get(), name);
                if (declarer.isPresent() && !threadSafeField(index, self.get(), name)) {
                    touched.add(declarer.get().name() + "#" + name);
                }
            }
        }
        if (touched.isEmpty()) {
            return false;
        }
        Set<String> names = new HashSet<>();
        touched.forEach(k -> names.add(k.substring(k.indexOf('#') + 1)));
        for (FileFacts f : baseFile == file ? List.of(file) : List.of(file, baseFile)) {
            for (FieldAccess a : f.fieldAccesses()) {
                Pos p = a.site().pos();
                boolean inside = f == file && a.site().scopeType().equals(type.qualifiedName())
                        && p.line() >= method.line() && p.line() <= method.endLine();
                if (!inside && !a.locks().isEmpty() && names.contains(a.field()) && touched.contains(fieldKey(index, a.owner(), a.field()))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A field as {@code Declarer#name}: an access through a subclass names the class that declares it. */
    private static String fieldKey(ProgramIndex index, String owner, String field) {
        return index.sourceType(owner).flatMap(t -> index.fieldDeclarer(t, field)).map(JavaType::name).orElse(owner)
                + "#" + field;
    }

    /** A primitive, string or boxed value: final, nothing about it changes. */
    private static boolean immutable(FieldFacts f) {
        return f.type() != null && f.type().isValue();
    }

    /**
     * Whether the file records an access inside the method to a field that needs a lock: a write, or a read of
     * a field that is neither final nor of a thread-safe type (accesses are recorded for types that take locks).
     */
    private static boolean touchesFields(ProgramIndex index, FileFacts file, TypeFacts type, Pos method) {
        Optional<SourceType> self = index.sourceType(type.qualifiedName());
        for (FieldAccess a : file.fieldAccesses()) {
            Pos p = a.site().pos();
            if (!a.site().scopeType().equals(type.qualifiedName()) || p.line() < method.line()
                    || p.line() > method.endLine()) {
                continue;
            }
            Optional<FieldFacts> field = GuardedFields.declaration(index, a.owner(), a.field());
            boolean safeRead = a.kind() == FieldAccess.Kind.READ && field.isPresent()
                    && (Modifier.isFinal(field.get().modifiers())
                    || self.isPresent() && threadSafeField(index, self.get(), a.field()));
            if (!safeRead) {
                return true;
            }
        }
        return false;
    }
}
