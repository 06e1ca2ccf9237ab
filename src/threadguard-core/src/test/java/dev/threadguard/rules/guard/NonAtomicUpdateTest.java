package dev.threadguard.rules.guard;

import dev.threadguard.rules.RuleTester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class NonAtomicUpdateTest {

    @TempDir
    Path dir;

    @Test
    void updatesOfSharedFieldsWithoutALock() {
        RuleTester.forRule(NonAtomicUpdate.class, dir).source("""
                package m;

                import java.util.List;
                import java.util.concurrent.ExecutorService;

                class Metrics {
                    private volatile long requests;
                    private int processed;
                    private int local;
                    private int guarded;

                    void request() {
                        // BUG: non-atomic-update contains "`volatile` field `requests`"
                        requests++;
                        // BUG: non-atomic-update
                        requests = requests + 1;
                        requests = 0;
                    }

                    void run(ExecutorService pool, List<String> jobs) {
                        for (String job : jobs) {
                            // BUG: non-atomic-update contains "in a task that `Metrics.run` hands to another thread"
                            pool.submit(() -> processed++);
                        }
                        // BUG: non-atomic-update contains "which tasks run on other threads also touch"
                        processed += jobs.size();
                        local++;
                    }

                    void safe(ExecutorService pool) {
                        pool.submit(() -> {
                            synchronized (this) {
                                guarded++;
                            }
                        });
                        synchronized (this) {
                            guarded += 2;
                        }
                    }
                }
                """).expectMarkedFindings();
    }

    @Test
    void assigningAParameterOfTheSameNameIsAPlainWrite() {
        RuleTester.forRule(NonAtomicUpdate.class, dir).source("""
                class Settings {
                    private volatile long timeout;

                    void setTimeout(long timeout) {
                        this.timeout = timeout;
                    }

                    void extend(long more) {
                        // BUG: non-atomic-update
                        this.timeout = timeout + more;
                    }
                }
                """).expectMarkedFindings();
    }
}
