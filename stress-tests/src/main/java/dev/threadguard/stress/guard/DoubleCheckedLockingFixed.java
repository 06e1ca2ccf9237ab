package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The fix of {@link DoubleCheckedLocking} and {@link DoubleCheckedLockingReordered} (threadguard rule
 * {@code double-checked-locking}), as the rule's page writes it: the configuration is built and loaded in
 * a local, then assigned to a {@code volatile} field, which is read once into a local. The field is set
 * only when the object is ready, and a thread that reads it sees every write made before the volatile
 * write: no thread can see the configuration half built, nor lose it on a second read.
 */
@JCStressTest
@Outcome(id = "8080, 8080", expect = ACCEPTABLE, desc = "Both threads saw the configuration loaded.")
@Outcome(id = {"0, .*", ".*, 0", "-1, .*", ".*, -1"}, expect = FORBIDDEN,
        desc = "A half-built or vanished configuration: must never happen with a volatile field.")
@State
public class DoubleCheckedLockingFixed {

    static final class Config {
        int port;

        void load() {
            port = 8080;
        }
    }

    private volatile Config config;

    private Config config() {
        Config seen = config;
        if (seen == null) {
            synchronized (this) {
                seen = config;
                if (seen == null) {
                    seen = new Config();
                    seen.load();
                    config = seen;
                }
            }
        }
        return seen;
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
