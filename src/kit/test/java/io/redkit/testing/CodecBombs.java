package io.redkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Hostile serialized values an attacker with write access to Redis could plant: small inputs that declare huge
 * lengths or absurd nesting. Made from real serialized objects with one length patched, so every other byte is what
 * the JDK writes.
 */
public final class CodecBombs {

    private CodecBombs() {}

    /** 35 bytes: a {@code long[]} declaring 2^31-16 elements (16 GiB) followed by one element. */
    public static byte[] longArray() {
        byte[] empty = serialize(new long[0]); // ... TC_NULL (no superclass), then the 4-byte length
        byte[] bomb = Arrays.copyOf(empty, empty.length + 8);
        patchInt(bomb, empty.length - 4, 0x7FFFFFF0);
        return bomb;
    }

    /** {@code Object[]} nested {@code depth} deep ({@code depth} × 10 bytes): without a cap, a StackOverflowError. */
    public static byte[] nestedArrays(int depth) {
        byte[] one = serialize(new Object[] {null}); // header, TC_ARRAY, class desc, length 1, TC_NULL
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(one, 0, one.length - 1);
        for (int i = 1; i < depth; i++) {
            // TC_ARRAY, TC_REFERENCE to the class desc (first handle 0x7E0000), length 1
            out.writeBytes(new byte[] {0x75, 0x71, 0x00, 0x7E, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01});
        }
        out.write(0x70); // TC_NULL
        return out.toByteArray();
    }

    /** A one-entry {@code HashMap} whose declared size is 2^31-16: its table would be 2^30 entries (4-8 GiB). */
    public static byte[] hugeHashMap() {
        Map<String, String> map = new HashMap<>();
        map.put("k", "v");
        byte[] bytes = serialize(map);
        // block data after the fields: TC_BLOCKDATA, 8, buckets (16), size (1)
        int at = indexOf(bytes, new byte[] {0x77, 0x08, 0, 0, 0, 0x10, 0, 0, 0, 1});
        patchInt(bytes, at + 6, 0x7FFFFFF0);
        return bytes;
    }

    /** A three-element {@code ArrayList} whose {@code size} field says 2^31-16: an Object[] of 8-16 GiB. */
    public static byte[] hugeArrayList() {
        ArrayList<Object> list = new ArrayList<>();
        list.add(null);
        list.add(null);
        list.add(null);
        byte[] bytes = serialize(list);
        // end of the class desc (TC_ENDBLOCKDATA, TC_NULL superclass), then the int field size = 3
        int at = indexOf(bytes, new byte[] {0x78, 0x70, 0, 0, 0, 3});
        patchInt(bytes, at + 2, 0x7FFFFFF0);
        return bytes;
    }

    public static byte[] serialize(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream stream = new ObjectOutputStream(out)) {
            stream.writeObject(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private static void patchInt(byte[] bytes, int at, int value) {
        bytes[at] = (byte) (value >>> 24);
        bytes[at + 1] = (byte) (value >>> 16);
        bytes[at + 2] = (byte) (value >>> 8);
        bytes[at + 3] = (byte) value;
    }

    private static int indexOf(byte[] bytes, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (bytes[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("pattern not found in the serialized value");
    }
}
