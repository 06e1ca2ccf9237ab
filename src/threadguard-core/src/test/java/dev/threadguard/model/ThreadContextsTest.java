package dev.threadguard.model;

import dev.threadguard.rules.lockorder.LockOrderInversion;
import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Code confined to one thread by an annotation does not deadlock with itself. */
class ThreadContextsTest {

    @TempDir
    Path dir;

    @Test
    void twoOrdersOnTheUiThreadOnlyCannotDeadlock() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package ui;

                import androidx.annotation.MainThread;
                import androidx.annotation.UiThread;

                class Screen {
                    private final Object model = new Object();
                    private final Object view = new Object();

                    @UiThread
                    void render() {
                        synchronized (model) {
                            synchronized (view) {
                            }
                        }
                    }

                    @MainThread
                    void layout() {
                        synchronized (view) {
                            synchronized (model) {
                            }
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void aWorkerMethodOfAUiClassOrATaskItHandsOffRunsOnAnotherThread() {
        RuleTester.forRule(LockOrderInversion.class, dir).source("""
                package ui;

                import java.util.concurrent.ExecutorService;

                @com.example.ThreadConfined("UI")
                class Screen {
                    private final Object model = new Object();
                    private final Object view = new Object();
                    private final Object cache = new Object();
                    private ExecutorService background;

                    void render() {
                        synchronized (model) {
                            // BUG: lock-order-inversion contains "`Screen.render()` and `Screen.load()` take `Screen.model` and `Screen.view` in opposite orders"
                            synchronized (view) {
                            }
                        }
                    }

                    @androidx.annotation.WorkerThread
                    void load() {
                        synchronized (view) {
                            synchronized (model) {
                            }
                        }
                    }

                    void refresh() {
                        synchronized (cache) {
                            // BUG: lock-order-inversion contains "`Screen.refresh()` takes `Screen.cache` and `Screen.view` in both orders"
                            synchronized (view) {
                            }
                        }
                        background.execute(() -> {
                            synchronized (view) {
                                synchronized (cache) {
                                }
                            }
                        });
                    }
                }
                """).expectMarkedFindings();
    }
}
