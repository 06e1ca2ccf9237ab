package dev.threadguard.stress.runtime;

import dev.threadguard.runtime.CheckedExecutorService;
import dev.threadguard.runtime.CheckedExecutors;
import dev.threadguard.stress.CallerRunsExecutorService;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The runtime library's checked executor under a race: two threads close it at the same time, and one of
 * them first reads one of its two failed futures. The failure nobody reads must be reported exactly once,
 * whichever close gets there first; the one being read may be reported (if a close looked before the
 * read) or not, but never twice. Results: reports of the unread failure, reports of the read one.
 */
@JCStressTest
@Outcome(id = {"1, 0", "1, 1"}, expect = ACCEPTABLE, desc = "The unread failure reported once; the read one at most once.")
@Outcome(id = "0, .*", expect = FORBIDDEN, desc = "Lost report: the unread failure was never reported.")
@Outcome(id = {"[2-9], .*", ".*, [2-9]"}, expect = FORBIDDEN, desc = "A failure reported more than once.")
@State
public class CheckedExecutorConcurrentClose {

    private final AtomicInteger unreadReports = new AtomicInteger();
    private final AtomicInteger readReports = new AtomicInteger();
    private final CheckedExecutorService executor = CheckedExecutors.wrap(new CallerRunsExecutorService(),
            report -> (report.failure().getMessage().equals("unread") ? unreadReports : readReports).incrementAndGet());
    private final Future<?> read;

    public CheckedExecutorConcurrentClose() {
        executor.submit(() -> { // threadguard:ignore future-result-ignored dropped on purpose: close() must report it
            throw new IllegalStateException("unread");
        });
        read = executor.submit(() -> {
            throw new IllegalStateException("read");
        });
    }

    @Actor
    public void close() {
        executor.close();
    }

    @Actor
    public void readThenClose() {
        try {
            read.get();
        } catch (ExecutionException expected) {
            // observed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.close();
    }

    @Arbiter
    public void count(II_Result result) {
        result.r1 = unreadReports.get();
        result.r2 = readReports.get();
    }
}
