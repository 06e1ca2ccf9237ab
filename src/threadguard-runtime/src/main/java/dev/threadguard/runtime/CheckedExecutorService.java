package dev.threadguard.runtime;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An {@link ExecutorService} whose futures remember whether anyone observed their outcome. A task that
 * fails, and whose future nobody asks for its outcome ({@code get}, {@code get} with a timeout,
 * {@code resultNow} or {@code exceptionNow} on Java 19+), is reported to the {@link UnobservedFailureHandler}
 * once: when the future is garbage collected, or when this executor is {@linkplain #close() closed},
 * whichever comes first. {@code isDone()}, {@code isCancelled()} and {@code cancel} do not count as
 * observing: they do not tell the failure.
 *
 * <pre>{@code
 * try (CheckedExecutorService pool = CheckedExecutors.wrap(Executors.newFixedThreadPool(4))) {
 *     for (Path file : files) {
 *         pool.submit(() -> importFile(file));   // the future is dropped, but a failure is not lost
 *     }
 * }   // close() shuts down, waits for the tasks, and reports the failures nobody looked at
 * }</pre>
 *
 * <p>It keeps no reference to a future: a future that fails stays tracked only through a phantom
 * reference, and one that succeeds, is cancelled or is observed is forgotten at once. What stays in
 * memory for a failed, unobserved future until it is reported is its outcome: the failure, the
 * submission site and the task's class name.
 *
 * <p>{@code execute(Runnable)} goes straight to the wrapped executor: it has no future, and the wrapped
 * executor's threads already hand its failures to their uncaught-exception handler. {@code invokeAny}
 * also goes straight through: its caller gets a result or the failure. The futures of {@code invokeAll}
 * are checked like those of {@code submit}: waiting for them inside {@code invokeAll} is not observing.
 *
 * <p>Cost per {@code submit}: the submission site's stack, captured but not decoded until a failure is
 * reported, and one phantom reference: about 2 µs more than a plain {@code submit} and {@code get}
 * from a shallow stack (benchmark {@code CheckedSubmitBench} in {@code bench/locks}), more from a deep
 * one. Nothing more on the task's thread.
 */
public final class CheckedExecutorService extends AbstractExecutorService implements AutoCloseable {

    /** One daemon thread for the whole library, that runs when a failed future has been collected. */
    private static final Cleaner CLEANER = Cleaner.create(task -> {
        Thread thread = new Thread(task, "threadguard-unobserved-failures");
        thread.setDaemon(true);
        return thread;
    });

    private final ExecutorService delegate;
    private final UnobservedFailureHandler handler;
    /** Outcomes of failed futures not yet observed nor reported; never the futures themselves. */
    private final Set<Outcome> unobserved = ConcurrentHashMap.newKeySet();
    /** Reports being delivered right now, so that close() can wait for those the cleaner thread started. */
    private final AtomicInteger delivering = new AtomicInteger();

    CheckedExecutorService(ExecutorService delegate, UnobservedFailureHandler handler) {
        this.delegate = delegate;
        this.handler = handler;
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        return new CheckedFuture<>(callable, new Outcome(callable.getClass().getName(), this));
    }

    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        return new CheckedFuture<>(runnable, value, new Outcome(runnable.getClass().getName(), this));
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(command);
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        List<CheckedFuture<T>> futures = submitAll(tasks);
        try {
            for (CheckedFuture<T> future : futures) {
                future.awaitDone();
            }
            return List.copyOf(futures);
        } catch (InterruptedException | RuntimeException | Error e) {
            futures.forEach(future -> future.cancel(true));
            throw e;
        }
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<CheckedFuture<T>> futures = submitAll(tasks);
        try {
            for (CheckedFuture<T> future : futures) {
                if (!future.awaitDone(deadline - System.nanoTime())) {
                    futures.forEach(f -> f.cancel(true));
                    break;
                }
            }
            return List.copyOf(futures);
        } catch (InterruptedException | RuntimeException | Error e) {
            futures.forEach(future -> future.cancel(true));
            throw e;
        }
    }

    private <T> List<CheckedFuture<T>> submitAll(Collection<? extends Callable<T>> tasks) {
        List<CheckedFuture<T>> futures = new ArrayList<>(tasks.size());
        try {
            for (Callable<T> task : tasks) {
                CheckedFuture<T> future = (CheckedFuture<T>) newTaskFor(task);
                futures.add(future);
                execute(future);
            }
            return futures;
        } catch (RuntimeException | Error e) {
            futures.forEach(future -> future.cancel(true));
            throw e;
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
        return delegate.invokeAny(tasks);
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, ExecutionException, TimeoutException {
        return delegate.invokeAny(tasks, timeout, unit);
    }

    @Override
    public void shutdown() {
        delegate.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return delegate.shutdownNow();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    /**
     * Shuts down, waits until every task has finished, then reports the failures nobody observed: when
     * it returns, the handler has been told of every one, including those of futures collected just
     * before, whose reports the cleaner thread was making. If
     * interrupted while waiting, it cancels the tasks ({@code shutdownNow}), goes on waiting, and
     * restores the interrupt. As {@code ExecutorService.close()} of Java 19+, which this overrides there.
     */
    @Override
    public void close() {
        boolean terminated = isTerminated();
        if (!terminated) {
            shutdown();
            boolean interrupted = false;
            while (!terminated) {
                try {
                    terminated = awaitTermination(1L, TimeUnit.DAYS);
                } catch (InterruptedException e) {
                    if (!interrupted) {
                        shutdownNow();
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        for (Outcome outcome : List.copyOf(unobserved)) {
            outcome.report(UnobservedFailure.Reason.EXECUTOR_CLOSED);
        }
        while (delivering.get() > 0) {
            Thread.yield(); // a future collected just before close: its report is on the cleaner thread
        }
    }

    /** How many failed futures are waiting to be observed or reported: for tests and monitoring. */
    public int pendingUnobservedFailures() {
        return unobserved.size();
    }

    @Override
    public String toString() {
        return "CheckedExecutorService[" + delegate + "]";
    }

    private void deliver(UnobservedFailure failure) {
        try {
            handler.unobservedFailure(failure);
        } catch (RuntimeException | Error ignored) {
            // A handler that fails must not kill the cleaner thread or make close() throw.
        }
    }

    /**
     * What became of one task; the cleaner's action for its future, so it must never refer to the future.
     */
    static final class Outcome implements Runnable {
        private final String task;
        private final SubmissionSite submittedAt;
        private final CheckedExecutorService owner;
        private volatile Throwable failure;
        private volatile String thread;
        /** Set once the future is done with a failure: a failure recorded for a task cancelled meanwhile never is. */
        private volatile boolean failed;
        private volatile boolean observed;
        private volatile boolean settled;
        private Cleaner.Cleanable cleanable;

        Outcome(String task, CheckedExecutorService owner) {
            this.task = task;
            this.owner = owner;
            this.submittedAt = new SubmissionSite();
        }

        void track(Object future) {
            cleanable = CLEANER.register(future, this);
        }

        void failing(Throwable failure) {
            this.thread = Thread.currentThread().getName();
            this.failure = failure;
        }

        /** The future is done: keep it tracked only if it failed. */
        void completed(boolean failedForGood) {
            if (!failedForGood) {
                cleanable.clean();
                return;
            }
            failed = true;
            owner.unobserved.add(this);
            if (observed) {
                // observe() may have run before add: it could not remove what was not there yet.
                owner.unobserved.remove(this);
            }
        }

        void observe() {
            if (!observed) {
                observed = true;
                owner.unobserved.remove(this);
                cleanable.clean();
            }
        }

        /** The cleaner's action: the future was collected, or it succeeded or was observed and cleaned. */
        @Override
        public void run() {
            report(UnobservedFailure.Reason.FUTURE_UNREACHABLE);
        }

        void report(UnobservedFailure.Reason reason) {
            if (!failed || observed) {
                return;
            }
            owner.delivering.incrementAndGet(); // before claiming: a close() that fails to claim waits for it
            try {
                if (!claim()) {
                    return;
                }
                owner.unobserved.remove(this);
                owner.deliver(new UnobservedFailure(task, failure, submittedAt.trimmed(), thread, reason));
            } finally {
                owner.delivering.decrementAndGet();
            }
            if (reason == UnobservedFailure.Reason.EXECUTOR_CLOSED) {
                cleanable.clean();
            }
        }

        private synchronized boolean claim() {
            if (settled) {
                return false;
            }
            settled = true;
            return true;
        }
    }

    /**
     * The stack of a {@code submit} call. Capturing it is cheap; turning it into stack-trace elements is
     * not, so that, and dropping this library's and {@code AbstractExecutorService}'s frames, waits until a
     * failure is reported.
     */
    static final class SubmissionSite extends Throwable {
        private boolean trimmed;

        SubmissionSite() {
            super("submitted here", null, false, true);
        }

        /** This site, its first frame being the caller of {@code submit}; called once, when reporting. */
        synchronized SubmissionSite trimmed() {
            if (!trimmed) {
                StackTraceElement[] stack = getStackTrace();
                int first = 0;
                while (first < stack.length && isInternal(stack[first].getClassName())) {
                    first++;
                }
                setStackTrace(java.util.Arrays.copyOfRange(stack, first, stack.length));
                trimmed = true;
            }
            return this;
        }

        private static boolean isInternal(String className) {
            return className.equals(CheckedExecutorService.class.getName())
                    || className.startsWith(CheckedExecutorService.class.getName() + "$")
                    || className.equals(CheckedFuture.class.getName())
                    || className.equals(AbstractExecutorService.class.getName());
        }
    }
}
