package com.example.shop.notify;

/** The mail provider's client. Every call blocks on the network. */
public interface Mailer {

    /** Sends one message; throws {@link MailException} when the server refuses it. */
    void send(String to, String subject, String body);

    /** Tells the provider to stop mailing an address that bounced; throws {@link MailException} when it is down. */
    void markBounced(String address);

    /** The mail provider refused a request or could not be reached. */
    final class MailException extends RuntimeException {
        public MailException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
