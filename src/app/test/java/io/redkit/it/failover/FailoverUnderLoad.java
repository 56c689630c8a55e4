package io.redkit.it.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
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

    /**
     * A request's answer as a stream saw it: when (nanoTime), the status (0: no answer, e.g. a timeout) and how long
     * the request took.
     */
    record Answer(long at, int status, long tookNanos) {}

    /** One kind of request sent in a loop by its own thread. */
    abstract static class Stream implements Runnable {
        final String name;
        final PayaraMicroNode node;
        final Http http;
        final List<Answer> answers = new CopyOnWriteArrayList<>();
        private final Duration pace;
        volatile boolean stop;

        Stream(String name, PayaraMicroNode node, Duration pace) {
            this.name = name;
            this.node = node;
            this.http = node.http();
            this.pace = pace;
        }

        abstract int once();

        abstract boolean good(int status);

        @Override
        public void run() {
            while (!stop) {
                long start = System.nanoTime();
                int status;
                try {
                    status = once();
                } catch (RuntimeException e) {
                    status = 0;
                }
                if (stop) {
                    return; // measuring is over: this answer is not part of it
                }
                long now = System.nanoTime();
                answers.add(new Answer(now, status, now - start));
                try {
                    Thread.sleep(pace.toMillis()); // a steady request rate, as users send them
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long good() {
            return answers.stream().filter(a -> good(a.status())).count();
        }

        /** Seconds from {@code since} until the first good answer after the last bad one (0: never failed). */
        double secondsWithoutService(long since) {
            long lastBad = -1;
            for (Answer a : answers) {
                if (a.at() >= since && !good(a.status())) {
                    lastBad = a.at();
                }
            }
            if (lastBad < 0) {
                return 0;
            }
            for (Answer a : answers) {
                if (a.at() > lastBad && good(a.status())) {
                    return (a.at() - since) / 1e9;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        /** The slowest answer (seconds) of a request sent after {@code since}. */
        double slowestSince(long since) {
            return answers.stream()
                            .filter(a -> a.at() - a.tookNanos() >= since)
                            .mapToLong(Answer::tookNanos)
                            .max()
                            .orElse(0)
                    / 1e9;
        }

        boolean servingSince(long since, int answersInARow) {
            List<Answer> after = answers.stream().filter(a -> a.at() >= since).toList();
            if (after.size() < answersInARow) {
                return false;
            }
            return after.subList(after.size() - answersInARow, after.size()).stream()
                    .allMatch(a -> good(a.status()));
        }

        Map<Integer, Long> statuses() {
            Map<Integer, Long> counts = new TreeMap<>();
            answers.forEach(a -> counts.merge(a.status(), 1L, Long::sum));
            return counts;
        }
    }

    /** PUTs a new attribute into its own session each time; remembers what was acknowledged under which cookie. */
    static final class SessionWriter extends Stream {
        record Acked(String cookie, String attribute, String value) {}

        final List<Acked> acked = new CopyOnWriteArrayList<>();
        private String cookie;
        private int sequence;

        SessionWriter(String name, PayaraMicroNode node) {
            super(name, node, Duration.ofMillis(40));
        }

        @Override
        int once() {
            String attribute = name + "-" + (++sequence);
            String value = "\"" + attribute + "\"";
            HttpRequest.Builder request = http.request("api/session/attributes/" + attribute)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(value));
            if (cookie != null) {
                request.header("Cookie", "SESSION=" + cookie);
            }
            Http.Reply reply = http.send(request.build());
            for (String header : reply.headers().allValues("Set-Cookie")) {
                if (header.startsWith("SESSION=")) {
                    cookie = header.substring(8, header.indexOf(';')); // a new session: the old one was not found
                }
            }
            if (reply.status() / 100 == 2) {
                acked.add(new Acked(cookie, attribute, value));
            }
            return reply.status();
        }

        @Override
        boolean good(int status) {
            return status / 100 == 2;
        }

        /** Acknowledged attributes that cannot be read back (through {@code reader}). */
        List<String> lost(Http reader) {
            List<String> lost = new ArrayList<>();
            for (Acked a : acked) {
                Http.Reply reply = reader.send(reader.request("api/session/attributes/" + a.attribute())
                        .header("Cookie", "SESSION=" + a.cookie())
                        .GET()
                        .build());
                if (reply.status() != 200 || !a.value().equals(reply.body())) {
                    lost.add(a.attribute() + " (" + reply.status() + ")");
                }
            }
            return lost;
        }
    }

    /** One client (by X-Forwarded-For) asking the same rate-limited path again and again. */
    static final class RateLimitClient extends Stream {
        private final String path;
        private final String client;

        RateLimitClient(String name, PayaraMicroNode node, String path, String client) {
            super(name, node, Duration.ofMillis(20));
            this.path = path;
            this.client = client;
        }

        @Override
        int once() {
            return http.send(http.request(path)
                            .header("X-Forwarded-For", client)
                            .GET()
                            .build())
                    .status();
        }

        @Override
        boolean good(int status) {
            return status == 200 || status == 429;
        }

        long admitted() {
            return answers.stream().filter(a -> a.status() == 200).count();
        }

        /** True once the last {@code n} answers were all 429: the limit is used up. */
        boolean refusing(int n) {
            List<Answer> all = List.copyOf(answers);
            return all.size() >= n
                    && all.subList(all.size() - n, all.size()).stream().allMatch(a -> a.status() == 429);
        }
    }

    /** Renames one product again and again (a database write that also updates Hibernate's L2 in Redis). */
    static final class ProductWriter extends Stream {
        private final String path;
        private final String sku;
        private int sequence;
        volatile String lastAcked;

        ProductWriter(String name, PayaraMicroNode node, long productId) {
            super(name, node, Duration.ofMillis(100));
            this.path = "api/products/" + productId;
            this.sku = http.get(path).json().getString("sku");
        }

        @Override
        int once() {
            String productName = "Failover " + (++sequence);
            Http.Reply reply = http.send(http.request(path)
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"sku\":\"" + sku + "\",\"name\":\"" + productName
                            + "\",\"category\":\"keyboards\",\"priceCents\":2500}"))
                    .build());
            if (reply.status() == 200) {
                lastAcked = productName;
            }
            return reply.status();
        }

        @Override
        boolean good(int status) {
            return status == 200;
        }
    }

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
    private final List<Stream> streams = new ArrayList<>();
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
        for (Stream stream : streams) {
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
        Map<SessionWriter, Integer> before = new java.util.HashMap<>();
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
        for (Stream stream : streams) {
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
            String name = node.http()
                    .get("api/products/" + products.path.substring(products.path.lastIndexOf('/') + 1))
                    .json()
                    .getString("name");
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

    /** The rate-limit rule the load uses: sliding log, {@link #LIMIT} per hour, fail-closed, per client IP. */
    public static Map<String, String> ruleSettings() {
        return Map.of(
                "redkit.ratelimit.rule.fo.paths", "/api/limited/fo",
                "redkit.ratelimit.rule.fo.algorithm", "sliding-log",
                "redkit.ratelimit.rule.fo.limits", LIMIT + "/1h",
                "redkit.ratelimit.rule.fo.on-redis-down", "fail-closed",
                "redkit.ratelimit.trusted-proxies", "127.0.0.1,::1");
    }

    /** High enough to be used up only after the failover (about 90 decisions a second). */
    public static final int LIMIT = 1500;

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
