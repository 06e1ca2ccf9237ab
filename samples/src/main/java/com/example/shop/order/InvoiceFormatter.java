package com.example.shop.order;

import java.text.SimpleDateFormat;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Date;

/** Writes invoice numbers and dates; called from every request thread that completes an order. */
public final class InvoiceFormatter {

    // One formatter for the whole shop, made once because "creating it is expensive".
    private static final SimpleDateFormat INVOICE_DAY = new SimpleDateFormat("yyyyMMdd");

    // Immutable and thread-safe.
    private static final DateTimeFormatter ISSUE_DAY = DateTimeFormatter.ofPattern("dd MMM yyyy");

    private InvoiceFormatter() {
    }

    /** INV-20261205-42 */
    public static String invoiceNumber(Date placed, long sequence) {
        // Bug: SimpleDateFormat keeps the date it is formatting in a field. Two checkouts at once can
        // swap days, and an invoice of the 5th is numbered as the 6th: numbers then collide.
        return "INV-" + INVOICE_DAY.format(placed) + "-" + sequence;
    }

    /** The same number, safe from any thread. */
    public static String invoiceNumber(LocalDate placed, long sequence) {
        // Fine: DateTimeFormatter keeps no state between calls.
        return "INV-" + placed.format(DateTimeFormatter.BASIC_ISO_DATE) + "-" + sequence;
    }

    /** "Issued on 05 Dec 2026". */
    public static String issued(LocalDate day) {
        // Fine: a shared DateTimeFormatter.
        return "Issued on " + ISSUE_DAY.format(day);
    }
}
