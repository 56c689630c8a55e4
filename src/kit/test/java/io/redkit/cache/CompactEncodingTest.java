package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.FilteredSerializationCodec;
import io.redkit.redis.RedisSettings;
import java.util.Arrays;
import java.util.Date;
import org.junit.jupiter.api.Test;

class CompactEncodingTest {

    @Test
    void roundTripsAndEqualObjectsGiveEqualBytes() throws Exception {
        Object[] samples = {
            "",
            "k12",
            "äöü €",
            0L,
            -7L,
            Long.MAX_VALUE,
            0,
            Integer.MIN_VALUE,
            new DefaultGeneratedCacheKey(new Object[] {"a", 1L, null, 3}),
            new DefaultGeneratedCacheKey(new Object[0])
        };
        for (Object sample : samples) {
            byte[] bytes = CompactEncoding.encode(sample);
            assertTrue(CompactEncoding.isCompact(bytes), String.valueOf(sample));
            assertEquals(sample, CompactEncoding.decode(bytes));
            assertEquals(sample.getClass(), CompactEncoding.decode(bytes).getClass());
        }
        assertArrayEquals(
                CompactEncoding.encode(new DefaultGeneratedCacheKey(new Object[] {"x", 2L})),
                CompactEncoding.encode(new DefaultGeneratedCacheKey(new Object[] {new String("x"), 2L})));
    }

    @Test
    void typesThatLookAlikeStayApart() {
        assertFalse(Arrays.equals(CompactEncoding.encode(1L), CompactEncoding.encode(1)));
        assertFalse(Arrays.equals(CompactEncoding.encode("1"), CompactEncoding.encode(1)));
        assertFalse(Arrays.equals(
                CompactEncoding.encode(new DefaultGeneratedCacheKey(new Object[] {"ab"})),
                CompactEncoding.encode(new DefaultGeneratedCacheKey(new Object[] {"a", "b"}))));
    }

    @Test
    void otherTypesAreLeftToJavaSerialization_WhoseBytesAreNeverTakenForCompact() throws Exception {
        assertNull(CompactEncoding.encode(new Date()));
        assertNull(CompactEncoding.encode(new DefaultGeneratedCacheKey(new Object[] {new Date()})));
        byte[] serialized = new FilteredSerializationCodec(
                        getClass().getClassLoader(), RedisSettings.DEFAULT_CODEC_FILTER)
                .toBytes(new Date());
        assertFalse(CompactEncoding.isCompact(serialized));
    }
}
