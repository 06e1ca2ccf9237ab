package com.example.shop.report;

import java.time.LocalDate;

/** Read access to the sales database. Queries are slow: a region's day takes seconds. */
public interface SalesStore {

    /** The sales of one region on one day. */
    record RegionTotals(String region, long revenueCents, int orders) {
    }

    RegionTotals totalsFor(String region, LocalDate day);
}
