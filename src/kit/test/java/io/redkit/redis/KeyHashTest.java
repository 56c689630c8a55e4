package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyHashTest {

    @Test
    void of_ApiKey_TruncatedSha256HexWithoutTheKey() {
        // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
        assertEquals("ba7816bf8f01cfea414140de5dae2223", KeyHash.of("abc"));
        assertNotEquals(KeyHash.of("key-1"), KeyHash.of("key-2"));
        assertFalse(KeyHash.of("secret-key").contains("secret"));
    }

    @Test
    void of_ManyThreadsAtOnce_EachGetsItsOwnDigest() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    for (int i = 0; i < 5_000; i++) {
                        if (!KeyHash.of("abc").equals("ba7816bf8f01cfea414140de5dae2223")) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (java.util.concurrent.Future<Boolean> result : results) {
                assertTrue(result.get(), "a shared digest would mix the threads' inputs");
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
