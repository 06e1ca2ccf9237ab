package dev.threadguard.runtime;

import java.util.List;
import java.util.Objects;

/**
 * One deadlock found by the {@link DeadlockWatchdog}: the threads of one cycle, each waiting for a lock
 * that the next one holds.
 *
 * @param threads the threads of the cycle, by thread id
 */
public record DeadlockReport(List<DeadlockedThread> threads) {

    public DeadlockReport {
        threads = List.copyOf(threads);
    }

    /**
     * A thread of the cycle.
     *
     * @param name       the thread's name
     * @param id         the thread's id
     * @param waitingFor the lock it waits for, as the JVM names it ({@code java.lang.Object@1b6d3586},
     *                   {@code java.util.concurrent.locks.ReentrantLock$NonfairSync@4554617c})
     * @param owner      the name of the thread that holds that lock
     * @param holding    the locks it holds: monitors and ownable synchronizers
     * @param stack      its stack
     */
    public record DeadlockedThread(String name, long id, String waitingFor, String owner, List<String> holding,
                                   List<StackTraceElement> stack) {
        public DeadlockedThread {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(waitingFor, "waitingFor");
            Objects.requireNonNull(owner, "owner");
            holding = List.copyOf(holding);
            stack = List.copyOf(stack);
        }
    }

    /** A report of several lines, like a thread dump of the cycle. */
    public String describe() {
        String newline = System.lineSeparator();
        StringBuilder text = new StringBuilder("deadlock of ").append(threads.size()).append(" threads:");
        for (DeadlockedThread thread : threads) {
            text.append(newline).append('"').append(thread.name()).append("\" (id ").append(thread.id())
                    .append(") waits for ").append(thread.waitingFor())
                    .append(", held by \"").append(thread.owner()).append('"');
            if (!thread.holding().isEmpty()) {
                text.append("; holds ").append(String.join(", ", thread.holding()));
            }
            for (StackTraceElement frame : thread.stack()) {
                text.append(newline).append("\tat ").append(frame);
            }
        }
        return text.toString();
    }
}
