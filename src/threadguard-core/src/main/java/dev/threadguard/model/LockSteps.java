package dev.threadguard.model;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one lock model: which of the steps the extractor wrote down are locks. A monitor
 * ({@code synchronized}) always is. A {@code lock()}, {@code lockInterruptibly()} or {@code tryLock} call is
 * a lock step only when the type of its receiver is a {@code java.util.concurrent.locks.Lock} (the JDK's,
 * or a project class implementing it), one side of a {@code ReadWriteLock}, or a {@code StampedLock}; so are
 * {@code enter()}, {@code enterWhen(guard)}, {@code tryEnter()}... up to {@code leave()} on Guava's
 * {@code com.google.common.util.concurrent.Monitor}, when its type resolves (Guava on the class path); and a
 * try-with-resources resource whose class holds a lock from its constructor to its {@code close()}
 * ({@link LockHolders}).
 * A receiver whose type does not resolve, or resolves to anything else (a domain object with a
 * {@code lock()} method that returns at once), is no lock step: a lock is never guessed from a name.
 */
public final class LockSteps {

    /** The types whose {@code lock()} family of methods takes a lock. */
    private static final List<String> LOCK_TYPES = List.of("java.util.concurrent.locks.Lock",
            "java.util.concurrent.locks.ReadWriteLock", "java.util.concurrent.locks.StampedLock",
            "com.google.common.util.concurrent.Monitor");

    private final ProgramIndex index;
    private final Map<LockRef, Boolean> checked = new IdentityHashMap<>();
    private final Map<List<LockRef>, List<LockRef>> heldLists = new IdentityHashMap<>();

    LockSteps(ProgramIndex index) {
        this.index = index;
    }

    /** The lock model of the index's program, shared. */
    public static LockSteps of(ProgramIndex index) {
        return index.derived(LockSteps.class, LockSteps::new);
    }

    /** Whether a written lock is a lock: a monitor, or a lock call on an object whose type is a lock. */
    public boolean isLock(LockRef r, FileFacts file, String scopeType) {
        if (!r.lockCall()) {
            return true;
        }
        Boolean known = checked.get(r);
        if (known == null) {
            known = r.kind() == LockRef.Kind.RESOURCE ? heldLock(r, file, scopeType).map(this::isLockType).orElse(false)
                    : lockType(r, file, scopeType).map(this::isLockType).orElse(false);
            checked.put(r, known);
        }
        return known;
    }

    private boolean isLockType(JavaType t) {
        for (String lock : LOCK_TYPES) {
            if (index.isSubtype(t, lock) == ProgramIndex.Tri.YES) {
                return true;
            }
        }
        return false;
    }

    /** The type of the object a lock call is made on, when it resolves. */
    private Optional<JavaType> lockType(LockRef r, FileFacts file, String scopeType) {
        return switch (r.kind()) {
            case THIS -> index.type(r.owner());
            case CLASS -> Optional.empty();
            case FIELD -> index.type(r.owner()).flatMap(o -> index.fieldType(o, r.name()));
            case VALUE -> r.value() == null ? Optional.empty() : index.typeOf(r.value(), file, scopeType);
            case RESOURCE -> Optional.empty();
        };
    }

    /** The type of the lock a try-with-resources resource holds over its block ({@link LockHolders}), if any. */
    private Optional<JavaType> heldLock(LockRef r, FileFacts file, String scopeType) {
        Optional<JavaType> holder = index.typeOf(r.value(), file, scopeType);
        String field = holder.map(h -> LockHolders.of(index).field(h.name())).orElse(null);
        return field == null ? Optional.empty() : index.fieldType(holder.get(), field);
    }

    /** The locks of a list that are locks, the same list when all are. */
    public List<LockRef> locks(List<LockRef> held, FileFacts file, String scopeType) {
        if (held.isEmpty()) {
            return held;
        }
        List<LockRef> cached = heldLists.get(held);
        if (cached != null) {
            return cached;
        }
        List<LockRef> out = held;
        for (int i = 0; i < held.size(); i++) {
            if (!isLock(held.get(i), file, scopeType)) {
                if (out == held) {
                    out = new ArrayList<>(held.subList(0, i));
                }
            } else if (out != held) {
                out.add(held.get(i));
            }
        }
        List<LockRef> result = out == held ? held : List.copyOf(out);
        heldLists.put(held, result);
        return result;
    }

    /** A body with the steps that are no locks left out: acquisitions dropped, held lists cleared of them. */
    LockBody checked(LockBody b, FileFacts file) {
        List<LockOp> ops = null;
        for (int i = 0; i < b.ops().size(); i++) {
            LockOp op = b.ops().get(i);
            boolean dropped = op.kind() == LockOp.Kind.ACQUIRE && !isLock(op.lock(), file, b.scopeType());
            List<LockRef> held = locks(op.held(), file, b.scopeType());
            if (ops == null && (dropped || held != op.held())) {
                ops = new ArrayList<>(b.ops().subList(0, i));
            }
            if (ops != null && !dropped) {
                ops.add(held == op.held() ? op : new LockOp(op.kind(), op.lock(), op.call(), held, op.line(), op.column()));
            }
        }
        return ops == null ? b : new LockBody(b.type(), b.method(), b.declared(), b.scopeType(), b.member(), List.copyOf(ops),
                b.thread());
    }
}
