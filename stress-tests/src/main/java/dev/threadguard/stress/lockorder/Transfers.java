package dev.threadguard.stress.lockorder;

/**
 * Runs two transfers at once: one on a thread of its own, one on the caller's thread, then waits for the
 * first. A jcstress termination test has one actor thread and a signal that must return, so the second
 * side of a deadlock needs a thread of its own; it is a daemon, so that a deadlocked pair never keeps a
 * JVM alive.
 */
final class Transfers {

    private Transfers() {
    }

    static void runBoth(Runnable onOtherThread, Runnable onThisThread) {
        Thread other = new Thread(onOtherThread, "other-transfer");
        other.setDaemon(true);
        other.start();
        onThisThread.run();
        try {
            other.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
