package io.redkit.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedisSettings;
import io.redkit.testing.RedisTestServer;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.ByteArrayCodec;

/** The default codec against a real Redis: values round-trip; anything outside the allowlist never instantiates. */
class FilteredSerializationCodecTest {

    record Snapshot(String sku, long cents, Instant at) implements Serializable {}

    private static RedissonClient redisson;

    @BeforeAll
    static void connect() {
        redisson = RedisTestServer.shared().newClient();
    }

    @AfterAll
    static void close() {
        redisson.shutdown();
    }

    private static String key() {
        return "codec-test:" + UUID.randomUUID();
    }

    @Test
    void allows_AnswersAsTheReadWould_WithoutAnyBytes() throws Exception {
        FilteredSerializationCodec codec =
                new FilteredSerializationCodec(getClass().getClassLoader(), "java.util.*;com.example.**");
        assertTrue(codec.allows(java.util.ArrayList.class));
        assertTrue(codec.allows(int.class), "primitives are always readable");
        assertFalse(codec.allows(java.time.Instant.class), "not in the pattern");
        assertFalse(codec.allows(FilteredSerializationCodecTest.class), "io.redkit is not listed here");
        // and what allows() refuses, a read refuses
        byte[] bytes = codec.toBytes(java.time.Instant.EPOCH);
        UnreadableValueException refused = assertThrows(UnreadableValueException.class, () -> codec.fromBytes(bytes));
        assertEquals(UnreadableValueException.Kind.CLASS_NOT_ALLOWED, refused.kind(), refused.toString());
    }

    @Test
    void roundTrip_JdkCollectionsAndRedkitRecords_ComeBackEqual() {
        String key = key();
        Map<String, Object> value = new HashMap<>();
        value.put("list", new ArrayList<>(List.of(1, 2, 3)));
        value.put("snapshot", new Snapshot("sku-1", 1999, Instant.parse("2026-01-01T00:00:00Z")));
        redisson.getBucket(key).set(value);
        assertEquals(value, redisson.getBucket(key).get());
    }

    @Test
    void decode_ClassOutsideAllowlist_IsRejectedAndConnectionStaysUsable() {
        String key = key();
        redisson.getBucket(key).set(new HashMap<>(Map.of("a", 1)));
        RedissonClient strict = RedisTestServer.shared().newClient(Map.of(RedisSettings.CODEC_ALLOW, "java.lang.*"));
        try {
            Exception e =
                    assertThrows(Exception.class, () -> strict.getBucket(key).get());
            assertTrue(causeChain(e).contains("REJECTED"), causeChain(e));
            strict.getBucket(key + ":ok").set("still works");
            assertEquals("still works", strict.getBucket(key + ":ok").get());
        } finally {
            strict.shutdown();
        }
    }

    @Test
    void decode_CorruptBytes_FailsWithAnIOExceptionNotGarbage() {
        String key = key();
        redisson.getBucket(key, ByteArrayCodec.INSTANCE).set(new byte[] {1, 2, 3, 4});
        Exception e =
                assertThrows(Exception.class, () -> redisson.getBucket(key).get());
        assertTrue(causeChain(e).contains("StreamCorruptedException"), causeChain(e));
    }

    @Test
    void copy_ForAnotherClassLoader_KeepsTheFilter() throws Exception {
        FilteredSerializationCodec codec =
                new FilteredSerializationCodec(getClass().getClassLoader(), "java.lang.*");
        FilteredSerializationCodec copy = FilteredSerializationCodec.copy(ClassLoader.getSystemClassLoader(), codec);
        assertEquals("java.lang.*", copy.filterPattern());
        assertEquals(ClassLoader.getSystemClassLoader(), copy.getClassLoader());
    }

    private static String causeChain(Throwable e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t.getClass().getSimpleName())
                    .append(": ")
                    .append(t.getMessage())
                    .append(" <- ");
        }
        return chain.toString();
    }
}
