package io.redkit.session.internal;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisMemory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.redisson.api.RedissonClient;

/**
 * Sessions as the session filter stores them ({@link SessionStore#save} of a new session, attribute values in the
 * application's codec), for {@link RedisMemory}: one Redis hash per session.
 */
public final class SessionFootprint {

    /** Bytes of each attribute's value as stored (its codec's bytes). */
    public static final int ATTRIBUTE_BYTES = 256;

    public static final int ATTRIBUTES = 4;

    private final SessionStore store;
    private final SessionCodec codec;

    public SessionFootprint(RedissonClient redisson) {
        // the grace of the default cleanup interval (60 s), as SessionSupportProducer passes it
        this.store = new SessionStore(
                redisson, new RedkitKeys("redkit"), Duration.ofSeconds(180).toMillis(), 0, Duration.ZERO);
        this.codec = new SessionCodec(redisson.getConfig().getCodec());
    }

    /** A new session without attributes, 30 minutes' inactivity limit. */
    public RedisMemory.ItemWriter empty() {
        return i -> save(Map.of());
    }

    /** A new session with {@value #ATTRIBUTES} attributes of {@value #ATTRIBUTE_BYTES} bytes each. */
    public RedisMemory.ItemWriter withAttributes() {
        Map<String, byte[]> attributes = new LinkedHashMap<>();
        for (String name : List.of("user", "cart", "preferences", "csrf")) {
            attributes.put(name, valueOf(ATTRIBUTE_BYTES));
        }
        return i -> save(attributes);
    }

    private void save(Map<String, byte[]> attributes) {
        if (!store.save(SessionIds.newId(), true, System.currentTimeMillis(), 1800, attributes, List.of())) {
            throw new IllegalStateException("a new session was not stored");
        }
    }

    /** A String whose codec bytes are exactly {@code bytes} long. */
    private byte[] valueOf(int bytes) {
        int overhead = codec.encode("probe", "").length;
        byte[] value = codec.encode("probe", "x".repeat(bytes - overhead));
        if (value.length != bytes) {
            throw new IllegalStateException("the codec made " + value.length + " bytes, not " + bytes);
        }
        return value;
    }
}
