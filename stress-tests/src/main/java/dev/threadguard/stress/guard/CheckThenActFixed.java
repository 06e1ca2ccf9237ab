package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The fix of {@link CheckThenAct} (threadguard rule {@code check-then-act}): one atomic call,
 * {@code putIfAbsent}, checks and puts; it returns null only to the one login that created the session.
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "0, 1, 2"}, expect = ACCEPTABLE, desc = "One login created the session, the other found it.")
@Outcome(id = {"1, 1, .*", "0, 0, .*", "1, 0, 2", "0, 1, 1"}, expect = FORBIDDEN,
        desc = "Two creators, none, or the map holding the loser's session: must never happen with putIfAbsent.")
@State
public class CheckThenActFixed {

    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();

    @Actor
    public void firstLogin(III_Result result) {
        if (sessions.putIfAbsent("ada", 1) == null) {
            result.r1 = 1;
        }
    }

    @Actor
    public void secondLogin(III_Result result) {
        if (sessions.putIfAbsent("ada", 2) == null) {
            result.r2 = 1;
        }
    }

    @Arbiter
    public void owner(III_Result result) {
        result.r3 = sessions.get("ada");
    }
}
