package io.redkit.it;

import io.redkit.testing.PayaraMicroNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A mixed HTTP load on Payara Micro nodes of the reference app sharing one Redis: clients spread over the nodes, each
 * logging in (a new session), writing and reading its session, asking rate limits and reading caches (a
 * {@code @CacheResult} profile, a Hibernate L2 product), bounded by a request count and a deadline. It counts what a
 * client sees (status per operation, HTTP timeouts, p50/p99) and what the nodes saw: their fail-open admissions
 * ({@code redkit_ratelimit_failopen_total}) and the Redis timeouts in their logs. Only loopback addresses.
 *
 * <p>The limit rules it asks ({@link #rules}) must count every request of the run against one budget (key {@code ip},
 * every client is 127.0.0.1) with a window longer than the run, so that "admitted" must equal the limit exactly.
 */
public final class LoadMix {

    /** What a request of the mix does. */
    public enum Op {
        LOGIN,
        SESSION_WRITE,
        SESSION_READ,
        LIMIT,
        CACHE_READ
    }

    /** One limit rule of the mix: its id (path {@code /api/limited/<id>}) and the count it must admit exactly. */
    public record Rule(String id, int limit) {}

    /**
     * How much load: {@code clients} concurrent clients, at most {@code maxRequests} requests in all, stopped at
     * {@code duration} whichever comes first.
     */
    public record Options(int clients, int maxRequests, Duration duration, List<Rule> rules) {}

    /** Requests of one operation: how many, by outcome, and their latencies in microseconds. */
    public static class OpStats {
        int ok;
        int refused;
        int unavailable;
        int otherErrors;
        int clientTimeouts;
        long[] micros = new long[0];

        public int ok() {
            return ok;
        }

        public int refused() {
            return refused;
        }

        /** 503 answers: a Redis command failed (timeout or outage) and the request was not served. */
        public int unavailable() {
            return unavailable;
        }

        /** Any other status: a 5xx that is not the documented 503, or a 4xx the mix does not expect. */
        public int otherErrors() {
            return otherErrors;
        }

        /** The client's own HTTP timeout (the node never answered in time). */
        public int clientTimeouts() {
            return clientTimeouts;
        }

        public int requests() {
            return ok + refused + unavailable + otherErrors + clientTimeouts;
        }

        public double percentileMicros(double p) {
            if (micros.length == 0) {
                return 0;
            }
            return micros[Math.min(micros.length - 1, (int) Math.floor(micros.length * p))];
        }
    }

    /** What one run did. */
    public record Result(
            Map<Op, OpStats> ops,
            Map<String, Integer> admitted,
            Map<String, Long> failOpen,
            int redisTimeoutsLogged,
            List<String> timeoutLines,
            double seconds,
            long[] allMicros) {

        public int requests() {
            return ops.values().stream().mapToInt(OpStats::requests).sum();
        }

        public int unavailable() {
            return ops.values().stream().mapToInt(OpStats::unavailable).sum();
        }

        public int otherErrors() {
            return ops.values().stream().mapToInt(OpStats::otherErrors).sum();
        }

        public int clientTimeouts() {
            return ops.values().stream().mapToInt(OpStats::clientTimeouts).sum();
        }

        public long failOpenTotal() {
            return failOpen.values().stream().mapToLong(Long::longValue).sum();
        }

        public double percentileMicros(double p) {
            return allMicros.length == 0
                    ? 0
                    : allMicros[Math.min(allMicros.length - 1, (int) Math.floor(allMicros.length * p))];
        }

        public double throughput() {
            return requests() / seconds;
        }

        /** A few lines for a test's output or a benchmark table. */
        public String report() {
            StringBuilder text = new StringBuilder();
            text.append(String.format(
                    "load: %d requests in %.1f s (%.0f req/s), p50 %.1f ms, p99 %.1f ms; 503 %d, other errors %d,"
                            + " client timeouts %d; Redis timeouts in node logs %d; fail-open admissions %s;"
                            + " admitted %s%n",
                    requests(),
                    seconds,
                    throughput(),
                    percentileMicros(0.50) / 1000,
                    percentileMicros(0.99) / 1000,
                    unavailable(),
                    otherErrors(),
                    clientTimeouts(),
                    redisTimeoutsLogged,
                    failOpen,
                    admitted));
            ops.forEach((op, s) -> text.append(String.format(
                    "  %-13s %6d requests  ok %6d  429 %5d  503 %3d  other %3d  client timeouts %3d  p50 %7.1f ms"
                            + "  p99 %7.1f ms%n",
                    op,
                    s.requests(),
                    s.ok,
                    s.refused,
                    s.unavailable,
                    s.otherErrors,
                    s.clientTimeouts,
                    s.percentileMicros(0.50) / 1000,
                    s.percentileMicros(0.99) / 1000)));
            timeoutLines.stream()
                    .limit(5)
                    .forEach(line -> text.append("  node log: ").append(line).append('\n'));
            return text.toString();
        }
    }

    /** What a node log says when a Redis command of the node timed out (Redisson's messages, redkit's renderings). */
    static final Pattern REDIS_TIMEOUT = Pattern.compile(
            "RedisTimeoutException|RedisResponseTimeoutException|hasn't been written|Unable to acquire connection"
                    + "|outage TIMEOUT");

    private static final Pattern FAIL_OPEN =
            Pattern.compile("^redkit_ratelimit_failopen_total\\{[^}]*rule=\"([^\"]+)\"[^}]*} ([0-9.eE+-]+)$");

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(30);

    private LoadMix() {}

    /**
     * Node settings for {@code rules}, to add to the node's {@code redkit.ratelimit.rules}: per rule key {@code ip}
     * (every client of the mix is 127.0.0.1: one budget), the kit's default outage policy (fail-open, so that a
     * decision Redis did not make shows as an admission over the limit), and a window no run outlives (a sliding log
     * of an hour for the first rule, a token bucket refilling over 30 days for the others).
     */
    public static Map<String, String> ruleSettings(List<Rule> rules) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            String prefix = "redkit.ratelimit.rule." + rule.id();
            settings.put(prefix + ".paths", "/api/limited/" + rule.id());
            settings.put(prefix + ".key", "ip");
            settings.put(prefix + ".algorithm", i == 0 ? "sliding-log" : "token-bucket");
            settings.put(prefix + ".limits", rule.limit() + (i == 0 ? "/1h" : "/30d"));
        }
        return settings;
    }

    /** Runs the mix against {@code nodes} (clients alternate between them). */
    public static Result run(List<PayaraMicroNode> nodes, Options options) throws Exception {
        List<Integer> logOffsets = nodes.stream().map(n -> n.log().length()).toList();
        Map<String, Long> failOpenBefore = failOpen(nodes);
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        AtomicInteger budget = new AtomicInteger(options.maxRequests());
        long deadline = System.nanoTime() + options.duration().toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(options.clients());
        List<Future<Client>> futures = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int c = 0; c < options.clients(); c++) {
                Client client =
                        new Client(c, http, nodes.get(c % nodes.size()).base(), options.rules(), budget, deadline);
                futures.add(pool.submit(() -> {
                    client.run();
                    return client;
                }));
            }
            List<Client> clients = new ArrayList<>();
            for (Future<Client> future : futures) {
                clients.add(future.get(options.duration().toSeconds() + 120, TimeUnit.SECONDS));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return result(nodes, options, clients, logOffsets, failOpenBefore, seconds);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Result result(
            List<PayaraMicroNode> nodes,
            Options options,
            List<Client> clients,
            List<Integer> logOffsets,
            Map<String, Long> failOpenBefore,
            double seconds) {
        Map<Op, OpStats> ops = new EnumMap<>(Op.class);
        Map<Op, List<long[]>> samples = new EnumMap<>(Op.class);
        Map<String, Integer> admitted = new LinkedHashMap<>();
        options.rules().forEach(rule -> admitted.put(rule.id(), 0));
        for (Client client : clients) {
            client.stats.forEach((op, s) -> {
                OpStats total = ops.computeIfAbsent(op, o -> new OpStats());
                total.ok += s.ok;
                total.refused += s.refused;
                total.unavailable += s.unavailable;
                total.otherErrors += s.otherErrors;
                total.clientTimeouts += s.clientTimeouts;
                samples.computeIfAbsent(op, o -> new ArrayList<>()).add(Arrays.copyOf(s.micros, s.samples));
            });
            client.admitted.forEach((rule, n) -> admitted.merge(rule, n, Integer::sum));
        }
        List<long[]> all = new ArrayList<>();
        samples.forEach((op, list) -> {
            long[] merged = list.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            ops.get(op).micros = merged;
            all.add(merged);
        });
        long[] allMicros = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        Map<String, Long> failOpen = new LinkedHashMap<>();
        failOpen(nodes).forEach((rule, n) -> {
            if (options.rules().stream().anyMatch(r -> r.id().equals(rule))) {
                failOpen.put(rule, n - failOpenBefore.getOrDefault(rule, 0L));
            }
        });
        options.rules().forEach(rule -> failOpen.putIfAbsent(rule.id(), 0L));
        List<String> timeoutLines = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            String log = nodes.get(i).log();
            String name = nodes.get(i).name();
            log.substring(Math.min(logOffsets.get(i), log.length()))
                    .lines()
                    .filter(line -> REDIS_TIMEOUT.matcher(line).find())
                    .forEach(line -> timeoutLines.add(name + ": " + line));
        }
        return new Result(ops, admitted, failOpen, timeoutLines.size(), timeoutLines, seconds, allMicros);
    }

    /** Fail-open admissions per rule, summed over the nodes, from their {@code /metrics}. */
    static Map<String, Long> failOpen(List<PayaraMicroNode> nodes) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (PayaraMicroNode node : nodes) {
            node.http().get("metrics").body().lines().forEach(line -> {
                Matcher m = FAIL_OPEN.matcher(line.trim());
                if (m.matches()) {
                    counts.merge(m.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
                }
            });
        }
        return counts;
    }

    /** One client: logs in, then cycles through the mix until the shared budget or the deadline runs out. */
    private static final class Client {

        private static final Op[] CYCLE = {
            Op.SESSION_WRITE,
            Op.LIMIT,
            Op.CACHE_READ,
            Op.SESSION_READ,
            Op.LIMIT,
            Op.SESSION_WRITE,
            Op.CACHE_READ,
            Op.LIMIT,
            Op.SESSION_READ,
            Op.CACHE_READ,
            Op.LIMIT,
            Op.LOGIN
        };

        final int id;
        final HttpClient http;
        final URI base;
        final List<Rule> rules;
        final AtomicInteger budget;
        final long deadline;
        final Map<Op, Samples> stats = new EnumMap<>(Op.class);
        final Map<String, Integer> admitted = new LinkedHashMap<>();
        String cookie;

        Client(int id, HttpClient http, URI base, List<Rule> rules, AtomicInteger budget, long deadline) {
            this.id = id;
            this.http = http;
            this.base = base;
            this.rules = rules;
            this.budget = budget;
            this.deadline = deadline;
        }

        void run() throws InterruptedException {
            int step = 0;
            int limits = id; // clients start on different rules
            Op op = Op.LOGIN;
            while (System.nanoTime() < deadline && budget.getAndDecrement() > 0) {
                switch (op) {
                    case LOGIN -> send(
                            op,
                            null,
                            request("api/session/login")
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"load-" + id + "\"}")));
                    case SESSION_WRITE -> send(
                            op,
                            null,
                            request("api/session/attributes/a" + (step % 4))
                                    .header("Content-Type", "application/json")
                                    .PUT(HttpRequest.BodyPublishers.ofString(Integer.toString(step))));
                    case SESSION_READ -> send(
                            op, null, request("api/session/me").GET());
                    case LIMIT -> {
                        if (rules.isEmpty()) { // a warm-up without limits reads the session instead
                            send(
                                    Op.SESSION_READ,
                                    null,
                                    request("api/session/me").GET());
                            break;
                        }
                        Rule rule = rules.get(limits++ % rules.size());
                        send(op, rule, request("api/limited/" + rule.id()).GET());
                    }
                    case CACHE_READ -> send(
                            op,
                            null,
                            request(
                                            step % 2 == 0
                                                    ? "api/users/" + (1 + step % 3) + "/profile"
                                                    : "api/products/" + (1 + step % 4))
                                    .GET());
                }
                op = CYCLE[step++ % CYCLE.length];
            }
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder builder =
                    HttpRequest.newBuilder(base.resolve(path)).timeout(CLIENT_TIMEOUT);
            if (cookie != null) {
                builder.header("Cookie", cookie);
            }
            return builder;
        }

        private void send(Op op, Rule rule, HttpRequest.Builder request) throws InterruptedException {
            Samples s = stats.computeIfAbsent(op, o -> new Samples());
            long start = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                s.add((System.nanoTime() - start) / 1000);
                int status = response.statusCode();
                response.headers().allValues("Set-Cookie").stream()
                        .filter(c -> c.startsWith("SESSION="))
                        .reduce((a, b) -> b)
                        .ifPresent(c -> cookie = c.substring(0, c.indexOf(';') < 0 ? c.length() : c.indexOf(';')));
                if (status >= 200 && status < 300) {
                    s.ok++;
                    if (rule != null) {
                        admitted.merge(rule.id(), 1, Integer::sum);
                    }
                } else if (status == 429 && rule != null) {
                    s.refused++;
                } else if (status == 503) {
                    s.unavailable++;
                } else {
                    s.otherErrors++;
                }
            } catch (HttpTimeoutException e) {
                s.clientTimeouts++;
            } catch (java.io.IOException e) {
                s.otherErrors++;
            }
        }
    }

    /** A client's counts and latencies for one operation. */
    private static final class Samples extends OpStats {
        int samples;

        void add(long value) {
            if (samples == micros.length) {
                micros = Arrays.copyOf(micros, Math.max(256, samples * 2));
            }
            micros[samples++] = value;
        }
    }
}
