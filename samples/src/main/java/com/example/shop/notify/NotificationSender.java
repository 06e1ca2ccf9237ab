package com.example.shop.notify;

import com.example.shop.order.Order;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Sends the shop's e-mails on the worker pool, so that no request waits on the mail server. */
public final class NotificationSender {

    private static final Logger log = Logger.getLogger(NotificationSender.class.getName());

    private final ExecutorService executor;
    private final Mailer mailer;
    private final String opsAddress;

    public NotificationSender(ExecutorService executor, Mailer mailer, String opsAddress) {
        this.executor = executor;
        this.mailer = mailer;
        this.opsAddress = opsAddress;
    }

    /** Sends the "your order has shipped" e-mail; the future fails if the mail server refuses it. */
    public CompletableFuture<Void> sendShippingEmail(Order order) {
        // Fine: the future is returned; the caller decides what a failure means.
        return CompletableFuture.runAsync(
                () -> mailer.send(order.customerEmail(), "Order " + order.id() + " has shipped", summary(order)),
                executor);
    }

    /** Tells everyone who asked that a product is back in stock. */
    public void notifyBackInStock(String sku, List<String> subscribers) {
        // Bug: the chain ends in thenAccept and is dropped. If rendering fails, or the server refuses one
        // message, the exception ends in a CompletableFuture nobody holds: the remaining subscribers are
        // skipped and nothing is logged.
        CompletableFuture.supplyAsync(() -> render("back-in-stock", sku), executor)
                .thenAccept(text -> subscribers.forEach(s -> mailer.send(s, sku + " is back in stock", text)));
    }

    /** Tells everyone who asked that a product got cheaper. */
    public void notifyPriceDrop(String sku, List<String> subscribers) {
        // Fine: the chain ends in exceptionally, which sees a failure of any stage before it.
        CompletableFuture.supplyAsync(() -> render("price-drop", sku), executor)
                .thenAccept(text -> subscribers.forEach(s -> mailer.send(s, "Price drop: " + sku, text)))
                .exceptionally(failure -> {
                    log.log(Level.WARNING, "price-drop e-mails for " + sku + " failed", failure);
                    return null;
                });
    }

    /** Sends the weekly newsletter and unsubscribes addresses that bounce. */
    public void sendNewsletter(List<String> customers, String issue) {
        for (String customer : customers) {
            // Bug: handle() does look at the failure, but it is not the last stage. When markBounced throws
            // (the provider is down), that exception lands in the thenAccept stage, which nobody holds, and
            // the dead address keeps being mailed every week.
            CompletableFuture.runAsync(() -> mailer.send(customer, "This week at the shop", issue), executor)
                    .handle((sent, failure) -> failure != null)
                    .thenAccept(bounced -> {
                        if (bounced) {
                            mailer.markBounced(customer);
                        }
                    });
        }
    }

    /** Sends the receipt of a paid order. */
    public void sendReceipt(Order order) {
        try {
            // Bug: the catch below is meant for a refused receipt, but the e-mail is sent later on a pool
            // thread. MailException ends in the Future that submit() returns, which is dropped; the catch
            // can never run for it, and the customer never gets a receipt.
            executor.submit(() -> mailer.send(order.customerEmail(), "Receipt for order " + order.id(), summary(order)));
        } catch (Mailer.MailException e) {
            log.log(Level.WARNING, "receipt for order " + order.id() + " not sent", e);
        }
    }

    /** Sends the receipt again and waits for the server to take it: the support console shows the outcome. */
    public void resendReceipt(Order order) throws InterruptedException {
        Future<?> sent = executor.submit(() -> mailer.send(order.customerEmail(), "Receipt for order " + order.id(), summary(order)));
        try {
            sent.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            // Fine: this catch does see the task's failure, because get() rethrows it here.
            throw new Mailer.MailException("receipt for order " + order.id() + " refused", e.getCause());
        } catch (TimeoutException e) {
            sent.cancel(true);
            throw new Mailer.MailException("mail server did not answer for order " + order.id(), e);
        }
    }

    /** Reminds a customer of the cart they left behind. */
    public void remindAbandonedCart(String email, String cartSummary) {
        try {
            log.fine("queueing cart reminder for " + email);
            // Bug: runAsync hands the mail to the pool and returns at once. A refused message completes the
            // dropped CompletableFuture exceptionally; the catch below only ever sees a rejected hand-over.
            CompletableFuture.runAsync(() -> mailer.send(email, "You left something behind", cartSummary), executor);
        } catch (Exception e) {
            log.log(Level.WARNING, "cart reminder for " + email + " not sent", e);
        }
    }

    /** Sends a password-reset link; the reset page must say whether it went out, and must not hang. */
    public void sendPasswordReset(String email, String link) {
        // Fine: join() rethrows a failure of any stage (as CompletionException) to the page that asked.
        CompletableFuture.runAsync(() -> mailer.send(email, "Reset your password", link), executor)
                .orTimeout(15, TimeUnit.SECONDS)
                .join();
    }

    /** The hourly heartbeat mail to operations. */
    public void sendHeartbeat() {
        // Dropped on purpose: operations alert on a missing heartbeat, so a failure here is already seen.
        // The team says so on the line itself.
        CompletableFuture.runAsync(() -> mailer.send(opsAddress, "shop heartbeat", "alive"), executor); // threadguard:ignore completion-stage-unhandled
    }

    /** Mails the invoice, and tells finance when the mail server refused it. */
    public void sendInvoice(Order order, String pdfLink) {
        CompletableFuture<Void> sent = CompletableFuture.runAsync(
                () -> mailer.send(order.customerEmail(), "Invoice for order " + order.id(), pdfLink), executor);
        // Bug: the callback "reports" a refused mail by throwing, but its exception only completes the stage
        // whenComplete returns, and this statement drops it: finance is never told.
        sent.whenComplete((ok, failure) -> {
            if (failure != null) {
                throw new IllegalStateException("invoice of order " + order.id() + " not sent", failure);
            }
        });
    }

    /** The same, reporting a refused mail where someone reads it. */
    public void sendInvoiceReported(Order order, String pdfLink) {
        CompletableFuture<Void> sent = CompletableFuture.runAsync(
                () -> mailer.send(order.customerEmail(), "Invoice for order " + order.id(), pdfLink), executor);
        // Fine: the callback logs the failure itself and throws nothing.
        sent.whenComplete((ok, failure) -> {
            if (failure != null) {
                log.log(Level.SEVERE, "invoice of order " + order.id() + " not sent: tell finance", failure);
            }
        });
    }

    private static String summary(Order order) {
        return "Order " + order.id() + ": " + order.lines().size() + " items, " + order.totalCents() / 100.0 + " EUR";
    }

    private static String render(String template, String sku) {
        return template + ": " + sku;
    }
}
