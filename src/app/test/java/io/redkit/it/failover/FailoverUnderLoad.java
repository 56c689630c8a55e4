package io.redkit.it.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.it.failover.LoadStreams.LoadStream;
import io.redkit.it.failover.LoadStreams.ProductWriter;
import io.redkit.it.failover.LoadStreams.RateLimitClient;
import io.redkit.it.failover.LoadStreams.SessionWriter;
import io.redkit.it.fault.FeatureProbe;
import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * Steady load on two Payara nodes while a Redis master dies: session writers (node A commits with {@code
 * redkit.session.wait-replicas=1}, node B without), rate-limit decisions of one client on both nodes against one
 * limit, product updates (database + Hibernate L2 in Redis) and the summary job ticking every second. Every request's
 * answer is recorded; {@link #measure} then says how long each stream went without a good answer, how many answers
 * were server errors, which acknowledged writes are missing, how far the limit was exceeded and whether a tick ran
 * twice.
 */
public final class FailoverUnderLoad implements AutoCloseable {

    /** What one failover did to the load. */
    public record Measured(
            String topology,
            double secondsWithoutMaster,
            Map<String, Double> secondsWithoutService,
            Map<String, Double> slowestAnswer,
            Map<String, Map<Integer, Long>> statuses,
            long serverErrors,
            long sessionWritesAcked,
            List<String> lostWithWait,
            List<String> lostWithoutWait,
            String staleProduct,
            long admitted,
            int limit,
            long jobRuns,
            long ticksElapsed) {

        public long overAdmitted() {
            return Math.max(0, admitted - limit);
        }

        /** Runs beyond one per elapsed tick: a tick that ran twice. */
        public long doubleRuns() {
            return Math.max(0, jobRuns - ticksElapsed);
        }

        private static double max(Map<String, Double> seconds) {
            return seconds.values().stream()
                    .mapToDouble(Double::doubleValue)
                    .max()
                    .orElse(0);
        }

        public String row() {
            return String.format(
                    "| %s | %.1f s | %.1f s | %.1f s | %d | %d of %d / %d | %d (%d admitted, limit %d) | %d (%d runs,"
                            + " %d ticks) |",
                    topology,
                    secondsWithoutMaster,
                    max(secondsWithoutService),
                    max(slowestAnswer),
                    serverErrors,
                    lostWithWait.size(),
                    sessionWritesAcked,
                    lostWithoutWait.size(),
                    overAdmitted(),
                    admitted,
                    limit,
                    doubleRuns(),
                    jobRuns,
                    ticksElapsed);
        }
    }

    private final PayaraMicroNode waiting;
    private final PayaraMicroNode plain;
    private final List<SessionWriter> sessions = new ArrayList<>();
    private final List<RateLimitClient> rateLimits = new ArrayList<>();
    private final ProductWriter products;
    private final List<LoadStream> streams = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final int limit;
    private long[] runsBefore;
    private long startedAt;

    /**
     * {@code waiting}: the node whose session commits wait for a replica; {@code plain}: the other. {@code
     * rateLimitPath} is limited to {@code limit} per hour for {@code client}.
     */
    public FailoverUnderLoad(
            PayaraMicroNode waiting,
            PayaraMicroNode plain,
            String rateLimitPath,
            String client,
            int limit,
            long productId) {
        this.waiting = waiting;
        this.plain = plain;
        this.limit = limit;
        for (int i = 0; i < 2; i++) {
            sessions.add(new SessionWriter("wait" + i, waiting));
            sessions.add(new SessionWriter("nowait" + i, plain));
        }
        rateLimits.add(new RateLimitClient("ratelimit-a", waiting, rateLimitPath, client));
        rateLimits.add(new RateLimitClient("ratelimit-b", plain, rateLimitPath, client));
        products = new ProductWriter("products", waiting, productId);
        streams.addAll(sessions);
        streams.addAll(rateLimits);
        streams.add(products);
    }

    /** Starts every stream and returns once each has been answered well 20 times. */
    public void start() {
        runsBefore = new long[] {jobRuns(waiting), jobRuns(plain)};
        startedAt = System.nanoTime();
        for (LoadStream stream : streams) {
            Thread thread = new Thread(stream, "failover-" + stream.name);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        Awaitility.await("every stream answered well 20 times")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> streams.stream().allMatch(s -> s.good() >= 20));
    }

    /** Waits until each writer of node B (no WAIT) has had {@code n} more writes acknowledged. */
    void awaitAckedWithoutWait(int n) {
        Map<SessionWriter, Integer> before = new HashMap<>();
        sessions.stream().filter(w -> w.node == plain).forEach(w -> before.put(w, w.acked.size()));
        Awaitility.await("node B's session writers acknowledged " + n + " writes each")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> before.entrySet().stream()
                        .allMatch(e -> e.getKey().acked.size() >= e.getValue() + n));
    }

    /**
     * After the master died at {@code killedAt} (nanoTime): waits until every stream has been answered well 10 times
     * in a row and the limit is used up, stops the load and measures.
     */
    public Measured measure(String topology, long killedAt, double secondsWithoutMaster, Duration bound) {
        Awaitility.await(topology + ": every stream served again")
                .atMost(bound)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> streams.stream().allMatch(s -> s.servingSince(killedAt, 10)));
        Awaitility.await(topology + ": the rate limit used up")
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> rateLimits.stream().allMatch(r -> r.refusing(20)));
        close();
        long ticksElapsed = (System.nanoTime() - startedAt) / 1_000_000_000L + 2; // ticks are whole seconds
        long jobRuns = jobRuns(waiting) - runsBefore[0] + jobRuns(plain) - runsBefore[1];

        Map<String, Double> without = new TreeMap<>();
        Map<String, Double> slowest = new TreeMap<>();
        Map<String, Map<Integer, Long>> statuses = new TreeMap<>();
        long serverErrors = 0;
        for (LoadStream stream : streams) {
            without.put(stream.name, stream.secondsWithoutService(killedAt));
            slowest.put(stream.name, stream.slowestSince(killedAt));
            statuses.put(stream.name, stream.statuses());
            IntPredicate serverError = status -> status >= 500 && status != 503;
            serverErrors += stream.answers.stream()
                    .filter(a -> serverError.test(a.status()))
                    .count();
        }
        List<String> lostWithWait = new ArrayList<>();
        List<String> lostWithoutWait = new ArrayList<>();
        long acked = 0;
        for (SessionWriter writer : sessions) {
            acked += writer.acked.size();
            (writer.node == waiting ? lostWithWait : lostWithoutWait).addAll(writer.lost(plain.http()));
        }
        String stale = null;
        for (PayaraMicroNode node : List.of(waiting, plain)) {
            String name = node.http().get(products.path).json().getString("name");
            if (!name.equals(products.lastAcked)) {
                stale = node + " reads '" + name + "', last acknowledged '" + products.lastAcked + "'";
            }
        }
        long admitted = rateLimits.stream().mapToLong(RateLimitClient::admitted).sum();
        return new Measured(
                topology,
                secondsWithoutMaster,
                without,
                slowest,
                statuses,
                serverErrors,
                acked,
                lostWithWait,
                lostWithoutWait,
                stale,
                admitted,
                limit,
                jobRuns,
                ticksElapsed);
    }

    /**
     * Two Payara nodes ({@code <prefix>-a}, {@code <prefix>-b}) on the Redis that {@code redissonYaml} describes, set
     * up for {@link #run}: the summary job every second, no queue workers (queued messages stay countable), the
     * load's rate-limit rule ({@code rules} lists every rule, {@code fo} included), near copies of products, and node
     * A committing sessions with {@code redkit.session.wait-replicas=1}. {@code extra}: more settings for both.
     */
    public static List<PayaraMicroNode> startNodes(
            String prefix, Path redissonYaml, String rules, Map<String, String> extra) throws Exception {
        Map<String, String> config = new HashMap<>(extra);
        config.put("redkit.redis.config", redissonYaml.toString());
        config.put("redkit.redis.key-prefix", prefix + "-it");
        config.put("redkit.app.jobs.summary.seconds", "*");
        // acknowledged queue messages are counted as ready afterwards: no worker takes them meanwhile
        config.put("redkit.app.queue.workers", "0");
        config.put("redkit.ratelimit.rules", rules);
        config.putAll(ruleSettings());
        config.put("redkit.cache.products.near", "1000,30s");
        Map<String, String> waiting = new HashMap<>(config);
        waiting.put("redkit.session.wait-replicas", "1");
        return PayaraMicroNode.startPair(prefix, waiting, config);
    }

    /** The rate-limit rule the load uses: sliding log, {@link #LIMIT} per hour, fail-closed, per client IP. */
    public static Map<String, String> ruleSettings() {
        return Map.of(
                "redkit.ratelimit.rule.fo.paths", "/api/limited/fo",
                "redkit.ratelimit.rule.fo.algorithm", "sliding-log",
                "redkit.ratelimit.rule.fo.limits", LIMIT + "/1h",
                "redkit.ratelimit.rule.fo.on-redis-down", "fail-closed",
                "redkit.ratelimit.trusted-proxies", "127.0.0.1,::1");
    }

    /**
     * High enough to be used up only after the failover: 40-90 decisions a second on two cores, none while the
     * master is gone (fail-closed), so 600 outlast a lag phase (about 150) and a promotion; the run ends when used up.
     */
    public static final int LIMIT = 600;

    /** The product the load renames (another one is left for the near-cache check). */
    private static final long LOADED_PRODUCT = 2;

    private static final long NEAR_PRODUCT = 3;

    /**
     * The whole scenario on two nodes: load, {@code kill}, then the promises asserted: no server error other than
     * 503, every stream served again within {@code bound}, no session write acknowledged by node A (which waits for
     * a replica) lost, the last acknowledged product update read on both nodes, server-sent events and near-cache
     * invalidations delivered again, every feature's main flow answering 2xx. What is measured and not promised
     * (session writes lost without WAIT, rate-limit over-admission, ticks run twice) is printed and recorded.
     */
    public static Measured run(
            String topology,
            PayaraMicroNode nodeA,
            PayaraMicroNode nodeB,
            String client,
            Runnable kill,
            BooleanSupplier promoted,
            Duration bound) {
        return run(topology, nodeA, nodeB, client, null, kill, promoted, bound);
    }

    /** Replicas made to fall behind their master before it dies (paused, then resumed right after the kill). */
    public interface Lag {
        void pause();

        void resume();
    }

    /**
     * As {@link #run(String, PayaraMicroNode, PayaraMicroNode, String, Runnable, BooleanSupplier, Duration)}, but
     * the replicas fall behind first ({@code lag}): the master dies holding writes no replica has. Then node B (no
     * WAIT) must have lost acknowledged session writes (asserted: the measurement sees losses when there are some)
     * while node A (WAIT) lost none, its commits having been refused with 503 while the replicas did not confirm.
     */
    public static Measured run(
            String topology,
            PayaraMicroNode nodeA,
            PayaraMicroNode nodeB,
            String client,
            Lag lag,
            Runnable kill,
            BooleanSupplier promoted,
            Duration bound) {
        FeatureProbe sse = new FeatureProbe(nodeB);
        sse.subscribe();
        Awaitility.await("SSE subscription confirmed")
                .atMost(Duration.ofSeconds(30))
                .until(sse::sseDelivers);
        Http b = nodeB.http();
        String nearPath = "api/products/" + NEAR_PRODUCT;
        b.get(nearPath); // B holds a near copy of it

        Measured measured;
        try (FailoverUnderLoad load =
                new FailoverUnderLoad(nodeA, nodeB, "api/limited/fo", client, LIMIT, LOADED_PRODUCT)) {
            load.start();
            if (lag != null) {
                lag.pause();
                try {
                    load.awaitAckedWithoutWait(5);
                } catch (RuntimeException e) {
                    lag.resume();
                    throw e;
                }
            }
            long killedAt = System.nanoTime();
            try {
                kill.run();
            } finally {
                if (lag != null) {
                    lag.resume();
                }
            }
            Awaitility.await(topology + ": a replica promoted")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(promoted::getAsBoolean);
            double withoutMaster = (System.nanoTime() - killedAt) / 1e9;
            measured = load.measure(topology, killedAt, withoutMaster, bound);
        }
        record(measured);

        assertEquals(0, measured.serverErrors(), topology + ": answers other than 2xx/429/503: " + measured.statuses());
        assertEquals(
                List.of(),
                measured.lostWithWait(),
                topology + ": session writes acknowledged after WAIT for a replica are all kept");
        if (lag != null) {
            assertTrue(
                    !measured.lostWithoutWait().isEmpty(),
                    topology + ": with the replicas behind, node B's unconfirmed acknowledged writes died with the"
                            + " master (else this test measures nothing)");
        }
        assertNull(
                measured.staleProduct(), topology + ": the last acknowledged product update is what both nodes read");
        Awaitility.await(topology + ": SSE delivered again")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(sse::sseDelivers);
        String name = "After failover " + System.nanoTime();
        String sku = nodeA.http().get(nearPath).json().getString("sku");
        Http.Reply updated = nodeA.http()
                .send(nodeA.http()
                        .request(nearPath)
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"name\":\"" + name
                                + "\",\"category\":\"keyboards\",\"priceCents\":2500}"))
                        .build());
        assertEquals(200, updated.status(), updated.toString());
        Awaitility.await(topology + ": B's near copy invalidated by A's update")
                .atMost(Duration.ofSeconds(2))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> name.equals(b.get(nearPath).json().getString("name")));
        for (PayaraMicroNode node : List.of(nodeA, nodeB)) {
            Map<String, Integer> statuses = new FeatureProbe(node).runAll();
            statuses.forEach((feature, status) -> assertTrue(
                    status / 100 == 2 || (feature.equals("ratelimit") && status == 429),
                    topology + ": " + feature + " after the failover on " + node + ": " + statuses));
        }
        return measured;
    }

    /** Runs of the summary job on {@code node} so far ({@code redkit_jobs_ticks_total{outcome="ran"}}). */
    private static long jobRuns(PayaraMicroNode node) {
        String metrics = node.http().get("metrics").body();
        Matcher m = Pattern.compile("redkit_jobs_ticks_total\\{([^}]*)\\} ([0-9.]+)")
                .matcher(metrics);
        long runs = 0;
        while (m.find()) {
            if (m.group(1).contains("job=\"summary\"") && m.group(1).contains("outcome=\"ran\"")) {
                runs += (long) Double.parseDouble(m.group(2));
            }
        }
        return runs;
    }

    /** Appends the row to {@code target/failover.md} (the README's failover table is made from it). */
    public static void record(Measured measured) {
        Path file = Path.of("target", "failover.md");
        try {
            if (!Files.exists(file)) {
                Files.writeString(
                        file,
                        "| topology | no master (as Sentinel/Cluster saw it) | longest without a good answer | slowest"
                                + " answer | 5xx other"
                                + " than 503 | session writes lost: with WAIT of acked / without WAIT | rate limit"
                                + " over-admitted | job ticks run twice |\n|---|---|---|---|---|---|---|---|\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(file, measured.row() + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("failover: " + measured.row());
        System.out.println("failover: seconds without service per stream " + measured.secondsWithoutService());
        System.out.println("failover: slowest answer per stream (s) " + measured.slowestAnswer());
        System.out.println("failover: statuses per stream " + measured.statuses());
    }

    @Override
    public void close() {
        streams.forEach(s -> s.stop = true);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofSeconds(40).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
