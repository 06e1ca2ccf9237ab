package dev.threadguard.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One edge of the lock-order graph: a thread acquired {@code after} while holding {@code before}.
 *
 * @param before the lock held
 * @param after  the lock acquired while {@code before} was held
 * @param thread the name of the thread that did it first
 * @param stack  where it did it: the stack of the acquisition of {@code after}
 */
public record LockOrderEdge(String before, String after, String thread, List<StackTraceElement> stack) {

    public LockOrderEdge {
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(thread, "thread");
        stack = List.copyOf(stack);
    }

    @Override
    public String toString() {
        return "`" + before + "` then `" + after + "` (thread " + thread + ")";
    }
}
