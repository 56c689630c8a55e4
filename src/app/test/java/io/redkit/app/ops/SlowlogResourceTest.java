package io.redkit.app.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.RedisTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNodes;
import org.redisson.client.codec.StringCodec;

/** {@code SLOWLOG GET} through Redisson's executor, decoded, on a real Redis. */
class SlowlogResourceTest {

    @Test
    @SuppressWarnings("unchecked")
    void slowlog_ListsTheCommandsRedisLogged() {
        RedissonClient redisson = RedisTestServer.shared().newClient();
        var server = redisson.getRedisNodes(RedisNodes.SINGLE).getInstance();
        String before = server.getConfig("slowlog-log-slower-than").get("slowlog-log-slower-than");
        try {
            server.setConfig("slowlog-log-slower-than", "0"); // log everything
            redisson.getBucket("slowlog-test-key", StringCodec.INSTANCE).set("v");
            SlowlogResource resource = new SlowlogResource();
            resource.redisson = redisson;

            Map<String, Object> answer = resource.slowlog(50);

            List<Map<String, Object>> nodes = (List<Map<String, Object>>) answer.get("nodes");
            assertEquals(1, nodes.size());
            assertEquals("0", nodes.get(0).get("slowerThanMicros"));
            List<Map<String, Object>> entries =
                    (List<Map<String, Object>>) nodes.get(0).get("entries");
            assertTrue(
                    entries.stream().anyMatch(e -> ((List<String>) e.get("command"))
                            .equals(List.of("SET", "slowlog-test-key", "v"))),
                    "the SET is in the slowlog: " + entries);
            Map<String, Object> first = entries.get(0);
            assertTrue(((Long) first.get("durationMicros")) >= 0);
            assertTrue(((String) first.get("client")).contains(":"), "client address: " + first);
        } finally {
            server.setConfig("slowlog-log-slower-than", before);
            redisson.shutdown();
        }
    }
}
