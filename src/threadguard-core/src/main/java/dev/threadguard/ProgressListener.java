package dev.threadguard;

/** Told how far parsing has come; called from worker threads. */
@FunctionalInterface
public interface ProgressListener {
    void filesDone(int done, int total);

    ProgressListener NONE = (done, total) -> { };
}
