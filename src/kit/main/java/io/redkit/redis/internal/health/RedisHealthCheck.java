package io.redkit.redis.internal.health;

import io.redkit.redis.RedisSettings;
import io.redkit.redis.RedisTls;
import io.redkit.redis.Redkit;
import io.redkit.redis.internal.RedisPing;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.redisson.api.RedissonClient;

/**
 * Readiness: the application is ready while every Redis node answers PING within {@code redkit.redis.health-timeout}.
 * Redis being down makes the node unready (so a load balancer sends traffic elsewhere) but never kills it: the
 * application keeps serving whatever does not need Redis. The kit's beans.xml hides this package when the server has
 * no MicroProfile Health.
 */
@Readiness
@ApplicationScoped
public class RedisHealthCheck implements HealthCheck {

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedisSettings settings;

    @Override
    public HealthCheckResponse call() {
        RedisPing.Result result = RedisPing.ping(redisson, settings.healthTimeout());
        HealthCheckResponseBuilder response = HealthCheckResponse.named("redis")
                .status(result.up())
                .withData("pingMillis", result.millis())
                .withData("keyPrefix", settings.keyPrefix());
        if (!result.up()) {
            boolean tls =
                    settings.address().map(a -> "rediss".equals(a.scheme())).orElse(false);
            boolean tlsNamed = result.error().startsWith("TLS handshake failed");
            response.withData(
                    "reason",
                    (tlsNamed ? "" : "Redis is unreachable: ")
                            + result.error()
                            + (tls && !tlsNamed
                                    ? " (over TLS a server that wants a client certificate just closes the"
                                            + " connection: check " + RedisTls.KEYSTORE + ")"
                                    : ""));
        }
        return response.build();
    }
}
