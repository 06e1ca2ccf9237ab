package com.example.shop.report;

import com.example.shop.order.Order;

import java.util.List;
import java.util.concurrent.RecursiveTask;

/** Adds up the revenue of many order lines with fork/join, splitting the list in halves. */
final class RevenueTask extends RecursiveTask<Long> {

    private static final int THRESHOLD = 1_000;

    private final List<Order.Line> lines;
    private final int from;
    private final int to;

    RevenueTask(List<Order.Line> lines, int from, int to) {
        this.lines = lines;
        this.from = from;
        this.to = to;
    }

    @Override
    protected Long compute() {
        if (to - from <= THRESHOLD) {
            long sum = 0;
            for (Order.Line line : lines.subList(from, to)) {
                sum += line.quantity() * line.unitPriceCents();
            }
            return sum;
        }
        int middle = (from + to) >>> 1;
        RevenueTask left = new RevenueTask(lines, from, middle);
        // Fine: fork() returns left itself, and left.join() below reads its result and rethrows its failure.
        left.fork();
        long right = new RevenueTask(lines, middle, to).compute();
        return right + left.join();
    }
}
