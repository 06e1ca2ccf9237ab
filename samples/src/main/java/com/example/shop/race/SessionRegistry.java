package com.example.shop.race;

import java.util.HashMap;
import java.util.Map;

/**
 * The shop's logged-in sessions, by token. Logins and logouts change the map under the registry's monitor;
 * every page view looks its session up.
 */
public final class SessionRegistry {

    private final Map<String, String> users = new HashMap<>();

    public synchronized void login(String token, String user) {
        users.put(token, user);
    }

    public synchronized void logout(String token) {
        users.remove(token);
    }

    /** The user of a session, for every page view. */
    public String user(String token) {
        // Bug: a HashMap read while a login resizes it under the monitor can miss entries, return another
        // session's user, or loop forever on a corrupted bucket chain: the read must hold the monitor too.
        return users.get(token);
    }

    /** The corrected form: every call on the map holds the same monitor. */
    public static final class Fixed {
        private final Map<String, String> users = new HashMap<>();

        public synchronized void login(String token, String user) {
            users.put(token, user);
        }

        public synchronized String user(String token) {
            // Fine: the read takes the monitor the writes take.
            return users.get(token);
        }
    }
}
