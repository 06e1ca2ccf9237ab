package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * threadguard rule {@code double-checked-locking}: lazy initialization checked twice around a lock, on a
 * field that is not {@code volatile}.
 *
 * <p>Two threads ask for the configuration; the first to take the lock builds it. The thread that finds
 * the field already set takes the fast path and never takes the lock, so nothing orders its reads after
 * the builder's writes: the compiler or the processor may make the field's new value visible before the
 * fields of the object it points to. That thread then uses a configuration whose port is still 0.
 * Results, per thread: the port it saw (8080, or 0 for an object seen half built), or -1 if the second
 * read of the field found null after the first found an object (the two plain reads may be reordered).
 *
 * <p>This is the half of the bug that the memory model allows and the hardware decides. On x86, whose
 * stores become visible in program order, and with HotSpot's compilers, which do not move a constructor's
 * writes after the reference is stored, it has not been seen: 0 interesting samples in jcstress's quick
 * mode, 28 configurations including its compiler-randomizing ones, on this project's 2-core x86 machine.
 * On ARM and POWER servers it shows. {@link DoubleCheckedLocking} shows the other half, which every
 * machine shows. The fix of both is {@link DoubleCheckedLockingFixed}.
 */
@JCStressTest
@Outcome(id = "8080, 8080", expect = ACCEPTABLE, desc = "Both threads saw the configuration fully built.")
@Outcome(id = {"0, .*", ".*, 0"}, expect = ACCEPTABLE_INTERESTING,
        desc = "A thread saw the object before its constructor's write: port 0.")
@Outcome(id = {"-1, .*", ".*, -1"}, expect = ACCEPTABLE_INTERESTING,
        desc = "A thread saw the field set, then null on its second read.")
@State
public class DoubleCheckedLockingReordered {

    static final class Config {
        int port;

        Config() {
            port = 8080;
        }
    }

    private Config config;   // not volatile

    private Config config() {
        if (config == null) {
            synchronized (this) {
                if (config == null) {
                    config = new Config();
                }
            }
        }
        return config;
    }

    private int port() {
        Config seen = config();
        return seen == null ? -1 : seen.port;
    }

    @Actor
    public void first(II_Result result) {
        result.r1 = port();
    }

    @Actor
    public void second(II_Result result) {
        result.r2 = port();
    }
}
