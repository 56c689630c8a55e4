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

    private static Result load(URI base, String variant, String loginPath, String mePath) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> clientLoop(base, loginPath, mePath)));
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
    private static long[] clientLoop(URI base, String loginPath, String mePath) throws Exception {
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
        HttpRequest me = HttpRequest.newBuilder(base.resolve(mePath))
                .header("Cookie", cookie)
                .GET()
                .build();
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
                errors++;
            }
        }
        samples[0] = errors;
        return Arrays.copyOf(samples, n);
    }
}
