package io.redkit.app.payment;

/**
 * A payment as stored in Redis. {@code charges} counts how often it was charged: the lock makes it at most 1.
 * {@code alreadyProcessed} tells a caller of {@code process} that an earlier request did the work.
 */
public record Payment(
        String id,
        long amountCents,
        String currency,
        String status,
        String processedBy,
        Long processedAt,
        long charges,
        Boolean alreadyProcessed) {

    Payment withAlreadyProcessed(boolean value) {
        return new Payment(id, amountCents, currency, status, processedBy, processedAt, charges, value);
    }
}
