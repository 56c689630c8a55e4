package io.redkit.bench;

import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimiter;
import io.redkit.redis.RedkitKeys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.redisson.api.RedissonClient;

/**
 * The rate-limit decisions of {@link RateLimitBenchmark}, one thread, measured in interleaved rounds: each round runs
 * every variant for {@code perRound} decisions in turn, and a variant's figure is the median of its rounds' mean
 * latencies. On a shared 2-core machine the speed drifts by tens of percent within a minute; JMH measures one
 * variant after the other, so drift lands on whichever ran at the time; interleaving puts it on all of them.
 */
final class RateLimitRounds {

    private RateLimitRounds() {}

    /**
     * A variant's median latency and its ratio to {@code INCR}'s, and the CPU one decision cost, in microseconds, in
     * this JVM (the caller and Redisson's threads) and in the redis-server process (median over the rounds; on a
     * 2-core machine that all share, CPU per decision is what decides throughput).
     */
    record Result(
            String variant, double meanMicros, double ratioToIncr, double clientCpuMicros, double redisCpuMicros) {}

    /**
     * Runs the rounds on {@code threads} threads sharing each round's decisions; with more than one thread a
     * variant's "mean" is the wall time per decision (the inverse of throughput), not a latency.
     */
    static List<Result> run(String address, int rounds, int perRound, int threads) {
        System.setProperty(BenchRedis.ADDRESS, address);
        RedissonClient redisson = BenchRedis.client();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            RateLimiter limiter = new RateLimiter(redisson, new RedkitKeys("bench-rounds"));
            List<String> variants = RateLimitBenchmark.VARIANTS;
            Map<String, Runnable> ops = new LinkedHashMap<>();
            for (String variant : variants) {
                RateLimitRule rule = RateLimitBenchmark.ruleFor(variant);
                Anchors anchors = new Anchors(redisson, variant);
                ops.put(variant, () -> {
                    List<Future<?>> parts = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int first = t;
                        parts.add(pool.submit(() -> {
                            for (int i = first; i < perRound; i += threads) {
                                int client = i % RateLimitBenchmark.CLIENTS;
                                RateLimitBenchmark.decide(
                                        redisson, limiter, rule, anchors, "ip:10.0." + client, client);
                            }
                        }));
                    }
                    for (Future<?> part : parts) {
                        try {
                            part.get();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new IllegalStateException(e);
                        } catch (ExecutionException e) {
                            throw new IllegalStateException(e.getCause());
                        }
                    }
                });
            }
            Map<String, List<Double>> means = new LinkedHashMap<>();
            Map<String, List<Double>> clientCpu = new LinkedHashMap<>();
            Map<String, List<Double>> redisCpu = new LinkedHashMap<>();
            ProcessCpu self = ProcessCpu.of(ProcessHandle.current().pid());
            ProcessCpu server = ProcessCpu.redisServer(redisson);
            for (int round = 0; round < rounds + 2; round++) { // the first two rounds warm up
                for (Map.Entry<String, Runnable> op : ops.entrySet()) {
                    long clientBefore = self.nanos();
                    long redisBefore = server.nanos();
                    long start = System.nanoTime();
                    op.getValue().run();
                    double micros = (System.nanoTime() - start) / 1000.0 / perRound;
                    if (round >= 2) {
                        means.computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                                .add(micros);
                        clientCpu
                                .computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                                .add((self.nanos() - clientBefore) / 1000.0 / perRound);
                        redisCpu.computeIfAbsent(op.getKey(), k -> new ArrayList<>())
                                .add((server.nanos() - redisBefore) / 1000.0 / perRound);
                    }
                }
            }
            double incr = median(means.get("incr-baseline"));
            List<Result> results = new ArrayList<>();
            means.forEach((variant, values) -> results.add(new Result(
                    variant,
                    median(values),
                    median(values) / incr,
                    median(clientCpu.get(variant)),
                    median(redisCpu.get(variant)))));
            return results;
        } finally {
            pool.shutdownNow();
            redisson.shutdown();
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
