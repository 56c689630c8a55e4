package io.redkit.redis;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;

/**
 * Limits the value codec enforces on every read, whatever the allow pattern says ({@code redkit.redis.codec.*}), so
 * that a few hostile bytes in Redis cannot allocate gigabytes or recurse until the stack overflows. On top of these,
 * an array may never be longer than the bytes left in the value could fill.
 *
 * @param maxArrayLength longest array (also a collection's backing table) a value may hold
 * @param maxDepth deepest nesting of objects
 * @param maxReferences most objects and back-references in one value
 * @param maxBytes largest serialized value, in bytes
 */
public record CodecLimits(int maxArrayLength, int maxDepth, int maxReferences, int maxBytes) {

    /** Key {@value}: the longest array a value may hold. */
    public static final String MAX_ARRAY_LENGTH = "redkit.redis.codec.max-array-length";
    /** Key {@value}: the deepest nesting of objects. */
    public static final String MAX_DEPTH = "redkit.redis.codec.max-depth";
    /** Key {@value}: the most objects and back-references in one value. */
    public static final String MAX_REFERENCES = "redkit.redis.codec.max-references";
    /** Key {@value}: the largest serialized value, in bytes. */
    public static final String MAX_BYTES = "redkit.redis.codec.max-bytes";

    /** 4 Mi elements (a 4 MiB byte[]), depth 32, 1 M objects, 16 MiB: see the README's codec section. */
    public static final CodecLimits DEFAULTS = new CodecLimits(4 * 1024 * 1024, 32, 1_000_000, 16 * 1024 * 1024);

    /**
     * Limits; each must be positive, the depth at most 1000.
     *
     * @throws io.redkit.config.RedkitConfigException naming the key, when a limit is out of range
     *
     * @param maxArrayLength longest array
     * @param maxDepth deepest nesting
     * @param maxReferences most objects and back-references
     * @param maxBytes largest serialized value
     */
    public CodecLimits {
        positive(MAX_ARRAY_LENGTH, maxArrayLength);
        positive(MAX_DEPTH, maxDepth);
        positive(MAX_REFERENCES, maxReferences);
        positive(MAX_BYTES, maxBytes);
        if (maxDepth > 1000) {
            throw new RedkitConfigException(
                    MAX_DEPTH, Integer.toString(maxDepth), "at most 1000: deeper nesting can overflow the stack");
        }
    }

    /**
     * Reads and checks the {@code redkit.redis.codec.max-*} keys.
     *
     * @param config the configuration
     * @return the limits
     * @throws io.redkit.config.RedkitConfigException naming the key, when a value is invalid
     */
    public static CodecLimits from(ConfigReader config) {
        return new CodecLimits(
                config.integer(MAX_ARRAY_LENGTH, DEFAULTS.maxArrayLength, 1, Integer.MAX_VALUE - 8),
                config.integer(MAX_DEPTH, DEFAULTS.maxDepth, 1, 1000),
                config.integer(MAX_REFERENCES, DEFAULTS.maxReferences, 1, Integer.MAX_VALUE),
                config.integer(MAX_BYTES, DEFAULTS.maxBytes, 1, Integer.MAX_VALUE - 8));
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new RedkitConfigException(key, Integer.toString(value), "must be at least 1");
        }
    }
}
