package io.redkit.cache;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
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

    static Object decode(byte[] bytes) throws IOException {
        switch (bytes[0]) {
            case STRING:
                return new String(bytes, 1, bytes.length - 1, StandardCharsets.UTF_8);
            case LONG:
                return ByteBuffer.wrap(bytes, 1, 8).getLong();
            case INTEGER:
                return ByteBuffer.wrap(bytes, 1, 4).getInt();
            case NULL:
                return null;
            case GENERATED_KEY:
                DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes, 1, bytes.length - 1));
                int count = in.readInt();
                if (count < 0 || count > bytes.length) {
                    throw new IOException("corrupt compact cache key");
                }
                Object[] parameters = new Object[count];
                for (int i = 0; i < count; i++) {
                    byte[] element = new byte[in.readInt()];
                    in.readFully(element);
                    parameters[i] = element.length == 1 && element[0] == NULL ? null : decode(element);
                }
                return new DefaultGeneratedCacheKey(parameters);
            default:
                throw new IOException("not a compact cache encoding");
        }
    }
}
