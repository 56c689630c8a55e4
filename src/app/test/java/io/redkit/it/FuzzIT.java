package io.redkit.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.it.fuzz.Hostile;
import io.redkit.it.fuzz.Operation;
import io.redkit.it.fuzz.RawHttp;
import io.redkit.testing.Deployments;
import io.redkit.testing.Http;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A fuzz pass over every operation the app's {@code /openapi} document lists: hostile path and query values, bodies
 * (malformed JSON, 1,001-deep nesting, NUL, lone surrogates, 64 KB strings, huge numbers, wrong types), headers and
 * cookies. For every response: never a 5xx; every 4xx is {@code application/problem+json}; no body shows a stack trace
 * or a Java class or package name. 401, 403 and 429 are defended outcomes (operator endpoints need the {@code ops} role,
 * some are rate-limited). The cases per operation are drawn with a fixed seed ({@code -Dfuzz.seed}, {@code
 * -Dfuzz.cases}); both are printed so that a failure can be replayed.
 *
 * <p>Requests the container itself refuses before the application sees them (NUL or {@code %zz} in the path, a 64 KB
 * request line, TRACE, broken framing) are sent raw and held to the transport rule instead: a 4xx (or a closed
 * connection), no stack trace and no class name, any content type.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FuzzIT {

    private static final long SEED = Long.getLong("fuzz.seed", 20L);
    private static final int CASES_PER_OPERATION = Integer.getInteger("fuzz.cases", 24);
    private static final Pattern LEAK = Pattern.compile(
            "Exception|Error:|java\\.|javax\\.|jakarta\\.|io\\.redkit|org\\.|com\\.|\\tat |\\bat [a-z]+\\.");

    /** Transport rules: refused (4xx or closed), or one named exception each (see below). */
    private static final String REFUSED = "refused";

    private static final String IGNORED_LINE = "refused or line ignored";
    private static final String CONTAINER_BUG = "refused or Payara's empty 200";
    private static final String VERSION = "refused or an empty 505";

    @Deployment(testable = false)
    static WebArchive deployment() {
        WebArchive war = Deployments.redkitWar();
        // Redis keys of its own (rate-limit budgets, sessions, carts): the fuzz must not spend other ITs' budgets
        String config = "WEB-INF/classes/META-INF/microprofile-config.properties";
        String properties = new String(readAsset(war, config), StandardCharsets.UTF_8)
                .replace("redkit.redis.key-prefix=redkit", "redkit.redis.key-prefix=fuzz-it");
        war.delete(config);
        war.add(new StringAsset(properties), config);
        return war;
    }

    @ArquillianResource
    URL base;

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** One request of the pass and what is allowed back. */
    private record Case(
            String label, String method, String target, List<String[]> headers, byte[] body, boolean mustBeRefused) {
        Case(String label, String method, String target, List<String[]> headers, byte[] body) {
            this(label, method, target, headers, body, false);
        }
    }

    @Test
    void everyDocumentedOperation_HostileInputs_NeverA5xxAlwaysProblemJsonNoLeaks() throws Exception {
        URI app = base.toURI();
        List<Operation> operations = Operation.all(openapi(app));
        assertTrue(operations.size() >= 30, "the /openapi document lists the app's operations: " + operations);

        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        long started = System.nanoTime();
        java.util.Map<String, Long> millis = new java.util.HashMap<>();
        for (Operation operation : operations) {
            long start = System.nanoTime();
            for (Case c : cases(operation, random)) {
                sent++;
                check(c, send(app, c), failures);
            }
            millis.put(operation.toString(), (System.nanoTime() - start) / 1_000_000);
        }
        System.out.println("FuzzIT: slowest operations (ms): "
                + millis.entrySet().stream()
                        .sorted(java.util.Map.Entry.<String, Long>comparingByValue()
                                .reversed())
                        .limit(5)
                        .toList());
        System.out.printf(
                "FuzzIT: seed %d, %d cases per operation, %d operations, %d requests in %d ms, %d failures%n",
                SEED,
                CASES_PER_OPERATION,
                operations.size(),
                sent,
                (System.nanoTime() - started) / 1_000_000,
                failures.size());
        assertTrue(failures.isEmpty(), report(failures, sent));
    }

    private JsonObject openapi(URI app) throws Exception {
        URI root = URI.create(app.getScheme() + "://" + app.getAuthority() + "/openapi");
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(root)
                        .header("Accept", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        try (var reader = Json.createReader(new StringReader(response.body()))) {
            return reader.readObject();
        }
    }

    /**
     * The cases of one operation: the bodies that broke the app before (a one-byte {@code ]}, 1,001-deep nesting, NUL
     * in each field) always, then a seeded draw of the rest, {@link #CASES_PER_OPERATION} in all.
     */
    private static List<Case> cases(Operation op, Random random) {
        String plain = op.pathWith("fuzz-1");
        List<Case> always = new ArrayList<>();
        List<Case> pool = new ArrayList<>();
        for (String value : Hostile.pathValues()) {
            if (!op.pathParams().isEmpty()) {
                pool.add(new Case(
                        "path value " + abbreviate(value), op.method(), op.pathWith(value), List.of(), body(op)));
            }
        }
        for (String name : op.queryParams()) {
            for (String value : Hostile.queryValues()) {
                pool.add(new Case(
                        "query " + name + "=" + abbreviate(value),
                        op.method(),
                        plain + "?" + name + "=" + value,
                        List.of(),
                        body(op)));
            }
            pool.add(new Case(
                    "query " + name + " repeated",
                    op.method(),
                    plain + "?" + name + "=1&" + name + "=2",
                    List.of(),
                    body(op)));
        }
        pool.add(new Case(
                "500 unknown query parameters", op.method(), plain + "?" + manyParameters(), List.of(), body(op)));
        for (List<String[]> headers : Hostile.headerSets()) {
            pool.add(new Case("headers " + describe(headers), op.method(), plain, headers, body(op)));
        }
        if (op.hasBody()) {
            for (Hostile.Body body : Hostile.rawBodies()) {
                Case c = new Case("body " + body.label(), op.method(), plain, List.of(), body.bytes());
                (body.label().equals("]") || body.label().startsWith("1001-deep") ? always : pool).add(c);
            }
            for (Hostile.Body body : Hostile.shapedBodies(op.bodyProperties())) {
                Case c = new Case(
                        "body " + body.label(), op.method(), plain, List.of(), body.bytes(), body.mustBeRefused());
                (body.label().startsWith("NUL") || body.mustBeRefused() ? always : pool).add(c);
            }
        }
        Collections.shuffle(pool, random);
        List<Case> cases = new ArrayList<>(always);
        cases.addAll(pool.subList(0, Math.min(pool.size(), Math.max(0, CASES_PER_OPERATION - always.size()))));
        return cases;
    }

    private static byte[] body(Operation op) {
        return op.hasBody() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
    }

    private Reply send(URI app, Case c) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(app + c.target()))
                .timeout(Duration.ofSeconds(20))
                .method(
                        c.method(),
                        c.body() == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(c.body()));
        boolean typed = false;
        for (String[] header : c.headers()) {
            request.header(header[0], header[1]);
            typed |= header[0].equalsIgnoreCase("Content-Type");
        }
        if (c.body() != null && !typed) {
            request.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<InputStream> response =
                    client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            String type = response.headers().firstValue("Content-Type").orElse(null);
            String body = "";
            try (InputStream in = response.body()) {
                // an event stream that was opened stays open: its head is all this pass looks at
                if (type == null || !type.startsWith("text/event-stream")) {
                    body = new String(in.readNBytes(1024 * 1024), StandardCharsets.UTF_8);
                }
            }
            return new Reply(response.statusCode(), type, body, null);
        } catch (IOException e) {
            return new Reply(0, null, "", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Reply(int status, String contentType, String body, String failure) {}

    private static void check(Case c, Reply reply, List<String> failures) {
        String what = c.method() + " " + abbreviate(c.target()) + " [" + c.label() + "] -> " + reply.status() + " "
                + reply.contentType() + " " + abbreviate(reply.body());
        if (reply.failure() != null) {
            failures.add(what + ": no response: " + reply.failure());
        } else if (reply.status() >= 500) {
            failures.add(what + ": a 5xx");
        } else if (c.mustBeRefused() && reply.status() < 400) {
            failures.add(what + ": an out-of-range number was accepted (silently narrowed)");
        } else if (reply.status() >= 400
                && (reply.contentType() == null || !reply.contentType().startsWith("application/problem+json"))) {
            failures.add(what + ": a 4xx that is not application/problem+json");
        } else if (LEAK.matcher(reply.body()).find()) {
            failures.add(what + ": the body shows a stack trace or a Java name");
        } else if (reply.status() >= 400 && !problemOf(reply.body(), reply.status())) {
            failures.add(what + ": the problem is not a JSON object with this status and a detail");
        }
    }

    private static boolean problemOf(String body, int status) {
        try (var reader = Json.createReader(new StringReader(body))) {
            JsonObject problem = reader.readObject();
            return problem.getInt("status", -1) == status
                    && !problem.getString("detail", "").isBlank();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The defects the first pass found, each with the detail a client now gets. */
    @Test
    void foundDefects_EachAnswersA400ProblemSayingWhatWasWrong() throws Exception {
        Http http = new Http(base.toURI());
        FoundationIT.assertProblem(
                http.postJson("api/notifications/fuzz", "]"),
                400,
                "urn:redkit:problem:malformed-body",
                "not valid JSON");
        FoundationIT.assertProblem(
                http.postJson("api/notifications/fuzz", "[".repeat(1001) + "]".repeat(1001)),
                400,
                "urn:redkit:problem:malformed-body",
                "more than 1000 levels deep");
        Http.Reply deepAttribute = http.send(http.request("api/session/attributes/fuzz")
                .header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"a\":".repeat(1001) + "1" + "}".repeat(1001)))
                .build());
        FoundationIT.assertProblem(
                deepAttribute, 400, "urn:redkit:problem:malformed-body", "more than 1000 levels deep");
        String product = "{\"sku\":\"fuzz-nul\",\"name\":\"n\",\"category\":\"a\\u0000b\",\"priceCents\":1}";
        FoundationIT.assertProblem(
                http.postJson("api/products", product),
                400,
                "urn:redkit:problem:validation",
                "Field 'category' must not contain the NUL character (U+0000)");
        FoundationIT.assertProblem(
                http.get("api/products?category=a%00b"),
                400,
                "urn:redkit:problem:validation",
                "Field 'category' must not contain the NUL character");
        Http.Reply priceType = http.postJson(
                "api/products", "{\"sku\":\"s\",\"name\":\"n\",\"category\":\"c\",\"priceCents\":\"lots\"}");
        FoundationIT.assertProblem(
                priceType, 400, "urn:redkit:problem:malformed-body", "Field 'priceCents' must be an integer from");
        Http.Reply priceRange =
                http.postJson("api/products", "{\"sku\":\"s\",\"name\":\"n\",\"category\":\"c\",\"priceCents\":1e400}");
        FoundationIT.assertProblem(priceRange, 400, "urn:redkit:problem:malformed-body", "Field 'priceCents' must be");
        FoundationIT.assertProblem(
                http.postJson("api/counters/c/increment", "{\"by\":18446744073709551617}"),
                400,
                "urn:redkit:problem:malformed-body",
                "Field 'by' must be an integer from");
        FoundationIT.assertProblem(
                http.postJson("api/counters/c/increment", "{\"by\":"),
                400,
                "urn:redkit:problem:malformed-body",
                "not valid JSON at line 1, column");
        Http.Reply xml = http.send(http.request("api/products")
                .header("Accept", "application/xml")
                .GET()
                .build());
        FoundationIT.assertProblem(xml, 406, "about:blank", "application/xml");
        Http.Reply badAccept = http.send(
                http.request("api/products").header("Accept", "*/*;q=abc").GET().build());
        FoundationIT.assertProblem(badAccept, 400, "about:blank", "malformed");
    }

    /**
     * The transport rule for requests the container (Grizzly) refuses before any servlet: it answers 4xx or closes the
     * connection; no stack trace, no class name. Outside the application's reach, so no content type is required.
     */
    @Test
    void malformedRequestLinesAndFraming_ContainerRefuses_4xxWithoutLeaks() throws Exception {
        URI app = base.toURI();
        String path = app.getRawPath();
        String host = "Host: " + app.getAuthority() + "\r\n";
        String close = "Connection: close\r\n";
        String get = "GET " + path + "api/products";
        String post = "POST " + path + "api/counters/c/increment HTTP/1.1\r\n" + host + close
                + "Content-Type: application/json\r\n";
        StringBuilder headers200 = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            headers200.append("X-Fuzz: v").append(i).append("\r\n");
        }
        List<String[]> raw = List.of(
                new String[] {"NUL in the path", get + "/%00 HTTP/1.1\r\n" + host + close + "\r\n"},
                new String[] {"raw NUL byte in the path", get + "/a\u0000b HTTP/1.1\r\n" + host + close + "\r\n"},
                new String[] {"lone surrogate in the path", get + "/sku/%ED%A0%80 HTTP/1.1\r\n" + host + close + "\r\n"
                },
                new String[] {"not UTF-8 in the path", get + "/sku/%FF%FE HTTP/1.1\r\n" + host + close + "\r\n"},
                new String[] {"overlong / in the path", get + "/sku/%C0%AF HTTP/1.1\r\n" + host + close + "\r\n"},
                new String[] {"64 KB request line", get + "/" + Hostile.LONG + " HTTP/1.1\r\n" + host + close + "\r\n"},
                new String[] {"TRACE", "TRACE " + path + "api/products HTTP/1.1\r\n" + host + close + "\r\n"},
                new String[] {"unknown method", "BREW " + path + "api/products HTTP/1.1\r\n" + host + close + "\r\n"},
                new String[] {"HTTP/9.9", get + " HTTP/9.9\r\n" + host + close + "\r\n", VERSION},
                new String[] {"no Host", get + " HTTP/1.1\r\n" + close + "\r\n"},
                new String[] {
                    "header without colon", get + " HTTP/1.1\r\n" + host + "Oops\r\n" + close + "\r\n", IGNORED_LINE
                },
                new String[] {"NUL in a header", get + " HTTP/1.1\r\n" + host + "X-A: a\u0000b\r\n" + close + "\r\n"},
                new String[] {"200 headers", get + " HTTP/1.1\r\n" + host + headers200 + close + "\r\n"},
                new String[] {
                    "64 KB header", get + " HTTP/1.1\r\n" + host + "X-A: " + Hostile.LONG + "\r\n" + close + "\r\n"
                },
                new String[] {
                    "64 KB cookie",
                    "GET " + path + "api/session/me HTTP/1.1\r\n" + host + "Cookie: SESSION=" + Hostile.LONG + "\r\n"
                            + close + "\r\n"
                },
                new String[] {"Content-Length -1", post + "Content-Length: -1\r\n\r\n{}"},
                new String[] {"Content-Length 2^64", post + "Content-Length: 18446744073709551616\r\n\r\n{}"},
                new String[] {"two Content-Lengths", post + "Content-Length: 2\r\nContent-Length: 9\r\n\r\n{}"},
                new String[] {"bad chunk size", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"},
                new String[] {"%zz in the path", get + "/%zz HTTP/1.1\r\n" + host + close + "\r\n", CONTAINER_BUG});
        List<String> failures = new ArrayList<>();
        for (String[] c : raw) {
            RawHttp.Reply reply = RawHttp.exchange(app, c[1].getBytes(StandardCharsets.UTF_8));
            String what = c[0] + " -> " + reply.status() + " " + reply.contentType() + " " + abbreviate(reply.body());
            boolean refused = reply.status() == 0 || (reply.status() >= 400 && reply.status() < 500);
            String rule = c.length > 2 ? c[2] : REFUSED;
            boolean allowed =
                    switch (rule) {
                            // Grizzly skips a header line without a colon and serves the request without it
                        case IGNORED_LINE -> refused || reply.status() == 200;
                            // Payara's CoyoteAdapter fails to decode %zz, logs the IllegalArgumentException and leaves
                            // the status at 200 with an empty body: a container bug no filter or servlet can reach
                        case CONTAINER_BUG -> refused
                                || (reply.status() == 200 && reply.body().isEmpty());
                            // an unknown protocol version: Grizzly's 505, the protocol's own answer, with an empty body
                        case VERSION -> refused
                                || (reply.status() == 505 && reply.body().isEmpty());
                        default -> refused;
                    };
            if (!allowed) {
                failures.add(what + ": not refused with a 4xx");
            } else if (LEAK.matcher(reply.body()).find()) {
                failures.add(what + ": the body shows a stack trace or a Java name");
            }
            System.out.println("FuzzIT raw: " + what + " | " + abbreviate(reply.head()));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    /** Failures grouped by case and outcome, with one full example each: readable even when hundreds fail. */
    private static String report(List<String> failures, int sent) {
        java.util.Map<String, List<String>> kinds = new java.util.TreeMap<>();
        for (String failure : failures) {
            String kind = failure.replaceAll("^\\S+ \\S+ ", "").replaceAll("\\] -> (\\d+) .*: ", "] -> $1: ");
            kinds.computeIfAbsent(kind, k -> new ArrayList<>()).add(failure);
        }
        StringBuilder report = new StringBuilder()
                .append(failures.size())
                .append(" of ")
                .append(sent)
                .append(" responses broke the rules (seed ")
                .append(SEED)
                .append(", ")
                .append(CASES_PER_OPERATION)
                .append(" cases per operation); by kind:");
        kinds.forEach((kind, all) -> report.append("\n  ")
                .append(all.size())
                .append(" x ")
                .append(kind)
                .append("\n      e.g. ")
                .append(all.get(0)));
        return report.toString();
    }

    private static byte[] readAsset(WebArchive war, String path) {
        try (InputStream in = war.get(path).getAsset().openStream()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + " of the WAR", e);
        }
    }

    private static String manyParameters() {
        StringBuilder query = new StringBuilder();
        for (int i = 0; i < 500; i++) {
            query.append(i == 0 ? "" : "&").append("p").append(i).append("=").append(i);
        }
        return query.toString();
    }

    private static String describe(List<String[]> headers) {
        return headers.size() > 3
                ? headers.size() + " x " + headers.get(0)[0]
                : headers.stream()
                        .map(h -> h[0] + ": " + abbreviate(h[1]))
                        .toList()
                        .toString();
    }

    private static String abbreviate(String text) {
        String flat = text.replace("\u0000", "\\0").replace("\n", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "...(" + flat.length() + " chars)" : flat;
    }
}
