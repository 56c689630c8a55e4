package io.redkit.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.jobs.internal.JobLockConfig;
import io.redkit.jobs.internal.JobLocks;
import io.redkit.jobs.internal.SingletonRunner;
import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The job outage policy against a real redis-server that the test stops: the tick is skipped (not failed, not run)
 * and the job runs again once Redis is back. A class of its own: stopping Redis breaks other tests' pooled
 * connections for about a second.
 */
class JobOutageTest {

    private static JobLocks node(RedissonClient client, String name) {
        JobSettings settings = JobSettings.from(ConfigReader.of(Map.of(JobSettings.NODE_NAME, name)));
        return new JobLocks(client, new RedkitKeys("jobtest"), settings);
    }

    private static JobLockConfig job(Duration atMost, Duration atLeast) {
        return new JobLockConfig("job-" + UUID.randomUUID(), atMost, atLeast);
    }

    @Test
    void run_RedisStopped_SkipsTheTickThenRunsWhenBack() throws Exception {
        RedissonClient client = RedisTestServer.shared().newClient(Map.of("redkit.redis.timeout", "300ms"));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        SingletonRunner runner = new SingletonRunner(node(client, "node-c"), scheduler);
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        AtomicInteger ran = new AtomicInteger();
        try {
            RedisTestServer.shared().stop();
            SingletonRunner.Result<Integer> skipped = runner.run(job, ran::incrementAndGet);
            assertEquals(SingletonRunner.Status.SKIPPED_REDIS_UNAVAILABLE, skipped.status());
            assertEquals(0, ran.get());
            assertEquals(1, runner.outageSkips(job.name()));
        } finally {
            RedisTestServer.shared().start();
        }
        SingletonRunner.Result<Integer> result = null;
        for (int i = 0; i < 50 && (result == null || !result.ran()); i++) {
            result = runner.run(job, ran::incrementAndGet);
            if (!result.ran()) {
                Thread.sleep(200);
            }
        }
        assertTrue(result.ran(), "the job runs again once Redis is back");
        client.shutdown();
        scheduler.shutdownNow();
    }
}
