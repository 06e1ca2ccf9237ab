package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.CancelFacts.CancelCall;
import dev.threadguard.facts.CancelFacts.LoopRead;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.InterruptCatch;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.PooledTask;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.model.Body;
import dev.threadguard.model.CallGraph;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code future.cancel(true)} on the future of a task that swallows interrupts in a loop: the interrupt that
 * {@code cancel(true)} sends is caught, dropped, and the loop goes on, so the future says cancelled while the
 * task keeps running; or a task whose loop blocks in a stream, reader or socket read, which an interrupt does not
 * wake, and never checks the interrupt. The task is found from the submission that filled the cancelled variable (a lambda, an
 * anonymous class, a method reference, a {@code Runnable} or {@code Callable} of the sources), and its code is
 * followed through the call graph ({@link #DEPTH} calls deep) to the catches of {@link InterruptSources}.
 */
@RuleDescriptor(
        id = "cancel-cannot-interrupt",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        enabledByDefault = false,
        summary = "cancel(true) is called on the future of a task that swallows interrupts in a loop: the task"
                + " goes on running while the future says cancelled.")
public final class CancelCannotInterrupt implements Rule {

    /** How many calls deep the task's code is followed. */
    static final int DEPTH = 4;

    /** A stretch of code of one file that the task runs. */
    private record Region(FileFacts file, Pos range, String member, boolean root) {
    }

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        InterruptSources sources = null;
        CallGraph graph = null;
        Map<String, Body> bodiesAt = null;
        for (FileFacts file : index.files()) {
            if (file.cancels().cancels().isEmpty()) {
                continue;
            }
            if (graph == null) {
                sources = new InterruptSources(index);
                graph = CallGraph.of(index);
                bodiesAt = new HashMap<>();
                for (Body b : graph.bodies()) {
                    if (b.body().declared() != null) {
                        bodiesAt.putIfAbsent(b.file().path() + "@" + b.body().declared(), b);
                    }
                }
            }
            Map<Pos, PooledTask> tasks = new HashMap<>();
            for (PooledTask t : file.lifecycle().pooledTasks()) {
                tasks.putIfAbsent(t.site().pos(), t);
            }
            for (CancelCall cancel : file.cancels().cancels()) {
                for (Pos at : cancel.submissions()) {
                    PooledTask task = tasks.get(at);
                    if (task == null || task.submission().name().endsWith("Async")) {
                        continue; // a CompletableFuture's cancel interrupts nothing whatever its task does
                    }
                    Map<String, Region> regions = regions(index, graph, bodiesAt, file, task);
                    Swallow s = swallow(regions, sources);
                    BlockingRead r = s == null ? blockingRead(index, regions) : null;
                    if (s == null && r == null) {
                        continue;
                    }
                    if (!cancel.stateWrites().isEmpty()) {
                        break; // the cancelling method sets a field the task reads: that stops it, not the interrupt
                    }
                    if (s != null) {
                        report(file, cancel, task, s, cancel.closes(), out);
                    } else {
                        report(file, cancel, task, r, cancel.closes(), out);
                    }
                    break;
                }
            }
        }
    }

    /** A catch of the task's code that swallows the interrupt and stays in its loop. */
    private record Swallow(Region region, InterruptCatch c) {
    }

    private void report(FileFacts file, CancelCall cancel, PooledTask task, Swallow s, boolean closes,
                        FindingSink out) {
        InterruptCatch c = s.c();
        out.report(finding(file.path(), cancel.site())
                .message("`" + cancel.receiver() + ".cancel(true)` in `" + cancel.site().member() + "` cannot stop the"
                        + " task of `" + task.text() + "` (line " + task.site().pos().line() + "): its `catch ("
                        + c.caught() + ")` in `" + c.site().member() + "` (line " + c.site().pos().line()
                        + ") swallows the interrupt that `cancel(true)` sends and the task's loop goes on, so the future"
                        + " reports cancelled while the work keeps running; in the task, restore the interrupt"
                        + " (`Thread.currentThread().interrupt()`) and leave the loop, or check"
                        + " `Thread.currentThread().isInterrupted()` in its condition")
                .confidence(closes ? Confidence.LOW : s.region().root() ? Confidence.HIGH : Confidence.MEDIUM)
                .trace(new TraceStep(file.path(), task.site().pos(), "the task is submitted here"),
                        new TraceStep(s.region().file().path(), c.site().pos(), "`catch (" + c.caught()
                                + ")` swallows the interrupt and the loop goes on"),
                        new TraceStep(file.path(), cancel.site().pos(), "`cancel(true)` interrupts the task's"
                                + " thread, which nothing then looks at")));
    }

    /** The stretches of code the task runs: its own body, and the bodies it reaches through calls. */
    private static Map<String, Region> regions(ProgramIndex index, CallGraph graph, Map<String, Body> bodiesAt,
                                               FileFacts file, PooledTask task) {
        Map<String, Region> regions = new LinkedHashMap<>();
        List<Body> roots = new ArrayList<>();
        switch (task.kind()) {
            case BODY -> {
                regions.put(file.path() + "@" + task.unit(), new Region(file, task.unit(), task.site().member(), true));
                Body b = bodiesAt.get(file.path() + "@" + task.unit());
                if (b != null) {
                    roots.add(b);
                }
            }
            case METHOD_REFERENCE -> methods(index, file, task, task.method(), graph, regions, roots);
            case INSTANCE -> {
                methods(index, file, task, "run", graph, regions, roots);
                methods(index, file, task, "call", graph, regions, roots);
            }
        }
        for (Body root : roots) {
            for (Body b : graph.reachable(root, DEPTH).keySet()) {
                if (b.body().declared() != null) {
                    regions.putIfAbsent(b.file().path() + "@" + b.body().declared(),
                            new Region(b.file(), b.body().declared(), b.member(), false));
                }
            }
        }
        return regions;
    }

    private static Swallow swallow(Map<String, Region> regions, InterruptSources sources) {
        for (Region r : regions.values()) {
            for (InterruptCatch c : r.file().lifecycle().interruptCatches()) {
                // In the task's own code, a catch that ends the task lets the cancel work. In a method it calls, the
                // catch ends only that method, and the interrupt status it dropped is gone for the task's loop too.
                if ((!c.endsWork() || !r.root()) && r.range().contains(c.site().pos()) && raises(sources, r.file(), c)) {
                    return new Swallow(r, c);
                }
            }
        }
        return null;
    }

    /** A read of the task's code, in a loop that never looks at the interrupt, on an object the interrupt does not wake. */
    private record BlockingRead(Region region, LoopRead read, String type) {
    }

    /** Types whose blocking reads an interrupt does not end (unlike an {@code InterruptibleChannel}'s). */
    private static final List<String> DEAF_TO_INTERRUPTS = List.of("java.io.InputStream", "java.io.Reader",
            "java.io.DataInput", "java.io.ObjectInput", "java.net.ServerSocket", "java.net.DatagramSocket");

    private static BlockingRead blockingRead(ProgramIndex index, Map<String, Region> regions) {
        for (Region r : regions.values()) {
            for (LoopRead read : r.file().cancels().reads()) {
                if (!r.range().contains(read.read().site().pos())) {
                    continue;
                }
                List<MethodMatch> targets = index.callTargets(read.read().call(), r.file(),
                        read.read().site().scopeType());
                for (MethodMatch m : targets) {
                    JavaType t = m.declaringType();
                    if (index.isSubtype(t, "java.nio.channels.InterruptibleChannel") == Tri.YES) {
                        continue;
                    }
                    for (String deaf : DEAF_TO_INTERRUPTS) {
                        if (index.isSubtype(t, deaf) == Tri.YES) {
                            return new BlockingRead(r, read, t.name().substring(t.name().lastIndexOf('.') + 1));
                        }
                    }
                }
            }
        }
        return null;
    }

    private void report(FileFacts file, CancelCall cancel, PooledTask task, BlockingRead r, boolean closes,
                        FindingSink out) {
        LoopRead read = r.read();
        out.report(finding(file.path(), cancel.site())
                .message("`" + cancel.receiver() + ".cancel(true)` in `" + cancel.site().member() + "` cannot stop the"
                        + " task of `" + task.text() + "` (line " + task.site().pos().line() + "): its loop in `"
                        + read.read().site().member() + "` blocks in `" + read.read().text() + "` (line "
                        + read.read().site().pos().line() + "), a `" + r.type() + "` read that an interrupt does"
                        + " not wake, and never checks the interrupt, so the future reports cancelled while the task"
                        + " waits for data and goes on; close the stream or socket to stop it, or check"
                        + " `Thread.currentThread().isInterrupted()` in the loop and read with a timeout")
                .confidence(closes ? Confidence.LOW : Confidence.MEDIUM)
                .trace(new TraceStep(file.path(), task.site().pos(), "the task is submitted here"),
                        new TraceStep(r.region().file().path(), read.read().site().pos(), "`" + read.read().text()
                                + "` blocks until data comes, whatever the interrupt"),
                        new TraceStep(file.path(), cancel.site().pos(), "`cancel(true)` interrupts the task's"
                                + " thread, which nothing then looks at")));
    }

    /** Whether the try block of a swallowing catch can be interrupted (as {@code interrupt-swallowed} asks). */
    private static boolean raises(InterruptSources sources, FileFacts file, InterruptCatch c) {
        if (c.direct()) {
            return c.calls().isEmpty() || c.calls().size() >= 256
                    || c.calls().stream().anyMatch(call -> sources.canRaise(file, call));
        }
        return c.calls().stream().anyMatch(call -> sources.canRaise(file, call));
    }

    /** The methods of this name that the task's value or method reference reaches, as regions and call roots. */
    private static void methods(ProgramIndex index, FileFacts file, PooledTask task, String name, CallGraph graph,
                                Map<String, Region> regions, List<Body> roots) {
        if (task.target() == null) {
            return;
        }
        Optional<JavaType> type = index.typeOf(task.target(), file, task.site().scopeType());
        if (type.isEmpty()) {
            return;
        }
        for (int arity = 0; arity <= 1; arity++) {
            for (MethodMatch m : index.methods(type.get(), name, arity)) {
                if (m.source() == null || !(m.declaringType() instanceof SourceType s)) {
                    continue;
                }
                regions.putIfAbsent(s.file().path() + "@" + m.source().pos(),
                        new Region(s.file(), m.source().pos(), s.facts().displayName() + "." + name, true));
                Body b = graph.body(LockBody.key(s.name(), name, m.source().pos()));
                if (b != null) {
                    roots.add(b);
                }
            }
        }
    }
}
