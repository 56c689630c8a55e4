package com.example.shop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.ServerNode;
import io.redkit.testing.WildFlyNode;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.client.codec.StringCodec;

/**
 * {@link ShopContract} on WildFly 39 (Jakarta EE 10, {@code standalone.xml} as shipped), the same WAR as on Payara,
 * plus what only two nodes can show: both nodes share one Redis, a session written through one is read through the
 * other, and the {@code @ClusterSingleton} job runs once per tick across both.
 */
class ShopOnWildFlyIT extends ShopContract {

    private static final String PREFIX = "shop-wildfly";

    private static WildFlyNode a;
    private static WildFlyNode b;

    @BeforeAll
    static void deployTheShopTwice() throws Exception {
        Map<String, Map<String, String>> nodes = new LinkedHashMap<>();
        for (String name : List.of("shop-wildfly-a", "shop-wildfly-b")) {
            Map<String, String> properties = new HashMap<>(redisAddresses());
            properties.put("redkit.redis.key-prefix", PREFIX);
            properties.put("redkit.jobs.node-name", name);
            nodes.put(name, properties);
        }
        List<WildFlyNode> started = WildFlyNode.startAll(PayaraMicroNode.warUnderTest(), nodes);
        a = started.get(0);
        b = started.get(1);
    }

    @AfterAll
    static void stop() {
        ServerNode.closeAll(a, b);
    }

    @Override
    ServerNode node() {
        return a;
    }

    @Override
    List<ServerNode> nodes() {
        return List.of(a, b);
    }

    @Override
    String prefix() {
        return PREFIX;
    }

    @Test
    void session_WrittenThroughOneNode_IsReadThroughTheOther() {
        Http.Reply added = a.http().post("shop/cart/kettle", "text/plain", "");
        assertEquals(200, added.status(), added.toString());
        String id = added.json().getString("session");

        Http http = b.http();
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
        Http.Reply back = a.http()
                .send(a.http()
                        .request("shop/cart")
                        .header("Cookie", "SESSION=" + id)
                        .GET()
                        .build());
        assertEquals("[\"kettle\",\"cup\"]", back.body(), "and node a what node b added");
    }

    @Test
    void clusterSingletonJob_RunsOncePerTick_AcrossBothNodes() {
        String history = PREFIX + ":jobs:{shop-report}:history";
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
        assertTrue(Set.of("shop-wildfly-a", "shop-wildfly-b").containsAll(where), "runs on the two nodes: " + runs);
        int counted = nodes().stream()
                .mapToInt(node -> node.http().get("shop/report").json().getInt("runs"))
                .sum();
        assertTrue(counted >= runs.size(), "the nodes ran it " + counted + " times, history has " + runs.size());
    }

    @Override
    Http.Reply readiness() {
        return new Http(a.management()).get("health/ready");
    }

    /** WildFly 39's standalone.xml has its own health subsystem on the management port, not MicroProfile Health. */
    @Override
    boolean microProfileHealth() {
        return false;
    }
}
