package io.redkit.it.fuzz;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The hostile inputs of the fuzz pass: path and query values (already percent-encoded), raw bodies, bodies shaped like
 * an operation's schema but holding hostile values, and header sets. None contains text the response checks look for
 * ("Exception", "java.", "org.", ...), so an echo of the input cannot pass for a leak.
 */
public final class Hostile {

    public static final String LONG = "x".repeat(64 * 1024);
    private static final String DEEP = "[".repeat(1001) + "]".repeat(1001);
    private static final String DEEP_OBJECT = "{\"a\":".repeat(1001) + "1" + "}".repeat(1001);

    private Hostile() {}

    /** A body: bytes, a label for the report, and whether only a 4xx is right (an out-of-range number). */
    public record Body(String label, byte[] bytes, boolean mustBeRefused) {
        static Body of(String label, String text) {
            return new Body(label, text.getBytes(StandardCharsets.UTF_8), false);
        }

        Body refused(boolean refused) {
            return new Body(label, bytes, refused);
        }
    }

    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Path parameter values. NUL, {@code %zz} and bytes that are not UTF-8 are left to the raw transport cases: the
     * container refuses those before the application sees them.
     */
    public static List<String> pathValues() {
        return List.of(
                encode("\u202Eevil\u202C"),
                encode("\uD83D\uDE00\u200D\uFE0F"),
                "x".repeat(4000),
                "99999999999999999999",
                "-9223372036854775809",
                "1e400",
                encode("' OR '1'='1"),
                encode("<script>x</script>"),
                encode(" "),
                encode("a;b=c"),
                encode("\u0661\u0662\u0663"),
                encode("\u05D0\u05D1"));
    }

    public static List<String> queryValues() {
        return List.of(
                encode("\u0000"),
                encode("a\u0000b"),
                "99999999999999999999",
                "-2147483649",
                "NaN",
                "",
                "x".repeat(4000),
                "%FF",
                "%ED%A0%80",
                encode("\u202Eevil"),
                "1e400",
                "2026-02-30",
                "-1",
                encode("[{\"a\":1}]"));
    }

    public static List<Body> rawBodies() {
        List<Body> bodies = new ArrayList<>(List.of(
                Body.of("empty", ""),
                Body.of("]", "]"),
                Body.of("[", "["),
                Body.of("{", "{"),
                Body.of("}", "}"),
                Body.of("nul", "nul"),
                Body.of("null", "null"),
                Body.of("0", "0"),
                Body.of("string with NUL", "\"a\\u0000b\""),
                Body.of("duplicate keys", "{\"a\":1,\"a\":2}"),
                Body.of("unclosed array", "[1,2"),
                Body.of("lone surrogate", "{\"k\":\"\\ud800\"}"),
                Body.of("1001-deep array", DEEP),
                Body.of("1001-deep object", DEEP_OBJECT),
                Body.of("100000 unclosed [", "[".repeat(100_000)),
                Body.of("64 KB string", "\"" + LONG + "\""),
                Body.of("BOM", "\uFEFF{}"),
                Body.of("1e999999999", "1e999999999"),
                Body.of("-", "-"),
                Body.of("raw NUL byte", "{\"a\":\"\u0000\"}"),
                Body.of("trailing garbage", "{} {}")));
        bodies.add(new Body(
                "invalid UTF-8", new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}, false));
        bodies.add(new Body("UTF-16", "{\"a\":1}".getBytes(StandardCharsets.UTF_16), false));
        return bodies;
    }

    /** Bodies with the operation's properties, each variant filling them with one kind of hostile value. */
    public static List<Body> shapedBodies(Map<String, String> properties) {
        if (properties.isEmpty()) {
            return List.of();
        }
        List<Body> bodies = new ArrayList<>();
        bodies.add(
                shaped("NUL in every string", properties, null, t -> t.equals("string") ? "\"a\\u0000b\"" : sane(t)));
        for (String field : properties.keySet()) {
            String type = properties.get(field);
            if (type.equals("string") || type.equals("array")) {
                String nul = type.equals("string") ? "\"fuzz\\u0000\"" : "[\"fuzz\\u0000\"]";
                bodies.add(shaped("NUL in '" + field + "' only", properties, field, t -> nul));
            }
        }
        bodies.add(shaped("lone surrogates", properties, null, t -> text(t, "\"\\ud800fuzz\\udfff\"")));
        bodies.add(shaped("64 KB strings", properties, null, t -> text(t, "\"" + LONG + "\"")));
        bodies.add(shaped("RTL and emoji", properties, null, t -> text(t, "\"\\u202efuzz\\ud83d\\ude00\"")));
        // no field of the API takes numbers this large: accepting one means it was silently narrowed
        boolean numeric = properties.containsValue("integer") || properties.containsValue("number");
        bodies.add(shaped("huge numbers", properties, null, t -> number(t, "99999999999999999999999999"))
                .refused(numeric));
        bodies.add(shaped("1e400", properties, null, t -> number(t, "1e400")).refused(numeric));
        bodies.add(shaped("2^64+1", properties, null, t -> number(t, "18446744073709551617"))
                .refused(numeric));
        bodies.add(shaped("below Long.MIN_VALUE", properties, null, t -> number(t, "-9223372036854775809"))
                .refused(numeric));
        bodies.add(shaped("fractions", properties, null, t -> number(t, "1.5")));
        bodies.add(shaped("wrong types", properties, null, Hostile::confused));
        bodies.add(shaped("nulls", properties, null, t -> "null"));
        bodies.add(shaped("1001-deep values", properties, null, t -> DEEP));
        return bodies;
    }

    private static Body shaped(
            String label, Map<String, String> properties, String only, java.util.function.Function<String, String> v) {
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> property : properties.entrySet()) {
            if (json.length() > 1) {
                json.append(',');
            }
            boolean hostile = only == null || only.equals(property.getKey());
            json.append('"').append(property.getKey()).append("\":");
            json.append(hostile ? v.apply(property.getValue()) : sane(property.getValue()));
        }
        return Body.of(label, json.append('}').toString());
    }

    private static String sane(String type) {
        return switch (type) {
            case "string" -> "\"fuzz\"";
            case "integer", "number" -> "1";
            case "boolean" -> "true";
            case "array" -> "[\"fuzz\"]";
            default -> "{}";
        };
    }

    private static String text(String type, String value) {
        return switch (type) {
            case "string" -> value;
            case "array" -> "[" + value + "]";
            default -> sane(type);
        };
    }

    private static String number(String type, String value) {
        return type.equals("integer") || type.equals("number") ? value : sane(type);
    }

    private static String confused(String type) {
        return switch (type) {
            case "string" -> "123";
            case "integer", "number" -> "\"lots\"";
            case "array" -> "{\"a\":1}";
            case "boolean" -> "\"maybe\"";
            default -> "[1]";
        };
    }

    /** Header sets sent to every operation (java.net.http refuses NUL and CR/LF: those go raw). */
    public static List<List<String[]>> headerSets() {
        StringBuilder manySessions = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            manySessions.append(i == 0 ? "" : "; ").append("SESSION=").append(Integer.toHexString(i * 7919));
        }
        return List.of(
                List.<String[]>of(new String[] {"Accept", "application/xml"}),
                List.<String[]>of(new String[] {"Accept", "text/event-stream"}),
                List.<String[]>of(new String[] {"Accept", "*/*;q=abc"}),
                List.<String[]>of(new String[] {"Accept", "application/json;;;q=2"}),
                List.<String[]>of(new String[] {"Content-Type", "application/json; charset=x-klingon"}),
                List.<String[]>of(new String[] {"Content-Type", "application/x-www-form-urlencoded"}),
                List.<String[]>of(new String[] {"Content-Type", "multipart/form-data; boundary="}),
                List.<String[]>of(new String[] {"Content-Type", "/"}),
                List.of(new String[] {"Content-Type", "application/json"}, new String[] {"Content-Type", "text/plain"}),
                List.<String[]>of(new String[] {"If-Match", "\"99999999999999999999999\""}),
                List.<String[]>of(new String[] {"If-Match", "W/\"\u00e9\""}),
                List.<String[]>of(new String[] {"X-API-Key", "k".repeat(4000)}),
                List.<String[]>of(new String[] {"X-Forwarded-For", "999.999.999.999, ::ffff:zz, , "}),
                List.<String[]>of(new String[] {"Forwarded", "for=\"[::1\";proto=gopher;;by"}),
                List.<String[]>of(new String[] {"Cookie", "SESSION=" + "a".repeat(4000)}),
                List.<String[]>of(new String[] {"Cookie", manySessions.toString()}),
                List.<String[]>of(new String[] {"Cookie", "SESSION"}),
                List.<String[]>of(new String[] {"Cookie", "=;;==; SESSION=%00%zz; SESSION=\"\u00ff\""}),
                List.<String[]>of(new String[] {"Range", "bytes=99999999999999999999-"}),
                List.<String[]>of(new String[] {"Accept-Charset", "x-klingon"}),
                repeated("X-Fuzz", 90));
    }

    /** Grizzly refuses more than 100 headers itself: 90 reach the application. */
    private static List<String[]> repeated(String name, int count) {
        List<String[]> headers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            headers.add(new String[] {name, "v" + i});
        }
        return headers;
    }
}
