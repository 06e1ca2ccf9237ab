package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.FieldAccess;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.Site;
import dev.threadguard.facts.SleepPoll;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.model.Body;
import dev.threadguard.model.CallGraph;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * A loop that sleeps and re-reads a plain field written by other code: without {@code volatile} or a lock,
 * nothing makes the other thread's write visible, and the JIT may read the field once and loop forever.
 */
@RuleDescriptor(
        id = "sleep-poll-unsynchronized",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "A loop sleeps and polls a field that is neither volatile nor read under a lock, so it may never see the change.",
        enabledByDefault = false)
public final class SleepPollUnsynchronized implements Rule {

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        for (FileFacts file : index.files()) {
            for (SleepPoll p : file.lifecycle().sleepPolls()) {
                if (!isSleep(index, file, p)) {
                    continue;
                }
                FieldFacts field = index.sourceType(p.owner()).flatMap(t -> t.facts().fields().stream()
                        .filter(f -> f.name().equals(p.field())).findFirst()).orElse(null);
                if (field == null || Modifier.isVolatile(field.modifiers()) || Modifier.isFinal(field.modifiers())) {
                    continue;
                }
                if (wakesPoller(index, file, p)) {
                    continue; // the writer interrupts after its write: the poller's sleep throws, and sees it
                }
                if (synchronizesWithWriter(index, file, p)) {
                    continue; // the loop takes the lock the writer held: the next read after it sees the write
                }
                String message = "`" + p.field() + "` is polled in `" + p.site().member() + "` by a loop that sleeps"
                        + " between reads, but it is neither `volatile` nor read under a lock: the thread may never see"
                        + " the write made in `" + p.writer().member() + "`, and the JIT may read it once and loop"
                        + " forever; make it `volatile`, use an Atomic type, or wait on a condition";
                out.report(finding(file.path(), p.site())
                        .message(message)
                        .trace(new TraceStep(file.path(), p.sleepPos(), "the loop sleeps here, then reads `" + p.field() + "` again"),
                                new TraceStep(file.path(), p.writer().pos(), "`" + p.field() + "` is written in `"
                                        + p.writer().member() + "`")));
            }
        }
    }

    /** Whether the sleeping call is {@code Thread.sleep} or {@code TimeUnit.sleep}. */
    private static boolean isSleep(ProgramIndex index, FileFacts file, SleepPoll p) {
        for (MethodMatch m : index.callTargets(p.sleep(), file, p.site().scopeType())) {
            String owner = m.declaringType().name();
            if (owner.equals("java.lang.Thread") || owner.equals("java.util.concurrent.TimeUnit")) {
                return true;
            }
        }
        return false;
    }

    private static final Pos START = new Pos(0, 0, 0, 0);

    /** How many calls deep a call is followed to find the {@code Thread.interrupt()} it makes. */
    static final int INTERRUPT_DEPTH = 3;

    /**
     * Whether the thread that writes the field interrupts after the write: the writer itself, through a
     * method it calls (at most {@link #INTERRUPT_DEPTH} calls deep), or every caller of the writer (at least
     * one in the sources) right after calling it ({@code task.stop(); thread.interrupt();}). An interrupt
     * happens-before the interrupted thread sees it ({@code sleep} throws), so the poller sees the write.
     */
    private static boolean wakesPoller(ProgramIndex index, FileFacts file, SleepPoll p) {
        CallGraph graph = CallGraph.of(index);
        String key = methodKey(index, p.writer());
        if (key == null) {
            return false;
        }
        Body writer = graph.body(key);
        if (writer != null && interruptsAfter(index, graph, writer, p.writer().pos(), INTERRUPT_DEPTH)) {
            return true;
        }
        boolean any = false;
        for (CallGraph.CallSite c : graph.callsNamed(key.substring(key.indexOf('#') + 1, key.lastIndexOf('@')))) {
            if (!graph.targetKeys(c.body(), c.op()).contains(key)) {
                continue;
            }
            if (!interruptsAfter(index, graph, c.body(), c.op().pos(), INTERRUPT_DEPTH)) {
                return false;
            }
            any = true;
        }
        return any;
    }

    /**
     * Whether the polling loop (its condition, its body, or a method it calls, at most {@link #INTERRUPT_DEPTH}
     * calls deep) takes a lock that the writer held when it wrote the field: once the writer releases it, the
     * loop's next acquisition happens-after the write, and so does its next read of the field.
     */
    private static boolean synchronizesWithWriter(ProgramIndex index, FileFacts file, SleepPoll p) {
        List<LockRef> held = new ArrayList<>();
        for (FieldAccess a : file.fieldAccesses()) {
            if (a.kind() != FieldAccess.Kind.READ && a.field().equals(p.field()) && a.owner().equals(p.owner())
                    && a.site().pos().line() == p.writer().pos().line() && a.site().member().equals(p.writer().member())) {
                held.addAll(a.held());
            }
        }
        Pos loop = null;
        for (Pos l : file.lifecycle().callLoops()) {
            if (l.contains(p.sleepPos()) && (loop == null || loop.compareTo(l) < 0)) {
                loop = l;
            }
        }
        if (held.isEmpty() || loop == null) {
            return false;
        }
        CallGraph graph = CallGraph.of(index);
        for (Body b : graph.bodies()) {
            if (b.file() != file || !b.member().equals(p.site().member())) {
                continue;
            }
            for (LockOp op : b.body().ops()) {
                if (loop.contains(op.pos()) && takes(graph, b, op, held, INTERRUPT_DEPTH)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean takes(CallGraph graph, Body b, LockOp op, List<LockRef> held, int depth) {
        if (op.kind() == LockOp.Kind.ACQUIRE) {
            return held.stream().anyMatch(h -> h.kind() == op.lock().kind() && h.owner().equals(op.lock().owner())
                    && h.name().equals(op.lock().name()));
        }
        if (op.kind() != LockOp.Kind.CALL || depth == 0) {
            return false;
        }
        for (Body t : graph.targets(b, op)) {
            for (LockOp o : t.body().ops()) {
                if (takes(graph, t, o, held, depth - 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The call-graph key of the method around a place: the last method of its member's name declared before it. */
    private static String methodKey(ProgramIndex index, Site site) {
        String name = site.member().substring(site.member().lastIndexOf('.') + 1);
        MethodFacts best = null;
        for (MethodFacts m : index.sourceType(site.scopeType()).map(t -> t.facts().methods()).orElse(List.of())) {
            if (m.name().equals(name) && m.pos().compareTo(site.pos()) <= 0
                    && (best == null || best.pos().compareTo(m.pos()) < 0)) {
                best = m;
            }
        }
        return best == null ? null : LockBody.key(site.scopeType(), name, best.pos());
    }

    private static boolean interruptsAfter(ProgramIndex index, CallGraph graph, Body b, Pos after, int depth) {
        for (LockOp op : b.body().ops()) {
            if (op.kind() == LockOp.Kind.CALL && op.pos().compareTo(after) > 0 && interrupts(index, graph, b, op, depth)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a call is {@code Thread.interrupt()} or reaches one. */
    private static boolean interrupts(ProgramIndex index, CallGraph graph, Body b, LockOp op, int depth) {
        if (op.call().name().equals("interrupt") && op.call().arguments() == 0) {
            List<MethodMatch> matches = index.callTargets(op.call(), b.file(), b.body().scopeType());
            if (matches.isEmpty() || matches.stream().anyMatch(m -> m.declaringType().name().equals("java.lang.Thread"))) {
                return true;
            }
        }
        if (depth == 0) {
            return false;
        }
        for (Body t : graph.targets(b, op)) {
            if (interruptsAfter(index, graph, t, START, depth - 1)) {
                return true;
            }
        }
        return false;
    }
}
