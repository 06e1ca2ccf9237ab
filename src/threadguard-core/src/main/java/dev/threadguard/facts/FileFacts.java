package dev.threadguard.facts;

import java.io.Serializable;
import java.util.List;
import java.util.Set;

/**
 * Everything the rules need to know about one source file, as plain data. The syntax tree is dropped
 * once these are extracted.
 *
 * @param path          the file as the user named it (relative where possible)
 * @param packageName   empty for the default package
 * @param imports       single-type imports ({@code java.util.concurrent.Future}), on-demand imports
 *                      ending in {@code .*}, and module imports as {@code module java.base}
 * @param staticImports static imports: {@code java.util.concurrent.CompletableFuture.runAsync} for one member,
 *                      {@code p.Pools.*} for all
 * @param fieldAccesses accesses to fields of enclosing types, kept for types that take locks, declare
 *                      volatile or {@code @GuardedBy} fields: the only ones guard rules look at
 * @param callsUnderLock calls to methods of enclosing types, with the locks held, for the same types
 * @param lockMisuses   {@code lock()} without {@code try}/{@code finally}, ignored {@code tryLock()}
 * @param completionTakers the receivers on which {@code take()} or {@code poll()} is called, a
 *                      {@code CompletionService} whose results are taken: {@code type#receiver} for a field,
 *                      {@code type#member#receiver} for a local
 * @param doubleCheckedInits fields tested for null, then under a lock tested again and assigned
 * @param checkThenActs collections tested ({@code containsKey}, {@code isEmpty}) then changed in a second call
 * @param lockBodies    per body of code, the locks it takes, the calls it makes and the monitors it waits on,
 *                      each with the locks held: what the lock-order graph is built from
 * @param lifecycle     executors created, catches that may swallow interrupts, thread locals, waits and polls
 * @param pools         loops over futures, completion services and their takes, pool sizes
 * @param sharing       uses of fields whose type must not be shared, constructors that let {@code this} out
 * @param accesses      per body of code, the reads and writes of fields, array elements and collections, for the
 *                      race analysis ({@code model/Accesses})
 * @param objectFlow    fields constructors fill from their parameters, and what each creation passes: which
 *                      lock fields hold one lock
 * @param guardUses     how reads of fields are used (returned, called on, only displayed), methods public only
 *                      for tests or asserting that a lock is held: for the guard rules
 * @param inlineRuns    methods that call a parameter on the spot, and lambdas handed to calls in place: which
 *                      lambdas run at once under the locks of the method they are handed to
 * @param classInits    per type, the other types its static initialization makes the JVM initialize: the
 *                      class-initialization cycles
 * @param cancels       {@code cancel(true)} calls with the submissions whose futures they cancel
 * @param lockValues    where the strings that {@code synchronized} blocks lock come from
 */
public record FileFacts(
        String path,
        String packageName,
        List<String> imports,
        List<String> staticImports,
        List<TypeFacts> types,
        List<DiscardedCall> discardedCalls,
        List<StoredValue> storedValues,
        List<FieldAccess> fieldAccesses,
        List<CallUnderLock> callsUnderLock,
        List<LockMisuse> lockMisuses,
        Set<String> completionTakers,
        List<Suppression> suppressions,
        List<DoubleCheckedInit> doubleCheckedInits,
        List<CheckThenActPair> checkThenActs,
        List<LockBody> lockBodies,
        LifecycleFacts lifecycle,
        PoolFacts pools,
        SharingFacts sharing,
        AccessFacts accesses,
        ObjectFlow objectFlow,
        GuardUseFacts guardUses,
        InlineRuns inlineRuns,
        ClassInitFacts classInits,
        CancelFacts cancels,
        LockValueFacts lockValues) implements Serializable {
}
