package io.redkit.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WarningThrottleTest {

    @Test
    void firstWarningPasses_RepeatsWithinTheIntervalDoNot_TheNextIntervalDoes() throws Exception {
        WarningThrottle throttle = new WarningThrottle(Duration.ofMillis(200));
        assertTrue(throttle.tryWarn());
        assertFalse(throttle.tryWarn());
        Thread.sleep(250);
        assertTrue(throttle.tryWarn());
        assertFalse(throttle.tryWarn());
    }

    @Test
    void manyThreadsAtOnce_OneWarning() throws Exception {
        WarningThrottle throttle = new WarningThrottle();
        AtomicInteger passed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 1000; i++) {
            pool.execute(() -> {
                if (throttle.tryWarn()) {
                    passed.incrementAndGet();
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(1, passed.get());
    }
}
