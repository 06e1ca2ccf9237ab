package dev.threadguard.rules.guard;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.Tri;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the guard rules share: fields and their accesses per file, and which fields are thread-safe by type. */
final class GuardedFields {

    private GuardedFields() {
    }

    /** A field declared in the analysed sources, with its accesses in one file and the locks held there. */
    record FieldUse(FileFacts file, HeldLocks held, String owner, FieldFacts field, List<FieldAccess> accesses) {
    }

    /** Hands every field with recorded accesses to {@code action}, file by file, in source order. */
    static void forEachField(ProgramIndex index, java.util.function.Consumer<FieldUse> action) {
        for (FileFacts file : index.files()) {
            if (file.fieldAccesses().isEmpty()) {
                continue;
            }
            HeldLocks held = new HeldLocks(index, file);
            for (List<FieldAccess> accesses : byField(file).values()) {
                FieldAccess first = accesses.get(0);
                declaration(index, first.owner(), first.field())
                        .ifPresent(f -> action.accept(new FieldUse(file, held, first.owner(), f, accesses)));
            }
        }
    }

    /** The accesses of each field of the file, by {@code owner#field}, in source order. */
    static Map<String, List<FieldAccess>> byField(FileFacts file) {
        Map<String, List<FieldAccess>> out = new LinkedHashMap<>();
        for (FieldAccess a : file.fieldAccesses()) {
            out.computeIfAbsent(a.owner() + "#" + a.field(), k -> new ArrayList<>()).add(a);
        }
        return out;
    }

    /** The declaration of a field, when its owner is a source type. */
    static Optional<FieldFacts> declaration(ProgramIndex index, String owner, String field) {
        return index.sourceType(owner).flatMap(t -> t.facts().fields().stream()
                .filter(f -> f.name().equals(field)).findFirst());
    }

    /** The simple display name of the type that owns a field, as lock names use it. */
    static String ownerDisplay(ProgramIndex index, String owner) {
        return index.sourceType(owner).map(t -> t.facts().displayName()).orElse(owner);
    }

    /**
     * Whether a field's type makes single accesses safe without a lock: atomics, concurrent collections,
     * locks and the like from {@code java.util.concurrent}. An immutable value such as a {@code String} is
     * not enough: the field that refers to it can still be read stale or written concurrently.
     */
    static boolean threadSafeType(ProgramIndex index, FileFacts file, String owner, FieldFacts field) {
        if (field.type() == null || field.type().isPrimitive()) {
            return false;
        }
        Optional<JavaType> t = index.resolve(field.type(), file, owner);
        if (t.isEmpty()) {
            String simple = field.type().simpleName();
            return simple.startsWith("Atomic") || simple.startsWith("Concurrent") || simple.endsWith("Lock");
        }
        String name = t.get().name();
        return name.startsWith("java.util.concurrent.")
                || index.isSubtype(t.get(), "java.util.concurrent.locks.Lock") == Tri.YES
                || index.isSubtype(t.get(), "java.util.concurrent.locks.ReadWriteLock") == Tri.YES;
    }

    static boolean isFinal(FieldFacts f) {
        return Modifier.isFinal(f.modifiers());
    }

    static boolean isVolatile(FieldFacts f) {
        return Modifier.isVolatile(f.modifiers());
    }

    static String verb(FieldAccess a) {
        return switch (a.kind()) {
            case READ -> "read";
            case WRITE -> "written";
            case READ_WRITE -> "updated";
        };
    }

    static String where(FieldAccess a) {
        return a.context() == FieldAccess.Context.DEFERRED
                ? "in a task that `" + a.site().member() + "` hands to another thread"
                : "in `" + a.site().member() + "`";
    }
}
