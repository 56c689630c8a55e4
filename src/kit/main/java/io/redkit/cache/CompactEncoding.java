package io.redkit.cache;

import io.redkit.cache.internal.DefaultGeneratedCacheKey;
import io.redkit.redis.internal.UnreadableValueException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Short canonical bytes for the commonest keys and values — {@code String}, {@code Long}, {@code Integer} and
 * annotation keys ({@link DefaultGeneratedCacheKey}) made of them — instead of Java serialization (a 3-character
 * String key: 4 bytes instead of 10; a one-parameter annotation key: 8 instead of 157, and no ObjectOutputStream).
 * Equal objects always get equal bytes, which is what a key needs. Anything else returns {@code null} here and is
 * Java-serialized by the caller; serialized bytes start with {@code 0xAC}, which no tag here uses.
 */
final class CompactEncoding {

    private static final byte STRING = 'S';
    private static final byte LONG = 'L';
    private static final byte INTEGER = 'I';
    private static final byte NULL = 'N';
    private static final byte GENERATED_KEY = 'K';

    private CompactEncoding() {}

    /** The compact bytes, or null if the object has no compact form. */
    static byte[] encode(Object object) {
        if (object instanceof String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[utf8.length + 1];
            out[0] = STRING;
            System.arraycopy(utf8, 0, out, 1, utf8.length);
            return out;
        }
        if (object instanceof Long l) {
            return ByteBuffer.allocate(9).put(LONG).putLong(l).array();
        }
        if (object instanceof Integer i) {
            return ByteBuffer.allocate(5).put(INTEGER).putInt(i).array();
        }
        if (object instanceof DefaultGeneratedCacheKey key) {
            Object[] parameters = key.parameters();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16);
            DataOutputStream out = new DataOutputStream(bytes);
            try {
                out.writeByte(GENERATED_KEY);
                out.writeInt(parameters.length);
                for (Object parameter : parameters) {
                    byte[] element = parameter == null ? new byte[] {NULL} : encode(parameter);
                    if (element == null || (parameter instanceof DefaultGeneratedCacheKey)) {
                        return null;
                    }
                    out.writeInt(element.length);
                    out.write(element);
                }
            } catch (IOException impossible) {
                return null;
            }
            return bytes.toByteArray();
        }
        return null;
    }

    /** True if the bytes were written by {@link #encode} (not Java serialization). */
    static boolean isCompact(byte[] bytes) {
        return bytes.length > 0
                && (bytes[0] == STRING || bytes[0] == LONG || bytes[0] == INTEGER || bytes[0] == GENERATED_KEY);
    }

    /**
     * The object the bytes encode. Every length is checked against the bytes left and keys do not nest (as {@link
     * #encode} writes them), so malformed bytes fail with an {@link UnreadableValueException} and never allocate
     * more than they are.
     */
    static Object decode(byte[] bytes) throws UnreadableValueException {
        return decode(bytes, 0, bytes.length, true);
    }

    private static Object decode(byte[] bytes, int from, int length, boolean top) throws UnreadableValueException {
        if (length < 1) {
            throw malformed("empty element");
        }
        switch (bytes[from]) {
            case STRING:
                return new String(bytes, from + 1, length - 1, StandardCharsets.UTF_8);
            case LONG:
                exactly(9, length);
                return ByteBuffer.wrap(bytes, from + 1, 8).getLong();
            case INTEGER:
                exactly(5, length);
                return ByteBuffer.wrap(bytes, from + 1, 4).getInt();
            case NULL:
                exactly(1, length);
                return null;
            case GENERATED_KEY:
                if (!top) {
                    throw malformed("nested cache key");
                }
                ByteBuffer in = ByteBuffer.wrap(bytes, from + 1, length - 1);
                int count = readLength(in, 5); // each parameter: a 4-byte length and at least one byte
                Object[] parameters = new Object[count];
                for (int i = 0; i < count; i++) {
                    int size = readLength(in, 1);
                    parameters[i] = decode(bytes, in.position(), size, false);
                    in.position(in.position() + size);
                }
                if (in.hasRemaining()) {
                    throw malformed("trailing bytes");
                }
                return new DefaultGeneratedCacheKey(parameters);
            default:
                throw malformed("unknown tag");
        }
    }

    /** A length read from the bytes, at most what the bytes left can hold at {@code unit} bytes an item. */
    private static int readLength(ByteBuffer in, int unit) throws UnreadableValueException {
        if (in.remaining() < 4) {
            throw malformed("truncated");
        }
        int length = in.getInt();
        if (length < 0 || (long) length * unit > in.remaining()) {
            throw malformed("length " + length + " beyond the " + in.remaining() + " bytes left");
        }
        return length;
    }

    private static void exactly(int expected, int length) throws UnreadableValueException {
        if (length != expected) {
            throw malformed("expected " + expected + " bytes, found " + length);
        }
    }

    private static UnreadableValueException malformed(String why) {
        return new UnreadableValueException(
                UnreadableValueException.Kind.MALFORMED, "corrupt compact cache encoding: " + why, null);
    }
}
