package io.redkit.app.payment;

import io.redkit.jobs.DistributedLocks;
import io.redkit.jobs.JobSettings;
import io.redkit.jobs.LockUnavailableException;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RMap;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The seeds' "process this payment once": a payment is a hash {@code <prefix>:payment:<id>} (TTL 7 days); {@code
 * process} runs under the distributed lock {@code payment:<id>} and charges only a payment not yet processed, so
 * concurrent requests from any node charge it exactly once. A request that finds the lock held gets 409 at once
 * (it does not wait); one that comes after the work is done gets the result with {@code alreadyProcessed=true}.
 */
@ApplicationScoped
public class PaymentService {

    private static final Duration TTL = Duration.ofDays(7);

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    DistributedLocks locks;

    @Inject
    JobSettings jobSettings;

    /** How long the simulated card charge takes; long enough to make the race visible in the demo. */
    @Inject
    @ConfigProperty(name = "redkit.app.payments.charge-time", defaultValue = "PT0.2S")
    Duration chargeTime;

    public Payment create(String id, PaymentRequest request) {
        RMap<String, String> payment = map(id);
        payment.putIfAbsent("amountCents", request.amountCents().toString());
        payment.putIfAbsent("currency", request.currency());
        payment.putIfAbsent("status", "PENDING");
        payment.expire(TTL);
        return find(id).orElseThrow();
    }

    public Optional<Payment> find(String id) {
        Map<String, String> fields = map(id).readAllMap();
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        String processedAt = fields.get("processedAt");
        return Optional.of(new Payment(
                id,
                Long.parseLong(fields.getOrDefault("amountCents", "0")),
                fields.get("currency"),
                fields.get("status"),
                fields.get("processedBy"),
                processedAt == null ? null : Long.valueOf(processedAt),
                Long.parseLong(fields.getOrDefault("charges", "0")),
                null));
    }

    /** Charges the payment once; empty if there is no such payment. */
    public Optional<Payment> process(String id) {
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        String lock = "payment:" + id;
        return Optional.of(locks.tryWithLock(lock, Duration.ofSeconds(30), () -> chargeOnce(id))
                .orElseThrow(() -> new LockUnavailableException(lock, Duration.ZERO)));
    }

    private Payment chargeOnce(String id) {
        Payment current = find(id).orElseThrow();
        if ("PROCESSED".equals(current.status())) {
            return current.withAlreadyProcessed(true);
        }
        charge(current);
        RMap<String, String> payment = map(id);
        payment.addAndGet("charges", 1);
        payment.putAll(Map.of(
                "status", "PROCESSED",
                "processedBy", jobSettings.nodeName(),
                "processedAt", Long.toString(System.currentTimeMillis())));
        return find(id).orElseThrow().withAlreadyProcessed(false);
    }

    /** Stands in for the call to a payment gateway. */
    private void charge(Payment payment) {
        try {
            Thread.sleep(chargeTime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while charging payment " + payment.id(), e);
        }
    }

    private RMap<String, String> map(String id) {
        return redisson.getMap(keys.key("payment", id), StringCodec.INSTANCE);
    }
}
