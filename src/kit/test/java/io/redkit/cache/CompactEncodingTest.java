package io.redkit.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.cache.internal.DefaultGeneratedCacheKey;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.FilteredSerializationCodec;
import io.redkit.redis.internal.UnreadableValueException;
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

    @Test
    void decode_TruncatedInput_IsUnreadable() {
        byte[] key = CompactEncoding.encode(new DefaultGeneratedCacheKey(new Object[] {"a", 1L}));
        for (int length = 1; length < key.length; length++) {
            byte[] truncated = Arrays.copyOf(key, length);
            assertThrows(UnreadableValueException.class, () -> CompactEncoding.decode(truncated), "" + length);
        }
        assertThrows(UnreadableValueException.class, () -> CompactEncoding.decode(new byte[] {'L', 1, 2}));
        assertThrows(UnreadableValueException.class, () -> CompactEncoding.decode(new byte[] {'I'}));
    }

    @Test
    void decode_LengthsBeyondTheBytesLeft_AreUnreadableWithoutAllocating() {
        // a key declaring 2^31-1 parameters in 5 bytes, and one whose parameter declares 2^31-1 bytes
        byte[] manyParameters = {'K', 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        byte[] hugeParameter = {'K', 0, 0, 0, 1, 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'S'};
        byte[] negative = {'K', 0, 0, 0, 1, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'S'};
        for (byte[] bomb : new byte[][] {manyParameters, hugeParameter, negative}) {
            UnreadableValueException e =
                    assertThrows(UnreadableValueException.class, () -> CompactEncoding.decode(bomb));
            assertEquals(UnreadableValueException.Kind.MALFORMED, e.kind());
        }
    }

    @Test
    void decode_NestedKeys_AreUnreadableNotAStackOverflow() {
        byte[] inner = {'S', 'x'};
        for (int depth = 0; depth < 10_000; depth++) {
            byte[] outer = new byte[inner.length + 9];
            outer[0] = 'K';
            outer[4] = 1;
            outer[5] = (byte) (inner.length >>> 24);
            outer[6] = (byte) (inner.length >>> 16);
            outer[7] = (byte) (inner.length >>> 8);
            outer[8] = (byte) inner.length;
            System.arraycopy(inner, 0, outer, 9, inner.length);
            inner = outer;
        }
        byte[] deep = inner;
        UnreadableValueException e = assertThrows(UnreadableValueException.class, () -> CompactEncoding.decode(deep));
        assertTrue(e.getMessage().contains("nested"), e.getMessage());
    }
}
