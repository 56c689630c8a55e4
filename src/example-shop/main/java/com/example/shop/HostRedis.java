package com.example.shop;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * The shop's own Redis client, unqualified: redkit's client is {@code @Redkit}-qualified, so both live side by side
 * (here on the same Redis; it could be another one).
 */
@ApplicationScoped
public class HostRedis {

    @Inject
    @ConfigProperty(name = "shop.redis.address")
    String address;

    private RedissonClient client;

    @Produces
    @ApplicationScoped
    RedissonClient client() {
        Config config = new Config();
        config.useSingleServer().setAddress(address);
        client = Redisson.create(config);
        return client;
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.shutdown();
        }
    }
}
