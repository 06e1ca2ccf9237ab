package com.example.shop.order;

import java.util.List;

/** A customer's order, immutable once placed. */
public record Order(String id, String customerEmail, List<Order.Line> lines) {

    /** One line of an order: a product, how many units, at what unit price. */
    public record Line(String sku, int quantity, long unitPriceCents) {
    }

    public Order {
        lines = List.copyOf(lines);
    }

    public long totalCents() {
        long total = 0;
        for (Line line : lines) {
            total += line.quantity() * line.unitPriceCents();
        }
        return total;
    }
}
