package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.CallAt;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.InterruptCatch;
import dev.threadguard.index.ClassFileSummary;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.List;
import java.util.Optional;

/**
 * An {@code InterruptedException} caught and dropped: neither rethrown, nor wrapped and thrown, nor the
 * interrupt restored, in code that runs on someone else's thread (a task on an executor, a method any caller
 * may call). The thread's interrupt status, which {@code shutdownNow()} and {@code cancel(true)} use to ask
 * it to stop, is lost, and the code goes on as if nobody had asked. A dedicated thread's own {@code run()},
 * {@code main}, a back-off pause in a loop, a service loop that stops through its own state and the
 * non-public helpers of a {@code Thread} subclass (at any depth) own their interrupt policy and are left alone.
 * A try block that cannot be interrupted swallows nothing: its calls declared to throw
 * {@code InterruptedException} reach only methods of the sources that never raise it ({@link InterruptSources}),
 * or are {@code get()}s of futures known complete ({@code dev.threadguard.facts.SettledFutures}, left out of the
 * catch's calls when its facts are extracted).
 *
 * <p>Confidence: high when the work goes on after the interrupt is dropped; medium for a direct catch that gives up
 * the method's work with a failure answer ({@code return null;}, {@code return false;}: the interrupt ended the
 * work as asked, only the status is lost); low for a catch-all that ends its unit of work, for code only
 * {@code main} reaches, and for code kept for tests, mocks or examples.
 */
@RuleDescriptor(
        id = "interrupt-swallowed",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "InterruptedException is caught and neither rethrown nor restored, so the thread can no longer be stopped.",
        enabledByDefault = true)
public final class InterruptSwallowed implements Rule {

    static final String INTERRUPTED = "java.lang.InterruptedException";

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        InterruptSources sources = new InterruptSources(index);
        InterruptOwners owners = new InterruptOwners(index);
        for (FileFacts file : index.files()) {
            for (InterruptCatch c : file.lifecycle().interruptCatches()) {
                if (c.ownLoop()) {
                    continue; // a service loop that stops by its own state owns its interrupt policy
                }
                if (c.inner() && index.sourceType(c.site().scopeType()).map(owners::isThread).orElse(false)) {
                    continue; // a Thread's own helper, run by its run(): the thread owns its interrupt policy
                }
                Optional<InterruptOwners.Owner> owner = owners.owner(file, c);
                if (owner.isPresent() && owner.get() == InterruptOwners.Owner.THREAD) {
                    continue; // only a thread the program made for this code runs it: the program stops it its own way
                }
                boolean mainOnly = owner.isPresent(); // only the main thread of a command-line tool runs it
                String where = "`" + c.site().member() + "`";
                String fix = (c.pooled()
                        ? ": this task runs on a pool's thread, and `shutdownNow()` or `Future.cancel(true)`, which ask"
                        + " it to stop by interrupting it, are ignored"
                        : ": the thread that runs this code, on behalf of its caller, loses its interrupt status, so the"
                        + " code up the stack that would stop when asked goes on")
                        + "; rethrow it, or call `Thread.currentThread().interrupt()` before leaving";
                if (c.direct()) {
                    if (!c.calls().isEmpty() && c.calls().size() < 256
                            && c.calls().stream().noneMatch(call -> sources.canRaise(file, call))) {
                        continue; // nothing in the try can be interrupted: nothing is swallowed
                    }
                    out.report(finding(file.path(), c.site())
                            .confidence(mainOnly || c.testOnly() ? Confidence.LOW
                                    : c.abandons() ? Confidence.MEDIUM : Confidence.HIGH)
                            .message("`catch (InterruptedException)` in " + where
                                    + " swallows the interrupt, neither rethrowing it nor restoring the thread's interrupt"
                                    + " status" + fix));
                    continue;
                }
                for (CallAt call : c.calls()) {
                    List<MethodMatch> matches = index.callTargets(call.call(), file, call.site().scopeType());
                    int throwing = 0;
                    for (MethodMatch m : matches) {
                        throwing += throwsInterrupted(m, call.call().name()) ? 1 : 0;
                    }
                    if (throwing == 0 || !sources.canRaise(file, call)) {
                        continue;
                    }
                    // A catch-all that ends the work reports the interrupt as one failure among others: the work
                    // stops as asked, only the status is lost for the code up the stack. Worth less of a reader's time.
                    Confidence confidence = c.endsWork() || mainOnly || c.testOnly() ? Confidence.LOW
                            : throwing == matches.size() ? Confidence.HIGH : Confidence.MEDIUM;
                    out.report(finding(file.path(), c.site())
                            .confidence(confidence)
                            .message("`catch (" + c.caught() + ")` in " + where
                                    + " also catches the InterruptedException of `" + call.text() + "` (line "
                                    + call.site().pos().line() + ") and swallows it" + fix)
                            .trace(new TraceStep(file.path(), call.site().pos(),
                                    "`" + call.text() + "` throws InterruptedException when the thread is interrupted")));
                    break;
                }
            }
        }
    }

    /** Whether a method named {@code name} declares {@code throws InterruptedException}. */
    static boolean throwsInterrupted(MethodMatch m, String name) {
        if (m.declaringType() instanceof ProgramIndex.SourceType s) {
            return m.source() != null && s.file().lifecycle().interruptibleMethods()
                    .contains(s.name() + "#" + m.source().name() + "/" + m.source().parameterTypes().size());
        }
        ClassFileSummary summary = ((ProgramIndex.BinaryType) m.declaringType()).summary();
        for (ClassFileSummary.Member member : summary.methods()) {
            if (member.name().equals(name)
                    && member.parameterTypeNames().equals(m.parameterTypes())
                    && member.exceptions().contains(INTERRUPTED)) {
                return true;
            }
        }
        return false;
    }
}
