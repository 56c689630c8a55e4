package com.example.shop;

import io.redkit.testing.Jdks;
import io.redkit.testing.PayaraMicroNode;
import io.redkit.testing.ServerNode;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link ShopContract} on Payara Micro 7 (Jakarta EE 11), two nodes ({@link TwoNodeShopContract}), deploying the shop
 * as src/example-shop-ee11 builds it: the same sources with Hibernate ORM 7. Payara Micro 7 needs a JDK 21+, which
 * {@link Jdks} finds (or {@code redkit.jdk21.home} names); without one the class is skipped, saying so.
 */
class ShopOnPayara7IT extends TwoNodeShopContract {

    private static final String PREFIX = "shop-payara7";

    private static PayaraMicroNode a;
    private static PayaraMicroNode b;

    @BeforeAll
    static void deployTheShopTwice() throws Exception {
        Optional<Jdks.Jdk> jdk = Jdks.atLeast(21);
        Assumptions.assumeTrue(
                jdk.isPresent(),
                "Payara Micro 7 needs a JDK 21+, and none was found (set redkit.jdk21.home or JAVA21_HOME; looked in "
                        + Jdks.searched() + ")");
        List<PayaraMicroNode> started = PayaraMicroNode.startAll(
                PayaraMicroNode.warUnderTest(), jdk.get().home(), twoNodes(PREFIX));
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
}
