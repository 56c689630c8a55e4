package io.redkit.bench;

import io.redkit.ratelimit.Algorithm;
import io.redkit.ratelimit.KeySource;
import io.redkit.ratelimit.Limit;
import io.redkit.ratelimit.RateLimitRule;
import io.redkit.ratelimit.RateLimiter;
import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisCommandStats;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.redisson.api.RedissonClient;

/**
 * One rate-limit decision per algorithm next to the floor, a plain {@code INCR} round trip through the same
 * Redisson client, and next to the anchors of the same limit through the same client: Bucket4j's Redisson backend (a
 * token bucket of 50 per second, refilled greedily) and Redisson's own {@code RRateLimiter} (50 per second,
 * overall). Clients rotate over 10,000 ids with a 50/s limit, so decisions are admitted (the writing path).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RateLimitBenchmark {

    @Param({
        "incr-baseline",
        "fixed-window",
        "sliding-log",
        "sliding-window",
        "token-bucket",
        "bucket4j-redisson",
        "redisson-ratelimiter"
    })
    public String decision;

    /** The variants of {@link #decision}, in the same order, for the harnesses outside JMH. */
    static final List<String> VARIANTS = List.of(
            "incr-baseline",
            "fixed-window",
            "sliding-log",
            "sliding-window",
            "token-bucket",
            "bucket4j-redisson",
            "redisson-ratelimiter");

    static final int CLIENTS = 10_000;

    private RedissonClient redisson;
    private RateLimiter limiter;
    private RateLimitRule rule;
    private Anchors anchors;

    @Setup(Level.Trial)
    public void setUp() {
        redisson = BenchRedis.client();
        limiter = new RateLimiter(redisson, new RedkitKeys("bench"));
        rule = ruleFor(decision);
        anchors = new Anchors(redisson, decision);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        redisson.shutdown();
    }

    @Benchmark
    public Object decide() {
        int client = ThreadLocalRandom.current().nextInt(CLIENTS);
        return decide(redisson, limiter, rule, anchors, "ip:10.0." + client, client);
    }

    static Object decide(
            RedissonClient redisson,
            RateLimiter limiter,
            RateLimitRule rule,
            Anchors anchors,
            String client,
            int clientIndex) {
        if (rule != null) {
            return limiter.decide(rule, RateLimitRule.DEFAULT_TIER, client, false);
        }
        if (anchors.active()) {
            return anchors.tryAcquire(clientIndex);
        }
        return redisson.getAtomicLong("bench:incr:" + client).incrementAndGet();
    }

    /** The rule of a {@code decision} parameter; null for the INCR baseline and the anchors. */
    static RateLimitRule ruleFor(String decision) {
        if (decision.equals("incr-baseline") || Anchors.NAMES.contains(decision)) {
            return null;
        }
        return new RateLimitRule(
                "bench-" + decision,
                List.of("/**"),
                Set.of(),
                new KeySource(KeySource.Kind.IP, null),
                Algorithm.valueOf(decision.toUpperCase(Locale.ROOT).replace('-', '_')),
                Map.of(RateLimitRule.DEFAULT_TIER, List.of(Limit.parse("50/1s"))),
                RateLimitRule.TierSource.NONE,
                RateLimitRule.DEFAULT_TIER,
                RateLimitRule.OnRedisDown.FAIL_OPEN);
    }

    /** Redis commands one decision sends, counted with INFO commandstats over {@code n} decisions. */
    static Map<String, Double> commandsPerDecision(RedissonClient redisson, String decision, int n) {
        RateLimiter limiter = new RateLimiter(redisson, new RedkitKeys("bench"));
        RateLimitRule rule = ruleFor(decision);
        Anchors anchors = new Anchors(redisson, decision);
        for (int i = 0; i < 1000; i++) { // scripts cached (EVALSHA), the anchors' limiters configured, before counting
            decide(redisson, limiter, rule, anchors, "ip:10.0." + i, i);
        }
        Map<String, Long> before = RedisCommandStats.read(redisson);
        Map<String, Long> microsBefore = RedisCommandStats.micros(redisson);
        for (int i = 0; i < n; i++) {
            decide(redisson, limiter, rule, anchors, "ip:10.0." + (i % 1000), i % 1000);
        }
        Map<String, Double> perCall = RedisCommandStats.perCall(before, RedisCommandStats.read(redisson), n);
        Map<String, Double> micros = RedisCommandStats.perCall(microsBefore, RedisCommandStats.micros(redisson), n);
        micros.forEach((command, us) -> perCall.put(command + " us", us));
        return perCall;
    }
}
