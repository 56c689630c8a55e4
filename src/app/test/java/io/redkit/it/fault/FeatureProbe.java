package io.redkit.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.OpsLogin;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.ServerSentEvents;
import jakarta.json.JsonObject;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every feature's main flow, once, through HTTP on one node, remembering each write that was answered 2xx so that it
 * can be looked for afterwards: "a 2xx means the write is stored".
 */
public final class FeatureProbe {

    /** The features of the matrix, in the order of the README table. */
    public static final List<String> FEATURES = List.of(
            "session",
            "cache",
            "ratelimit",
            "jobs",
            "locks",
            "queue",
            "stream",
            "cart",
            "leaderboard",
            "counter",
            "analytics",
            "sse");

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final PayaraMicroNode node;
    private final Http http;
    private final String run = "f" + System.nanoTime() % 1_000_000;
    private String session;

    private final Map<String, String> ackedAttributes = new LinkedHashMap<>();
    private final List<String> ackedStreamIds = new ArrayList<>();
    private final List<String> ackedPayments = new ArrayList<>();
    private int ackedQueueMessages;
    private int ackedCartQuantity;
    private int ackedScoreIncrements;
    private int ackedCounterIncrements;
    private int ackedPageViews;
    private final java.util.SortedSet<String> pageViewDays = new java.util.TreeSet<>();
    private int queueBaseline = -1;
    private BlockingQueue<String> sseLines;

    public FeatureProbe(PayaraMicroNode node) {
        this.node = node;
        this.http = node.http();
    }

    /**
     * Every feature's main flow once on {@code node}: each answers 2xx, server-sent events are delivered, and no
     * acknowledged write is missing afterwards.
     */
    public static void assertEveryFeatureWorks(PayaraMicroNode node) {
        FeatureProbe probe = new FeatureProbe(node);
        probe.subscribe();
        Map<String, Integer> statuses = probe.runAll();
        for (String feature : FEATURES) {
            assertEquals(2, statuses.get(feature) / 100, feature + " on " + node + ": " + statuses);
        }
        assertTrue(probe.sseDelivers(), "SSE delivered on " + node);
        assertEquals(List.of(), probe.lostAcknowledgedWrites(), "on " + node);
    }

    /** One call of every feature's main flow; the status each answered (an exception counts as 0). */
    public Map<String, Integer> runAll() {
        Map<String, Integer> statuses = new LinkedHashMap<>();
        statuses.put("session", attempt(this::session));
        statuses.put("cache", attempt(this::cache));
        statuses.put("ratelimit", attempt(() -> http.get("api/limited/ping").status()));
        statuses.put(
                "jobs", attempt(() -> OpsLogin.as(http).get("api/jobs/summary").status()));
        statuses.put("locks", attempt(this::payment));
        statuses.put("queue", attempt(this::enqueue));
        statuses.put("stream", attempt(this::append));
        statuses.put("cart", attempt(this::addToCart));
        statuses.put("leaderboard", attempt(this::score));
        statuses.put("counter", attempt(this::count));
        statuses.put("analytics", attempt(this::pageView));
        statuses.put("sse", attempt(() -> http.postJson("api/notifications/fault-" + run, "{\"n\":1}")
                .status()));
        return statuses;
    }

    private static int attempt(java.util.function.IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private int session() {
        if (session == null) {
            Http.Reply login = send("POST", "api/session/login", "{\"user\":\"" + run + "\",\"role\":\"user\"}");
            if (login.status() != 200) {
                return login.status();
            }
        }
        String name = "a" + SEQUENCE.incrementAndGet();
        String value = "\"" + run + "-" + name + "\"";
        Http.Reply put = send("PUT", "api/session/attributes/" + name, value);
        if (put.status() / 100 == 2) {
            ackedAttributes.put(name, value);
        }
        return put.status();
    }

    private int cache() {
        int profile = http.get("api/users/2/profile").status();
        int product = http.get("api/products/1").status();
        return profile != 200 ? profile : product;
    }

    private int payment() {
        String id = run + "-p" + SEQUENCE.incrementAndGet();
        Http.Reply created = http.send(http.request("api/payments/" + id)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"amountCents\":100,\"currency\":\"EUR\"}"))
                .build());
        if (created.status() / 100 != 2) {
            return created.status();
        }
        Http.Reply processed = http.postJson("api/payments/" + id + "/process", "");
        if (processed.status() == 200) {
            ackedPayments.add(id);
        }
        return processed.status();
    }

    private int enqueue() {
        if (queueBaseline < 0) {
            Http.Reply stats = http.get("api/queues/demo");
            if (stats.status() != 200) {
                return stats.status();
            }
            queueBaseline = stats.json().getInt("ready");
        }
        Http.Reply reply = http.postJson("api/queues/demo/messages", "{\"body\":{\"run\":\"" + run + "\"}}");
        if (reply.status() / 100 == 2) {
            ackedQueueMessages++;
        }
        return reply.status();
    }

    private int append() {
        Http.Reply reply = http.postJson("api/streams/events/events", "{\"type\":\"fault\",\"data\":{\"run\":1}}");
        if (reply.status() == 201) {
            ackedStreamIds.add(reply.json().getString("id"));
        }
        return reply.status();
    }

    private int addToCart() {
        Http.Reply reply = send(
                "POST",
                "api/cart/items",
                "{\"productId\":\"tea\",\"quantity\":1,\"name\":\"Green tea\",\"priceCents\":450}");
        if (reply.status() == 200) {
            ackedCartQuantity++;
        }
        return reply.status();
    }

    private int score() {
        Http.Reply reply = http.postJson("api/leaderboards/" + run + "/scores/player/increment", "{\"by\":1}");
        if (reply.status() == 200) {
            ackedScoreIncrements++;
        }
        return reply.status();
    }

    private int count() {
        Http.Reply reply = http.postJson("api/counters/" + run + "/increment", "{\"by\":1}");
        if (reply.status() == 200) {
            ackedCounterIncrements++;
        }
        return reply.status();
    }

    private int pageView() {
        Http.Reply reply =
                http.postJson("api/analytics/events", "{\"page\":\"/probe/" + run + "\",\"user\":\"" + run + "\"}");
        if (reply.status() == 200) {
            ackedPageViews++;
            pageViewDays.add(reply.json().getString("day")); // the server's day (UTC), also across midnight
        }
        return reply.status();
    }

    /** Opens an SSE subscription on this probe's channel; lines arrive in the returned queue. */
    public void subscribe() {
        sseLines = ServerSentEvents.subscribe(node.base().resolve("api/notifications/stream?channel=fault-" + run));
    }

    /** True once a notification published now reaches the subscriber opened by {@link #subscribe()}. */
    public boolean sseDelivers() {
        sseLines.removeIf(line -> line.startsWith("event: notification"));
        http.postJson("api/notifications/fault-" + run, "{\"n\":2}");
        try {
            for (int i = 0; i < 10; i++) {
                String line = sseLines.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (line != null && line.startsWith("event: notification")) {
                    return true;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    /** Every write answered 2xx that is not in Redis any more; empty when none was lost. */
    public List<String> lostAcknowledgedWrites() {
        List<String> lost = new ArrayList<>();
        ackedAttributes.forEach((name, value) -> {
            Http.Reply reply = send("GET", "api/session/attributes/" + name, null);
            if (reply.status() != 200 || !value.equals(reply.body())) {
                lost.add("session attribute " + name + " (" + reply.status() + ")");
            }
        });
        List<String> latest = new ArrayList<>();
        for (JsonObject event :
                http.get("api/streams/events/events?count=1000").jsonArray().getValuesAs(JsonObject.class)) {
            latest.add(event.getString("id"));
        }
        for (String id : ackedStreamIds) {
            if (!latest.contains(id)) {
                lost.add("stream entry " + id);
            }
        }
        for (String id : ackedPayments) {
            JsonObject payment = http.get("api/payments/" + id).json();
            if (!"PROCESSED".equals(payment.getString("status", ""))) {
                lost.add("payment " + id + " " + payment);
            }
        }
        int ready = http.get("api/queues/demo").json().getInt("ready");
        if (ready < queueBaseline + ackedQueueMessages) {
            lost.add("queue: " + ready + " ready < " + queueBaseline + " before + " + ackedQueueMessages + " acked");
        }
        int items = send("GET", "api/cart", null).json().getInt("itemCount");
        if (items < ackedCartQuantity) {
            lost.add("cart: " + items + " items < " + ackedCartQuantity + " acked");
        }
        if (ackedScoreIncrements > 0) {
            double score = http.get("api/leaderboards/" + run + "/players/player")
                    .json()
                    .getJsonNumber("score")
                    .doubleValue();
            if (score < ackedScoreIncrements) {
                lost.add("leaderboard: score " + score + " < " + ackedScoreIncrements + " acked increments");
            }
        }
        if (ackedCounterIncrements > 0) {
            long value = http.get("api/counters/" + run)
                    .json()
                    .getJsonNumber("value")
                    .longValue();
            if (value < ackedCounterIncrements) {
                lost.add("counter: " + value + " < " + ackedCounterIncrements + " acked increments");
            }
        }
        if (ackedPageViews > 0) {
            long views = http.get("api/analytics/pageviews?page=/probe/" + run + "&from=" + pageViewDays.first()
                            + "&to=" + pageViewDays.last())
                    .json()
                    .getJsonNumber("total")
                    .longValue();
            if (views < ackedPageViews) {
                lost.add("analytics: " + views + " page views < " + ackedPageViews + " acked");
            }
        }
        return lost;
    }

    int acknowledgedWrites() {
        return ackedAttributes.size()
                + ackedStreamIds.size()
                + ackedPayments.size()
                + ackedQueueMessages
                + ackedCartQuantity
                + ackedScoreIncrements
                + ackedCounterIncrements
                + ackedPageViews;
    }

    /** A request carrying this probe's session cookie, keeping the cookie the server sets. */
    private Http.Reply send(String method, String path, String json) {
        HttpRequest.Builder request = http.request(path);
        if (session != null) {
            request.header("Cookie", "SESSION=" + session);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        Http.Reply reply = http.send(request.build());
        String set = reply.setCookie("SESSION");
        if (set != null) {
            session = set.isEmpty() ? null : set;
        }
        if (reply.status() == 401 && path.startsWith("api/session")) {
            session = null; // the session is gone (data lost): the next call logs in again
        }
        return reply;
    }
}
