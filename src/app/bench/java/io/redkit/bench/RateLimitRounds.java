package io.redkit.bench;

import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimiter;
import io.redkit.redis.RedkitKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RedissonClient;

/**
 * The rate-limit decisions of {@link RateLimitBenchmark}, one thread, measured in interleaved rounds: each round runs
 * every variant for {@code perRound} decisions in turn, and a variant's figure is the median of its rounds' mean
 * latencies. On a shared 2-core machine the speed drifts by tens of percent within a minute; JMH measures one
 * variant after the other, so drift lands on whichever ran at the time; interleaving puts it on all of them.
 */
final class RateLimitRounds {

    private RateLimitRounds() {}

    record Result(String variant, double meanMicros, double ratioToIncr) {}

    static List<Result> run(String address, int rounds, int perRound) {
        System.setProperty(BenchRedis.ADDRESS, address);
        RedissonClient redisson = BenchRedis.client();
        try {
            RateLimiter limiter = new RateLimiter(redisson, new RedkitKeys("bench-rounds"));
            List<String> variants = RateLimitBenchmark.VARIANTS;
            Map<String, Runnable> ops = new LinkedHashMap<>();
            for (String variant : variants) {
                RateLimitRule rule = RateLimitBenchmark.ruleFor(variant);
                Anchors anchors = new Anchors(redisson, variant);
                ops.put(variant, () -> {
                    for (int i = 0; i < perRound; i++) {
                        int client = i % RateLimitBenchmark.CLIENTS;
                        RateLimitBenchmark.decide(redisson, limiter, rule, anchors, "ip:10.0." + client, client);
                    }
                });
            }
            Map<String, List<Double>> means = new LinkedHashMap<>();
            for (int round = 0; round < rounds + 2; round++) { // the first two rounds warm up
                for (Map.Entry<String, Runnable> op : ops.entrySet()) {
                    long start = System.nanoTime();
                    op.getValue().run();
                    double micros = (System.nanoTime() - start) / 1000.0 / perRound;
                    if (round >= 2) {
                        means.computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                                .add(micros);
                    }
                }
            }
            double incr = median(means.get("incr-baseline"));
            List<Result> results = new ArrayList<>();
            means.forEach((variant, values) -> results.add(new Result(variant, median(values), median(values) / incr)));
            return results;
        } finally {
            redisson.shutdown();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
