package dev.threadguard.rules.lifecycle;

import dev.threadguard.rules.Finding;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadLocalNotRemovedTest {

        private static final String CONTEXT = """
            package t;

            public final class TenantContext {
                private static final ThreadLocal<String> TENANT = new ThreadLocal<>();

                public static void enter(String tenant) {
                    // BUG: thread-local-not-removed contains "ThreadLocal `TENANT` is set in `TenantContext.enter`, which runs on a pooled thread"
                    TENANT.set(tenant);
                }

                public static String current() {
                    return TENANT.get();
                }

                public static void leave() {
                    TENANT.remove();
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void valuesSetOnPooledThreadsAndLeftThere() {
        List<Finding> findings = RuleTester.forRule(ThreadLocalNotRemoved.class, dir).source(CONTEXT).source("""
                package t;

                import java.util.concurrent.*;

                class ReportJobs {
                    private static final ThreadLocal<StringBuilder> BUFFER = new ThreadLocal<>();
                    private final ThreadLocal<String> user = new ThreadLocal<>();
                    private final ExecutorService pool;

                    ReportJobs(ExecutorService pool) {
                        this.pool = pool;
                    }

                    void direct(String name) {
                        pool.execute(() -> {
                            // BUG: thread-local-not-removed contains "ThreadLocal `user` is set in `ReportJobs.direct`"
                            user.set(name);
                            render();
                        });
                    }

                    void throughTheContext(String tenant) {
                        pool.submit(() -> {
                            TenantContext.enter(tenant);
                            render();
                        });
                    }

                    void removedButNotInFinally(String name) {
                        CompletableFuture.runAsync(() -> {
                            // BUG: thread-local-not-removed contains "removed later, but not in a `finally`"
                            user.set(name);
                            render();
                            user.remove();
                        }, pool);
                    }

                    void byReference() {
                        pool.execute(this::buffered);
                    }

                    void buffered() {
                        // BUG: thread-local-not-removed contains "`ReportJobs.buffered`"
                        BUFFER.set(new StringBuilder());
                        render();
                    }

                    void render() {
                    }
                }
                """).source("""
                package t;

                import java.util.concurrent.ExecutorService;

                class Export implements Runnable {
                    private static final ThreadLocal<String> FORMAT = new ThreadLocal<>();
                    private final String format;

                    Export(String format) {
                        this.format = format;
                    }

                    static void schedule(ExecutorService pool, String format) {
                        pool.submit(new Export(format));
                    }

                    @Override
                    public void run() {
                        // BUG: thread-local-not-removed contains "`Export.run`"
                        FORMAT.set(format);
                    }
                }
                """).expectMarkedFindings();
        Finding viaContext = findings.stream().filter(f -> f.path().endsWith("TenantContext.java")).findFirst().orElseThrow();
        assertThat(viaContext.trace()).extracting(t -> t.message())
                .containsExactly("runs on a pooled thread: handed to `pool.submit(...)` in `ReportJobs.throughTheContext`",
                        "the task calls `TenantContext.enter()`");
    }

    @Test
    void valuesRemovedOrRestoredInFinallyOrNotOnPooledThreadsAreFine() {
        RuleTester.forRule(ThreadLocalNotRemoved.class, dir).source(CONTEXT.replace(
                "// BUG: thread-local-not-removed contains \"ThreadLocal `TENANT` is set in `TenantContext.enter`, which runs on a pooled thread\"",
                "// Fine: every task that enters leaves in a finally")).source("""
                package t;

                import java.util.concurrent.*;
                import java.util.concurrent.atomic.AtomicReference;

                class CarefulJobs {
                    private final ThreadLocal<String> user = new ThreadLocal<>();
                    private final AtomicReference<String> last = new AtomicReference<>();
                    private final ExecutorService pool;

                    CarefulJobs(ExecutorService pool) {
                        this.pool = pool;
                    }

                    void removed(String name) {
                        pool.execute(() -> {
                            user.set(name);
                            try {
                                render();
                            } finally {
                                user.remove();
                            }
                        });
                    }

                    void leftThroughTheContext(String tenant) {
                        pool.submit(() -> {
                            try {
                                TenantContext.enter(tenant);
                                render();
                            } finally {
                                TenantContext.leave();
                            }
                        });
                    }

                    void restored(String name) {
                        pool.execute(() -> {
                            String previous = user.get();
                            user.set(name);
                            try {
                                render();
                            } finally {
                                user.set(previous);
                            }
                        });
                    }

                    void ownThread(String name) {
                        new Thread(() -> {
                            user.set(name);
                            render();
                        }).start();
                    }

                    void notAThreadLocal(String name) {
                        pool.execute(() -> last.set(name));
                    }

                    void callerThread(String name) {
                        user.set(name);
                    }

                    void render() {
                    }
                }
                """).expectMarkedFindings();
    }

    /** A handler interface with one implementation that sets the tenant; {@code %s} is what that implementation does. */
    private static final String HANDLERS = """
            package t;

            import java.util.concurrent.ExecutorService;

            interface Handler {
                void handle(String tenant);
            }

            class TenantHandler implements Handler {
                @Override
                public void handle(String tenant) {
                    %s
                }

                void audit() {
                }
            }

            class Dispatcher {
                private final ExecutorService pool;
                private final Handler handler = new TenantHandler();

                Dispatcher(ExecutorService pool) {
                    this.pool = pool;
                }

                void dispatch(String tenant) {
                    pool.execute(() -> route(tenant));
                }

                private void route(String tenant) {
                    handler.handle(tenant);
                }
            }
            """;

    @Test
    void aValueSetSeveralCallsAwayThroughAnInterfaceIsFound() {
        List<Finding> findings = RuleTester.forRule(ThreadLocalNotRemoved.class, dir).source(CONTEXT)
                .source(HANDLERS.formatted("TenantContext.enter(tenant);")).expectMarkedFindings();
        assertThat(findings.get(0).trace()).extracting(t -> t.message()).containsExactly(
                "runs on a pooled thread: handed to `pool.execute(...)` in `Dispatcher.dispatch`",
                "the task calls `Dispatcher.route()`", "which calls `TenantHandler.handle()`",
                "which calls `TenantContext.enter()`");
    }

    @Test
    void aValueClearedInAFinallyOnTheWayIsFine() {
        RuleTester.forRule(ThreadLocalNotRemoved.class, dir).source(CONTEXT.replace(
                "// BUG: thread-local-not-removed contains \"ThreadLocal `TENANT` is set in `TenantContext.enter`, which runs on a pooled thread\"",
                "// Fine: runAs removes it in a finally").replace("""
                    public static void leave() {""", """
                    public static void runAs(String tenant, Runnable body) {
                        try {
                            enter(tenant);
                            body.run();
                        } finally {
                            TENANT.remove();
                        }
                    }

                    public static void leave() {""")).source("""
                package t;

                import java.util.concurrent.ExecutorService;

                class Jobs {
                    void start(ExecutorService pool, String tenant) {
                        pool.execute(() -> TenantContext.runAs(tenant, this::work));
                    }

                    private void work() {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aPerThreadCacheFilledOnFirstUseIsFine() {
        RuleTester.forRule(ThreadLocalNotRemoved.class, dir).source("""
                package t;

                import java.util.concurrent.ExecutorService;

                final class Buffers {
                    private static final ThreadLocal<StringBuilder> CACHE = new ThreadLocal<>();
                    private static final ThreadLocal<String> OWNER = new ThreadLocal<>();

                    static StringBuilder buffer() {
                        StringBuilder b = CACHE.get();
                        if (b == null) {
                            b = new StringBuilder();
                            CACHE.set(b);
                        }
                        return b;
                    }

                    static void claim(String owner) {
                        if (owner != null) {
                            // BUG: thread-local-not-removed contains "ThreadLocal `OWNER` is set in `Buffers.claim`"
                            OWNER.set(owner);
                        }
                    }
                }

                class Renderer {
                    void start(ExecutorService pool, String owner) {
                        pool.execute(() -> render(owner));
                    }

                    private void render(String owner) {
                        Buffers.claim(owner);
                        Buffers.buffer().append(owner);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void theCleanupAndTheSaveHalfOfASaveRestorePairAreFine() {
        RuleTester.forRule(ThreadLocalNotRemoved.class, dir).source("""
                package t;

                import java.util.concurrent.ExecutorService;

                final class Scope {
                    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();
                    private static final ThreadLocal<Object> OTHER = new ThreadLocal<>();

                    static Object enter(Object session) {
                        Object previous = CURRENT.get();
                        CURRENT.set(session);
                        return previous;
                    }

                    static void restore(Object previous) {
                        if (previous == null) {
                            CURRENT.remove();
                        } else {
                            CURRENT.set(previous);
                        }
                    }

                    static Object enterAndForget(Object session) {
                        Object previous = OTHER.get();
                        // BUG: thread-local-not-removed contains "`Scope.enterAndForget`"
                        OTHER.set(session);
                        return session;
                    }
                }

                class Work {
                    void start(ExecutorService pool, Object session) {
                        pool.execute(() -> {
                            Object old = Scope.enter(session);
                            try {
                                Scope.enterAndForget(session);
                            } finally {
                                Scope.restore(old);
                            }
                        });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aLeftoverBoxedNumberIsLowConfidence() {
        List<Finding> findings = RuleTester.forRule(ThreadLocalNotRemoved.class, dir).source("""
                package t;

                import java.util.concurrent.ExecutorService;

                final class Timing {
                    private final ThreadLocal<Long> start = new ThreadLocal<>();
                    private final ThreadLocal<java.util.List<String>> seen = new ThreadLocal<>();

                    void begin(ExecutorService pool) {
                        pool.execute(() -> {
                            // BUG: thread-local-not-removed contains "`start`"
                            start.set(System.nanoTime());
                            // BUG: thread-local-not-removed contains "`seen`"
                            seen.set(new java.util.ArrayList<>());
                        });
                    }
                }
                """).expectMarkedFindings();
        assertThat(findings).extracting(f -> f.message().contains("`start`") + " " + f.confidence())
                .containsExactlyInAnyOrder("true LOW", "false HIGH");
    }

    @Test
    void aRestoreCalledInAFinallyThroughAnInterfaceIsTheCleanup() {
        RuleTester.forRule(ThreadLocalNotRemoved.class, dir).source("""
                package i;

                import java.util.concurrent.ExecutorService;

                interface Session {
                    Object enter();

                    void restore(Object previous);

                    void mark();
                }

                final class LocalSession implements Session {
                    private static final ThreadLocal<Object> CURRENT = new ThreadLocal<>();

                    public Object enter() {
                        Object previous = CURRENT.get();
                        CURRENT.set(this);
                        return previous;
                    }

                    public void restore(Object previous) {
                        if (previous == null) {
                            CURRENT.remove();
                        } else {
                            CURRENT.set(previous);
                        }
                    }

                    public void mark() {
                        // BUG: thread-local-not-removed contains "`LocalSession.mark`"
                        CURRENT.set(this);
                    }
                }

                class Command {
                    void run(ExecutorService pool, Session session) {
                        pool.execute(() -> {
                            Object old = session.enter();
                            try {
                                System.out.println(old);
                            } finally {
                                session.restore(old);
                            }
                        });
                    }

                    void mark(ExecutorService pool, Session session) {
                        pool.execute(() -> session.mark());
                    }

                    static Session open() {
                        return new LocalSession();
                    }
                }
                """).expectMarkedFindings();
    }
}
