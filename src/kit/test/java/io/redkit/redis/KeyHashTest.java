package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class KeyHashTest {

    @Test
    void of_ApiKey_TruncatedSha256HexWithoutTheKey() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertEquals("ba7816bf8f01cfea414140de5dae2223", KeyHash.of("abc"));
        assertNotEquals(KeyHash.of("key-1"), KeyHash.of("key-2"));
        assertFalse(KeyHash.of("secret-key").contains("secret"));
    }
}
