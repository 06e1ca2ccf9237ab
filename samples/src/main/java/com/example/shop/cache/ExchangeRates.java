package com.example.shop.cache;

import java.util.HashMap;
import java.util.Map;

/**
 * Currency exchange rates, read on every checkout and replaced wholesale by a nightly reload.
 */
public final class ExchangeRates {

    private Map<String, Double> rates = new HashMap<>();

    /** Converts an amount in euros into the given currency. */
    public double convert(String currency, double euros) {
        // Bug: `rates` is replaced by reload(), so a checkout that locked the old map and a reload that
        // fills the new one hold different locks: the lock guards nothing across a reload.
        synchronized (rates) {
            return euros * rates.getOrDefault(currency, 1.0);
        }
    }

    /** Replaces every rate with a fresh download. */
    public void reload(Map<String, Double> downloaded) {
        rates = new HashMap<>();
        synchronized (rates) {
            rates.putAll(downloaded);
        }
    }

    /** The corrected form: one final lock object, whatever map it guards. */
    public static final class Fixed {
        private final Object lock = new Object();
        private Map<String, Double> rates = new HashMap<>();

        public double convert(String currency, double euros) {
            // Fine: the lock never changes, even when the map does.
            synchronized (lock) {
                return euros * rates.getOrDefault(currency, 1.0);
            }
        }

        public void reload(Map<String, Double> downloaded) {
            synchronized (lock) {
                rates = new HashMap<>(downloaded);
            }
        }
    }
}
