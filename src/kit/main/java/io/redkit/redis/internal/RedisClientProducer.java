package io.redkit.redis.internal;

import io.redkit.redis.RedisSettings;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Owns the application's one {@link RedissonClient}: created at start-up, shut down with the application, and, when
 * no Redis is configured, backed by an {@link EmbeddedRedis} that lives exactly as long.
 */
@ApplicationScoped
public class RedisClientProducer {

    private static final Logger LOG = Logger.getLogger(RedisClientProducer.class.getName());

    @Inject
    RedisSettings settings;

    private EmbeddedRedis embedded;

    @Produces
    @ApplicationScoped
    @Redkit
    RedissonClient redisson() {
        String embeddedAddress = null;
        if (settings.embedded()) {
            embedded = EmbeddedRedis.start(settings.embeddedPort());
            embeddedAddress = embedded.address();
            LOG.info("redkit: no Redis configured (" + RedisSettings.ADDRESS + " / " + RedisSettings.CONFIG
                    + " unset) and " + RedisSettings.EMBEDDED + "=true: started an embedded redis-server at "
                    + embeddedAddress + " for development; its data is lost when the application stops");
        }
        Config config = RedissonConfigs.create(settings, embeddedAddress, RedisClientProducer.class.getClassLoader());
        RedissonClient client = Redisson.create(config);
        LOG.info("redkit: Redis client for " + RedissonConfigs.describe(config) + ", key prefix '"
                + settings.keyPrefix() + "'");
        return client;
    }

    @Produces
    RedkitKeys keys() {
        return new RedkitKeys(settings.keyPrefix());
    }

    void shutdown(@Disposes @Redkit RedissonClient client) {
        client.shutdown();
        stopEmbedded();
    }

    /** Creates the client at deployment, so the embedded server and the log lines appear at boot, not first use. */
    void startAtBoot(@Observes @Initialized(ApplicationScoped.class) Object ignored, @Redkit RedissonClient client) {
        client.getId();
    }

    @PreDestroy
    synchronized void stopEmbedded() {
        if (embedded != null) {
            embedded.close();
            LOG.info("redkit: stopped the embedded redis-server on port " + embedded.port());
            embedded = null;
        }
    }
}
