package io.redkit.bench;

import io.redkit.redis.internal.EmbeddedRedis;
import io.redkit.session.internal.SessionWaitBench;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;
import org.redisson.api.RedissonClient;

/**
 * {@code mvn -Pbench}: starts an embedded redis-server, runs the JMH benchmarks on 1 and 16 threads, and prints per
 * benchmark throughput, p50/p99 latency and the ratio to the baseline of the same group measured in the same run,
 * then Redis commands per operation from {@code INFO commandstats}.
 */
public final class BenchMain {

    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        // the Payara Micro nodes of the HTTP harnesses run with both compilers, as a server would (tests use C1 only)
        System.setProperty("redkit.node.full-jit", "true");
        try (EmbeddedRedis redis = EmbeddedRedis.start(0)) {
            System.setProperty(BenchRedis.ADDRESS, redis.address());
            CommandLineOptions named = new CommandLineOptions(args);
            // what to run is taken from the first argument below; JMH gets the options only (a parent's includes
            // would be added to every run's own)
            List<String> optionsOnly = new ArrayList<>(List.of(args));
            optionsOnly.removeAll(named.getIncludes());
            CommandLineOptions cli = new CommandLineOptions(optionsOnly.toArray(String[]::new));
            List<Row> rows = new ArrayList<>();
            // the first argument names what to run, '|'-separated: JMH benchmarks and/or the harnesses below
            List<String> asked = named.getIncludes().isEmpty()
                    ? List.of()
                    : List.of(named.getIncludes().get(0).split("\\|"));
            List<String> jmhAsked =
                    asked.stream().filter(name -> !HARNESSES.contains(name)).toList();
            boolean jmh = asked.isEmpty() || !jmhAsked.isEmpty();
            for (int threads : jmh ? THREADS : new int[0]) {
                Map<String, String[]> runs = runs(jmhAsked, cli);
                for (Map.Entry<String, String[]> run : runs.entrySet()) {
                    OptionsBuilder options = new OptionsBuilder();
                    options.parent(cli)
                            .include(run.getKey())
                            .threads(threads)
                            .jvmArgsAppend("-D" + BenchRedis.ADDRESS + "=" + redis.address(), "-Xmx1g");
                    if (run.getValue().length > 0) {
                        options.param("variant", run.getValue());
                    }
                    if (!FULL) {
                        // Hibernate's code needs more than a second to be compiled: it keeps its own warm-up
                        quick(options, cli, !run.getKey().contains("Hibernate"));
                    }
                    rows.addAll(rows(new Runner(options.build()).run(), threads));
                }
            }
            if (jmh) {
                print(rows);
                printCommandCounts();
            }
            if (asked.isEmpty() || asked.contains("RateLimitRounds")) {
                for (int threads : THREADS) {
                    System.out.println();
                    System.out.println("=== rate-limit decision, " + threads + " thread(s), 9 interleaved rounds of"
                            + " 3000 (median of the rounds' mean "
                            + (threads == 1 ? "latency" : "wall time per decision")
                            + "; ratio vs INCR; CPU per decision in this JVM and in redis-server) ===");
                    for (RateLimitRounds.Result r : RateLimitRounds.run(redis.address(), 9, 3000, threads)) {
                        System.out.printf(
                                "%-22s %8.1f us  %.2fx   cpu: client %5.1f us  redis %5.1f us%n",
                                r.variant(), r.meanMicros(), r.ratioToIncr(), r.clientCpuMicros(), r.redisCpuMicros());
                    }
                }
            }
            if (asked.isEmpty() || asked.contains("NearInvalidationBench")) {
                NearInvalidationBench.Result near = NearInvalidationBench.run(redis.address(), 2000);
                System.out.println();
                System.out.println("=== near cache: B's put returned -> A's get answers the new value (loopback) ===");
                System.out.printf(
                        "%d writes  p50 %.1f us  p99 %.1f us  max %.1f us%n",
                        near.writes(), near.p50Micros(), near.p99Micros(), near.maxMicros());
            }
            if (asked.isEmpty() || asked.contains("BoundedCacheBench")) {
                System.out.println();
                System.out.println("=== bounded cache, cache-aside on 20000 Zipf(0.99) keys, bound 2000, 1 thread,"
                        + " " + (FULL ? 9 : 5) + " interleaved rounds of 4000 (ratio vs unbounded) ===");
                List<BoundedCacheBench.Result> bounded =
                        BoundedCacheBench.run(redis.address(), 20_000, 0.99, FULL ? 9 : 5, 4000);
                BoundedCacheBench.Result base = bounded.get(0);
                for (BoundedCacheBench.Result r : bounded) {
                    System.out.printf(
                            "%-10s hit rate %5.1f%%  get %6.1f us (%.2fx)  put %6.1f us (%.2fx)"
                                    + "  in Redis %5.1f us/step (%.2fx)  evictions %d%n",
                            r.variant(),
                            r.hitRate(),
                            r.getMicros(),
                            r.getMicros() / base.getMicros(),
                            r.putMicros(),
                            r.putMicros() / base.putMicros(),
                            r.redisMicros(),
                            r.redisMicros() / base.redisMicros(),
                            r.evictions());
                }
            }
            if ((asked.isEmpty() && FULL) || asked.contains("SessionWaitBench")) {
                printSessionWait(SessionWaitBench.run());
            }
            if ((asked.isEmpty() && FULL) || asked.contains("SessionHttpBench")) {
                printSessions(SessionHttpBench.run(redis.address()));
            }
            if ((asked.isEmpty() && FULL) || asked.contains("EndToEndBench")) {
                printEndToEnd(SessionHttpBench.endToEnd(redis.address()));
            }
            if ((asked.isEmpty() && FULL) || asked.contains("MemoryFootprint")) {
                MemoryFootprintBench.run();
            }
            if ((asked.isEmpty() && FULL) || asked.contains("LoadBench")) {
                System.out.println();
                System.out.println(
                        "=== issue 23 load: two Payara Micro nodes, " + Integer.getInteger("bench.load.clients", 64)
                                + " clients mixing logins, session writes/reads, limit decisions, cache reads ===");
                System.out.print(LoadBench.run(redis.address()).report());
            }
        }
    }

    /**
     * {@code -Dbench.full=true}: the JMH benchmarks in both modes with the benchmarks' own iterations (about 30
     * minutes), and the long harnesses (sessions over HTTP, replica waits, memory figures) when nothing is named.
     * Without it, the headline rows in under 10 minutes: sample-time mode only (throughput derived from the mean time),
     * 1 warm-up iteration of 1 s (the Hibernate benchmark keeps its own 2 x 2 s) and 2 measured iterations of 1.5 s,
     * unless the arguments say otherwise.
     */
    static final boolean FULL = Boolean.getBoolean("bench.full");

    /** {@code -Dbench.threads=1}: the thread counts the JMH benchmarks run with (default 1 and 16). */
    private static final int[] THREADS = java.util.Arrays.stream(
                    System.getProperty("bench.threads", "1,16").split(","))
            .mapToInt(t -> Integer.parseInt(t.trim()))
            .toArray();

    /**
     * Each JMH benchmark method and the variants it measures, in the order the table prints them: the quick run's
     * headline rows, or with {@code -Dbench.full=true} also the reference rows (an in-JVM map, H2). A variant a method
     * does not measure (a {@code put} through {@code @CacheResult}) is never asked for.
     */
    private static Map<String, String[]> variants(boolean full) {
        Map<String, String[]> variants = new LinkedHashMap<>();
        variants.put(
                "CacheBenchmark.get",
                full
                        ? new String[] {
                            "rmap-baseline",
                            "redisson-jcache",
                            "redkit-cache",
                            "cache-result",
                            "redkit-near",
                            "cache-result-near",
                            "hashmap"
                        }
                        : new String[] {
                            "rmap-baseline",
                            "redisson-jcache",
                            "redkit-cache",
                            "cache-result",
                            "redkit-near",
                            "cache-result-near"
                        });
        variants.put(
                "CacheBenchmark.put",
                full
                        ? new String[] {"rmap-baseline", "redisson-jcache", "redkit-cache", "redkit-near", "hashmap"}
                        : new String[] {"rmap-baseline", "redisson-jcache", "redkit-cache", "redkit-near"});
        variants.put(
                "CacheBenchmark.invoke",
                full
                        ? new String[] {"redisson-jcache", "redkit-cache", "redkit-near"}
                        : new String[] {"redisson-jcache", "redkit-cache"});
        variants.put(
                "HibernateBenchmark",
                full
                        ? new String[] {
                            "postgres-no-l2-baseline",
                            "postgres-l2-redis",
                            "postgres-l2-near",
                            "postgres-l2-redisson",
                            "h2-no-l2",
                            "h2-l2-redis"
                        }
                        : new String[] {
                            "postgres-no-l2-baseline", "postgres-l2-redis", "postgres-l2-near", "postgres-l2-redisson"
                        });
        variants.put("RateLimitBenchmark", new String[0]); // every variant
        return variants;
    }

    /**
     * The JMH runs for what was asked: nothing named, every entry of {@link #variants}; a name, the entries it
     * names ({@code CacheBenchmark} is its three methods), with the variants of the table unless the command line
     * gives its own {@code -p variant=...}; anything else is passed to JMH as it is.
     */
    private static Map<String, String[]> runs(List<String> asked, CommandLineOptions cli) {
        Map<String, String[]> table = variants(FULL);
        if (asked.isEmpty()) {
            return table;
        }
        boolean ownVariants = cli.getParameter("variant").hasValue();
        Map<String, String[]> runs = new LinkedHashMap<>();
        for (String name : asked) {
            boolean known = false;
            for (Map.Entry<String, String[]> entry : table.entrySet()) {
                if (entry.getKey().equals(name) || entry.getKey().startsWith(name + ".")) {
                    runs.put(entry.getKey(), ownVariants ? new String[0] : entry.getValue());
                    known = true;
                }
            }
            if (!known) {
                runs.put(name, new String[0]);
            }
        }
        return runs;
    }

    private static void quick(OptionsBuilder options, CommandLineOptions cli, boolean shortWarmup) {
        if (cli.getBenchModes().isEmpty()) {
            options.mode(org.openjdk.jmh.annotations.Mode.SampleTime);
        }
        if (!cli.getWarmupIterations().hasValue() && shortWarmup) {
            options.warmupIterations(1);
        }
        if (!cli.getWarmupTime().hasValue() && shortWarmup) {
            options.warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1));
        }
        if (!cli.getMeasurementIterations().hasValue()) {
            options.measurementIterations(2);
        }
        if (!cli.getMeasurementTime().hasValue()) {
            options.measurementTime(org.openjdk.jmh.runner.options.TimeValue.milliseconds(1500));
        }
    }

    /** Harnesses that are not JMH benchmarks, run by name (or when nothing is named). */
    private static final List<String> HARNESSES = List.of(
            "RateLimitRounds",
            "NearInvalidationBench",
            "BoundedCacheBench",
            "SessionWaitBench",
            "EndToEndBench",
            "SessionHttpBench",
            "MemoryFootprint",
            "LoadBench");

    record Row(String benchmark, String param, int threads, double opsPerSecond, double p50, double p99) {}

    private static List<Row> rows(Collection<RunResult> results, int threads) {
        Map<String, double[]> byKey = new LinkedHashMap<>();
        for (RunResult run : results) {
            // Class.method: one class may measure several operations (CacheBenchmark: get, put, invoke)
            String key = run.getParams().getBenchmark().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1") + "|"
                    + String.join(
                            ",",
                            run.getParams().getParamsKeys().stream()
                                    .map(k -> run.getParams().getParam(k))
                                    .toList());
            double[] values = byKey.computeIfAbsent(key, k -> new double[4]);
            Result<?> primary = run.getPrimaryResult();
            switch (run.getParams().getMode()) {
                case Throughput -> values[0] = primary.getScore() * 1_000_000; // ops/us -> ops/s
                case SampleTime -> {
                    Statistics stats = primary.getStatistics();
                    values[1] = stats.getPercentile(50);
                    values[2] = stats.getPercentile(99);
                    values[3] = stats.getMean();
                }
                default -> {}
            }
        }
        List<Row> rows = new ArrayList<>();
        byKey.forEach((key, v) -> {
            String[] parts = key.split("\\|", 2);
            // without a throughput run (quick mode), operations per second from the mean time of each thread
            double opsPerSecond = v[0] > 0 ? v[0] : (v[3] > 0 ? threads * 1_000_000 / v[3] : 0);
            rows.add(new Row(parts[0], parts[1], threads, opsPerSecond, v[1], v[2]));
        });
        return rows;
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println(
                "=== redkit benchmark (ratio: this row / the group's baseline or first row, same threads, same run) ===");
        System.out.printf(
                "%-26s %-23s %7s %12s %9s %9s %10s %10s%n",
                "benchmark", "variant", "threads", "ops/s", "p50 us", "p99 us", "p50 ratio", "ops ratio");
        for (Row row : rows) {
            // the group's baseline row, or its first (invoke: Redisson's JCache)
            List<Row> group = rows.stream()
                    .filter(r -> r.benchmark().equals(row.benchmark()) && r.threads() == row.threads())
                    .toList();
            Row baseline = group.stream()
                    .filter(r -> r.param().contains("baseline"))
                    .findFirst()
                    .orElse(group.get(0));
            System.out.printf(
                    "%-26s %-23s %7d %12.0f %9.1f %9.1f %9.2fx %9.2fx%n",
                    row.benchmark(),
                    row.param(),
                    row.threads(),
                    row.opsPerSecond(),
                    row.p50(),
                    row.p99(),
                    row.p50() / baseline.p50(),
                    row.opsPerSecond() / baseline.opsPerSecond());
        }
    }

    private static void printSessionWait(List<SessionWaitBench.Result> results) {
        System.out.println();
        System.out.println("=== session commit on a master with one replica, 1 thread (ratio vs raw HSET) ===");
        SessionWaitBench.Result baseline = results.get(0);
        for (SessionWaitBench.Result r : results) {
            System.out.printf(
                    "%-16s %10.0f ops/s  p50 %7.1f us  p99 %7.1f us  p50 ratio %.2fx%n",
                    r.variant(), r.opsPerSecond(), r.p50Micros(), r.p99Micros(), r.p50Micros() / baseline.p50Micros());
        }
    }

    private static void printSessions(List<SessionHttpBench.Result> results) {
        System.out.println();
        System.out.println("=== GET /api/session/me and GET of a @SessionScoped bean (…/visits), 8 client threads, one"
                + " Payara Micro node (ratio vs native, same endpoint) ===");
        for (SessionHttpBench.Result r : results) {
            SessionHttpBench.Result nativeSessions = results.get(r.variant().endsWith("-bean") ? 2 : 0);
            System.out.printf(
                    "%-12s %10.0f req/s  p50 %8.1f us  p99 %8.1f us  errors %d  throughput ratio %.2fx%n",
                    r.variant(),
                    r.requestsPerSecond(),
                    r.p50Micros(),
                    r.p99Micros(),
                    r.errors(),
                    r.requestsPerSecond() / nativeSessions.requestsPerSecond());
        }
    }

    private static void printEndToEnd(List<SessionHttpBench.Result> results) {
        System.out.println();
        System.out.println("=== end to end: GET /api/session/dashboard (rate limit + Redis session + @CacheResult near"
                + " hit) vs the same endpoint on Payara's session, no limit; 8 client threads, one Payara Micro node,"
                + " median of 3 interleaved rounds ===");
        SessionHttpBench.Result base = results.get(0);
        for (SessionHttpBench.Result r : results) {
            System.out.printf(
                    "%-12s %10.0f req/s  p50 %8.1f us  p99 %8.1f us  errors %d  throughput ratio %.2fx%n",
                    r.variant(),
                    r.requestsPerSecond(),
                    r.p50Micros(),
                    r.p99Micros(),
                    r.errors(),
                    r.requestsPerSecond() / base.requestsPerSecond());
        }
    }

    private static void printCommandCounts() {
        RedissonClient client = BenchRedis.client();
        try {
            System.out.println();
            System.out.println("=== Redis commands per operation (INFO commandstats, 1000 operations) ===");
            System.out.println("round trips = commands the client sent (EVALSHA/EVAL/INCR); Redis also counts the");
            System.out.println("commands a script runs inside the server, listed after them; '<command> us': the");
            System.out.println("microseconds Redis spent per operation (a script's include its inner commands').");
            for (String decision : RateLimitBenchmark.VARIANTS) {
                Map<String, Double> perCall = RateLimitBenchmark.commandsPerDecision(client, decision, 1000);
                if (Anchors.NAMES.contains(decision)) { // their plain commands and scripts' inner ones look alike
                    System.out.printf("%-20s all commands %s%n", decision, perCall);
                    continue;
                }
                double roundTrips = perCall.getOrDefault("evalsha", 0.0)
                        + perCall.getOrDefault("eval", 0.0)
                        + (decision.equals("incr-baseline") ? perCall.getOrDefault("incr", 0.0) : 0.0);
                System.out.printf("%-20s round trips %.2f   all commands %s%n", decision, roundTrips, perCall);
            }
        } finally {
            client.shutdown();
        }
    }
}
