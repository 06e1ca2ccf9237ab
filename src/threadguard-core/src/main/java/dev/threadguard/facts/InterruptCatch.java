package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;

/**
 * A catch clause that can receive an {@code InterruptedException} and neither rethrows anything, nor
 * restores the interrupt ({@code Thread.currentThread().interrupt()}), nor hands the exception on, nor ends
 * the thread's own {@code run()}.
 *
 * @param caught  the caught type as written, the alternative that matters for a multi-catch
 * @param direct  it names {@code InterruptedException}; otherwise it is a broad catch ({@code Exception},
 *                {@code Throwable}) whose try block makes the calls in {@code calls}
 * @param calls   the calls made in its try block (not in lambdas or classes there, at most 256), for the rule
 *                to tell which of them throw {@code InterruptedException}; for a direct catch, none when the
 *                block can throw it by itself (a {@code throw} there) or makes no call
 * @param pooled  the catch is in a task handed to an executor, whose interrupt is how {@code shutdownNow()}
 *                and {@code Future.cancel(true)} ask it to stop
 * @param inner   the catch is in a method that only the class's own code calls (an instance method that is not
 *                public), directly and not in a lambda or local class: when the class is a {@code Thread}, its
 *                own thread runs it, from its {@code run()}, and owns its interrupt policy
 * @param endsWork the catch leaves its unit of code, a method or a task (not a lambda run on the spot, which
 *                is one turn of a loop): its block ends with a {@code return}, or nothing but straight-line
 *                code follows the try up to the unit's end, with no loop around it
 * @param unit    where the method or lambda around the catch is declared (its body's place in the call graph);
 *                null in an initializer
 * @param unitName the name of that method ({@code lambda} for a lambda)
 * @param abandons the catch gives up the method's work with a failure answer: its block ends with
 *                {@code return null;}, {@code return false;} or a {@code return;} that skips work after the
 *                try, and nothing in it but calls (logging, {@code future.cancel(true)}) comes before
 * @param testOnly the code is there for tests or demonstrations only: its method's name, a condition of an
 *                {@code if} around the try, its class's name or its package names a test, a mock or an example
 *                ({@code delayForTests}, {@code isTesting()}, {@code MockDriver}, {@code ...examples...})
 * @param ownLoop the catch is in a service loop that stops by its own state (a flag or the class's own
 *                accessor of it) and does work besides waiting: the loop owns its interrupt policy, so
 *                {@code interrupt-swallowed} leaves it alone; a {@code cancel(true)} of that task that does not
 *                also change the state still cannot stop it ({@code cancel-cannot-interrupt})
 */
public record InterruptCatch(String caught, boolean direct, List<CallAt> calls, Site site, boolean pooled,
                             boolean inner, boolean endsWork, Pos unit, String unitName, boolean abandons,
                             boolean testOnly, boolean ownLoop)
        implements Serializable {
}
