package com.example.shop.fulfilment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The loading dock: an arriving truck waits for a free door, a departing one frees its door. Every arrival
 * and departure goes into the day's dock log, which the shift report reads under the same lock.
 */
public final class LoadingDock {

    private final Object logLock = new Object();
    private final List<String> dockLog = new ArrayList<>();
    private final ArrayDeque<String> freeDoors = new ArrayDeque<>();

    public LoadingDock(List<String> doors) {
        freeDoors.addAll(doors);
    }

    /** A truck arrives and gets the next free door, waiting for one if none is free. */
    public String arrive(String truck) throws InterruptedException {
        synchronized (logLock) {
            dockLog.add(truck + " arrived");
            synchronized (this) {
                while (freeDoors.isEmpty()) {
                    // Bug: wait() gives up the dock's monitor but keeps logLock; the departing truck logs
                    // its departure before it frees a door, so it blocks on logLock and no door ever frees.
                    wait();
                }
                String door = freeDoors.poll();
                dockLog.add(truck + " at " + door);
                return door;
            }
        }
    }

    /** The same arrival, fixed: the log entry is written first, and the wait holds only the dock's monitor. */
    public String arriveAndWaitAlone(String truck) throws InterruptedException {
        synchronized (logLock) {
            dockLog.add(truck + " arrived");
        }
        String door;
        synchronized (this) {
            while (freeDoors.isEmpty()) {
                // Fine: no other lock is held while waiting, so depart() can log and free a door.
                wait();
            }
            door = freeDoors.poll();
        }
        synchronized (logLock) {
            dockLog.add(truck + " at " + door);
        }
        return door;
    }

    /** A truck leaves: the departure is logged, then its door is freed for the next truck. */
    public void depart(String truck, String door) {
        synchronized (logLock) {
            dockLog.add(truck + " left " + door);
            synchronized (this) {
                freeDoors.add(door);
                notifyAll();
            }
        }
    }

    /** The shift report's copy of the log. */
    public List<String> shiftLog() {
        synchronized (logLock) {
            return List.copyOf(dockLog);
        }
    }
}
