package io.redkit.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisSettings;
import io.redkit.testing.RedisTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;

/** {@code SLOWLOG GET} through Redisson's executor, decoded and redacted, on a real Redis. */
class SlowlogResourceTest {

    @Test
    @SuppressWarnings("unchecked")
    void slowlog_ListsTheCommandsRedisLogged_ByNameAndKeyShapeOnly() {
        RedissonClient redisson = RedisTestServer.shared().newClient();
        var server = redisson.getRedisNodes(RedisNodes.SINGLE).getInstance();
        String before = server.getConfig("slowlog-log-slower-than").get("slowlog-log-slower-than");
        try {
            server.setConfig("slowlog-log-slower-than", "0"); // log everything
            redisson.getBucket("redkit:session:{Secret-Session-Id-123}", StringCodec.INSTANCE)
                    .set("secret-value");
            redisson.getBucket("other-app:token:abc", StringCodec.INSTANCE).set("other-secret");
            SlowlogResource resource = new SlowlogResource();
            resource.redisson = redisson;
            resource.redisSettings = RedisSettings.from(ConfigReader.of(Map.of(
                    RedisSettings.ADDRESS, RedisTestServer.shared().address(), RedisSettings.KEY_PREFIX, "redkit")));

            Map<String, Object> answer = resource.slowlog(50);

            List<Map<String, Object>> nodes = (List<Map<String, Object>>) answer.get("nodes");
            assertEquals(1, nodes.size());
            assertEquals("0", nodes.get(0).get("slowerThanMicros"));
            List<Map<String, Object>> entries =
                    (List<Map<String, Object>>) nodes.get(0).get("entries");
            assertTrue(
                    entries.stream()
                            .anyMatch(e -> e.get("command").equals("SET")
                                    && e.get("keys").equals(List.of("redkit:session:{*}"))
                                    && e.get("arguments").equals(2)),
                    "the SET is in the slowlog, by shape: " + entries);
            assertTrue(
                    entries.stream()
                            .anyMatch(e -> e.get("command").equals("SET")
                                    && e.get("keys").equals(List.of())),
                    "the other application's SET: no key shown: " + entries);
            Map<String, Object> first = entries.get(0);
            assertTrue(((Long) first.get("durationMicros")) >= 0);
            assertFalse(first.containsKey("client"), "no client address: " + first);
            String all = answer.toString();
            for (String secret : List.of("Secret-Session-Id-123", "secret-value", "other-app", "other-secret")) {
                assertFalse(all.contains(secret), secret + " in " + all);
            }
        } finally {
            server.setConfig("slowlog-log-slower-than", before);
            redisson.shutdown();
        }
    }
}
