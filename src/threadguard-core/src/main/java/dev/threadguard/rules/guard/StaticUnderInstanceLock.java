package dev.threadguard.rules.guard;

import dev.threadguard.facts.Access;
import dev.threadguard.facts.AccessFacts.AccessBody;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockValueFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.TypeName;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.facts.model.Containers;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.model.LockNodes;
import dev.threadguard.model.LockSteps;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A static field (or the array or collection it holds) changed while only an instance's lock is held:
 * {@code synchronized (this)}, a synchronized instance method, a lock kept in an instance field. Each instance
 * has its own monitor, so two instances change the one static at once.
 */
@RuleDescriptor(
        id = "static-under-instance-lock",
        family = Family.GUARD,
        severity = Severity.WARNING,
        enabledByDefault = false,
        summary = "A static field is changed under an instance's lock only: two instances hold different locks"
                + " and change it at once.")
public final class StaticUnderInstanceLock implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        LockSteps steps = LockSteps.of(index);
        LockNodes nodes = LockNodes.of(index);
        for (FileFacts file : index.files()) {
            Set<String> reported = new HashSet<>();
            for (AccessBody body : file.accesses().bodies()) {
                if (body.construction()) {
                    continue; // a static initializer runs once, under the class's initialization lock
                }
                for (Access a : body.accesses()) {
                    if (!a.writes()) {
                        continue;
                    }
                    Optional<StaticField> target = staticField(index, file, body.scopeType(), a);
                    String unresolved = target.isEmpty() ? unresolvedType(index, file, body.scopeType(), a) : null;
                    if (unresolved != null) {
                        List<LockRef> held = steps.locks(a.held(), file, body.scopeType());
                        List<String> instanceLocks = instanceLocks(index, file, body.scopeType(), held, nodes);
                        if (instanceLocks != null && reported.add(unresolved + "#" + a.field() + "@" + a.pos().line())) {
                            out.report(finding(file.path(), a.pos(), body.member())
                                    .message("`" + unresolved + "." + a.field() + "` is static (named through its"
                                            + " class, which is outside the analysed sources), but `" + a.text()
                                            + "` in `" + body.member() + "` changes it under `"
                                            + String.join("`, `", instanceLocks) + "` only, the lock of one instance:"
                                            + " code running on two instances holds two different locks and changes"
                                            + " the one static at once; guard it with a static lock, or make it an"
                                            + " instance field")
                                    .confidence(Confidence.MEDIUM));
                        }
                        continue;
                    }
                    if (target.isEmpty() || !needsLock(index, target.get(), a)) {
                        continue;
                    }
                    List<LockRef> held = steps.locks(a.held(), file, body.scopeType());
                    List<String> instanceLocks = instanceLocks(index, file, body.scopeType(), held, nodes);
                    if (instanceLocks == null
                            || !reported.add(target.get().owner() + "#" + a.field() + "@" + a.pos().line())) {
                        continue;
                    }
                    LockValueFacts.Write stored = a.target() == Access.Target.FIELD && a.kind() == Access.Kind.WRITE
                            ? write(file, a.pos()) : null;
                    if (stored != null && stored.constant()) {
                        continue; // every instance stores the same constant: nothing is lost whichever lands last
                    }
                    boolean lost = stored == null || !immutableValue(target.get().field());
                    String field = GuardedFields.ownerDisplay(index, target.get().owner()) + "." + a.field();
                    String locks = String.join("`, `", instanceLocks);
                    out.report(finding(file.path(), a.pos(), body.member())
                            .message("`" + field + "` is static, but `" + a.text() + "` in `" + body.member()
                                    + "` changes it under `" + locks + "` only, the lock of one instance: code"
                                    + " running on two instances holds two different locks and changes the one"
                                    + " static at once; guard it with a static lock (a `static final` lock object"
                                    + " or the class), or make it an instance field")
                            .confidence(singleton(index, body.scopeType()) ? Confidence.LOW
                                    : lost ? Confidence.HIGH : Confidence.MEDIUM));
                }
            }
        }
    }

    /** The plain store at {@code pos}, when the file's facts know it (one that does not read the field). */
    private static LockValueFacts.Write write(FileFacts file, Pos pos) {
        for (LockValueFacts.Write w : file.lockValues().writes()) {
            if (w.target().line() == pos.line() && w.target().column() == pos.column()) {
                return w;
            }
        }
        return null;
    }

    /**
     * Whether the field holds a value no thread changes in place (a primitive, a string, a boxed number): a store of
     * one that does not read the field only races with other stores, and when they compute the same value (a lazy
     * initialization of a name, a flag) nothing is lost. Reviewers judged such stores benign on unread code; they are
     * medium confidence. A counter ({@code n++}, {@code n = n + 1}) or a mutable object stays high.
     */
    private static boolean immutableValue(FieldFacts f) {
        return f.type() != null && f.type().isValue();
    }

    /**
     * The class name of {@code Other.field} when {@code Other} is a type outside the analysed sources: a name in
     * upper camel case that is no variable or field in scope and resolves to no type the index knows. A field named
     * through its class is static whatever its declaration, but its type (volatile? thread-safe?) is unknown, so
     * only a read-modify-write ({@code Other.count++}) or an array element store is taken, at medium confidence.
     */
    private static String unresolvedType(ProgramIndex index, FileFacts file, String scopeType, Access a) {
        if (a.owner() != null || !(a.on() instanceof ValueRef.Name n)
                || a.target() == Access.Target.CONTAINER
                || a.target() == Access.Target.FIELD && a.kind() != Access.Kind.READ_WRITE) {
            return null;
        }
        String name = n.name();
        if (name.isEmpty() || !Character.isUpperCase(name.charAt(0)) || name.equals(name.toUpperCase(java.util.Locale.ROOT))) {
            return null;
        }
        if (index.typeOf(a.on(), file, scopeType).isPresent()
                || index.resolve(TypeName.of(name), file, scopeType).isPresent()) {
            return null;
        }
        Optional<SourceType> scope = index.sourceType(scopeType);
        return scope.isPresent() && index.fieldDeclarer(scope.get(), name).isPresent() ? null : name;
    }

    /** A static field declared in the sources, with its declaring type. */
    private record StaticField(String owner, FieldFacts field, SourceType declarer) {
    }

    private static Optional<StaticField> staticField(ProgramIndex index, FileFacts file, String scopeType, Access a) {
        Optional<JavaType> start = a.owner() != null ? index.sourceType(a.owner()).map(JavaType.class::cast)
                : a.on() != null ? index.typeOf(a.on(), file, scopeType) : Optional.empty();
        Optional<JavaType> declarer = start.flatMap(t -> index.fieldDeclarer(t, a.field()));
        if (declarer.isEmpty() || !(declarer.get() instanceof SourceType s)) {
            return Optional.empty();
        }
        for (FieldFacts f : s.facts().fields()) {
            if (f.name().equals(a.field())) {
                boolean isStatic = Modifier.isStatic(f.modifiers())
                        || s.facts().kind() == TypeFacts.Kind.INTERFACE;
                return isStatic ? Optional.of(new StaticField(s.name(), f, s)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Whether the change needs a lock at all: an assignment to a volatile field stands alone, and a collection of a
     * thread-safe type (a concurrent map, an atomic) guards its own state.
     */
    private static boolean needsLock(ProgramIndex index, StaticField f, Access a) {
        return switch (a.target()) {
            case FIELD -> !(GuardedFields.isVolatile(f.field()) && a.kind() == Access.Kind.WRITE);
            case CONTAINER -> plainCollection(index, f);
            case ELEMENT -> true;
        };
    }

    /**
     * Whether a collection field holds one of the JDK's plain collections: declared as one, or declared as an
     * interface ({@code Map}) and only ever given plain ones ({@code new HashMap<>()}).
     */
    private static boolean plainCollection(ProgramIndex index, StaticField f) {
        if (f.field().type() == null || GuardedFields.threadSafeType(index, f.declarer().file(), f.owner(), f.field())) {
            return false;
        }
        if (Containers.PLAIN.contains(f.field().type().simpleName())) {
            return true;
        }
        List<String> values = f.declarer().file().accesses().fieldValues().get(f.owner() + "#" + f.field().name());
        return values != null && !values.isEmpty() && Containers.PLAIN.containsAll(values);
    }

    /**
     * The names of the held locks when there is at least one and each belongs to an instance (its monitor, or a
     * lock in an instance field); null when none is held, or when one is static or cannot be told apart.
     */
    private static List<String> instanceLocks(ProgramIndex index, FileFacts file, String scopeType,
                                              List<LockRef> held, LockNodes nodes) {
        if (held.isEmpty()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (LockRef r : held) {
            boolean instance = switch (r.kind()) {
                case THIS -> true;
                case FIELD -> instanceField(index, r);
                default -> false; // a class, a parameter, a call: it may be one lock for every instance
            };
            if (!instance) {
                return null;
            }
            names.add(nodes.name(r, file, scopeType));
        }
        return names;
    }

    private static boolean instanceField(ProgramIndex index, LockRef r) {
        Optional<JavaType> declarer = index.sourceType(r.owner()).flatMap(t -> index.fieldDeclarer(t, r.name()));
        if (declarer.isEmpty() || !(declarer.get() instanceof SourceType s)) {
            return false;
        }
        return s.facts().fields().stream().anyMatch(f -> f.name().equals(r.name())
                && !Modifier.isStatic(f.modifiers()));
    }

    /**
     * Whether the type looks like it has one instance (an enum of one constant, a class keeping an instance of
     * itself in a static field): then the instance's lock may be the only one there is.
     */
    private static boolean singleton(ProgramIndex index, String type) {
        Optional<SourceType> s = index.sourceType(type);
        if (s.isEmpty()) {
            return false;
        }
        TypeFacts t = s.get().facts();
        String simple = t.displayName().substring(t.displayName().lastIndexOf('.') + 1);
        return t.kind() == TypeFacts.Kind.ENUM || t.fields().stream().anyMatch(f -> Modifier.isStatic(f.modifiers())
                && f.type().simpleName().equals(simple));
    }
}
