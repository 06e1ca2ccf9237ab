package com.example.shop.order;

import com.example.shop.audit.AuditLog;
import com.example.shop.inventory.StockLevels;
import com.example.shop.notify.NotificationSender;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Takes orders from the web tier and does the slow parts (payment, audit, e-mail) on the worker pool, so
 * that the HTTP thread can answer at once.
 */
public final class OrderService {

    private static final Logger log = Logger.getLogger(OrderService.class.getName());

    private final ExecutorService executor;
    private final PaymentGateway payments;
    private final AuditLog auditLog;
    private final NotificationSender notifications;
    private final StockLevels stock;
    private final Map<String, Order> orders = new ConcurrentHashMap<>();

    public OrderService(ExecutorService executor, PaymentGateway payments, AuditLog auditLog,
                        NotificationSender notifications, StockLevels stock) {
        this.executor = executor;
        this.payments = payments;
        this.auditLog = auditLog;
        this.notifications = notifications;
        this.stock = stock;
    }

    /** Accepts an order and charges it in the background. */
    public void placeOrder(Order order) {
        orders.put(order.id(), order);
        // Bug: the charge runs on a pool thread and its Future is thrown away. When the card is declined,
        // PaymentGateway.Declined is stored in that Future and nobody ever looks at it: the order stays
        // "placed", nobody is told, and it ships unpaid.
        executor.submit(() -> payments.charge(order.id(), order.totalCents()));
        // Bug: record() hands back the Future of the disk write. Dropped here, a full disk or a revoked
        // permission silently leaves a hole in the audit trail.
        auditLog.record("placed " + order.id());
    }

    /** Accepts an order and charges it before answering, so that the customer learns of a declined card. */
    public String placeOrderAndCharge(Order order) throws InterruptedException {
        orders.put(order.id(), order);
        // Fine: the Future is read with a timeout, and its failure becomes an answer for the caller.
        Future<String> charge = executor.submit(() -> payments.charge(order.id(), order.totalCents()));
        try {
            return charge.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            orders.remove(order.id());
            throw new IllegalStateException("payment failed for order " + order.id(), e.getCause());
        } catch (TimeoutException e) {
            // Fine: the boolean cancel() returns says nothing about the task's failure.
            charge.cancel(true);
            throw new IllegalStateException("payment provider did not answer for order " + order.id(), e);
        }
    }

    /** Cancels an order and pays it back. */
    public void cancelOrder(String orderId) {
        Order order = orders.remove(orderId);
        if (order == null) {
            return;
        }
        // Bug: the refund goes to the pool through this.executor and its Future is dropped. If the
        // provider refuses the refund, the customer is never paid back and nobody finds out.
        this.executor.submit(() -> payments.refund(orderId));
    }

    /** Records a shipment; the caller gets the Future of the write and decides how long to wait. */
    public Future<?> recordShipment(Order order) {
        // Fine: the Future is returned to the caller.
        return auditLog.record("shipped " + order.id());
    }

    /** Marks an order shipped and tells the customer. */
    public void ship(Order order) {
        orders.remove(order.id());
        // Bug: sendShippingEmail returns a CompletableFuture that fails when the mail server refuses the
        // message. Dropped here, the customer never gets the e-mail and the log shows nothing.
        notifications.sendShippingEmail(order);
    }

    /** Ships an order and completes when the customer has been told; the caller handles a failure. */
    public CompletableFuture<Void> shipAndNotify(Order order) {
        // Fine: the e-mail's future is composed into the one returned, not dropped.
        return CompletableFuture.runAsync(() -> orders.remove(order.id()), executor)
                .thenCompose(removed -> notifications.sendShippingEmail(order));
    }

    /** Sends the shipping e-mail again, from the support console. */
    public void resendShippingEmail(Order order) {
        // Fine: the chain ends in whenComplete, which sees the failure and logs it for support.
        notifications.sendShippingEmail(order).whenComplete((sent, failure) -> {
            if (failure != null) {
                log.log(Level.WARNING, "shipping e-mail for order " + order.id() + " failed again", failure);
            }
        });
    }

    /** Gives back the stock held by a cart the customer abandoned. */
    public void abandonCart(List<Order.Line> lines) {
        try {
            // Fine: execute() returns nothing that could be lost. A failure of the task goes to the pool
            // thread's uncaught-exception handler, which prints it.
            executor.execute(() -> lines.forEach(line -> stock.release(line.sku(), line.quantity())));
        } catch (RejectedExecutionException e) {
            // Fine: this catch is for what execute() itself throws when the pool is shutting down.
            log.info("shutting down: the stock held by an abandoned cart expires on its own");
        }
    }
}
