package io.redkit.it.jobs;

import io.redkit.jobs.ClusterSingleton;
import io.redkit.jobs.FencedWrites;
import io.redkit.jobs.JobContext;
import io.redkit.jobs.JobSettings;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Test-only job (added to the WAR by {@code ClusterJobsIT}): ticks every second, works for {@code
 * redkit.test.slow.duration} under a 3 s lease, then makes a fenced write and logs whether it was accepted to
 * {@code redkit:test:slow-writes} as {@code node|fence|accepted} or {@code node|fence|refused}.
 */
@Singleton
@Startup
public class SlowTestJob {

    @Resource
    TimerService timers;

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    JobSettings settings;

    @Inject
    @ConfigProperty(name = "redkit.test.slow.duration", defaultValue = "PT6S")
    Duration duration;

    @PostConstruct
    void schedule() {
        timers.createCalendarTimer(
                new ScheduleExpression().second("*").minute("*").hour("*"), new TimerConfig("slow", false));
    }

    @Timeout
    @ClusterSingleton(name = "slow", lockAtMostFor = "3s")
    void tick() throws InterruptedException {
        JobContext job = JobContext.assertLocked();
        Thread.sleep(duration.toMillis());
        boolean accepted = FencedWrites.write(
                redisson,
                keys.key("test", "slow-result"),
                job.fencingToken(),
                Map.of("node", settings.nodeName()),
                Duration.ofHours(1));
        redisson.<String>getList(keys.key("test", "slow-writes"), StringCodec.INSTANCE)
                .add(settings.nodeName() + "|" + job.fencingToken() + "|" + (accepted ? "accepted" : "refused"));
    }
}
