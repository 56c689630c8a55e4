package io.redkit.bench;

import io.redkit.testing.PayaraMicroNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Requests per second of {@code GET /api/session/me} on redkit's Redis sessions against the same endpoint on
 * Payara's in-memory sessions ({@code /api/session-native/me}), and of a GET that bumps a {@code @SessionScoped} bean
 * ({@code /api/session/visits} against {@code /api/session-native/visits}), on one Payara Micro node, same run: an HTTP load
 * loop (not JMH), 8 client threads, each with its own logged-in session, warm-up then a timed window.
 */
final class SessionHttpBench {

    private static final int THREADS = 8;
    private static final Duration WARM_UP = Duration.ofSeconds(5);
    private static final Duration MEASURE = Duration.ofSeconds(15);

    private SessionHttpBench() {}

    record Result(String variant, double requestsPerSecond, double p50Micros, double p99Micros, long errors) {}

    static List<Result> run(String redisAddress) throws Exception {
        Map<String, String> config = new java.util.HashMap<>(
                io.redkit.testing.PostgresTestServer.shared().newDatabase("bench_session"));
        config.put("redkit.redis.address", redisAddress);
        config.put("redkit.app.jobs.summary.seconds", "off");
        // -Dbench.sessionScopedBeans=false: the same run with @SessionScoped beans left in Payara's session
        config.put("redkit.session.session-scoped-beans", System.getProperty("bench.sessionScopedBeans", "true"));
        try (PayaraMicroNode node = PayaraMicroNode.start("bench-session", config)) {
            List<Result> results = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                results.add(load(node.base(), "native", "api/session-native/login", "api/session-native/me"));
                results.add(load(node.base(), "redkit", "api/session/login", "api/session/me"));
                // a @SessionScoped bean changed on every GET: Payara's session context vs redkit's
                results.add(load(node.base(), "native-bean", "api/session-native/login", "api/session-native/visits"));
                results.add(load(node.base(), "redkit-bean", "api/session/login", "api/session/visits"));
            }
            return results.subList(4, 8); // the second round: every variant warm
        }
    }

    /**
     * Issue 23's end-to-end request: {@code GET /api/session/dashboard} through a rate-limit rule (per client, a
     * limit no client reaches), the session read from Redis and a {@code @CacheResult} near hit, against
     * {@code /api/session-native/dashboard}: the same endpoint on Payara's own session, no limit (the same cache hit).
     * Interleaved rounds on one node; the result rows are each variant's median round.
     */
    static List<Result> endToEnd(String redisAddress) throws Exception {
        Map<String, String> config = new java.util.HashMap<>(
                io.redkit.testing.PostgresTestServer.shared().newDatabase("bench_e2e"));
        config.put("redkit.redis.address", redisAddress);
        config.put("redkit.redis.key-prefix", "bench-e2e");
        config.put("redkit.app.jobs.summary.seconds", "off");
        config.put("redkit.ratelimit.rules", "dashboard");
        config.put("redkit.ratelimit.rule.dashboard.paths", "/api/session/dashboard");
        config.put("redkit.ratelimit.rule.dashboard.key", "header:X-Client");
        config.put("redkit.ratelimit.rule.dashboard.algorithm", "fixed-window");
        config.put("redkit.ratelimit.rule.dashboard.limits", "100000000/1h");
        config.put("redkit.cache.catalog-summary.near", "1000,60s");
        int rounds = 3;
        List<List<Result>> byVariant = List.of(new ArrayList<>(), new ArrayList<>());
        try (PayaraMicroNode node = PayaraMicroNode.start("bench-e2e", config)) {
            for (int round = 0; round <= rounds; round++) {
                Result nativeRound = load(
                        node.base(), "native-e2e", "api/session-native/login", "api/session-native/dashboard", false);
                Result redkitRound =
                        load(node.base(), "redkit-e2e", "api/session/login", "api/session/dashboard", true);
                if (round > 0) { // round 0 warms both
                    byVariant.get(0).add(nativeRound);
                    byVariant.get(1).add(redkitRound);
                }
            }
        }
        List<Result> medians = new ArrayList<>();
        for (List<Result> results : byVariant) {
            List<Result> sorted = new ArrayList<>(results);
            sorted.sort(java.util.Comparator.comparingDouble(Result::requestsPerSecond));
            medians.add(sorted.get(sorted.size() / 2));
        }
        return medians;
    }

    private static Result load(URI base, String variant, String loginPath, String mePath) throws Exception {
        return load(base, variant, loginPath, mePath, false);
    }

    private static Result load(URI base, String variant, String loginPath, String mePath, boolean clientHeader)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String client = clientHeader ? "client-" + t : null;
                futures.add(pool.submit(() -> clientLoop(base, loginPath, mePath, client)));
            }
            List<Long> latencies = new ArrayList<>();
            long errors = 0;
            for (Future<long[]> future : futures) {
                long[] samples = future.get();
                errors += samples[0];
                for (int i = 1; i < samples.length; i++) {
                    latencies.add(samples[i]);
                }
            }
            long[] sorted =
                    latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(
                    variant,
                    sorted.length / (double) MEASURE.toSeconds(),
                    sorted[sorted.length / 2] / 1000.0,
                    sorted[(int) (sorted.length * 0.99)] / 1000.0,
                    errors);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Logs in, then GETs the endpoint in a loop; returns {errors, latency nanos of the measured requests...}. */
    private static long[] clientLoop(URI base, String loginPath, String mePath, String clientId) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> login = client.send(
                HttpRequest.newBuilder(base.resolve(loginPath))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"bench\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = login.headers().allValues("Set-Cookie").stream()
                .map(c -> c.substring(0, c.indexOf(';')))
                .reduce((a, b) -> a + "; " + b)
                .orElseThrow(() -> new IllegalStateException("no session cookie from " + loginPath + ": "
                        + login.statusCode() + " " + login.headers().map() + " " + login.body()));
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(mePath)).header("Cookie", cookie);
        if (clientId != null) {
            request.header("X-Client", clientId);
        }
        HttpRequest me = request.GET().build();
        long warmEnd = System.nanoTime() + WARM_UP.toNanos();
        while (System.nanoTime() < warmEnd) {
            client.send(me, HttpResponse.BodyHandlers.discarding());
        }
        long[] samples = new long[1 << 20];
        int n = 1;
        long errors = 0;
        long end = System.nanoTime() + MEASURE.toNanos();
        while (System.nanoTime() < end && n < samples.length) {
            long start = System.nanoTime();
            int status = client.send(me, HttpResponse.BodyHandlers.discarding()).statusCode();
            samples[n++] = System.nanoTime() - start;
            if (status != 200) {
                errors++; // a 429 too: no client of the end-to-end run may reach its limit
            }
        }
        samples[0] = errors;
        return Arrays.copyOf(samples, n);
    }
}
