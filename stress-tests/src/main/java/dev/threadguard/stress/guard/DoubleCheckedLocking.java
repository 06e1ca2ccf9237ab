package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * threadguard rule {@code double-checked-locking}: lazy initialization checked twice around a lock, on a
 * field that is not {@code volatile}, and assigned before the object is ready.
 *
 * <p>Two threads ask for the configuration; the first to take the lock creates it, stores it in the
 * field, then loads its settings. The lock keeps a second builder out, but not a reader: the outer check
 * takes no lock, so a thread that finds the field set returns the configuration at once, whether or not
 * its settings are loaded yet. That thread then uses a port of 0. Results, per thread: the port it saw
 * (8080, or 0 for a configuration seen before it was loaded).
 *
 * <p>This is the form of the bug every machine shows: the code itself publishes too early. The same
 * pattern also allows the compiler or the processor to publish a fully written object too early
 * ({@link DoubleCheckedLockingReordered}, seen on ARM and POWER). Making the field {@code volatile} alone
 * fixes that half only; {@link DoubleCheckedLockingFixed} builds the object completely in a local and
 * assigns the volatile field last, which fixes both.
 */
@JCStressTest
@Outcome(id = "8080, 8080", expect = ACCEPTABLE, desc = "Both threads saw the configuration loaded.")
@Outcome(id = {"0, 8080", "8080, 0"}, expect = ACCEPTABLE_INTERESTING,
        desc = "A thread took the fast path and used the configuration before it was loaded.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Impossible: the thread that builds it loads it before using it.")
@State
public class DoubleCheckedLocking {

    static final class Config {
        int port;

        void load() {
            port = 8080;
        }
    }

    private Config config;   // not volatile

    private Config config() {
        if (config == null) {
            synchronized (this) {
                if (config == null) {
                    config = new Config();
                    config.load();
                }
            }
        }
        return config;
    }

    @Actor
    public void first(II_Result result) {
        result.r1 = config().port;
    }

    @Actor
    public void second(II_Result result) {
        result.r2 = config().port;
    }
}
