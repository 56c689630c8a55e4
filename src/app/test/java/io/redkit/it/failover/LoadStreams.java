package io.redkit.it.failover;

import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** The request loops of {@link FailoverUnderLoad}: each kind of request sent again and again by its own thread. */
final class LoadStreams {

    private LoadStreams() {}

    /**
     * A request's answer as a stream saw it: when (nanoTime), the status (0: no answer, e.g. a timeout) and how long
     * the request took.
     */
    record Answer(long at, int status, long tookNanos) {}

    /** One kind of request sent in a loop by its own thread. */
    abstract static class LoadStream implements Runnable {
        final String name;
        final PayaraMicroNode node;
        final Http http;
        final List<Answer> answers = new CopyOnWriteArrayList<>();
        private final Duration pace;
        volatile boolean stop;

        LoadStream(String name, PayaraMicroNode node, Duration pace) {
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
    static final class SessionWriter extends LoadStream {
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
            String set = reply.setCookie("SESSION");
            if (set != null) {
                cookie = set; // a new session: the old one was not found
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
    static final class RateLimitClient extends LoadStream {
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
    static final class ProductWriter extends LoadStream {
        final String path;
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
}
