package com.example.shop;

import io.redkit.testing.Http;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.ServerNode;
import io.redkit.testing.WildFlyNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ShopContract} on WildFly 39 (Jakarta EE 10, {@code standalone.xml} as shipped), the same WAR as on Payara,
 * on two nodes ({@link TwoNodeShopContract}).
 */
class ShopOnWildFlyIT extends TwoNodeShopContract {

    private static final String PREFIX = "shop-wildfly";

    private static WildFlyNode a;
    private static WildFlyNode b;

    @BeforeAll
    static void deployTheShopTwice() throws Exception {
        List<WildFlyNode> started = WildFlyNode.startAll(PayaraMicroNode.warUnderTest(), twoNodes(PREFIX));
        a = started.get(0);
        b = started.get(1);
    }

    @AfterAll
    static void stop() {
        ServerNode.closeAll(a, b);
    }

    @Override
    List<ServerNode> nodes() {
        return List.of(a, b);
    }

    @Override
    String prefix() {
        return PREFIX;
    }

    @Override
    Http.Reply readiness() {
        return new Http(a.management()).get("health/ready");
    }

    /** WildFly 39's standalone.xml has neither MicroProfile Metrics nor Micrometer's subsystem: the kit's metrics are off. */
    @Override
    Optional<String> metricsPath() {
        return Optional.empty();
    }

    /** WildFly 39's standalone.xml has its own health subsystem on the management port, not MicroProfile Health. */
    @Override
    boolean microProfileHealth() {
        return false;
    }
}
