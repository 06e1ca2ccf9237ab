package dev.threadguard.rules.lifecycle;

import dev.threadguard.facts.CallAt;
import dev.threadguard.facts.FieldFacts;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LifecycleFacts;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.Pos;
import dev.threadguard.facts.PooledTask;
import dev.threadguard.facts.ThreadLocalCall;
import dev.threadguard.facts.TypeName;
import dev.threadguard.facts.ValueRef;
import dev.threadguard.facts.model.Tasks;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.JavaType;
import dev.threadguard.index.ProgramIndex.MethodMatch;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.index.ProgramIndex.Tri;
import dev.threadguard.model.Body;
import dev.threadguard.model.CallGraph;
import dev.threadguard.model.CallGraph.CallSite;
import dev.threadguard.rules.Confidence;
import dev.threadguard.rules.Family;
import dev.threadguard.rules.FindingSink;
import dev.threadguard.rules.Rule;
import dev.threadguard.rules.RuleDescriptor;
import dev.threadguard.rules.Severity;
import dev.threadguard.rules.TraceStep;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code ThreadLocal} set by a task that runs on a pooled thread, or by a method such a task calls, and not
 * removed in a {@code finally}: the pool's thread keeps the value after the task, and the next task on that
 * thread sees it, another user's identity or transaction included.
 */
@RuleDescriptor(
        id = "thread-local-not-removed",
        family = Family.LIFECYCLE,
        severity = Severity.WARNING,
        summary = "A ThreadLocal set by a task on a pooled thread is not removed in a finally, so it leaks into the next task.",
        enabledByDefault = false)
public final class ThreadLocalNotRemoved implements Rule {

    private static final String THREAD_LOCAL = "java.lang.ThreadLocal";
    /** How many calls away from the task a set is looked for. */
    static final int MAX_DEPTH = 3;
    /**
     * Value types whose leftover on a pooled thread retains nothing: boxed numbers (start times, counters,
     * depths). Strings and booleans are left out: a user name, a tenant or an "in transaction" flag left
     * behind is the leak this rule is about.
     */
    static final Set<String> PLAIN_VALUES = Set.of("Byte", "Short", "Integer", "Long", "Float", "Double");

    /** A call of a unit of code, in the file that holds it. */
    private record Located<T>(FileFacts file, T fact) {
    }

    @Override
    public void check(ProgramIndex index, FindingSink out) {
        Map<String, List<Located<ThreadLocalCall>>> localsByUnit = new HashMap<>();
        Map<String, List<Located<CallAt>>> callsByUnit = new HashMap<>();
        boolean any = false;
        for (FileFacts file : index.files()) {
            LifecycleFacts facts = file.lifecycle();
            for (ThreadLocalCall c : facts.threadLocalCalls()) {
                localsByUnit.computeIfAbsent(key(file, c.unit()), k -> new ArrayList<>()).add(new Located<>(file, c));
                any |= !c.clears();
            }
            for (LifecycleFacts.TaskCall c : facts.taskCalls()) {
                callsByUnit.computeIfAbsent(key(file, c.unit()), k -> new ArrayList<>()).add(new Located<>(file, c.call()));
            }
        }
        if (!any) {
            return;
        }
        Context context = new Context(index, localsByUnit, callsByUnit);
        CallGraph calls = CallGraph.of(index);
        Map<String, Body> bodies = new HashMap<>();
        for (Body b : calls.bodies()) {
            if (b.key() != null) {
                bodies.putIfAbsent(key(b.file(), b.body().declared()), b);
            }
        }
        Set<String> reported = new HashSet<>();
        for (FileFacts file : index.files()) {
            for (PooledTask task : file.lifecycle().pooledTasks()) {
                Confidence pooled = pooled(index, file, task);
                String root = pooled == null ? null : rootUnit(index, file, task);
                if (root == null) {
                    continue;
                }
                TraceStep handed = new TraceStep(file.path(), task.site().pos(), "runs on a pooled thread: handed to `"
                        + task.text() + "` in `" + task.site().member() + "`");
                context.examine(root, root, List.of(), handed, pooled, reported, out, this);
                // The methods the task reaches, through the program model's call graph (overrides, lambdas
                // and method references included), each with the first chain of calls that shows it.
                Body rootBody = bodies.get(root);
                if (rootBody == null) {
                    continue;
                }
                for (Map.Entry<Body, List<CallSite>> reached : calls.reachable(rootBody, MAX_DEPTH).entrySet()) {
                    Body callee = reached.getKey();
                    if (callee.key() == null) {
                        continue;
                    }
                    String unit = key(callee.file(), callee.body().declared());
                    List<TraceStep> via = new ArrayList<>();
                    List<String> between = new ArrayList<>();
                    List<CallSite> chain = reached.getValue();
                    for (int i = 0; i < chain.size(); i++) {
                        CallSite site = chain.get(i);
                        Body to = i + 1 < chain.size() ? chain.get(i + 1).body() : callee;
                        via.add(new TraceStep(site.body().file().path(), site.op().pos(), (via.isEmpty() ? "the task calls `"
                                : "which calls `") + to.member() + "()`"));
                        if (site.body() != rootBody && site.body().key() != null) {
                            between.add(key(site.body().file(), site.body().body().declared()));
                        }
                    }
                    context.examine(unit, root, via, handed, pooled, reported, out, this, between);
                }
            }
        }
    }

    static String key(FileFacts file, Pos unit) {
        return file.path() + "@" + unit.line() + ":" + unit.column();
    }

    /** How sure it is that the task runs on a pooled thread; null when it does not. */
    private static Confidence pooled(ProgramIndex index, FileFacts file, PooledTask task) {
        ValueRef.Call submission = task.submission();
        String scope = task.site().scopeType();
        if (submission.name().endsWith("Async")) {
            List<MethodMatch> matches = index.callTargets(submission, file, scope);
            return !matches.isEmpty() && index.isSubtype(matches.get(0).declaringType(),
                    "java.util.concurrent.CompletionStage") == Tri.YES ? Confidence.HIGH : null;
        }
        if (submission.target() == null) {
            Optional<JavaType> self = index.sourceType(scope).map(t -> t);
            return self.isPresent() && index.isSubtype(self.get(), "java.util.concurrent.Executor") == Tri.YES
                    && !index.callTargets(submission, file, scope).isEmpty() ? Confidence.HIGH : null;
        }
        Optional<JavaType> receiver = index.typeOf(submission.target(), file, scope);
        if (receiver.isPresent()) {
            Tri executor = index.isSubtype(receiver.get(), "java.util.concurrent.Executor");
            if (executor == Tri.YES) {
                return Confidence.HIGH;
            }
            if (executor == Tri.NO) {
                return null;
            }
        }
        int dot = task.text().lastIndexOf("." + submission.name() + "(");
        return dot > 0 && Tasks.EXECUTOR_LAST_NAME.matcher(task.text().substring(0, dot)).matches() ? Confidence.LOW : null;
    }

    /** The unit of code that is the task: its lambda, the method it references, or its class's run() or call(). */
    private static String rootUnit(ProgramIndex index, FileFacts file, PooledTask task) {
        String scope = task.site().scopeType();
        switch (task.kind()) {
            case BODY -> {
                return key(file, task.unit());
            }
            case METHOD_REFERENCE -> {
                for (MethodMatch m : index.callTargets(new ValueRef.Call(task.target(), task.method(), 0), file, scope)) {
                    if (m.source() != null && m.declaringType() instanceof SourceType s) {
                        return key(s.file(), m.source().pos());
                    }
                }
                return null;
            }
            default -> {
                Optional<JavaType> type = index.typeOf(task.target(), file, scope);
                if (type.isEmpty() || !(type.get() instanceof SourceType s)) {
                    return null;
                }
                for (MethodFacts m : s.facts().methods()) {
                    if (m.parameterTypes().isEmpty() && (m.name().equals("run") || m.name().equals("call"))) {
                        return key(s.file(), m.pos());
                    }
                }
                return null;
            }
        }
    }

    /** The facts joined by unit, and the questions asked of them, memoized. */
    private static final class Context {
        final ProgramIndex index;
        final Map<String, List<Located<ThreadLocalCall>>> localsByUnit;
        final Map<String, List<Located<CallAt>>> callsByUnit;
        final Map<ThreadLocalCall, Optional<String>> identities = new HashMap<>();
        /** The units some method of the project calls in a {@code finally}: cleanups, computed on first use. */
        private Set<String> cleanups;
        /** The methods called in a {@code finally}, by name: the types that declare them. */
        private Map<String, Set<String>> cleanupMethods;

        Context(ProgramIndex index, Map<String, List<Located<ThreadLocalCall>>> localsByUnit,
                Map<String, List<Located<CallAt>>> callsByUnit) {
            this.index = index;
            this.localsByUnit = localsByUnit;
            this.callsByUnit = callsByUnit;
        }

        /** The units of the project's methods a call reaches. */
        List<String> callees(Located<CallAt> call) {
            List<String> out = new ArrayList<>();
            for (MethodMatch m : index.callTargets(call.fact().call(), call.file(), call.fact().site().scopeType())) {
                if (m.source() != null && m.declaringType() instanceof SourceType s) {
                    out.add(key(s.file(), m.source().pos()));
                }
            }
            return out;
        }

        /** Which ThreadLocal a call is on ({@code pkg.Holder#CURRENT}); empty when the receiver is no ThreadLocal. */
        Optional<String> identity(Located<ThreadLocalCall> call) {
            return identities.computeIfAbsent(call.fact(), c -> {
                String scope = c.site().scopeType();
                Optional<JavaType> type = index.typeOf(c.receiver(), call.file(), scope);
                if (type.isEmpty() || index.isSubtype(type.get(), THREAD_LOCAL) != Tri.YES) {
                    return Optional.empty();
                }
                return Optional.of(fieldOf(c.receiver(), call.file(), scope).orElse(scope + "#" + c.receiverText()));
            });
        }

        /** The field a receiver names, as {@code pkg.Type#name}, when it is one. */
        private Optional<String> fieldOf(ValueRef ref, FileFacts file, String scope) {
            if (ref instanceof ValueRef.Name n) {
                for (String s = scope; s != null; ) {
                    Optional<SourceType> t = index.sourceType(s);
                    if (t.isEmpty()) {
                        break;
                    }
                    if (t.get().facts().fields().stream().anyMatch(f -> f.name().equals(n.name()))) {
                        return Optional.of(t.get().name() + "#" + n.name());
                    }
                    s = t.get().facts().outerName();
                }
            }
            if (ref instanceof ValueRef.Field f) {
                Optional<JavaType> owner = f.target() instanceof ValueRef.This ? index.sourceType(scope).map(t -> t)
                        : index.typeOf(f.target(), file, scope);
                return owner.map(t -> t.name() + "#" + f.name());
            }
            return Optional.empty();
        }

        /**
         * Whether a unit is called in a {@code finally} somewhere in the project: it is itself the cleanup or
         * the restore half of a save/restore pair ({@code finally { reset(previous); }}), and what it sets is
         * what the caller's cleanup leaves on purpose.
         */
        boolean isCleanup(String unit, ThreadLocalCall set) {
            if (cleanups == null) {
                cleanups = new HashSet<>();
                cleanupMethods = new HashMap<>();
                for (List<Located<CallAt>> calls : callsByUnit.values()) {
                    for (Located<CallAt> call : calls) {
                        if (call.fact().inFinally()) {
                            for (MethodMatch m : index.callTargets(call.fact().call(), call.file(),
                                    call.fact().site().scopeType())) {
                                if (m.source() != null && m.declaringType() instanceof SourceType s) {
                                    cleanups.add(key(s.file(), m.source().pos()));
                                }
                                cleanupMethods.computeIfAbsent(m.source() != null ? m.source().name()
                                        : call.fact().call().name(), k -> new HashSet<>()).add(m.declaringType().name());
                            }
                        }
                    }
                }
            }
            if (cleanups.contains(unit)) {
                return true;
            }
            // Called through an interface or a superclass (`session.resetThreadLocalSession(old)` in a
            // finally): the override of a method called in a finally is that cleanup too.
            String member = set.site().member();
            Set<String> declarers = cleanupMethods.get(member.substring(member.lastIndexOf('.') + 1));
            Optional<SourceType> self = index.sourceType(set.site().scopeType());
            if (declarers == null || self.isEmpty()) {
                return false;
            }
            for (String d : declarers) {
                if (!d.equals(self.get().name()) && index.isSubtype(self.get(), d) == Tri.YES) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether the ThreadLocal (as {@code pkg.Type#field}) holds a boxed number: a value left behind on a
         * pooled thread keeps no class loader or object graph alive, and code that uses it (a start time, a
         * call depth) sets it first; a leftover counter can still mislead, so it is kept at low confidence.
         */
        boolean holdsPlainValue(String id) {
            int hash = id.indexOf('#');
            if (hash < 0) {
                return false;
            }
            Optional<SourceType> owner = index.sourceType(id.substring(0, hash));
            if (owner.isEmpty()) {
                return false;
            }
            String field = id.substring(hash + 1);
            for (FieldFacts f : owner.get().facts().fields()) {
                if (f.name().equals(field) && f.type() != null && f.type().arguments().size() == 1) {
                    TypeName value = f.type().arguments().get(0);
                    return value.dimensions() == 0 && PLAIN_VALUES.contains(value.name().startsWith("java.lang.")
                            ? value.name().substring("java.lang.".length()) : value.name());
                }
            }
            return false;
        }

        /** Whether a unit clears the ThreadLocal in a finally: {@code remove()}, {@code set(null)} or a restore. */
        boolean clearsInFinally(String unit, String id) {
            for (Located<ThreadLocalCall> c : localsByUnit.getOrDefault(unit, List.of())) {
                if (c.fact().inFinally() && identity(c).filter(id::equals).isPresent()) {
                    return true;
                }
            }
            return false;
        }

        /** Whether a unit clears the ThreadLocal anywhere: {@code remove()} or {@code set(null)}. */
        boolean clears(String unit, String id) {
            for (Located<ThreadLocalCall> c : localsByUnit.getOrDefault(unit, List.of())) {
                if (c.fact().clears() && identity(c).filter(id::equals).isPresent()) {
                    return true;
                }
            }
            return false;
        }

        /** Whether the task clears the ThreadLocal in a finally, itself or through a method it calls there. */
        boolean rootClears(String root, String id) {
            if (clearsInFinally(root, id)) {
                return true;
            }
            for (Located<CallAt> call : callsByUnit.getOrDefault(root, List.of())) {
                if (call.fact().inFinally()) {
                    for (String callee : callees(call)) {
                        if (clears(callee, id)) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        void examine(String unit, String root, List<TraceStep> via, TraceStep handed, Confidence confidence,
                     Set<String> reported, FindingSink out, ThreadLocalNotRemoved rule) {
            examine(unit, root, via, handed, confidence, reported, out, rule, List.of());
        }

        /** {@code between}: the methods on the chain from the task to {@code unit}; one that clears the value in a finally covers it. */
        void examine(String unit, String root, List<TraceStep> via, TraceStep handed, Confidence confidence,
                     Set<String> reported, FindingSink out, ThreadLocalNotRemoved rule, List<String> between) {
            for (Located<ThreadLocalCall> set : localsByUnit.getOrDefault(unit, List.of())) {
                ThreadLocalCall c = set.fact();
                if (c.clears() || c.inFinally() || c.lazyInit()) {
                    continue; // a per-thread cache filled on first use is what thread locals are for
                }
                if (c.savesPrevious() || isCleanup(unit, c)) {
                    continue; // the save half of a save/restore pair (the caller restores), or the cleanup itself
                }
                Optional<String> id = identity(set);
                if (id.isEmpty() || clearsInFinally(unit, id.get()) || !via.isEmpty() && rootClears(root, id.get())
                        || between.stream().anyMatch(u -> clearsInFinally(u, id.get()))) {
                    continue;
                }
                Confidence sure = holdsPlainValue(id.get()) ? Confidence.LOW : confidence;
                String at = set.file().path() + ":" + c.site().pos();
                if (!reported.add(at)) {
                    continue;
                }
                String name = "`" + c.receiverText() + "`";
                String removed = clears(unit, id.get())
                        ? "; it is removed later, but not in a `finally`, so an exception in between leaves it set"
                        : "";
                String message = "ThreadLocal " + name + " is set in `" + c.site().member() + "`, which runs on a"
                        + " pooled thread, and is not removed in a `finally`: the thread keeps the value after the"
                        + " task, and the next task it runs sees it" + removed + "; call `" + c.receiverText()
                        + ".remove()` in a `finally`"
                        + (confidence == Confidence.LOW ? " [type not resolved: matched by method name]" : "");
                List<TraceStep> trace = new ArrayList<>(List.of(handed));
                trace.addAll(via);
                out.report(rule.finding(set.file().path(), c.site())
                        .confidence(sure)
                        .message(message)
                        .trace(trace));
            }
        }
    }
}
