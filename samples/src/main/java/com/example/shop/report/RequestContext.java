package com.example.shop.report;

/**
 * The user a report is generated for, so that deep report code can check permissions and stamp the export
 * without passing the user through every call.
 */
public final class RequestContext {

    private static final ThreadLocal<String> CURRENT_USER = new ThreadLocal<>();

    private RequestContext() {
    }

    public static String user() {
        String user = CURRENT_USER.get();
        if (user == null) {
            throw new IllegalStateException("no user for this report");
        }
        return user;
    }

    public static void setUser(String user) {
        // Bug: UserReports.exportFor calls this on a pool thread and never clears it: the user stays set there.
        CURRENT_USER.set(user);
    }

    public static void clear() {
        CURRENT_USER.remove();
    }
}
