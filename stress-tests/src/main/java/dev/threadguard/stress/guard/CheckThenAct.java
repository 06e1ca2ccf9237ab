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
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * threadguard rule {@code check-then-act}: {@code if (!map.containsKey(k)) map.put(k, v)} on a
 * {@link ConcurrentHashMap}.
 *
 * <p>Two logins of the same user each create a session if there is none. Each call on the map is atomic,
 * but the pair is not: both threads can see no session, both put theirs, and both go on believing that
 * their session is the user's. The second {@code put} silently replaces the first: one login holds a
 * session that the map no longer knows. Results: whether the first and the second login created a
 * session, and whose session the map holds at the end (1 or 2). The fix is {@link CheckThenActFixed}.
 */
@JCStressTest
@Outcome(id = {"1, 0, 1", "0, 1, 2"}, expect = ACCEPTABLE, desc = "One login created the session, the other found it.")
@Outcome(id = {"1, 1, 1", "1, 1, 2"}, expect = ACCEPTABLE_INTERESTING,
        desc = "Both logins created a session: one of them was overwritten, and its login does not know.")
@Outcome(id = {"0, 0, .*", "1, 0, 2", "0, 1, 1"}, expect = FORBIDDEN, desc = "Impossible: someone creates the session.")
@State
public class CheckThenAct {

    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();

    @Actor
    public void firstLogin(III_Result result) {
        if (!sessions.containsKey("ada")) {
            sessions.put("ada", 1);
            result.r1 = 1;
        }
    }

    @Actor
    public void secondLogin(III_Result result) {
        if (!sessions.containsKey("ada")) {
            sessions.put("ada", 2);
            result.r2 = 1;
        }
    }

    @Arbiter
    public void owner(III_Result result) {
        result.r3 = sessions.get("ada");
    }
}
