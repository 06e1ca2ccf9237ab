package dev.threadguard.rules;

/** Where rules put their findings. Implementations are safe for one rule at a time. */
@FunctionalInterface
public interface FindingSink {
    void report(Finding finding);
}
