package io.redkit.it.cache;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import java.util.Map;
import javax.cache.CacheManager;
import javax.cache.Caching;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;
import org.redisson.config.Config;

/**
 * Test-only (CacheIT): what a host application brings of its own — an unqualified {@code RedissonClient} and an
 * unqualified JCache {@code CacheManager} (Redisson's own JCache provider) — next to redkit's {@code @Redkit} ones. The
 * deployment must not be ambiguous, the host's injections get the host's beans, and redkit keeps using its own.
 */
public final class HostBeans {

    private HostBeans() {}

    @ApplicationScoped
    public static class Producers {

        @Inject
        @ConfigProperty(name = "redkit.redis.address")
        String address;

        @Produces
        @ApplicationScoped
        RedissonClient hostClient() {
            Config config = new Config();
            config.setCodec(StringCodec.INSTANCE);
            config.useSingleServer().setAddress(address);
            return Redisson.create(config);
        }

        void close(@Disposes RedissonClient client) {
            client.shutdown();
        }

        @Produces
        @ApplicationScoped
        CacheManager hostCacheManager() {
            return Caching.getCachingProvider("org.redisson.jcache.JCachingProvider", Producers.class.getClassLoader())
                    .getCacheManager();
        }
    }

    @Path("host-beans")
    public static class Resource {

        @Inject
        RedissonClient client;

        @Inject
        CacheManager cacheManager;

        @GET
        public Map<String, String> get() {
            client.getBucket("host:probe", StringCodec.INSTANCE).set("written by the host's own client");
            return Map.of(
                    "clientCodec", client.getConfig().getCodec().getClass().getSimpleName(),
                    "cacheManager", cacheManager.getURI().toString(),
                    "cacheManagerType", cacheManager.getClass().getName(),
                    "probe",
                            client.<String>getBucket("host:probe", StringCodec.INSTANCE)
                                    .get());
        }
    }
}
