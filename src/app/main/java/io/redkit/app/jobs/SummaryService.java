package io.redkit.app.jobs;

import io.redkit.jobs.FencedWrites;
import io.redkit.jobs.JobContext;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.logging.Logger;
import org.redisson.api.RedissonClient;
import org.redisson.api.options.KeysScanOptions;
import org.redisson.client.codec.StringCodec;

/**
 * The demo job's work: count the reference app's counters and their total into {@code <prefix>:summary:counters},
 * a fenced write, so a node that lost the job's lock cannot overwrite a newer summary.
 */
@ApplicationScoped
public class SummaryService {

    private static final Logger LOG = Logger.getLogger(SummaryService.class.getName());

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    public void recompute() {
        JobContext job = JobContext.assertLocked();
        long count = 0;
        long total = 0;
        for (String key : redisson.getKeys().getKeys(KeysScanOptions.defaults().pattern(keys.pattern("counter")))) {
            String value = redisson.<String>getBucket(key, StringCodec.INSTANCE).get();
            if (value != null) {
                count++;
                total += Long.parseLong(value);
            }
        }
        boolean written = FencedWrites.write(
                redisson,
                keys.key("summary", "counters"),
                job.fencingToken(),
                Map.of(
                        "counters",
                        Long.toString(count),
                        "total",
                        Long.toString(total),
                        "computedAt",
                        Long.toString(System.currentTimeMillis())),
                Duration.ofDays(1));
        if (!written) {
            LOG.warning("Summary not written: fencing token " + job.fencingToken() + " is stale");
        }
    }
}
