package dev.threadguard.stress.guard;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.util.HashMap;
import java.util.Map;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The fix of {@link HashMapLostPut} (threadguard rule {@code data-race}): every call on the map holds the
 * registry's monitor, so the two puts run one after the other and both entries stay.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both logins are in the map.")
@Outcome(id = "1", expect = FORBIDDEN, desc = "Lost put: must never happen when every call holds the lock.")
@State
public class HashMapLostPutFixed {

    private final Map<String, String> sessions = new HashMap<>();

    @Actor
    public synchronized void firstLogin() {
        sessions.put("token-a", "ada");
    }

    @Actor
    public synchronized void secondLogin() {
        sessions.put("token-b", "bob");
    }

    @Arbiter
    public synchronized void count(I_Result result) {
        result.r1 = (sessions.containsKey("token-a") ? 1 : 0) + (sessions.containsKey("token-b") ? 1 : 0);
    }
}
