package dev.threadguard.model;

import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;

import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Library knowledge: which calls of the JDK block until another thread acts, and which wait on a
 * {@code Condition} (releasing one lock only). Decided by the receiver's type, never by a name alone.
 */
final class BlockingCalls {

    private static final Set<String> BLOCKING_NAMES = Set.of("sleep", "get", "join", "take", "put", "await", "acquire",
            "acquireUninterruptibly");
    private static final Set<String> CONDITION_WAITS = Set.of("await", "awaitUninterruptibly", "awaitNanos", "awaitUntil");

    private final ProgramIndex index;
    private final Map<LockOp, String> blocking = new IdentityHashMap<>();

    BlockingCalls(ProgramIndex index) {
        this.index = index;
    }

    /** What a call blocks on, in words, or null when it does not block. */
    String blocking(Body b, LockOp op) {
        ValueRef.Call call = op.call();
        if (call == null || !BLOCKING_NAMES.contains(call.name())) {
            return null;
        }
        if (blocking.containsKey(op)) {
            return blocking.get(op);
        }
        String what = null;
        int args = call.arguments();
        String name = call.name();
        if (name.equals("sleep") && (args == 1 || args == 2)) {
            for (ProgramIndex.MethodMatch m : index.callTargets(call, b.file(), b.body().scopeType())) {
                if (m.declaringType().name().equals("java.lang.Thread")) {
                    what = "`Thread.sleep`";
                }
            }
        } else if (call.target() != null) {
            Optional<JavaType> receiver = index.typeOf(call.target(), b.file(), b.body().scopeType());
            if (receiver.isPresent()) {
                JavaType t = receiver.get();
                if (name.equals("get") && args == 0 && is(t, "java.util.concurrent.Future")) {
                    what = "`Future.get()` without a timeout";
                } else if (name.equals("join") && args == 0 && is(t, "java.util.concurrent.CompletableFuture")) {
                    what = "`CompletableFuture.join()`";
                } else if (name.equals("join") && args == 0 && is(t, "java.lang.Thread")) {
                    what = "`Thread.join()` without a timeout";
                } else if (name.equals("take") && args == 0 && is(t, "java.util.concurrent.BlockingQueue")) {
                    what = "`BlockingQueue.take()`";
                } else if (name.equals("put") && args == 1 && is(t, "java.util.concurrent.BlockingQueue")) {
                    what = "`BlockingQueue.put()`";
                } else if (name.equals("await") && args == 0 && is(t, "java.util.concurrent.CountDownLatch")) {
                    what = "`CountDownLatch.await()` without a timeout";
                } else if (name.equals("await") && args == 0 && is(t, "java.util.concurrent.CyclicBarrier")) {
                    what = "`CyclicBarrier.await()` without a timeout";
                } else if (name.startsWith("acquire") && is(t, "java.util.concurrent.Semaphore")) {
                    what = "`Semaphore." + name + "()`";
                }
            }
        }
        blocking.put(op, what);
        return what;
    }

    /** {@code Condition.await()}: releases one lock only. Null when the call is something else. */
    String conditionWait(Body b, LockOp op) {
        ValueRef.Call call = op.call();
        if (call == null || call.target() == null || !CONDITION_WAITS.contains(call.name())) {
            return null;
        }
        Optional<JavaType> receiver = index.typeOf(call.target(), b.file(), b.body().scopeType());
        return receiver.isPresent() && is(receiver.get(), "java.util.concurrent.locks.Condition")
                ? "`Condition." + call.name() + "()`" : null;
    }

    private boolean is(JavaType t, String type) {
        return index.isSubtype(t, type) == ProgramIndex.Tri.YES;
    }
}
