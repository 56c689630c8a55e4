package io.redkit.jobs.internal;

import io.redkit.jobs.JobSettings;
import io.redkit.jobs.JobStates;
import io.redkit.metrics.internal.RedkitMetrics;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.redisson.api.RedissonClient;

/** Wires the job lock machinery; lease keep-alives run on the server's managed scheduler. */
@ApplicationScoped
public class JobsProducer {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    JobSettings settings;

    @Produces
    @Singleton
    JobLocks jobLocks() {
        return new JobLocks(redisson, keys, settings);
    }

    @Produces
    @Singleton
    JobStates jobStates(JobLocks locks) {
        return new RedisJobStates(redisson, locks);
    }

    @Inject
    RedkitMetrics metrics;

    /**
     * Tick outcomes are counted in {@code redkit_jobs_ticks_total{job,outcome}} on this node, and run times kept in the
     * timer {@code redkit.jobs.duration{job}}.
     */
    @Produces
    @Singleton
    SingletonRunner runner(JobLocks locks) {
        return new SingletonRunner(
                locks,
                scheduler,
                (job, outcome) -> metrics.increment("redkit.jobs.ticks", "job", job, "outcome", outcome),
                (job, took) -> metrics.time("redkit.jobs.duration", took, "job", job));
    }
}
