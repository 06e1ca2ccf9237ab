package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * What the lifecycle rules need of one file: executors created and what becomes of them, catches that can
 * swallow an interrupt, {@code ThreadLocal} calls and the pooled tasks that may make them, waits outside
 * loops, {@code run()} calls, and sleeping polls of fields.
 *
 * @param closedNames          the last name of everything the file shuts down or closes ({@code pool} of
 *                             {@code this.pool.shutdown()}, the field behind a local alias, an argument of a
 *                             helper such as {@code shutdownAndAwaitTermination(pool)}, {@code pool::close})
 * @param returnedFields       fields that a method of the file returns: the class hands them out
 * @param interruptibleMethods methods declared with {@code throws InterruptedException}, as
 *                             {@code pkg.Type#name/parameterCount}
 * @param taskCalls            calls made by task bodies handed to executors and by {@code run()} and
 *                             {@code call()} methods, with the unit ({@link ThreadLocalCall#unit()}) making them
 * @param interruptThrowers    methods that can raise an {@code InterruptedException} by themselves, same keys:
 *                             of the {@code interruptibleMethods}, those whose own body has a {@code throw}
 *                             that can ({@code throw new InterruptedException()}, or a rethrow of anything but
 *                             a {@code new} exception of another type or a caught exception of another type);
 *                             and every method declared {@code throws Exception} or {@code throws Throwable}
 * @param callLoops            the {@code while}, {@code do} and {@code for} loops that make calls, condition and
 *                             body (not in lambdas or classes inside): a call they hold is repeated
 * @param tailCalls            calls after which their method or lambda only returns: {@code return f();}, or
 *                             {@code f();} followed by nothing, {@code return;} or {@code return <literal>;}
 *                             (through blocks, {@code if}, {@code try} and {@code synchronized})
 * @param threadTasks          tasks handed to threads of their own ({@code new Thread(this)})
 * @param interrupters         what the file asks to stop by an interrupt: the last name of each receiver of
 *                             {@code shutdownNow()} and {@code interrupt()}, and {@code "cancel(true)"} when it
 *                             cancels a future with anything but {@code false}
 * @param methodReferences     the names of the methods named by method references ({@code this::poll}): their
 *                             calls are not made by name
 * @param threadMethodRefs     method references handed to threads of their own as their tasks
 *                             ({@code new Thread(this::loop)})
 * @param constructed          simple names of the types the file creates with {@code new} outside a static
 *                             field's initializer (anonymous classes left out)
 * @param constructedInStaticFields simple names of the types the file creates in a static field's initializer
 *                             ({@code static final Scheduler SCHEDULER = new Scheduler();})
 */
public record LifecycleFacts(
        List<ExecutorCreation> executorCreations,
        Set<String> closedNames,
        Set<String> returnedFields,
        List<InterruptCatch> interruptCatches,
        Set<String> interruptibleMethods,
        List<ThreadLocalCall> threadLocalCalls,
        List<PooledTask> pooledTasks,
        List<TaskCall> taskCalls,
        List<WaitOutsideLoop> waitsOutsideLoops,
        List<ThreadRunCall> runCalls,
        List<SleepPoll> sleepPolls,
        Set<String> interruptThrowers,
        List<Pos> callLoops,
        List<Pos> tailCalls,
        List<ThreadTask> threadTasks,
        Set<String> interrupters,
        Set<String> methodReferences,
        List<ThreadMethodRef> threadMethodRefs,
        Set<String> constructed,
        Set<String> constructedInStaticFields) implements Serializable {

    public static final LifecycleFacts NONE = new LifecycleFacts(List.of(), Set.of(), Set.of(), List.of(), Set.of(),
            List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), Set.of(), List.of(), List.of(), List.of(), Set.of(), Set.of(),
            List.of(), Set.of(), Set.of());

    /** A call made by a unit of code (a method or a task lambda), identified by its position in the file. */
    public record TaskCall(Pos unit, CallAt call) implements Serializable {
    }
}
