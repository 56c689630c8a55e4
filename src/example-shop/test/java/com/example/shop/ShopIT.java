package com.example.shop;

import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.ServerNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link ShopContract} on Payara Micro 6 (Jakarta EE 10), one node, with the shop's own key prefix {@code shop}. */
class ShopIT extends ShopContract {

    private static PayaraMicroNode shop;

    @BeforeAll
    static void deployTheShop() {
        shop = PayaraMicroNode.start("shop", redisAddresses());
    }

    @AfterAll
    static void stop() {
        PayaraMicroNode.closeAll(shop);
    }

    @Override
    ServerNode node() {
        return shop;
    }

    @Override
    String prefix() {
        return "shop"; // its microprofile-config.properties
    }
}
