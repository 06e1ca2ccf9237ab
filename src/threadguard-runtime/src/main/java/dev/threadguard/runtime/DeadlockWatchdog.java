package dev.threadguard.runtime;

import java.lang.management.LockInfo;
import java.lang.management.ManagementFactory;
import java.lang.management.MonitorInfo;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A daemon thread that asks the JVM for deadlocked threads ({@link ThreadMXBean#findDeadlockedThreads()},
 * which sees both {@code synchronized} monitors and {@code java.util.concurrent} locks) every
 * {@code interval}, and reports each deadlock once: its threads, the lock each waits for, the thread that
 * holds it, the locks each holds, and their stacks.
 *
 * <pre>{@code
 * DeadlockWatchdog watchdog = DeadlockWatchdog.start(Duration.ofSeconds(10));   // logs at ERROR
 * }</pre>
 *
 * <p>A deadlock is identified by its set of threads: it is reported again only if it ends (threads
 * blocked in {@code lockInterruptibly} can be interrupted out of one) and the same threads deadlock
 * again. Each poll costs what {@code findDeadlockedThreads} costs, a safepoint of well under a
 * millisecond on a few hundred threads; choose an interval of seconds. {@link #close()} stops it.
 */
public final class DeadlockWatchdog implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(DeadlockWatchdog.class.getName());

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Consumer<DeadlockReport> handler;
    private final long intervalNanos;
    private final Set<Set<Long>> reported = new HashSet<>();
    private final Thread thread;
    private volatile boolean stopped;

    private DeadlockWatchdog(Duration interval, Consumer<DeadlockReport> handler) {
        this.intervalNanos = interval.toNanos();
        this.handler = handler;
        this.thread = new Thread(this::watch, "threadguard-deadlock-watchdog");
        thread.setDaemon(true);
    }

    /** Starts a watchdog that logs each deadlock at {@code ERROR} through {@link System.Logger}. */
    public static DeadlockWatchdog start(Duration interval) {
        return start(interval, report -> LOGGER.log(System.Logger.Level.ERROR, report.describe()));
    }

    /** Starts a watchdog that hands each deadlock to {@code handler}, on the watchdog's thread. */
    public static DeadlockWatchdog start(Duration interval, Consumer<DeadlockReport> handler) {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(handler, "handler");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        DeadlockWatchdog watchdog = new DeadlockWatchdog(interval, handler);
        watchdog.thread.start();
        return watchdog;
    }

    /** Stops polling and waits for the watchdog's thread to end. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void watch() {
        while (!stopped) {
            poll();
            try {
                Thread.sleep(intervalNanos / 1_000_000, (int) (intervalNanos % 1_000_000));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One look: reports the deadlocks not reported yet, forgets those that ended. */
    void poll() {
        long[] ids = threads.findDeadlockedThreads();
        if (ids == null) {
            reported.clear();
            return;
        }
        ThreadInfo[] infos = threads.getThreadInfo(ids, threads.isObjectMonitorUsageSupported(),
                threads.isSynchronizerUsageSupported());
        Map<Long, ThreadInfo> byId = new HashMap<>();
        for (ThreadInfo info : infos) {
            if (info != null) {
                byId.put(info.getThreadId(), info);
            }
        }
        Set<Set<Long>> current = new HashSet<>();
        for (Set<Long> cycle : cycles(byId)) {
            current.add(cycle);
            if (reported.add(cycle)) {
                deliver(report(cycle, byId));
            }
        }
        reported.retainAll(current);
    }

    /** Groups the deadlocked threads by cycle, following who owns the lock each waits for. */
    private static List<Set<Long>> cycles(Map<Long, ThreadInfo> byId) {
        Map<Long, Set<Long>> cycleOf = new TreeMap<>();
        for (long start : byId.keySet()) {
            List<Long> walk = new ArrayList<>();
            Long at = start;
            while (at != null && byId.containsKey(at) && !walk.contains(at)) {
                walk.add(at);
                long owner = byId.get(at).getLockOwnerId();
                at = owner < 0 ? null : owner;
            }
            if (at != null && walk.contains(at)) {
                Set<Long> cycle = new HashSet<>(walk.subList(walk.indexOf(at), walk.size()));
                cycleOf.putIfAbsent(cycle.stream().min(Long::compare).orElseThrow(), cycle);
            }
        }
        return new ArrayList<>(cycleOf.values());
    }

    private static DeadlockReport report(Set<Long> cycle, Map<Long, ThreadInfo> byId) {
        List<DeadlockReport.DeadlockedThread> members = new ArrayList<>();
        for (long id : cycle.stream().sorted().toList()) {
            ThreadInfo info = byId.get(id);
            List<String> holding = new ArrayList<>();
            MonitorInfo[] monitors = info.getLockedMonitors();
            for (MonitorInfo monitor : monitors == null ? new MonitorInfo[0] : monitors) {
                holding.add(monitor.toString());
            }
            LockInfo[] synchronizers = info.getLockedSynchronizers();
            for (LockInfo synchronizer : synchronizers == null ? new LockInfo[0] : synchronizers) {
                holding.add(synchronizer.toString());
            }
            members.add(new DeadlockReport.DeadlockedThread(info.getThreadName(), id,
                    String.valueOf(info.getLockName()), String.valueOf(info.getLockOwnerName()), holding,
                    Arrays.asList(info.getStackTrace())));
        }
        return new DeadlockReport(members);
    }

    private void deliver(DeadlockReport report) {
        try {
            handler.accept(report);
        } catch (RuntimeException | Error ignored) {
            // A failing handler must not stop the watchdog.
        }
    }
}
