package dev.threadguard.model;

import dev.threadguard.facts.AccessFacts.AccessBody;
import dev.threadguard.facts.FileFacts;
import dev.threadguard.facts.LockBody;
import dev.threadguard.facts.LockOp;
import dev.threadguard.facts.MethodFacts;
import dev.threadguard.facts.TypeFacts;
import dev.threadguard.index.ProgramIndex;
import dev.threadguard.index.ProgramIndex.SourceType;
import dev.threadguard.index.ProgramIndex.Tri;

import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which thread roles can run each body of code: code outside the program calling a public entry point
 * ({@link #CALLER}, any thread), a task on another thread ({@link #TASK}: a lambda or anonymous class handed,
 * where it is written, to an executor, a {@code Thread}, a timer or a future's stage (one kept in a variable
 * runs in no known role), and {@code run()}/{@code call()} of a
 * {@code Runnable}, {@code Callable}, {@code Thread} or {@code TimerTask}), or the one thread an annotation
 * confines it to ({@link #MAIN}: {@code @UiThread}, {@code @MainThread}, {@code @ThreadConfined("UI")} of
 * any package, on the method or a class around it). Roles flow from callers to callees through the call
 * graph, to a fixpoint; a method confined by annotation keeps its one role whoever calls it.
 *
 * <p>Two pieces of code can run at once ({@link #concurrent}) when either runs as a task, or, in a class that
 * is shared, when either is called by outside code. Code confined to the main thread does not run
 * concurrently with itself.
 */
public final class ThreadRoles {

    /** Called by code outside the program, on whatever threads it uses. */
    public static final int CALLER = 1;
    /** Run as a task on another thread. */
    public static final int TASK = 2;
    /** Confined to the one main (UI) thread. */
    public static final int MAIN = 4;
    /** Run as a task by an executor, which may run several of them at once. */
    public static final int POOLED = 8;

    private static final Set<String> TASK_TYPES = Set.of(
            "java.lang.Runnable", "java.util.concurrent.Callable", "java.lang.Thread", "java.util.TimerTask");

    private final ProgramIndex index;
    private final CallGraph calls;
    private final Map<String, Integer> byKey = new HashMap<>();
    private final Map<Body, Integer> byBody = new HashMap<>();
    private final Map<String, String> confined = new HashMap<>();
    /** Methods a role runs directly: public entry points, tasks, confined methods. */
    private final Set<String> seeds = new java.util.HashSet<>();
    /** The roles each seed has on its own, before any flows in from its callers. */
    private final Map<String, Integer> own = new HashMap<>();

    private ThreadRoles(ProgramIndex index) {
        this.index = index;
        this.calls = CallGraph.of(index);
        EntryLocks entry = EntryLocks.of(index);
        for (Body b : calls.bodies()) {
            if (b.body().thread() != null && b.key() != null) {
                confined.put(b.key(), b.body().thread());
            }
        }
        for (FileFacts f : index.files()) {
            for (AccessBody a : f.accesses().bodies()) {
                if (a.declared() != null && a.thread() != null) {
                    confined.put(LockBody.key(a.type(), a.method(), a.declared()), a.thread());
                }
            }
        }
        Deque<Body> pending = new ArrayDeque<>();
        for (FileFacts f : index.files()) {
            for (TypeFacts t : f.types()) {
                Optional<SourceType> s = index.sourceType(t.qualifiedName());
                if (s.isEmpty() || s.get().file() != f) {
                    continue;
                }
                boolean taskType = t.kind() != TypeFacts.Kind.INTERFACE && TASK_TYPES.stream()
                        .anyMatch(x -> index.isSubtype(s.get(), x) == Tri.YES);
                for (MethodFacts m : t.methods()) {
                    if (m.isConstructor() || Modifier.isAbstract(m.modifiers())) {
                        continue;
                    }
                    String key = LockBody.key(t.qualifiedName(), m.name(), m.pos());
                    int roles = 0;
                    if (taskType && m.parameterTypes().isEmpty() && (m.name().equals("run") || m.name().equals("call"))) {
                        roles |= TASK;
                    }
                    if (entry.calledFromOutside(key)) {
                        roles |= CALLER;
                    }
                    if (confined.containsKey(key)) {
                        roles = MAIN;
                    }
                    if (roles != 0) {
                        seeds.add(key);
                        own.merge(key, roles, (x, y) -> x | y);
                        byKey.merge(key, roles, (x, y) -> x | y);
                        Body b = calls.body(key);
                        if (b != null) {
                            pending.add(b);
                        }
                    }
                }
            }
            for (AccessBody a : f.accesses().bodies()) {
                if (a.deferred() && a.declared() != null && !confined.containsKey(key(a))) {
                    seeds.add(key(a));
                    own.merge(key(a), taskRoles(a), (x, y) -> x | y);
                    byKey.merge(key(a), taskRoles(a), (x, y) -> x | y);
                    Body b = calls.body(key(a));
                    if (b != null) {
                        pending.add(b);
                    }
                }
            }
        }
        // A lambda run later is a task when it is handed to another thread where it is written.
        int base = 0;
        for (FileFacts f : index.files()) {
            for (AccessBody a : f.accesses().bodies()) {
                if (a.declared() == null && a.lockBody() >= 0 && a.deferred()) {
                    Body b = calls.bodies().get(base + a.lockBody());
                    byBody.put(b, taskRoles(a));
                    pending.add(b);
                }
            }
            base += f.lockBodies().size();
        }
        // Roles flow from each body to the methods it calls, until nothing changes.
        while (!pending.isEmpty()) {
            Body b = pending.poll();
            int roles = roles(b);
            for (LockOp op : b.body().ops()) {
                if (op.kind() != LockOp.Kind.CALL) {
                    continue;
                }
                for (String target : calls.targetKeys(b, op)) {
                    if (confined.containsKey(target)) {
                        continue;
                    }
                    int before = byKey.getOrDefault(target, 0);
                    if ((before | roles) != before) {
                        byKey.put(target, before | roles);
                        Body callee = calls.body(target);
                        if (callee != null) {
                            pending.add(callee);
                        }
                    }
                }
            }
        }
    }

    /** The roles of a body run as a task: {@link #TASK}, and {@link #POOLED} when an executor runs it. */
    public static int taskRoles(AccessBody a) {
        return a.task() == AccessBody.POOLED_TASK ? TASK | POOLED : a.deferred() ? TASK : 0;
    }

    /**
     * Whether code of these roles can run at the same time as itself: a pooled task, or outside callers of a
     * shared class. A thread's task runs once; the main thread runs one thing at a time.
     */
    public static boolean concurrentWithItself(int roles, boolean shared) {
        return (roles & POOLED) != 0 || shared && (roles & CALLER) != 0;
    }

    private static String key(AccessBody a) {
        return LockBody.key(a.type(), a.method(), a.declared());
    }

    /** The thread roles of the index's program, shared. */
    public static ThreadRoles of(ProgramIndex index) {
        return index.derived(ThreadRoles.class, ThreadRoles::new);
    }

    /** The roles that can run the method with this {@link LockBody#key}; 0 when none is known to. */
    public int roles(String key) {
        return byKey.getOrDefault(key, 0);
    }

    /** The roles that can run a body of code. */
    public int roles(Body b) {
        // A lambda run later has its own roles where it is handed over, and a key too (calls of its interface's
        // method reach it): both count.
        return byBody.getOrDefault(b, 0) | (b.key() == null ? 0 : roles(b.key()));
    }

    /**
     * The roles a body has on its own, not through the code that calls it: a task's, outside callers' for an
     * entry point, the main thread's for confined code. A public method some task calls has {@link #TASK} among
     * its {@link #roles(Body)} but not here.
     */
    public int ownRoles(Body b) {
        return byBody.getOrDefault(b, 0) | (b.key() == null ? 0 : own.getOrDefault(b.key(), 0));
    }

    /** {@link #ownRoles(Body)} of the method with this {@link LockBody#key}. */
    public int ownRoles(String key) {
        return own.getOrDefault(key, 0);
    }

    /** The roles a body of accesses runs in when no call reaches it: a task, or those of its method. */
    public int roles(AccessBody a) {
        return a.declared() == null ? taskRoles(a) : roles(key(a));
    }

    /** Whether a role runs the method with this key directly, not only through the calls the program makes. */
    public boolean runsOnItsOwn(String key) {
        return seeds.contains(key);
    }

    /** Whether the method with this key is confined by an annotation to one thread. */
    public boolean confined(String key) {
        return confined.containsKey(key);
    }

    /**
     * Whether code of roles {@code a} and code of roles {@code b} can run at the same time: a task runs
     * alongside anything; outside callers call a shared class from several threads at once; the main
     * thread does not run alongside itself.
     */
    public static boolean concurrent(int a, int b, boolean shared) {
        if (a == 0 || b == 0) {
            return false;
        }
        if ((a & TASK) != 0 || (b & TASK) != 0) {
            return true;
        }
        return shared && ((a & CALLER) != 0 || (b & CALLER) != 0);
    }

    /** The roles as a reader names them. */
    public static String describe(int roles) {
        List<String> out = new java.util.ArrayList<>();
        if ((roles & CALLER) != 0) {
            out.add("callers of the public API");
        }
        if ((roles & POOLED) != 0) {
            out.add("tasks an executor runs, several at once");
        } else if ((roles & TASK) != 0) {
            out.add("a task on another thread");
        }
        if ((roles & MAIN) != 0) {
            out.add("the main thread");
        }
        if (out.size() == 1 && (roles & CALLER) != 0) {
            return "callers of the public API, several threads at once in a shared class";
        }
        return String.join(" and ", out);
    }
}
