package com.example.shop.fulfilment;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The board warehouse staff pick from: orders waiting to be picked, and pickers waiting for orders.
 * Each queue has its own lock so that adding orders does not wait for pickers.
 */
public final class PickingBoard {

    private final Object ordersLock = new Object();
    private final Object pickersLock = new Object();
    private final Deque<String> orders = new ArrayDeque<>();
    private final Deque<String> pickers = new ArrayDeque<>();

    /** A new order: assign it to a waiting picker if there is one. */
    public void post(String order) {
        synchronized (ordersLock) {
            // Bug: takes the pickers' lock inside the orders' lock, while checkIn() takes them the other
            // way round; a picker checking in as an order is posted freezes the board.
            synchronized (pickersLock) {
                if (pickers.isEmpty()) {
                    orders.add(order);
                } else {
                    pickers.poll();
                }
            }
        }
    }

    /** A picker ready for work: give them a waiting order if there is one. */
    public void checkIn(String picker) {
        synchronized (pickersLock) {
            synchronized (ordersLock) {
                if (orders.isEmpty()) {
                    pickers.add(picker);
                } else {
                    orders.poll();
                }
            }
        }
    }

    /** How many orders wait, read with the locks in the board's one order: orders, then pickers. */
    public int backlog() {
        // Fine: same order as post(); it cannot close a cycle with it.
        synchronized (ordersLock) {
            synchronized (pickersLock) {
                return orders.size() - pickers.size();
            }
        }
    }
}
