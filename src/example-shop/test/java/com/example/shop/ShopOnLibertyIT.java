package com.example.shop;

import io.redkit.testing.LibertyNode;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.ServerNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ShopContract} on Open Liberty 26 (Jakarta EE 10): the same WAR as on Payara and WildFly, under the shop's
 * {@code liberty/server.xml} (its features, a default datasource, Hibernate's JTA platform).
 */
class ShopOnLibertyIT extends ShopContract {

    private static final String PREFIX = "shop-liberty";

    private static LibertyNode shop;

    @BeforeAll
    static void deployTheShop() {
        Map<String, String> properties = new HashMap<>(redisAddresses());
        properties.put("redkit.redis.key-prefix", PREFIX);
        shop = LibertyNode.start(
                "shop-liberty",
                PayaraMicroNode.warUnderTest(),
                Path.of(System.getProperty("redkit.liberty.serverXml", "liberty/server.xml")),
                Map.of("h2.dir", System.getProperty("redkit.liberty.h2", "target/servers/h2")),
                properties);
    }

    @AfterAll
    static void stop() {
        ServerNode.closeAll(shop);
    }

    @Override
    ServerNode node() {
        return shop;
    }

    @Override
    String prefix() {
        return PREFIX;
    }
}
