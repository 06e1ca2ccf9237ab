package dev.threadguard.model;

import dev.threadguard.rules.RuleTester;
import dev.threadguard.rules.lockorder.LockOrderInversion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** A function object built while a lock is held, but kept to run later, does not run under that lock. */
class RunLaterTest {

    @TempDir
    Path dir;

    /** {@code %s} is the code that makes the task under {@code queue}'s lock. */
    private static final String BROKER = """
            package broker;

            import java.util.ArrayList;
            import java.util.HashMap;
            import java.util.List;
            import java.util.Map;

            public class Broker {
                private final Object queue = new Object();
                private final Object store = new Object();
                private final Map<String, Runnable> waiting = new HashMap<>();
                private final List<Runnable> later = new ArrayList<>();
                private final List<String> ids = new ArrayList<>();
                private Runnable retry;
                private int sent;

                public void send(String id, boolean urgent) {
                    synchronized (queue) {
                        %s
                    }
                }

                public void flush() {
                    synchronized (store) {
                        synchronized (queue) {
                            sent = 0;
                        }
                    }
                }

                private void persist() {
                    synchronized (store) {
                        sent++;
                    }
                }
            }
            """;

    private void noCycle(String code) {
        RuleTester.forRule(LockOrderInversion.class, dir).source(BROKER.formatted(code)).expectMarkedFindings();
    }

    @Test
    void anAnonymousTaskPutInAMapRunsLater() {
        noCycle("""
                waiting.put(id, new Runnable() {
                                @Override
                                public void run() {
                                    persist();
                                }
                            });""");
    }

    @Test
    void aLambdaAddedToAListRunsLater() {
        noCycle("later.add(() -> persist());");
    }

    @Test
    void aLambdaChosenByAConditionAndKeptRunsLater() {
        noCycle("retry = urgent ? () -> persist() : (Runnable) () -> {};");
    }

    @Test
    void aLambdaHandedToAConstructorRunsLater() {
        noCycle("later.add(new java.util.concurrent.FutureTask<Void>(() -> persist(), null));");
    }

    @Test
    void aLambdaRunOnTheSpotRunsUnderTheLock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(BROKER.formatted("""
                // BUG: lock-order-inversion contains "take `Broker.queue` and `Broker.store` in opposite orders"
                ids.forEach(x -> persist());""")).expectMarkedFindings();
    }

    @Test
    void anAnonymousClassCalledOnTheSpotRunsUnderTheLock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source(BROKER.formatted("""
                new Object() {
                                void now() {
                                    // BUG: lock-order-inversion contains "take `Broker.queue` and `Broker.store` in opposite orders"
                                    persist();
                                }
                            }.now();""")).expectMarkedFindings();
    }
}
