package dev.threadguard.rules.guard;

import dev.threadguard.facts.DoubleCheckedInit;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.SourceType;
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
import java.util.Optional;
import java.util.Set;

/**
 * Lazy initialization by double-checked locking on a field that is not {@code volatile}: the first check,
 * made without the lock, can see the new object's reference before the writes that built it.
 */
@RuleDescriptor(
        id = "double-checked-locking",
        family = Family.GUARD,
        severity = Severity.WARNING,
        summary = "Double-checked locking on a non-volatile field can hand out a half-built object.")
public final class DoubleCheckedLocking implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            Set<String> reported = new HashSet<>();
            for (DoubleCheckedInit d : file.doubleCheckedInits()) {
                Optional<SourceType> owner = index.sourceType(d.owner());
                FieldFacts field = owner.flatMap(t -> t.facts().fields().stream()
                        .filter(f -> f.name().equals(d.field())).findFirst()).orElse(null);
                if (field == null || (field.modifiers() & (Modifier.VOLATILE | Modifier.FINAL)) != 0
                        || atomic(index, file, d.owner(), field)
                        || !reported.add(d.site().pos() + "#" + d.field())) {
                    continue;
                }
                boolean immutable = immutable(index, file, d.owner(), field);
                if (immutable && !d.rereads()) {
                    continue; // a value that cannot be seen half-built, read once: safe
                }
                String name = owner.get().facts().displayName() + "." + d.field();
                String rereads = "the check reads `" + d.field() + "` without `" + d.lock() + "`, and the code after it"
                        + " reads it again: the memory model lets that second read see null even when the first saw"
                        + " the value, so the code can return or use null";
                String message = immutable
                        ? "double-checked locking on `" + name + "`, which is not volatile: " + rereads + "; read `"
                        + d.field() + "` once into a local and use that, or declare it volatile"
                        : "double-checked locking on `" + name + "`, which is not volatile: the check "
                        + "outside `" + d.lock() + "` can see the object assigned to `" + d.field()
                        + "` before its constructor's writes, and use it half-built"
                        + (d.rereads() ? "; and " + rereads : "") + "; declare `" + d.field()
                        + "` volatile, or use a holder class or a final field";
                if (d.storesParameter()) {
                    // A first-wins slot for an object the caller built: whether another thread can see it half-built
                    // depends on how callers hand it over (a serialized signal protocol, an immutable value).
                    message += " [the object stored is the method's parameter, built by its caller: no lazy"
                            + " initialization here]";
                }
                out.report(finding(file.path(), d.site())
                        .confidence(d.storesParameter() ? Confidence.MEDIUM : Confidence.HIGH)
                        .message(message)
                        .trace(new TraceStep(file.path(), d.innerCheck(), "checked again with `" + d.lock() + "` held"),
                                new TraceStep(file.path(), d.assignment(), "`" + d.field() + "` assigned here, published "
                                        + "to the unlocked check without a happens-before edge")));
            }
        }
    }

    private static final java.util.Set<String> IMMUTABLE_VALUES = java.util.Set.of("java.lang.String",
            "java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte", "java.lang.Character",
            "java.lang.Boolean", "java.lang.Double", "java.lang.Float", "java.math.BigInteger",
            "java.math.BigDecimal");

    /**
     * A field whose object cannot be seen half-built: a primitive, a boxed primitive, a {@code String}, or a
     * class of the program whose fields are all final (the JMM's final-field guarantee covers a racy
     * publication).
     */
    private static boolean immutable(ProgramIndex index, FileFacts file, String owner, FieldFacts field) {
        if (field.type() == null) {
            return false;
        }
        if (field.type().isPrimitive()) {
            return true;
        }
        Optional<JavaType> type = index.resolve(field.type(), file, owner);
        if (type.isEmpty()) {
            return false;
        }
        if (IMMUTABLE_VALUES.contains(type.get().name())) {
            return true;
        }
        if (type.get() instanceof SourceType s && s.facts().kind() == dev.threadguard.facts.TypeFacts.Kind.RECORD) {
            return true;
        }
        if (type.get() instanceof SourceType s && s.facts().kind() == dev.threadguard.facts.TypeFacts.Kind.CLASS
                && !s.facts().fields().isEmpty()) {
            return s.facts().fields().stream().allMatch(f -> (f.modifiers() & (Modifier.FINAL | Modifier.STATIC)) != 0);
        }
        return false;
    }

    /** An {@code AtomicReference} and its kin publish safely whatever is done with the field itself. */
    private static boolean atomic(ProgramIndex index, FileFacts file, String owner, FieldFacts field) {
        if (field.type() == null) {
            return false;
        }
        Optional<JavaType> type = index.resolve(field.type(), file, owner);
        if (type.isPresent()) {
            return type.get().name().startsWith("java.util.concurrent.atomic.")
                    || index.isSubtype(type.get(), "java.util.concurrent.atomic.AtomicReference") == Tri.YES;
        }
        return field.type().simpleName().startsWith("Atomic");
    }
}
