package dev.threadguard.runtime;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckedExecutorServiceTest {

    private final List<UnobservedFailure> reports = new CopyOnWriteArrayList<>();

    private CheckedExecutorService pool() {
        return CheckedExecutors.wrap(Executors.newFixedThreadPool(2, task -> new Thread(task, "worker")), reports::add);
    }

    private static Callable<String> failing(String message) {
        return () -> {
            throw new IllegalStateException(message);
        };
    }

    @Test
    void aDroppedFailedFutureIsReportedWhenTheExecutorCloses() {
        CheckedExecutorService pool = pool();
        pool.submit(failing("disk full"));
        pool.close();

        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report.failure()).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
            assertThat(report.reason()).isEqualTo(UnobservedFailure.Reason.EXECUTOR_CLOSED);
            assertThat(report.thread()).isEqualTo("worker");
            assertThat(report.task()).contains("CheckedExecutorServiceTest");
            StackTraceElement site = report.submittedAt().getStackTrace()[0];
            assertThat(site.getClassName()).isEqualTo(CheckedExecutorServiceTest.class.getName());
            assertThat(site.getMethodName()).isEqualTo("aDroppedFailedFutureIsReportedWhenTheExecutorCloses");
            assertThat(report.describe()).contains("disk full", "nobody observed", "the executor was closed",
                    "at " + CheckedExecutorServiceTest.class.getName() + ".aDroppedFailedFutureIsReportedWhenTheExecutorCloses");
        });
        assertThat(pool.isTerminated()).isTrue();
    }

    @Test
    void aFailureSeenThroughGetIsNotReported() throws Exception {
        try (CheckedExecutorService pool = pool()) {
            Future<String> future = pool.submit(failing("seen"));
            assertThatThrownBy(future::get).isInstanceOf(ExecutionException.class).hasRootCauseMessage("seen");
            Future<String> timed = pool.submit(failing("seen with a timeout"));
            assertThatThrownBy(() -> timed.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        }
        assertThat(reports).isEmpty();
    }

    @Test
    void resultNowAndExceptionNowObserve() throws Exception {
        try (CheckedExecutorService pool = pool()) {
            CheckedFuture<String> failed = (CheckedFuture<String>) pool.submit(failing("now"));
            CheckedFuture<String> failedToo = (CheckedFuture<String>) pool.submit(failing("now too"));
            awaitDoneWithoutLooking(failed);
            awaitDoneWithoutLooking(failedToo);
            assertThat(failed.exceptionNow()).hasMessage("now");
            assertThatThrownBy(failedToo::resultNow).isInstanceOf(IllegalStateException.class).hasRootCauseMessage("now too");
        }
        assertThat(reports).isEmpty();
    }

    @Test
    void isDoneAndCancelOfADoneFutureDoNotObserve() throws Exception {
        CheckedExecutorService pool = pool();
        Future<String> future = pool.submit(failing("looked at the wrong way"));
        while (!future.isDone()) {
            Thread.onSpinWait();
        }
        assertThat(future.cancel(true)).isFalse();
        assertThat(future.isCancelled()).isFalse();
        pool.close();
        assertThat(reports).singleElement().extracting(r -> r.failure().getMessage()).isEqualTo("looked at the wrong way");
    }

    @Test
    void successesAndCancelledTasksAreNotReported() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CheckedExecutorService pool = CheckedExecutors.wrap(Executors.newSingleThreadExecutor(), reports::add);
        pool.submit(() -> "fine");
        pool.submit(() -> release.await(10, TimeUnit.SECONDS));
        Future<?> queued = pool.submit(() -> {
            throw new IllegalStateException("never runs");
        });
        assertThat(queued.cancel(false)).isTrue();
        release.countDown();
        pool.close();
        assertThat(reports).isEmpty();
        assertThat(pool.pendingUnobservedFailures()).isZero();
    }

    @Test
    void aTaskCancelledWithInterruptThatThenThrowsIsNotAFailure() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CheckedExecutorService pool = pool();
        Future<?> future = pool.submit(() -> {
            started.countDown();
            new CountDownLatch(1).await();   // throws InterruptedException when cancelled
            return null;
        });
        started.await();
        assertThat(future.cancel(true)).isTrue();
        pool.close();
        assertThat(reports).isEmpty();
    }

    @Test
    void aFailedFutureCollectedUnreadIsReportedWithoutClosing() throws Exception {
        try (CheckedExecutorService pool = pool()) {
            WeakReference<Future<?>> dropped = submitAndDrop(pool, failing("collected"));
            awaitCollected(dropped);
            awaitReports(1);
            assertThat(reports).singleElement().satisfies(report -> {
                assertThat(report.reason()).isEqualTo(UnobservedFailure.Reason.FUTURE_UNREACHABLE);
                assertThat(report.failure()).hasMessage("collected");
            });
        }
        assertThat(reports).hasSize(1); // closing does not report it a second time
    }

    @Test
    void theExecutorKeepsNoFutureAlive() throws Exception {
        try (CheckedExecutorService pool = pool()) {
            WeakReference<Future<?>> succeeded = submitAndDrop(pool, () -> "fine");
            WeakReference<Future<?>> failed = submitAndDrop(pool, failing("dropped"));
            awaitCollected(succeeded);
            awaitCollected(failed);
        }
    }

    @Test
    void invokeAllWaitingIsNotObservingButReadingIs() throws Exception {
        CheckedExecutorService pool = pool();
        List<Future<String>> futures = pool.invokeAll(List.of(failing("first"), failing("second"), () -> "third"));
        assertThat(futures).allMatch(Future::isDone);
        assertThatThrownBy(() -> futures.get(0).get()).isInstanceOf(ExecutionException.class);
        pool.close();
        assertThat(reports).singleElement().extracting(r -> r.failure().getMessage()).isEqualTo("second");
    }

    @Test
    void invokeAllWithATimeoutCancelsWhatIsLeft() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        CheckedExecutorService pool = pool();
        List<Future<Object>> futures = pool.invokeAll(List.of(() -> never.await(10, TimeUnit.SECONDS)),
                50, TimeUnit.MILLISECONDS);
        assertThat(futures.get(0).isCancelled()).isTrue();
        pool.close();
        assertThat(reports).isEmpty();
    }

    @Test
    void invokeAnyGivesTheFailureToItsCaller() throws Exception {
        CheckedExecutorService pool = pool();
        assertThatThrownBy(() -> pool.invokeAny(List.of(failing("only one")))).isInstanceOf(ExecutionException.class);
        assertThat(pool.invokeAny(List.of(failing("lost race"), () -> "won"))).isEqualTo("won");
        pool.close();
        assertThat(reports).isEmpty();
    }

    @Test
    void closeWaitsForRunningTasks() {
        AtomicBoolean finished = new AtomicBoolean();
        CheckedExecutorService pool = pool();
        pool.submit(() -> {
            Thread.sleep(100);
            finished.set(true);
            return null;
        });
        pool.close();
        assertThat(finished).isTrue();
        assertThat(pool.isShutdown()).isTrue();
    }

    @Test
    void aHandlerThatThrowsDoesNotBreakClose() {
        List<String> seen = new CopyOnWriteArrayList<>();
        CheckedExecutorService pool = CheckedExecutors.wrap(Executors.newSingleThreadExecutor(), report -> {
            seen.add(report.failure().getMessage());
            throw new IllegalStateException("handler bug");
        });
        pool.submit(failing("one"));
        pool.submit(failing("two"));
        pool.close();
        assertThat(seen).containsExactlyInAnyOrder("one", "two");
    }

    @Test
    void theDefaultHandlerLogsAtErrorWithTheTaskStackAndTheSubmissionSite() {
        List<LogRecord> records = OrderedLocksTest.captureLog(CheckedExecutorService.class.getName(), () -> {
            CheckedExecutorService pool = CheckedExecutors.wrap(Executors.newSingleThreadExecutor());
            pool.submit(failing("logged"));
            pool.close();
        });
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
            assertThat(record.getThrown()).hasMessage("logged");
            assertThat(record.getMessage()).contains("submitted",
                    CheckedExecutorServiceTest.class.getName() + ".theDefaultHandlerLogsAtErrorWithTheTaskStackAndTheSubmissionSite");
        });
    }

    @Test
    void badArgumentsAreRefusedAtOnce() {
        assertThatThrownBy(() -> CheckedExecutors.wrap(null)).isInstanceOf(NullPointerException.class).hasMessage("executor");
        assertThatThrownBy(() -> CheckedExecutors.wrap(Executors.newSingleThreadExecutor(), null))
                .isInstanceOf(NullPointerException.class).hasMessage("handler");
    }

    /** Submits in its own frame, so that no local of the caller keeps the future; waits for it to finish. */
    private static WeakReference<Future<?>> submitAndDrop(CheckedExecutorService pool, Callable<?> task) throws Exception {
        Future<?> future = pool.submit(task);
        awaitDoneWithoutLooking(future);
        return new WeakReference<>(future);
    }

    private static void awaitDoneWithoutLooking(Future<?> future) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!future.isDone() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(future.isDone()).isTrue();
    }

    static void awaitCollected(WeakReference<?> reference) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reference.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(reference.get()).as("collected").isNull();
    }

    private void awaitReports(int count) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (reports.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(reports.size() + " reports of " + count);
            }
            System.gc();
            Thread.sleep(10);
        }
    }
}
