package io.redkit.bench;

import io.redkit.config.ConfigReader;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.internal.RedissonConfigs;
import java.util.Map;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/** The Redis every benchmark fork talks to: started by {@link BenchMain}, address in a system property. */
final class BenchRedis {

    static final String ADDRESS = "redkit.bench.redis";

    private BenchRedis() {}

    /** A client configured as the application configures one. */
    static RedissonClient client() {
        return Redisson.create(config());
    }

    /** The configuration of {@link #client()}. */
    static Config config() {
        String address = System.getProperty(ADDRESS);
        if (address == null) {
            throw new IllegalStateException("Run benchmarks with mvn -Pbench (BenchMain starts Redis)");
        }
        RedisSettings settings = RedisSettings.from(ConfigReader.of(Map.of(RedisSettings.ADDRESS, address)));
        return RedissonConfigs.create(settings, null, BenchRedis.class.getClassLoader());
    }
}
