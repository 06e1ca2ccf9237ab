package dev.threadguard.bench.locks;

import com.google.common.util.concurrent.CycleDetectingLockFactory;
import dev.threadguard.runtime.LockOrderPolicy;
import dev.threadguard.runtime.OrderedLocks;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What an acquisition costs: a plain {@link ReentrantLock}, threadguard's ordered lock, and Guava's
 * cycle-detecting lock, uncontended (one thread), alone ({@code one}) and nested three deep
 * ({@code nested}: the case where each acquisition checks its order against the locks held). Figures,
 * not assertions: run it on a quiet machine.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class LockOrderBench {

    @Param({"plain", "threadguard", "guava"})
    public String kind;

    private ReentrantLock a;
    private ReentrantLock b;
    private ReentrantLock c;

    @Setup
    public void locks() {
        switch (kind) {
            case "plain" -> {
                a = new ReentrantLock();
                b = new ReentrantLock();
                c = new ReentrantLock();
            }
            case "threadguard" -> {
                OrderedLocks locks = OrderedLocks.create(LockOrderPolicy.THROW);
                a = locks.newReentrantLock("a");
                b = locks.newReentrantLock("b");
                c = locks.newReentrantLock("c");
            }
            case "guava" -> {
                CycleDetectingLockFactory locks = CycleDetectingLockFactory.newInstance(CycleDetectingLockFactory.Policies.THROW);
                a = locks.newReentrantLock("a");
                b = locks.newReentrantLock("b");
                c = locks.newReentrantLock("c");
            }
            default -> throw new IllegalArgumentException("kind: " + kind);
        }
    }

    @Benchmark
    public void one() {
        a.lock();
        a.unlock();
    }

    @Benchmark
    public void nested() {
        a.lock();
        b.lock();
        c.lock();
        c.unlock();
        b.unlock();
        a.unlock();
    }
}
