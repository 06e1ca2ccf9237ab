package dev.threadguard.rules;

import dev.threadguard.rules.future.CompletionStageUnhandled;
import dev.threadguard.rules.future.FutureCatchMissesTask;
import dev.threadguard.rules.future.FutureNeverRead;
import dev.threadguard.rules.future.FutureResultIgnored;
import dev.threadguard.rules.guard.CheckThenAct;
import dev.threadguard.rules.guard.DoubleCheckedLocking;
import dev.threadguard.rules.guard.GuardedByViolation;
import dev.threadguard.rules.guard.InconsistentSynchronization;
import dev.threadguard.rules.guard.LockWithoutFinally;
import dev.threadguard.rules.guard.NonAtomicUpdate;
import dev.threadguard.rules.lifecycle.ExecutorNeverShutdown;
import dev.threadguard.rules.lifecycle.InterruptSwallowed;
import dev.threadguard.rules.lifecycle.SleepPollUnsynchronized;
import dev.threadguard.rules.lifecycle.ThreadLocalNotRemoved;
import dev.threadguard.rules.lifecycle.ThreadRunCalled;
import dev.threadguard.rules.lifecycle.WaitNotInLoop;
import dev.threadguard.rules.lockorder.BlockingCallUnderLock;
import dev.threadguard.rules.lockorder.LockOrderInversion;
import dev.threadguard.rules.lockorder.WaitWithOtherLockHeld;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Every rule threadguard has, in the order of their ids. */
public final class Rules {

    private static final List<Rule> ALL = List.of(
            new FutureResultIgnored(),
            new FutureNeverRead(),
            new FutureCatchMissesTask(),
            new CompletionStageUnhandled(),
            new InconsistentSynchronization(),
            new GuardedByViolation(),
            new NonAtomicUpdate(),
            new LockWithoutFinally(),
            new DoubleCheckedLocking(),
            new CheckThenAct(),
            new LockOrderInversion(),
            new WaitWithOtherLockHeld(),
            new BlockingCallUnderLock(),
            new ExecutorNeverShutdown(),
            new InterruptSwallowed(),
            new ThreadLocalNotRemoved(),
            new WaitNotInLoop(),
            new ThreadRunCalled(),
            new SleepPollUnsynchronized());

    private Rules() {
    }

    public static List<Rule> all() {
        return ALL.stream().sorted(Comparator.comparing(r -> r.info().id())).toList();
    }

    public static Optional<RuleInfo> find(String id) {
        return ALL.stream().map(Rule::info).filter(i -> i.id().equals(id)).findFirst();
    }
}
