package com.example.shop.cache;

import java.util.Map;

/** VAT rates per country, loaded from the tax service the first time a checkout needs them. */
public final class TaxTables {

    /** The tax service's client; {@code load} builds a new map on every call. */
    public interface TaxService {
        Map<String, Integer> load(String kind);
    }

    private final TaxService service;
    private Map<String, Integer> standardRates;
    private volatile Map<String, Integer> reducedRates;

    public TaxTables(TaxService service) {
        this.service = service;
    }

    /** Standard VAT per country, in basis points. */
    public Map<String, Integer> standardRates() {
        // Bug: the first check reads the field without the lock, and the field is not volatile. Another
        // checkout thread can see it non-null before the entries the loading thread put in the map are
        // visible to it: it reads a map that is still empty or half filled, and charges the wrong tax.
        if (standardRates == null) {
            synchronized (this) {
                if (standardRates == null) {
                    standardRates = service.load("standard");
                }
            }
        }
        return standardRates;
    }

    /** Reduced VAT per country (books, food), in basis points. */
    public Map<String, Integer> reducedRates() {
        // Fine: the field is volatile, so a thread that sees it non-null also sees the whole map written
        // before it was published; the local reads the field once on the fast path.
        Map<String, Integer> rates = reducedRates;
        if (rates == null) {
            synchronized (this) {
                rates = reducedRates;
                if (rates == null) {
                    rates = service.load("reduced");
                    reducedRates = rates;
                }
            }
        }
        return rates;
    }
}
