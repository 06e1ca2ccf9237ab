package dev.threadguard.bench.locks;

import dev.threadguard.runtime.CheckedExecutorService;
import dev.threadguard.runtime.CheckedExecutors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the checked executor adds to {@code submit} and {@code get}: both executors run the task at once
 * on the calling thread, so that the figure is the wrapper's own cost (submission site, phantom
 * reference, bookkeeping), not a thread pool's.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class CheckedSubmitBench {

    private static final class CallerRuns extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return false;
        }
    }

    private final ExecutorService plain = new CallerRuns();
    private final CheckedExecutorService checked = CheckedExecutors.wrap(new CallerRuns(), failure -> { });

    @Benchmark
    public Integer plainSubmitGet() throws ExecutionException, InterruptedException {
        return plain.submit(() -> 1).get();
    }

    @Benchmark
    public Integer checkedSubmitGet() throws ExecutionException, InterruptedException {
        return checked.submit(() -> 1).get();
    }
}
