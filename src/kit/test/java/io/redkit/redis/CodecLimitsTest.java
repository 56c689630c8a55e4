package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.config.RedkitConfigException;
import io.redkit.redis.internal.FilteredSerializationCodec;
import io.redkit.redis.internal.UnreadableValueException;
import io.redkit.testing.CodecBombs;
import io.redkit.testing.RedisTestServer;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.time.Duration;
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

/** The attacks on the codec: small hostile values are unreadable, quickly, whatever the allow pattern says. */
class CodecLimitsTest {

    private static final Duration QUICKLY = Duration.ofSeconds(2);

    private static RedissonClient redisson;

    private final FilteredSerializationCodec codec =
            new FilteredSerializationCodec(getClass().getClassLoader(), RedisSettings.DEFAULT_CODEC_FILTER);

    @BeforeAll
    static void connect() {
        redisson = RedisTestServer.shared().newClient();
    }

    @AfterAll
    static void close() {
        redisson.shutdown();
    }

    private UnreadableValueException rejected(FilteredSerializationCodec codec, byte[] bomb) {
        return assertTimeoutPreemptively(
                QUICKLY, () -> assertThrows(UnreadableValueException.class, () -> codec.fromBytes(bomb)));
    }

    @Test
    void fromBytes_LongArrayBomb_IsUnreadableOverALimit() {
        byte[] bomb = CodecBombs.longArray();
        assertEquals(35, bomb.length);
        UnreadableValueException e = rejected(codec, bomb);
        assertEquals(UnreadableValueException.Kind.LIMIT_EXCEEDED, e.kind(), e.getMessage());
    }

    @Test
    void fromBytes_LongArrayBombWithoutAnyArrayLimit_IsStillNotAnAllocationBiggerThanTheInput() {
        CodecLimits huge = new CodecLimits(Integer.MAX_VALUE - 8, 32, 1_000_000, 16 << 20);
        UnreadableValueException e = rejected(
                new FilteredSerializationCodec(getClass().getClassLoader(), "java.lang.*", huge),
                CodecBombs.longArray());
        assertTrue(e.getMessage().contains("bytes left"), e.getMessage());
    }

    @Test
    void fromBytes_NestedArrayDepthBomb_IsUnreadableNotAStackOverflow() {
        UnreadableValueException e = rejected(codec, CodecBombs.nestedArrays(100_000));
        assertEquals(UnreadableValueException.Kind.LIMIT_EXCEEDED, e.kind());
        assertTrue(e.getMessage().contains(CodecLimits.MAX_DEPTH), e.getMessage());
    }

    @Test
    void fromBytes_HugeDeclaredHashMapAndArrayList_AreUnreadable() {
        assertEquals(
                UnreadableValueException.Kind.LIMIT_EXCEEDED,
                rejected(codec, CodecBombs.hugeHashMap()).kind());
        assertEquals(
                UnreadableValueException.Kind.LIMIT_EXCEEDED,
                rejected(codec, CodecBombs.hugeArrayList()).kind());
    }

    @Test
    void fromBytes_ValueOverMaxBytes_IsUnreadable() throws Exception {
        FilteredSerializationCodec small = new FilteredSerializationCodec(
                getClass().getClassLoader(), RedisSettings.DEFAULT_CODEC_FILTER, new CodecLimits(1000, 32, 1000, 1000));
        byte[] value = codec.toBytes(new byte[2000]);
        UnreadableValueException e = rejected(small, value);
        assertTrue(e.getMessage().contains(CodecLimits.MAX_BYTES), e.getMessage());
        assertEquals(1, ((byte[]) small.fromBytes(codec.toBytes(new byte[500]))).length - 499);
    }

    @Test
    void fromBytes_OverriddenAllowPattern_KeepsTheLimits() {
        FilteredSerializationCodec overridden =
                new FilteredSerializationCodec(getClass().getClassLoader(), "java.lang.*;java.util.*");
        for (byte[] bomb : List.of(
                CodecBombs.longArray(),
                CodecBombs.nestedArrays(100_000),
                CodecBombs.hugeHashMap(),
                CodecBombs.hugeArrayList())) {
            assertEquals(
                    UnreadableValueException.Kind.LIMIT_EXCEEDED,
                    rejected(overridden, bomb).kind());
        }
    }

    @Test
    void fromBytes_LargeLegitValueWithinTheLimits_Decodes() throws Exception {
        Map<String, Object> value = new HashMap<>();
        List<Integer> numbers = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            numbers.add(i);
        }
        value.put("numbers", numbers);
        value.put("blob", new byte[2 << 20]);
        value.put("longs", new long[100_000]);
        Object nested = "leaf";
        for (int i = 0; i < 25; i++) {
            nested = new ArrayList<>(List.of(nested));
        }
        value.put("nested", nested);
        Map<?, ?> back = (Map<?, ?>) codec.fromBytes(codec.toBytes(value));
        assertEquals(numbers, back.get("numbers"));
        assertEquals(2 << 20, ((byte[]) back.get("blob")).length);
        assertEquals(nested, back.get("nested"));
    }

    @Test
    void bomb_ThroughRedisson_IsACodecFailureNotAnOutageAndTheClientKeepsWorking() {
        String key = "codec-limits:" + UUID.randomUUID();
        redisson.getBucket(key, ByteArrayCodec.INSTANCE).set(CodecBombs.longArray());
        Exception e = assertTimeoutPreemptively(
                QUICKLY,
                () -> assertThrows(
                        Exception.class, () -> redisson.getBucket(key).get()));
        assertInstanceOf(org.redisson.client.RedisException.class, e, "what an application's mapper sees");
        assertTrue(hasUnreadable(e), e.toString());
        assertFalse(RedisOutages.isOutage(e), "a hostile value is not an outage");
        redisson.getBucket(key).set("fine");
        assertEquals("fine", redisson.getBucket(key).get());
    }

    @Test
    void jdkFilterWithoutMaxarray_LetsTheBombAllocate_WhatTheLimitsPrevent() throws Exception {
        // the filter before: a pattern with no maxarray; the JDK allocates the 16 GiB array it declares
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Runtime.getRuntime().maxMemory() < 16L << 30, "a heap that cannot hold 16 GiB");
        ObjectInputFilter noMaxarray =
                ObjectInputFilter.Config.createFilter("java.lang.*;maxdepth=20;maxrefs=100000;maxbytes=16777216");
        try (ObjectInputStream in = new ObjectInputStream(new java.io.ByteArrayInputStream(CodecBombs.longArray()))) {
            in.setObjectInputFilter(noMaxarray);
            Throwable t = assertThrows(Throwable.class, in::readObject);
            assertInstanceOf(OutOfMemoryError.class, t);
        }
    }

    @Test
    void from_BadLimit_FailsNamingTheKey() {
        for (String key : List.of(
                CodecLimits.MAX_ARRAY_LENGTH,
                CodecLimits.MAX_DEPTH,
                CodecLimits.MAX_REFERENCES,
                CodecLimits.MAX_BYTES)) {
            RedkitConfigException e = assertThrows(
                    RedkitConfigException.class, () -> CodecLimits.from(ConfigReader.of(Map.of(key, "0"))));
            assertTrue(e.getMessage().contains(key), e.getMessage());
        }
        RedkitConfigException e = assertThrows(
                RedkitConfigException.class,
                () -> CodecLimits.from(ConfigReader.of(Map.of(CodecLimits.MAX_DEPTH, "deep"))));
        assertTrue(e.getMessage().contains(CodecLimits.MAX_DEPTH), e.getMessage());
        assertEquals(CodecLimits.DEFAULTS, CodecLimits.from(ConfigReader.of(Map.of())));
        assertEquals(
                77,
                CodecLimits.from(ConfigReader.of(Map.of(CodecLimits.MAX_DEPTH, "77")))
                        .maxDepth());
    }

    private static boolean hasUnreadable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnreadableValueException) {
                return true;
            }
        }
        return false;
    }
}
