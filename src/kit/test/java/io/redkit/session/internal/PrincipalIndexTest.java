package io.redkit.session.internal;

import io.redkit.testing.RedisTestServer;
import org.redisson.api.RedissonClient;

/** {@link PrincipalIndexContract} on one Redis. */
class PrincipalIndexTest extends PrincipalIndexContract {

    @Override
    RedissonClient newClient() {
        return RedisTestServer.shared().newClient();
    }
}
