package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.LockValueFacts;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;

import java.util.Optional;
import java.util.Set;

/**
 * A monitor whose identity is shared with code that has nothing to do with it, or that is not the one the
 * code means: a string (literals and interned strings are one object per text in the whole JVM), a boxed
 * primitive (cached, and replaced by every new value), or {@code getClass()} (the subclass's class object
 * when the code runs for a subclass).
 */
@RuleDescriptor(
        id = "lock-on-shared-constant",
        family = Family.GUARD,
        severity = Severity.WARNING,
        enabledByDefault = false,
        summary = "A lock is taken on a string, a boxed primitive or getClass(): unrelated code can share the"
                + " monitor, or the code takes a different one than it means.")
public final class LockOnSharedConstant implements Rule {

    private static final Set<String> BOXES = Set.of("java.lang.Integer", "java.lang.Long", "java.lang.Short",
            "java.lang.Byte", "java.lang.Character", "java.lang.Boolean", "java.lang.Float", "java.lang.Double");

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (LockBody body : file.lockBodies()) {
                for (LockOp op : body.ops()) {
                    if (op.kind() == LockOp.Kind.ACQUIRE && op.lock() != null) {
                        LockValueFacts.Origin origin = origin(file, op.lock());
                        if (origin == LockValueFacts.Origin.COMPUTED) {
                            continue; // a string built at run time is a fresh object: nothing else can lock it
                        }
                        String problem = problem(index, file, body, op.lock());
                        if (problem != null) {
                            boolean string = problem.contains(STRING_NOTE);
                            out.report(finding(file.path(), op.lock().pos(), body.member())
                                    .message("`" + body.member() + "` locks " + problem
                                            + (string && origin == LockValueFacts.Origin.INTERNED
                                            ? " (here an interned string built at run time: shared only with code that"
                                            + " interns the same text)" : ""))
                                    .confidence(string && origin != LockValueFacts.Origin.LITERAL
                                            && !op.lock().name().startsWith("\"") ? Confidence.MEDIUM
                                            : Confidence.HIGH));
                        }
                    }
                }
            }
        }
    }

    /** The part of the message that says the lock is a string. */
    private static final String STRING_NOTE = "string literals and interned strings are one object per text";

    /** Where the locked string comes from, as the file's facts know it; null when unknown. */
    private static LockValueFacts.Origin origin(FileFacts file, LockRef lock) {
        for (LockValueFacts.LockValue v : file.lockValues().values()) {
            if (v.lock().equals(lock.pos())) {
                return v.origin();
            }
        }
        return null;
    }

    /** What is wrong with the lock's identity, as the end of the message; null when nothing is. */
    private static String problem(ProgramIndex index, FileFacts file, LockBody body, LockRef lock) {
        if (lock.kind() == LockRef.Kind.VALUE && lock.value() instanceof ValueRef.Call call
                && call.name().equals("getClass") && call.arguments() == 0
                && (call.target() == null || call.target() instanceof ValueRef.This)) {
            Optional<TypeFacts> type = index.sourceType(body.scopeType()).map(t -> t.facts());
            if (type.isEmpty() || type.get().kind() != TypeFacts.Kind.CLASS) {
                return null; // enums, records and anonymous classes have no subclasses of their own
            }
            if (java.lang.reflect.Modifier.isFinal(type.get().modifiers()) || !subclassable(index, type.get())) {
                return null; // getClass() is this class's own class object: one monitor for all its objects
            }
            String self = type.get().displayName();
            return "`" + lock.name() + "`: when the object is a subclass of `" + self + "`, that is the subclass's"
                    + " class, so the same code takes different monitors for different subclasses and excludes"
                    + " nothing; lock `" + self + ".class` or a private static final lock object";
        }
        Optional<JavaType> type = lockType(index, file, body, lock);
        if (type.isEmpty()) {
            return null;
        }
        String what = "`" + lock.name() + "`";
        if (type.get().name().equals("java.lang.String")) {
            String kind = lock.name().startsWith("\"") ? "a string literal" : "a String";
            return what + ", " + kind + ": " + STRING_NOTE + " for the"
                    + " whole JVM, so unrelated code that locks the same text shares this monitor, and waits on"
                    + " it or deadlocks with it; lock a private final Object";
        }
        if (BOXES.contains(type.get().name())) {
            String simple = type.get().name().substring("java.lang.".length());
            return what + ", a boxed `" + simple + "`: autoboxing shares cached instances with unrelated code"
                    + " (`Boolean.TRUE`, small integers), and every new value is another object, so threads can"
                    + " hold different monitors; lock a private final Object";
        }
        return null;
    }

    /**
     * Whether a class has subclasses whose objects run the code: it is abstract, or one of the analysed
     * sources extends it. A concrete class that no source extends is, as far as the program goes, only ever
     * itself (a library's users may still extend a public one: that is not seen here).
     */
    private static boolean subclassable(ProgramIndex index, TypeFacts type) {
        if (java.lang.reflect.Modifier.isAbstract(type.modifiers())) {
            return true;
        }
        for (FileFacts f : index.files()) {
            for (TypeFacts t : f.types()) {
                if ((t.kind() == TypeFacts.Kind.CLASS || t.kind() == TypeFacts.Kind.ANONYMOUS)
                        && !t.qualifiedName().equals(type.qualifiedName())) {
                    Optional<ProgramIndex.SourceType> st = index.sourceType(t.qualifiedName());
                    if (st.isPresent() && index.isSubtype(st.get(), type.qualifiedName()) == ProgramIndex.Tri.YES) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Optional<JavaType> lockType(ProgramIndex index, FileFacts file, LockBody body, LockRef lock) {
        if (lock.kind() == LockRef.Kind.FIELD) {
            Optional<FieldFacts> field = GuardedFields.declaration(index, lock.owner(), lock.name());
            return field.flatMap(f -> index.resolve(f.type(), file, lock.owner()));
        }
        if (lock.kind() == LockRef.Kind.VALUE && lock.value() != null) {
            return index.typeOf(lock.value(), file, body.scopeType());
        }
        return Optional.empty();
    }
}
