package io.redkit.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Session key names give no usable id away: whoever lists the keys ({@code SCAN}, which Redis ACLs do not filter by
 * key pattern, {@code MONITOR}, the slow log) sees the family and a hash of the secret; the id is kept inside the hash
 * ({@code _id}) for the destroy events of expired sessions, and follows {@code changeSessionId}.
 */
class SessionKeysTest {

    private static RedissonClient redisson;
    private static SessionStore store;

    @BeforeAll
    static void start() {
        redisson = RedisTestServer.shared().newClient();
        store = new SessionStore(redisson, new RedkitKeys("keys-test"), 1000, 0, Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        redisson.shutdown();
    }

    private static List<String> sessionKeys() {
        List<String> keys = new ArrayList<>();
        redisson.getKeys().getKeysByPattern("keys-test:session:*").forEach(keys::add);
        return keys;
    }

    @Test
    void save_KeyNameHoldsNoSecret_TheIdIsInsideForExpiryEvents() {
        String id = SessionIds.newId();
        assertTrue(store.save(id, true, System.currentTimeMillis(), 60, Map.of("x", bytes("1")), List.of()));

        String secret = SessionIds.secret(id);
        List<String> keys = sessionKeys();
        assertTrue(keys.contains(store.key(id)), keys.toString());
        assertTrue(keys.stream().noneMatch(key -> key.contains(secret)), "the secret in a key name: " + keys);
        assertTrue(store.key(id).startsWith("keys-test:session:{" + SessionIds.family(id) + "}:"), store.key(id));
        assertEquals(32, store.key(id).length() - store.key(id).lastIndexOf(':') - 1, "32 hex digits of SHA-256");

        SessionStore.Stored stored = store.load(id);
        assertEquals(id, stored.id());
        assertEquals("1", new String(stored.attributes().get("x"), StandardCharsets.UTF_8));
        assertNull(SessionStore.legacyIdOf(store.key(id)), "today's keys are not read as the earlier naming");
    }

    @Test
    void rename_TheNewKeyHoldsTheNewId_TheOldSecretIsGone() {
        String id = SessionIds.newId();
        store.save(id, true, System.currentTimeMillis(), 60, Map.of(), List.of());
        String rotated = SessionIds.rotate(id);
        assertTrue(store.rename(id, rotated));
        assertNull(store.load(id));
        assertEquals(rotated, store.load(rotated).id());
        String value = redisson.getMap(store.key(rotated), StringCodec.INSTANCE)
                .get("_id")
                .toString();
        assertEquals(rotated, value);
        assertFalse(sessionKeys().contains(store.key(id)));
    }

    @Test
    void legacyIdOf_KeyOfTheEarlierNaming_GivesTheId() {
        String id = SessionIds.newId();
        String legacy = "keys-test:session:{" + SessionIds.family(id) + "}:" + SessionIds.secret(id);
        assertEquals(id, SessionStore.legacyIdOf(legacy));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
