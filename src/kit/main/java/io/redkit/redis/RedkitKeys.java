package io.redkit.redis;

/**
 * The one place Redis key names are made: {@code <prefix>:<feature>:<id>[:<part>...]}.
 *
 * <p>{@link #tagged} wraps one part in a Redis Cluster hash tag ({@code {...}}) so that every key a Lua script
 * touches together lands in the same slot. Braces anywhere else are refused, because they would silently create
 * a hash tag and pile unrelated keys into one slot.
 */
public final class RedkitKeys {

    private final String prefix;

    /**
     * Keys under a prefix.
     *
     * @param prefix the prefix, {@code redkit.redis.key-prefix}
     */
    public RedkitKeys(String prefix) {
        this.prefix = prefix;
    }

    /**
     * The prefix of every key.
     *
     * @return the prefix
     */
    public String prefix() {
        return prefix;
    }

    /**
     * {@code prefix:feature:part1:part2...}
     *
     * @param feature the feature, e.g. {@code cart}
     * @param parts the rest of the key
     * @return the key
     */
    public String key(String feature, String... parts) {
        StringBuilder key = new StringBuilder(prefix).append(':').append(checkFeature(feature));
        for (String part : parts) {
            key.append(':').append(checkPart(part));
        }
        return key.toString();
    }

    /**
     * {@code prefix:feature:{tag}:part1...}: every key with the same feature and tag shares a Cluster slot.
     *
     * @param feature the feature
     * @param tag the hash tag
     * @param parts the rest of the key
     * @return the key
     */
    public String tagged(String feature, String tag, String... parts) {
        StringBuilder key = new StringBuilder(prefix)
                .append(':')
                .append(checkFeature(feature))
                .append(":{")
                .append(checkPart(tag))
                .append('}');
        for (String part : parts) {
            key.append(':').append(checkPart(part));
        }
        return key.toString();
    }

    /**
     * A {@code SCAN MATCH} pattern for every key of a feature.
     *
     * @param feature the feature
     * @return the pattern
     */
    public String pattern(String feature) {
        return prefix + ':' + checkFeature(feature) + ":*";
    }

    private static String checkFeature(String feature) {
        if (!isFeature(feature)) {
            throw new IllegalArgumentException(
                    "Redis key feature '" + feature + "' must be lower-case letters, digits or '-', at most 32");
        }
        return feature;
    }

    /** {@code [a-z][a-z0-9-]{0,31}}, without a regex: every key the kit builds passes here. */
    private static boolean isFeature(String feature) {
        if (feature == null || feature.isEmpty() || feature.length() > 32) {
            return false;
        }
        for (int i = 0; i < feature.length(); i++) {
            char c = feature.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (i > 0 && ((c >= '0' && c <= '9') || c == '-'));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String checkPart(String part) {
        if (part == null || part.isEmpty()) {
            throw new IllegalArgumentException("Redis key part must not be null or empty");
        }
        if (part.indexOf('{') >= 0 || part.indexOf('}') >= 0) {
            throw new IllegalArgumentException("Redis key part '" + part + "' must not contain '{' or '}'");
        }
        return part;
    }
}
