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
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;

/**
 * threadguard rule {@code data-race}: two threads put different keys into one plain {@link HashMap}.
 *
 * <p>A session registry records two logins at once, one per request thread, with no lock around the map
 * (the registry's other methods take its monitor, so the class is shared). The map starts empty: each
 * {@code put} finds no table, allocates one, and stores its entry there; the two allocations race, and the
 * table written last replaces the other with the other's entry in it. The size counter is a plain
 * {@code ++} as well. So the arbiter can find one session where two logged in: an entry lost without any
 * exception. The fix is {@link HashMapLostPutFixed}.
 */
@JCStressTest
@Outcome(id = "2", expect = ACCEPTABLE, desc = "Both logins are in the map.")
@Outcome(id = "1", expect = ACCEPTABLE_INTERESTING, desc = "Lost put: one login vanished from the map.")
@State
public class HashMapLostPut {

    private final Map<String, String> sessions = new HashMap<>();

    @Actor
    public void firstLogin() {
        sessions.put("token-a", "ada");
    }

    @Actor
    public void secondLogin() {
        sessions.put("token-b", "bob");
    }

    @Arbiter
    public synchronized void count(I_Result result) {
        result.r1 = (sessions.containsKey("token-a") ? 1 : 0) + (sessions.containsKey("token-b") ? 1 : 0);
    }
}
