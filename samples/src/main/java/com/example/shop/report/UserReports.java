package com.example.shop.report;

import java.time.LocalDate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/** Sales exports that users ask for on the back-office page; each runs on the shop's worker pool. */
public final class UserReports {

    private final ExecutorService workers;
    private final SalesStore store;

    public UserReports(ExecutorService workers, SalesStore store) {
        this.workers = workers;
        this.store = store;
    }

    public Future<String> exportFor(String user, String region, LocalDate day) {
        return workers.submit(() -> {
            // The user stays set on this pool thread after the export: the next task on the thread, for
            // another user, runs with this user's identity if it forgets to set its own.
            RequestContext.setUser(user);
            return render(store.totalsFor(region, day));
        });
    }

    /** The corrected form: the context is cleared in a finally, whatever the export does. */
    public Future<String> exportForCleanly(String user, String region, LocalDate day) {
        return workers.submit(() -> {
            try {
                // Fine: the finally below clears the user before the thread runs anything else.
                RequestContext.setUser(user);
                return render(store.totalsFor(region, day));
            } finally {
                RequestContext.clear();
            }
        });
    }

    private static String render(SalesStore.RegionTotals totals) {
        return RequestContext.user() + ";" + totals.region() + ";" + totals.revenueCents() + ";" + totals.orders();
    }
}
