package io.redkit.cache;

import io.redkit.redis.internal.UnreadableValueException;
import java.io.IOException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bytes of a cache's keys and values: {@link CompactEncoding} for the commonest types, the application's
 * allow-listed serialization codec for the rest. Equal keys always get equal bytes. Bytes that no longer read back
 * (a class changed or is not allowed, corrupt, over a codec limit — any {@link UnreadableValueException}) decode to
 * {@code null}, which the cache treats as a miss, with a warning at most once a minute per kind.
 */
final class CacheCodec {

    private static final Logger LOG = Logger.getLogger(CacheCodec.class.getName());

    private final String cacheName;
    private final Supplier<CacheBackend> backend;
    private final io.redkit.redis.internal.WarningThrottle decodeWarning =
            new io.redkit.redis.internal.WarningThrottle();

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
        } catch (Throwable e) {
            UnreadableValueException unreadable = UnreadableValueException.contain(e);
            if (unreadable.firstThisMinute()) {
                LOG.log(
                        Level.WARNING,
                        "redkit cache '" + cacheName + "': an entry could not be read back and is treated as a miss ("
                                + unreadable.kind() + ": " + unreadable.getMessage()
                                + "); check redkit.redis.codec.* and class changes; at most one such line per kind"
                                + " a minute");
            }
            return null;
        }
    }
}
