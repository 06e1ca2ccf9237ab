package dev.threadguard.runtime;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A future that tells its {@link CheckedExecutorService.Outcome} whether it failed and whether anyone looked. */
final class CheckedFuture<V> extends FutureTask<V> {

    private final CheckedExecutorService.Outcome outcome;

    CheckedFuture(Callable<V> callable, CheckedExecutorService.Outcome outcome) {
        super(callable);
        this.outcome = outcome;
        outcome.track(this);
    }

    CheckedFuture(Runnable runnable, V value, CheckedExecutorService.Outcome outcome) {
        super(runnable, value);
        this.outcome = outcome;
        outcome.track(this);
    }

    @Override
    protected void setException(Throwable failure) {
        outcome.failing(failure);
        super.setException(failure);
    }

    @Override
    protected void done() {
        // A cancel that won the race against setException leaves a recorded failure behind: not a failure.
        outcome.completed(!isCancelled() && failed());
    }

    private boolean failed() {
        try {
            super.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        } catch (CancellationException e) {
            return false;
        }
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        try {
            V value = super.get();
            outcome.observe();
            return value;
        } catch (ExecutionException | CancellationException e) {
            outcome.observe();
            throw e;
        }
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            V value = super.get(timeout, unit);
            outcome.observe();
            return value;
        } catch (ExecutionException | CancellationException e) {
            outcome.observe();
            throw e;
        }
    }

    /** Java 19's {@code Future.resultNow()}, which this overrides there; counts as observing. */
    public V resultNow() {
        if (!isDone()) {
            throw new IllegalStateException("Task has not completed");
        }
        try {
            return get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Task completed with exception", e.getCause());
        } catch (CancellationException e) {
            throw new IllegalStateException("Task was cancelled", e);
        } catch (InterruptedException e) {
            // Unreachable: get() of a completed FutureTask does not wait.
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Java 19's {@code Future.exceptionNow()}, which this overrides there; counts as observing. */
    public Throwable exceptionNow() {
        if (!isDone()) {
            throw new IllegalStateException("Task has not completed");
        }
        try {
            get();
            throw new IllegalStateException("Task completed with a result");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            throw new IllegalStateException("Task was cancelled", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Waits without observing: for {@code invokeAll}, whose caller has not looked at anything yet. */
    void awaitDone() throws InterruptedException {
        try {
            super.get();
        } catch (ExecutionException | CancellationException ignored) {
            // The caller of invokeAll has not seen it: it stays unobserved.
        }
    }

    /** As {@link #awaitDone()}, for at most {@code nanos}; false on time-out. */
    boolean awaitDone(long nanos) throws InterruptedException {
        try {
            super.get(Math.max(0, nanos), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | CancellationException ignored) {
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }
}
