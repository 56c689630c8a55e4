package io.redkit.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.RedissonConfigs;
import io.redkit.session.SessionSettings;
import io.redkit.testing.RedisClusterTestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;

/**
 * {@link PrincipalIndexContract} on a Redis Cluster (3 masters, 3 replicas) through the shipped {@code
 * redisson-cluster.yaml}: the index is one key on one slot, the sessions it names are spread over every master, and
 * each index change is still one script with no CROSSSLOT.
 */
class PrincipalIndexOnClusterTest extends PrincipalIndexContract {

    private final RedisClusterTestServer cluster = RedisClusterTestServer.shared();

    @Override
    RedissonClient newClient() {
        Path yaml = cluster.yaml(Path.of(System.getProperty("redkit.test.serverConfig"), "redisson-cluster.yaml"));
        return Redisson.create(RedissonConfigs.create(
                RedisSettings.from(ConfigReader.of(Map.of(RedisSettings.CONFIG, yaml.toString()))),
                null,
                getClass().getClassLoader()));
    }

    @Test
    void aPrincipalsSessions_OnEveryMaster_AreListedAndEndedThroughOneIndexKey() {
        String principal = "spread-" + System.nanoTime();
        List<String> keys = new ArrayList<>();
        Set<Integer> masters = new HashSet<>();
        while (masters.size() < 3 && keys.size() < 200) { // random ids: until every master holds one
            String key = session(principal);
            keys.add(key);
            masters.add(cluster.masterOf(cluster.slotOf(key)));
            index.add(principal, key, 0, SessionSettings.WhenFull.REFUSE_NEW);
        }
        assertEquals(3, masters.size(), "session keys on every master: " + keys);
        assertEquals(
                keys,
                index.entries(principal).stream()
                        .map(PrincipalIndex.Entry::sessionKey)
                        .toList());

        index.move(principal, keys.get(0), keys.get(1) + "-moved");
        index.remove(principal, keys.toArray(String[]::new));
        assertEquals(
                List.of(), index.entries(principal), "the moved member names no session, so it is pruned on listing");
        assertTrue(
                redisson.getKeys().countExists(index.key(principal)) == 0, "the index key went with its last member");
    }
}
