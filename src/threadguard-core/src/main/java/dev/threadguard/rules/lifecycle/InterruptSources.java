package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.CallAt;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.index.ClassFileSummary;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.model.Body;
import dev.threadguard.model.CallGraph;

import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which calls can really end in an {@code InterruptedException}. A method of the sources declared
 * {@code throws InterruptedException} raises it only if its own code throws one or it calls something that
 * can: a library method that declares it (a blocking call of the JDK), a {@code wait()}, a call that does not
 * resolve, a method declared to throw {@code Exception} or {@code Throwable}, or a method of the sources that
 * can, followed through the call graph with dynamic dispatch, at
 * most {@link #MAX_DEPTH} calls deep. An implementation declared to throw it that does neither (a
 * {@code getNow()} that never blocks) cannot be interrupted, and neither can a call that reaches only such
 * implementations. Anything unknown (an unresolved call, a method with no body whose implementations the
 * sources do not hold, an interface's method a lambda may implement, the depth bound) counts as able to.
 */
final class InterruptSources {

    /** How many calls deep a chain of the sources' methods is followed. */
    static final int MAX_DEPTH = 8;

    private final ProgramIndex index;
    private final CallGraph graph;
    private final Map<Body, Boolean> bodies = new HashMap<>();
    private Map<FileFacts, Map<Long, CallGraph.CallSite>> steps;

    InterruptSources(ProgramIndex index) {
        this.index = index;
        this.graph = CallGraph.of(index);
    }

    /** Whether a call made by a file's code can end in an InterruptedException. */
    boolean canRaise(FileFacts file, CallAt call) {
        List<MethodMatch> matches = index.callTargets(call.call(), file, call.site().scopeType());
        return canRaise(call.call(), matches, step(file, call.site().pos()), 0);
    }

    private boolean canRaise(ValueRef.Call call, List<MethodMatch> matches, CallGraph.CallSite step, int depth) {
        if (matches.isEmpty()) {
            return true; // unresolved: its throws clause is unknown
        }
        boolean declared = false;
        for (MethodMatch m : matches) {
            if (m.declaringType() instanceof SourceType s) {
                String key = s.name() + "#" + call.name() + "/" + (m.source() == null ? -1 : m.source().parameterTypes().size());
                if (s.file().lifecycle().interruptibleMethods().contains(key)) {
                    declared = true;
                } else if (s.file().lifecycle().interruptThrowers().contains(key)) {
                    return true; // declared to throw Exception or Throwable: anything may come out
                }
            } else if (raisesAny(m, call.name())) {
                return true; // a library method declared to throw it (a blocking call), or Exception
            }
        }
        if (!declared) {
            return false; // a checked exception comes only out of a method declared to throw it
        }
        if (step == null || depth >= MAX_DEPTH) {
            return true;
        }
        List<String> keys = graph.targetKeys(step.body(), step.op());
        if (keys.isEmpty()) {
            return true;
        }
        for (String key : keys) {
            if (targetCanRaise(key, keys.size() > 1, depth)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the method of the sources with this call-graph key can raise it; {@code overridden}: the call reaches others too. */
    private boolean targetCanRaise(String key, boolean overridden, int depth) {
        int hash = key.indexOf('#');
        int at = key.lastIndexOf('@');
        int colon = key.lastIndexOf(':');
        if (hash < 0 || at < hash || colon < at) {
            return true;
        }
        Optional<SourceType> type = index.sourceType(key.substring(0, hash));
        String name = key.substring(hash + 1, at);
        int line = Integer.parseInt(key.substring(at + 1, colon));
        int column = Integer.parseInt(key.substring(colon + 1));
        MethodFacts method = type.flatMap(t -> t.facts().methods().stream()
                .filter(m -> m.name().equals(name) && m.pos().line() == line && m.pos().column() == column)
                .findFirst()).orElse(null);
        if (method == null) {
            return true; // a lambda or method reference: what it throws is not recorded
        }
        String declaredKey = type.get().name() + "#" + name + "/" + method.parameterTypes().size();
        if (type.get().file().lifecycle().interruptThrowers().contains(declaredKey)) {
            return true;
        }
        if (!type.get().file().lifecycle().interruptibleMethods().contains(declaredKey)) {
            return false; // an override that does not declare it cannot throw it
        }
        if ((method.modifiers() & Modifier.NATIVE) != 0) {
            return true;
        }
        if ((method.modifiers() & Modifier.ABSTRACT) != 0) {
            // Its implementations are the other targets; an interface's may also be lambdas no call reaches.
            return !overridden || type.get().facts().kind() == TypeFacts.Kind.INTERFACE;
        }
        Body body = graph.body(key);
        return body != null && bodyCanRaise(body, depth + 1);
    }

    private boolean bodyCanRaise(Body body, int depth) {
        Boolean known = bodies.get(body);
        if (known != null) {
            return known;
        }
        bodies.put(body, false); // a recursive call adds nothing the body does not already do
        boolean raises = false;
        for (LockOp op : body.body().ops()) {
            if (op.kind() == LockOp.Kind.WAIT) {
                raises = true; // Object.wait()
            } else if (op.kind() == LockOp.Kind.CALL && op.call() != null) {
                List<MethodMatch> matches = index.callTargets(op.call(), body.file(), body.body().scopeType());
                raises = canRaise(op.call(), matches, new CallGraph.CallSite(body, op), depth);
            }
            if (raises) {
                break;
            }
        }
        bodies.put(body, raises);
        return raises;
    }

    /** Whether a method of the class path is declared to throw InterruptedException, Exception or Throwable. */
    private static boolean raisesAny(MethodMatch m, String name) {
        if (!(m.declaringType() instanceof ProgramIndex.BinaryType b)) {
            return true;
        }
        for (ClassFileSummary.Member member : b.summary().methods()) {
            if (member.name().equals(name) && member.parameterTypeNames().equals(m.parameterTypes())
                    && (member.exceptions().contains(InterruptSwallowed.INTERRUPTED)
                    || member.exceptions().contains("java.lang.Exception")
                    || member.exceptions().contains("java.lang.Throwable"))) {
                return true;
            }
        }
        return false;
    }

    /** The call step of the call graph made at this place of a file, if any. */
    private CallGraph.CallSite step(FileFacts file, Pos pos) {
        if (steps == null) {
            steps = new IdentityHashMap<>();
            for (Body b : graph.bodies()) {
                Map<Long, CallGraph.CallSite> byPos = steps.computeIfAbsent(b.file(), f -> new HashMap<>());
                for (LockOp op : b.body().ops()) {
                    if (op.kind() == LockOp.Kind.CALL) {
                        byPos.putIfAbsent(place(op.line(), op.column()), new CallGraph.CallSite(b, op));
                    }
                }
            }
        }
        return steps.getOrDefault(file, Map.of()).get(place(pos.line(), pos.column()));
    }

    private static long place(int line, int column) {
        return ((long) line << 32) | (column & 0xffffffffL);
    }
}
