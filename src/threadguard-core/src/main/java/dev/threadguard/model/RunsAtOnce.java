package dev.threadguard.model;

import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.InlineRuns;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.LockRef;
import dev.threadguard.facts.Pos;
import dev.threadguard.index.ProgramIndex;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lambdas run at once by the project method they are handed to: {@code withLock(() -> count++)} where
 * {@code withLock(Runnable r)} calls {@code r.run()} between {@code lock.lock()} and {@code lock.unlock()}, or in
 * a {@code synchronized} block. The lambda's code runs there, under the locks the method holds where it calls
 * the lambda, on top of those of the code that hands it over (which the facts already list).
 *
 * <p>A call reaches a method by the {@link CallGraph} (overrides included). The lambda holds a lock only if
 * every method the call may reach calls that parameter directly, outside any lambda or class body, and nowhere
 * uses it otherwise (keeps it, hands it on), and every such call holds the lock: the intersection. Locks a
 * method names by a parameter or a local ({@code withLock(Lock l, Runnable r)}) stand for whatever the caller
 * passes and are left out.
 */
public final class RunsAtOnce {

    /** A lock a helper holds where it runs a lambda, with the code that names it. */
    public record Held(LockRef ref, FileFacts file, String scopeType) {
    }

    private record Run(InlineRuns.ParameterRun run, FileFacts file) {
    }

    private final ProgramIndex index;
    private final Map<String, List<Run>> runs = new HashMap<>();
    private final Map<FileFacts, List<Around>> byFile = new IdentityHashMap<>();
    private final Map<Body, List<LockOp>> ops = new HashMap<>();
    /** The bodies of each file that hands lambdas to calls, made on first use. */
    private Map<FileFacts, List<Body>> bodiesOf;

    /** A lambda of a file that runs at once under helper locks: its extent and those locks. */
    private record Around(Pos lambda, List<Held> held) {
    }

    private RunsAtOnce(ProgramIndex index) {
        this.index = index;
        for (FileFacts f : index.files()) {
            for (InlineRuns.ParameterRun r : f.inlineRuns().runs()) {
                runs.computeIfAbsent(r.body(), k -> new ArrayList<>()).add(new Run(r, f));
            }
        }
    }

    /** The run-at-once lambdas of the index's program, shared. */
    public static RunsAtOnce of(ProgramIndex index) {
        return index.derived(RunsAtOnce.class, RunsAtOnce::new);
    }

    /** The locks held at {@code at} of {@code file} by the helpers that run the lambdas around it; empty for most code. */
    public List<Held> at(FileFacts file, Pos at) {
        if (file.inlineRuns().passed().isEmpty() || runs.isEmpty()) {
            return List.of();
        }
        List<Around> around = byFile.computeIfAbsent(file, this::resolve);
        List<Held> out = List.of();
        for (Around a : around) {
            if (a.lambda().contains(at)) {
                if (out.isEmpty()) {
                    out = new ArrayList<>();
                }
                out.addAll(a.held());
            }
        }
        return out;
    }

    /**
     * A body's steps for the lock order: those in a lambda run at once by a project method hold that method's
     * locks too, after the body's own (the method takes them when it is called). Locks of a class literal are
     * left out here: the body's file may not name that class.
     */
    public List<LockOp> ops(Body b) {
        List<LockOp> all = b.body().ops();
        if (b.file().inlineRuns().passed().isEmpty() || runs.isEmpty()) {
            return all;
        }
        List<LockOp> known = ops.get(b);
        if (known != null) {
            return known;
        }
        List<LockOp> out = null;
        for (int i = 0; i < all.size(); i++) {
            LockOp op = all.get(i);
            List<Held> extra = at(b.file(), op.pos());
            List<LockRef> held = null;
            for (Held h : extra) {
                if (h.ref().kind() != LockRef.Kind.CLASS) {
                    if (held == null) {
                        held = new ArrayList<>(op.held());
                    }
                    held.add(h.ref());
                }
            }
            if (held != null && out == null) {
                out = new ArrayList<>(all.subList(0, i));
            }
            if (out != null) {
                out.add(held == null ? op : new LockOp(op.kind(), op.lock(), op.call(), List.copyOf(held), op.line(), op.column()));
            }
        }
        List<LockOp> result = out == null ? all : List.copyOf(out);
        ops.put(b, result);
        return result;
    }

    private List<Around> resolve(FileFacts file) {
        CallGraph calls = CallGraph.of(index);
        if (bodiesOf == null) {
            bodiesOf = new IdentityHashMap<>();
            for (Body b : calls.bodies()) {
                if (!b.file().inlineRuns().passed().isEmpty()) {
                    bodiesOf.computeIfAbsent(b.file(), k -> new ArrayList<>()).add(b);
                }
            }
        }
        Map<Pos, List<Body>> bodiesAt = null;
        List<Around> out = new ArrayList<>();
        for (InlineRuns.Passed p : file.inlineRuns().passed()) {
            if (bodiesAt == null) {
                bodiesAt = new HashMap<>();
                for (Body b : bodiesOf.getOrDefault(file, List.of())) {
                    for (LockOp op : b.body().ops()) {
                        if (op.kind() == LockOp.Kind.CALL && op.call() != null) {
                            bodiesAt.computeIfAbsent(op.pos(), k -> new ArrayList<>()).add(b);
                        }
                    }
                }
            }
            Pos callAt = new Pos(p.call().line(), p.call().column(), p.call().line(), p.call().column());
            List<Held> held = null;
            for (Body b : bodiesAt.getOrDefault(callAt, List.of())) {
                for (LockOp op : b.body().ops()) {
                    if (op.kind() == LockOp.Kind.CALL && op.call() != null && op.pos().equals(callAt)
                            && op.call().name().equals(p.method()) && op.call().arguments() == p.arguments()) {
                        held = meetTargets(calls, b, op, p.argument());
                        break;
                    }
                }
                if (held != null) {
                    break;
                }
            }
            if (held != null && !held.isEmpty()) {
                out.add(new Around(p.lambda(), held));
            }
        }
        return out;
    }

    /** The locks every method the call reaches holds wherever it calls parameter {@code argument}; empty if one does not. */
    private List<Held> meetTargets(CallGraph calls, Body caller, LockOp op, int argument) {
        List<String> targets = calls.targetKeys(caller, op);
        if (targets.isEmpty()) {
            return List.of();
        }
        LockSteps steps = LockSteps.of(index);
        LockNodes nodes = LockNodes.of(index);
        Map<String, Held> meet = null;
        for (String key : targets) {
            List<Run> sites = runs.getOrDefault(key, List.of()).stream()
                    .filter(r -> r.run().parameter() == argument).toList();
            if (sites.isEmpty()) {
                return List.of();
            }
            for (Run r : sites) {
                String scopeType = key.substring(0, key.indexOf('#'));
                Map<String, Held> here = new LinkedHashMap<>();
                for (LockRef ref : steps.locks(r.run().held(), r.file(), scopeType)) {
                    if (ref.kind() == LockRef.Kind.VALUE || ref.kind() == LockRef.Kind.RESOURCE) {
                        continue; // named by the helper's own parameter or local: the caller decides what it is
                    }
                    here.putIfAbsent(nodes.name(ref, r.file(), scopeType), new Held(ref, r.file(), scopeType));
                }
                if (meet == null) {
                    meet = here;
                } else {
                    meet.keySet().retainAll(here.keySet());
                }
                if (meet.isEmpty()) {
                    return List.of();
                }
            }
        }
        return meet == null ? List.of() : List.copyOf(meet.values());
    }
}
