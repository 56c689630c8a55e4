package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.ServerNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

/**
 * {@link ShopContract} plus what only two nodes of one server can show: both share one Redis (under {@link
 * #prefix()}), a session written through one is read and extended through the other, and the {@code
 * @ClusterSingleton} job runs once per tick across both. {@link #nodes()} are the two, {@link #node()} the first.
 */
abstract class TwoNodeShopContract extends ShopContract {

    /** The system properties of the two nodes, {@code <prefix>-a} and {@code <prefix>-b}: Redis, prefix, job node. */
    static Map<String, Map<String, String>> twoNodes(String prefix) {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        for (String name : List.of(prefix + "-a", prefix + "-b")) {
            Map<String, String> properties = new HashMap<>(redisAddresses());
            properties.put("redkit.redis.key-prefix", prefix);
            properties.put("redkit.jobs.node-name", name);
            nodes.put(name, properties);
        }
        return nodes;
    }

    @Override
    ServerNode node() {
        return nodes().get(0);
    }

    @Override
    abstract List<ServerNode> nodes();

    @Test
    void session_WrittenThroughOneNode_IsReadThroughTheOther() {
        Http.Reply added = nodes().get(0).http().post("shop/cart/kettle", "text/plain", "");
        assertEquals(200, added.status(), added.toString());
        String id = added.setCookie("SESSION");

        Http http = nodes().get(1).http();
        Http.Reply cart = http.send(http.request("shop/cart")
                .header("Cookie", "SESSION=" + id)
                .GET()
                .build());
        assertEquals(200, cart.status(), cart.toString());
        assertEquals("[\"kettle\"]", cart.body(), "node b serves the session node a wrote");

        Http.Reply more = http.send(http.request("shop/cart/cup")
                .header("Cookie", "SESSION=" + id)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(200, more.status(), more.toString());
        Http.Reply back = nodes().get(0)
                .http()
                .send(nodes().get(0)
                        .http()
                        .request("shop/cart")
                        .header("Cookie", "SESSION=" + id)
                        .GET()
                        .build());
        assertEquals("[\"kettle\",\"cup\"]", back.body(), "and node a what node b added");
    }

    @Test
    void clusterSingletonJob_RunsOncePerTick_AcrossBothNodes() {
        String history = prefix() + ":jobs:{shop-report}:history";
        // the job ticks every 2 s on both nodes: six runs take about 12 s
        Awaitility.await("six runs of shop-report in its history")
                .atMost(Duration.ofSeconds(60))
                .until(() -> redis.getList(history, StringCodec.INSTANCE).size() >= 6);
        List<JsonObject> runs = redis.<String>getList(history, StringCodec.INSTANCE).readAll().stream()
                .map(entry -> Json.createReader(new StringReader(entry)).readObject())
                .toList();
        List<Long> ticks =
                runs.stream().map(run -> run.getJsonNumber("tick").longValue()).toList();
        assertTrue(ticks.stream().allMatch(tick -> tick > 0), "every run is a scheduled tick: " + runs);
        assertEquals(Set.copyOf(ticks).size(), ticks.size(), "no tick ran twice: " + runs);
        Set<String> where = runs.stream().map(run -> run.getString("node")).collect(Collectors.toSet());
        assertTrue(Set.of(prefix() + "-a", prefix() + "-b").containsAll(where), "runs on the two nodes: " + runs);
        int counted = nodes().stream()
                .mapToInt(node -> node.http().get("shop/report").json().getInt("runs"))
                .sum();
        assertTrue(counted >= runs.size(), "the nodes ran it " + counted + " times, history has " + runs.size());
    }
}
