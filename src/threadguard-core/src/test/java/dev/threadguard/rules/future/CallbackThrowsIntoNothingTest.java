package dev.threadguard.rules.future;

import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class CallbackThrowsIntoNothingTest {

    @TempDir
    Path dir;

    @Test
    void callbacksWhoseExceptionNobodySees() {
        RuleTester.forRule(CallbackThrowsIntoNothing.class, dir).source("""
                package cb;

                import java.util.Map;
                import java.util.Objects;
                import java.util.concurrent.CompletableFuture;
                import java.util.concurrent.CompletionStage;

                class Orders {
                    void save(CompletableFuture<String> receipt, Map<String, String> store) {
                        // BUG: callback-throws-into-nothing contains "can throw (a `throw` at line 13)"
                        receipt.whenComplete((r, e) -> {
                            if (e != null) {
                                throw new IllegalStateException("payment failed", e);
                            }
                            store.put("last", r);
                        });
                    }

                    void handled(CompletionStage<String> stage) {
                        // BUG: callback-throws-into-nothing contains "`requireNonNull(...)`"
                        stage.thenApply(String::trim).handle((r, e) -> Objects.requireNonNull(r, "no receipt"));
                    }

                    void async(CompletableFuture<String> receipt) {
                        // BUG: callback-throws-into-nothing
                        receipt.whenCompleteAsync((r, e) -> {
                            if (r == null) {
                                throw new IllegalArgumentException("empty");
                            }
                        });
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void callbacksThatHandleOrWhoseStageIsKept() {
        RuleTester.forRule(CallbackThrowsIntoNothing.class, dir).source("""
                package cb;

                import java.util.concurrent.CompletableFuture;
                import java.util.logging.Logger;

                class Fine {
                    private static final Logger log = Logger.getLogger("orders");

                    void logs(CompletableFuture<String> receipt) {
                        receipt.whenComplete((r, e) -> {
                            if (e != null) {
                                log.warning("payment failed: " + e);
                            }
                        });
                    }

                    CompletableFuture<String> kept(CompletableFuture<String> receipt) {
                        return receipt.whenComplete((r, e) -> {
                            if (e != null) {
                                throw new IllegalStateException(e);
                            }
                        });
                    }

                    void chained(CompletableFuture<String> receipt) {
                        receipt.whenComplete((r, e) -> {
                            if (e != null) {
                                throw new IllegalStateException(e);
                            }
                        }).exceptionally(t -> {
                            log.severe("payment: " + t);
                            return null;
                        });
                    }

                    void caughtInside(CompletableFuture<String> receipt) {
                        receipt.whenComplete((r, e) -> {
                            try {
                                if (e != null) {
                                    throw new IllegalStateException(e);
                                }
                            } catch (IllegalStateException x) {
                                log.warning(x.toString());
                            }
                        });
                    }

                    void joined(CompletableFuture<String> receipt) {
                        CompletableFuture<String> f = receipt.handle((r, e) -> {
                            if (e != null) {
                                throw new IllegalStateException(e);
                            }
                            return r;
                        });
                        f.join();
                    }

                    void notAStage(Runner runner) {
                        runner.handle((a, b) -> {
                            throw new IllegalStateException();
                        });
                    }

                    interface Runner {
                        void handle(java.util.function.BiConsumer<String, String> c);
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aCallOfTheClassesOwnMethodOfAPreconditionsNameThrowsNothing() {
        RuleTester.forRule(CallbackThrowsIntoNothing.class, dir).source("""
                package cb2;

                import static com.google.common.base.Preconditions.checkState;

                import java.util.concurrent.CompletableFuture;

                class Monitor {
                    void watch(CompletableFuture<String> probe) {
                        probe.whenComplete((r, e) -> checkState(r));
                    }

                    private void checkState(String r) {
                        System.out.println(r);
                    }
                }
                """).source("""
                package cb2;

                import static com.google.common.base.Preconditions.checkState;

                import java.util.concurrent.CompletableFuture;

                class Guard {
                    void watch(CompletableFuture<String> probe) {
                        // BUG: callback-throws-into-nothing contains "`checkState(...)`"
                        probe.whenComplete((r, e) -> checkState(e == null, "probe failed"));
                    }
                }
                """).expectMarkedFindings();
    }
}
