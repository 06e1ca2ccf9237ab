package com.example.shop.report;

import com.example.shop.order.Order;
import com.example.shop.report.SalesStore.RegionTotals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/** Builds the daily sales report from per-region totals computed in parallel, and exports it for finance. */
public final class SalesReportGenerator {

    private final ExecutorService executor;
    private final SalesStore sales;
    private final Map<LocalDate, List<RegionTotals>> cache = new ConcurrentHashMap<>();
    private volatile Future<?> lastExport;

    public SalesReportGenerator(ExecutorService executor, SalesStore sales) {
        this.executor = executor;
        this.sales = sales;
    }

    /** Computes each region's totals on the pool and collects them as they arrive. */
    public List<RegionTotals> generate(LocalDate day, List<String> regions) throws InterruptedException {
        List<RegionTotals> cached = cache.get(day);
        if (cached != null) {
            return cached;
        }
        CompletionService<RegionTotals> completion = new ExecutorCompletionService<>(executor);
        for (String region : regions) {
            // Fine: the CompletionService keeps these futures, and take() below reads every one of them.
            completion.submit(() -> sales.totalsFor(region, day));
        }
        List<RegionTotals> totals = new ArrayList<>();
        for (int i = 0; i < regions.size(); i++) {
            try {
                // Bug: the first region whose query fails ends the loop. The other regions' totals stay in the
                // completion service, unread, and their queries go on loading the database for a report
                // that has already failed.
                totals.add(completion.take().get());
            } catch (ExecutionException e) {
                throw new IllegalStateException("sales of " + day + " are incomplete", e.getCause());
            }
        }
        return totals;
    }

    /** The same report, failing as soon as one region fails, without leaving the others running. */
    public List<RegionTotals> generateOrStop(LocalDate day, List<String> regions) throws InterruptedException {
        CompletionService<RegionTotals> completion = new ExecutorCompletionService<>(executor);
        List<Future<RegionTotals>> queries = new ArrayList<>();
        for (String region : regions) {
            queries.add(completion.submit(() -> sales.totalsFor(region, day)));
        }
        List<RegionTotals> totals = new ArrayList<>();
        try {
            for (int i = 0; i < regions.size(); i++) {
                // Fine: a failure still ends the loop, and the finally below cancels the queries still running.
                totals.add(completion.take().get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("sales of " + day + " are incomplete", e.getCause());
        } finally {
            queries.forEach(q -> q.cancel(true));
        }
        return totals;
    }

    /** One region's sales for each day of a week, the seven queries run in parallel. */
    public List<RegionTotals> regionWeek(String region, LocalDate monday) throws InterruptedException {
        // Fine: the futures are collected into a list, and every one of them is read below.
        List<Future<RegionTotals>> days = IntStream.range(0, 7)
                .mapToObj(i -> executor.submit(() -> sales.totalsFor(region, monday.plusDays(i))))
                .toList();
        List<RegionTotals> week = new ArrayList<>();
        try {
            for (Future<RegionTotals> day : days) {
                week.add(day.get());
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("sales of " + region + " in the week of " + monday + " are incomplete",
                    e.getCause());
        } finally {
            days.forEach(d -> d.cancel(true)); // the days still running when one failed
        }
        return week;
    }

    /** Starts writing a day's report as CSV for the finance team. */
    public void exportCsv(LocalDate day, List<String> regions, Path target) {
        // Bug: the Future is kept in a field that is only ever compared with null and asked isDone() (see
        // isExportRunning). When the export fails (disk full, a region's query times out), the spinner
        // stops, finance gets no file, and the exception is never read.
        lastExport = executor.submit(() -> writeCsv(generate(day, regions), target));
    }

    /** Whether an export is still being written; the finance page shows a spinner meanwhile. */
    public boolean isExportRunning() {
        return lastExport != null && !lastExport.isDone();
    }

    /** Fills the cache with yesterday's figures, so that the first dashboard load after midnight is fast. */
    @SuppressWarnings("threadguard:future-result-ignored")
    public void prefetchYesterday(List<String> regions) {
        LocalDate yesterday = LocalDate.now().minusDays(1);
        // Dropped on purpose, and the method says so: if prefetching fails, the dashboard computes the
        // figures itself on first load. A failure here costs a slow page, not a wrong one.
        executor.submit(() -> cache.put(yesterday, generate(yesterday, regions)));
    }

    /** The revenue of a year's order lines, added up with fork/join. */
    public static long yearlyRevenueCents(List<Order.Line> lines) {
        return ForkJoinPool.commonPool().invoke(new RevenueTask(lines, 0, lines.size()));
    }

    private static Path writeCsv(List<RegionTotals> totals, Path target) throws IOException {
        List<String> rows = new ArrayList<>();
        rows.add("region,revenue_cents,orders");
        for (RegionTotals t : totals) {
            rows.add(t.region() + "," + t.revenueCents() + "," + t.orders());
        }
        return Files.write(target, rows);
    }
}
