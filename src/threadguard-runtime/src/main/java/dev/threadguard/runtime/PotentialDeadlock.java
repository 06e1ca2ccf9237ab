package dev.threadguard.runtime;

import java.util.List;
import java.util.Objects;

/**
 * An acquisition that would close a cycle in the lock order: the thread holds {@code held} and asks for
 * {@code acquiring}, while the order already seen is {@code acquiring} before {@code held}, directly or
 * through other locks ({@code cycle}). Two threads that each follow one side of the cycle at the same
 * time deadlock.
 *
 * @param acquiring the lock being acquired
 * @param held      the lock held by the thread, that elsewhere is taken after {@code acquiring}
 * @param thread    the name of the acquiring thread
 * @param stack     the stack of the acquisition
 * @param cycle     the edges already in the graph, from {@code acquiring} to {@code held}, each with the
 *                  stack where it was first seen
 */
public record PotentialDeadlock(String acquiring, String held, String thread, List<StackTraceElement> stack,
                                List<LockOrderEdge> cycle) {

    public PotentialDeadlock {
        Objects.requireNonNull(acquiring, "acquiring");
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(thread, "thread");
        stack = List.copyOf(stack);
        cycle = List.copyOf(cycle);
    }

    /** One line: the two locks and the order seen before, e.g. {@code a -> b -> a}. */
    public String summary() {
        StringBuilder order = new StringBuilder("`" + held + "` -> `" + acquiring + "`");
        for (LockOrderEdge edge : cycle) {
            order.append(" -> `").append(edge.after()).append('`');
        }
        return "potential deadlock: thread " + thread + " acquires `" + acquiring + "` while holding `" + held
                + "`, but elsewhere `" + acquiring + "` is taken before `" + held + "`; cycle " + order;
    }
}
