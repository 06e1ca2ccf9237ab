package com.example.shop.race;

/**
 * The shop front's configuration, built once on first use and shared by every request thread.
 */
public final class Storefront {

    private static Storefront current;
    private static Storefront fixed;

    private final String name;
    private volatile boolean open;

    private Storefront(String name) {
        this.name = name;
    }

    public static Storefront current() {
        if (current == null) {
            // Bug: two request threads can both see null and build two storefronts; and with no lock
            // between this write and another thread's read, that thread may see the reference before the
            // object's `name` is written.
            current = new Storefront("shop");
        }
        return current;
    }

    public static synchronized Storefront fixed() {
        if (fixed == null) {
            // Fine: the check and the write hold the class's monitor, and so does every read.
            fixed = new Storefront("shop");
        }
        return fixed;
    }

    public String name() {
        return name;
    }

    public void open(boolean open) {
        this.open = open;
    }
}
