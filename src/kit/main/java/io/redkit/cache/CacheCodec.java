package io.redkit.cache;

import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bytes of a cache's keys and values: {@link CompactEncoding} for the commonest types, the application's
 * allow-listed serialization codec for the rest. Equal keys always get equal bytes. Bytes that no longer read back
 * (a class changed or is not allowed) decode to {@code null}, which the cache treats as a miss, with a warning at most
 * once a minute.
 */
final class CacheCodec {

    private static final Logger LOG = Logger.getLogger(CacheCodec.class.getName());

    private final String cacheName;
    private final Supplier<CacheBackend> backend;
    private final io.redkit.redis.WarningThrottle decodeWarning = new io.redkit.redis.WarningThrottle();

    CacheCodec(String cacheName, Supplier<CacheBackend> backend) {
        this.cacheName = cacheName;
        this.backend = backend;
    }

    /** The bytes of a key or value; {@code what} names it in the error when it cannot be serialized. */
    byte[] encode(Object object, String what) {
        byte[] compact = CompactEncoding.encode(object);
        if (compact != null) {
            return compact;
        }
        try {
            return backend.get().codec().toBytes(object);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "Cache '" + cacheName + "': the " + what + " ("
                            + object.getClass().getName() + ") cannot be stored by value: " + e,
                    e);
        }
    }

    /** The object, or null for no bytes or bytes that no longer read back. */
    Object decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        try {
            return CompactEncoding.isCompact(bytes)
                    ? CompactEncoding.decode(bytes)
                    : backend.get().codec().fromBytes(bytes);
        } catch (IOException | RuntimeException e) {
            if (decodeWarning.tryWarn()) {
                LOG.log(
                        Level.WARNING,
                        "redkit cache '" + cacheName + "': an entry could not be read back and is treated as a miss ("
                                + e + "); check redkit.redis.codec.allow and class changes",
                        e);
            }
            return null;
        }
    }
}
