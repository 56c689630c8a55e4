package io.redkit.redis;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

/**
 * Adds a Redisson pub/sub listener, riding over the stale subscription connection a Redis outage leaves behind.
 *
 * <p>After Redis was unreachable for longer than the ping interval (a pause, a restart), Redisson 3.52 can hand the
 * next new subscription a connection it already closed: {@code addListener} fails at once with a {@code
 * ClosedChannelException} although Redis is back, and the next attempt, on a fresh connection, succeeds (measured with
 * the kit's Redisson settings: after 8 pauses of 7 to 17 s, 3 first attempts failed that way and every second attempt
 * succeeded; {@code SubscriptionsTest} subscribes after such pauses). So
 * a failure that {@link RedisOutages} classifies as an outage is tried again a few times, about 1.5 s in all (the
 * command timeout's order); anything else, and the last outage, is thrown to the caller.
 */
public final class Subscriptions {

    /** Pauses between attempts: four retries, 1.5 s in all. */
    private static final long[] PAUSES_MILLIS = {100, 200, 400, 800};

    private Subscriptions() {}

    /**
     * Runs {@code addListener} (e.g. {@code () -> topic.addListener(String.class, listener)}) until it returns, and
     * returns its listener id. Interrupted while waiting: the interrupt is kept and the last failure thrown.
     *
     * @param addListener adds the listener and returns its id
     * @return the listener id
     * @throws RuntimeException Redisson's exception, when it is not an outage or the last attempt failed
     */
    public static int add(IntSupplier addListener) {
        for (int attempt = 0; ; attempt++) {
            try {
                return addListener.getAsInt();
            } catch (RuntimeException e) {
                if (attempt >= PAUSES_MILLIS.length || !RedisOutages.isOutage(e)) {
                    throw e;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(PAUSES_MILLIS[attempt]);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
