package com.example.shop.fulfilment;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The packing line: parcels move from intake to the scale to the label printer, each station guarded by
 * its own lock because each has its own worker thread.
 */
public final class PackingLine {

    private final ReentrantLock intake = new ReentrantLock();
    private final ReentrantLock scale = new ReentrantLock();
    private final ReentrantLock printer = new ReentrantLock();
    private final BlockingQueue<String> labels = new LinkedBlockingQueue<>();
    private int parcels;
    private int weighed;

    /** Intake worker: a parcel arrives and is put on the scale. */
    public void receive() {
        intake.lock();
        try {
            parcels++;
            weigh();
        } finally {
            intake.unlock();
        }
    }

    private void weigh() {
        scale.lock();
        try {
            weighed++;
        } finally {
            scale.unlock();
        }
    }

    /** Scale worker: a weighed parcel gets its label. */
    public void label() {
        scale.lock();
        try {
            printer.lock();
            try {
                labels.add("label");
            } finally {
                printer.unlock();
            }
        } finally {
            scale.unlock();
        }
    }

    /** Printer worker: reprints a jammed label and counts the parcel again at intake. */
    public void reprint() {
        printer.lock();
        try {
            // Bug: the printer takes the intake lock while intake holds its own and waits for the scale,
            // and the scale holds its own and waits for the printer: three workers, three locks, a cycle.
            intake.lock();
            try {
                parcels--;
            } finally {
                intake.unlock();
            }
        } finally {
            printer.unlock();
        }
    }

    /** Printer worker: waits for the next label to print, holding no station lock while it waits. */
    public String nextLabel() throws InterruptedException {
        // Fine: take() blocks, and no lock is held meanwhile.
        return labels.take();
    }

    /** Printer worker, as first written: waits for a label while holding the printer. */
    public String nextLabelHoldingPrinter() throws InterruptedException {
        printer.lock();
        try {
            // Bug: take() waits for the scale worker to add a label, and label() needs the printer lock
            // this thread holds while it waits: the line stops.
            return labels.take();
        } finally {
            printer.unlock();
        }
    }
}
