package io.redkit.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RedkitKeysTest {

    private final RedkitKeys keys = new RedkitKeys("shop");

    @Test
    void key_JoinsPrefixFeatureAndParts() {
        assertEquals("shop:counter:page-views", keys.key("counter", "page-views"));
        assertEquals("shop:cart:alice:items", keys.key("cart", "alice", "items"));
        assertEquals("shop:jobs", keys.key("jobs"));
    }

    @Test
    void tagged_WrapsTheTagInBraces() {
        assertEquals("shop:ratelimit:{api:42}:min", keys.tagged("ratelimit", "api:42", "min"));
    }

    @Test
    void pattern_MatchesEveryKeyOfAFeature() {
        assertEquals("shop:session:*", keys.pattern("session"));
    }

    @Test
    void key_BracesOrEmptyParts_AreRefused() {
        assertThrows(IllegalArgumentException.class, () -> keys.key("cart", "a{b}"));
        assertThrows(IllegalArgumentException.class, () -> keys.key("cart", ""));
        assertThrows(IllegalArgumentException.class, () -> keys.key("cart", (String) null));
        assertThrows(IllegalArgumentException.class, () -> keys.tagged("cart", "}"));
    }

    @Test
    void key_BadFeatureName_IsRefused() {
        assertThrows(IllegalArgumentException.class, () -> keys.key("Cart"));
        assertThrows(IllegalArgumentException.class, () -> keys.key("a:b"));
        assertThrows(IllegalArgumentException.class, () -> keys.key(""));
        assertThrows(IllegalArgumentException.class, () -> keys.key("1cart"), "starts with a letter");
        assertThrows(IllegalArgumentException.class, () -> keys.key("-cart"));
        assertThrows(IllegalArgumentException.class, () -> keys.key("a".repeat(33)), "at most 32");
        assertEquals("shop:" + "a".repeat(32), keys.key("a".repeat(32)));
        assertEquals("shop:rate-limit-2", keys.key("rate-limit-2"));
    }
}
