package dev.threadguard.rules;

import dev.threadguard.rules.future.CompletionStageUnhandled;
import dev.threadguard.rules.future.FutureCatchMissesTask;
import dev.threadguard.rules.future.FutureNeverRead;
import dev.threadguard.rules.future.FutureResultIgnored;

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
            new dev.threadguard.rules.guard.InconsistentSynchronization(),
            new dev.threadguard.rules.guard.GuardedByViolation(),
            new dev.threadguard.rules.guard.NonAtomicUpdate(),
            new dev.threadguard.rules.guard.LockWithoutFinally(),
            new dev.threadguard.rules.guard.DoubleCheckedLocking(),
            new dev.threadguard.rules.guard.CheckThenAct(),
            new dev.threadguard.rules.lockorder.LockOrderInversion(),
            new dev.threadguard.rules.lockorder.WaitWithOtherLockHeld(),
            new dev.threadguard.rules.lockorder.BlockingCallUnderLock(),
            new dev.threadguard.rules.lifecycle.ExecutorNeverShutdown(),
            new dev.threadguard.rules.lifecycle.InterruptSwallowed(),
            new dev.threadguard.rules.lifecycle.ThreadLocalNotRemoved(),
            new dev.threadguard.rules.lifecycle.WaitNotInLoop(),
            new dev.threadguard.rules.lifecycle.ThreadRunCalled(),
            new dev.threadguard.rules.lifecycle.SleepPollUnsynchronized());

    private Rules() {
    }

    public static List<Rule> all() {
        return ALL.stream().sorted(Comparator.comparing(r -> r.info().id())).toList();
    }

    public static Optional<RuleInfo> find(String id) {
        return ALL.stream().map(Rule::info).filter(i -> i.id().equals(id)).findFirst();
    }
}
