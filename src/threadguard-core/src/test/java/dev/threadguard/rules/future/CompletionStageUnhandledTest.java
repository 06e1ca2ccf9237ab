package dev.threadguard.rules.future;

import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class CompletionStageUnhandledTest {

    @TempDir
    Path dir;

    private RuleTester tester() {
        return RuleTester.forRule(CompletionStageUnhandled.class, dir);
    }

    @Test
    void chainsDroppedWithoutAFailureHandler() {
        tester().source("""
                package notify;

                import java.util.concurrent.*;

                class Notifier {
                    private final Executor io = Executors.newCachedThreadPool();

                    void send(String user) {
                        // BUG: completion-stage-unhandled contains "`CompletableFuture.runAsync(...)` in `Notifier.send`"
                        CompletableFuture.runAsync(() -> deliver(user), io);
                        // BUG: completion-stage-unhandled contains "`CompletableFuture.supplyAsync(...).thenAccept(...)`"
                        CompletableFuture.supplyAsync(() -> lookup(user)).thenAccept(this::deliver);
                        CompletableFuture<String> address = CompletableFuture.supplyAsync(() -> lookup(user));
                        // BUG: completion-stage-unhandled
                        address.thenApply(String::trim).thenAccept(this::deliver);
                        // BUG: completion-stage-unhandled
                        fetch(user).thenRun(() -> System.out.println("sent"));
                        // BUG: completion-stage-unhandled contains "`fetch(...)`"
                        fetch(user);
                        address.join();
                    }

                    CompletionStage<String> fetch(String user) {
                        return CompletableFuture.completedFuture(user);
                    }

                    private String lookup(String user) {
                        return user + "@example.com";
                    }

                    private void deliver(String address) {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void handledOrObservedChainsAreFine() {
        tester().source("""
                package notify;

                import java.util.concurrent.*;

                class Handled {
                    void send(String user) throws Exception {
                        CompletableFuture.runAsync(() -> deliver(user)).exceptionally(e -> {
                            System.err.println(e);
                            return null;
                        });
                        CompletableFuture.supplyAsync(() -> user).thenAccept(this::deliver)
                                .whenComplete((v, e) -> { if (e != null) System.err.println(e); });
                        CompletableFuture.supplyAsync(() -> user).handle((v, e) -> v);
                        CompletableFuture.runAsync(() -> deliver(user)).join();
                        CompletableFuture.supplyAsync(() -> user).get();
                        CompletableFuture<String> pending = new CompletableFuture<>();
                        pending.complete("x");
                        pending.orTimeout(1, TimeUnit.SECONDS);
                        CompletableFuture.completedFuture("x");
                        CompletableFuture.runAsync(() -> {
                            try {
                                deliver(user);
                            } catch (RuntimeException e) {
                                System.err.println(e);
                            }
                        });
                    }

                    CompletableFuture<Void> returned(String user) {
                        return CompletableFuture.runAsync(() -> deliver(user));
                    }

                    private void deliver(String address) {
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void stagesReturnedFromComposingLambdasAreNotDropped() {
        tester().source("""
                package notify;

                import java.util.concurrent.*;

                class Compose {
                    CompletableFuture<String> fetch(String id) {
                        return CompletableFuture.supplyAsync(() -> id);
                    }

                    CompletableFuture<String> detail(String id) {
                        return fetch(id).thenCompose(x -> fetch(x + "-detail"))
                                .exceptionallyCompose(e -> fetch("default"));
                    }

                    void each(java.util.List<String> ids) {
                        // BUG: completion-stage-unhandled
                        ids.forEach(id -> fetch(id).thenAccept(System.out::println));
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void staticallyImportedFactoriesResolve() {
        java.util.List<dev.threadguard.rules.Finding> findings = tester().source("""
                import static java.util.concurrent.CompletableFuture.runAsync;
                import static java.util.concurrent.CompletableFuture.*;

                class Static {
                    void go() {
                        // BUG: completion-stage-unhandled
                        runAsync(() -> work());
                        // BUG: completion-stage-unhandled
                        supplyAsync(() -> 1).thenAccept(x -> work());
                    }

                    static void work() {
                    }
                }
                """).expectMarkedFindings();
        org.assertj.core.api.Assertions.assertThat(findings).extracting(dev.threadguard.rules.Finding::confidence)
                .containsOnly(dev.threadguard.rules.Confidence.HIGH);
    }
}
