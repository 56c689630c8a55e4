package io.redkit.redis.internal;

import io.redkit.config.RedkitConfigException;
import io.redkit.redis.RedisClientTuning;
import io.redkit.redis.RedisSettings;
import io.redkit.redis.RedisTls;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.redisson.config.Config;
import org.redisson.config.ConstantDelay;
import org.redisson.config.EqualJitterDelay;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SslVerificationMode;
import org.redisson.config.TransportMode;

/** Builds the Redisson {@link Config} from {@link RedisSettings}; the only place Redisson settings are chosen. */
public final class RedissonConfigs {

    private RedissonConfigs() {}

    /**
     * The client configuration. {@code embeddedAddress} is used only when the settings name no Redis. Lazy
     * initialization lets the application deploy while Redis is down; readiness reports it.
     */
    public static Config create(RedisSettings settings, String embeddedAddress, ClassLoader classLoader) {
        Config config;
        if (settings.configFile().isPresent()) {
            config = load(settings.configFile().get(), classLoader);
        } else {
            config = new Config();
            RedisClientTuning tuning = settings.tuning();
            SingleServerConfig single = config.useSingleServer()
                    .setTimeout(millis(settings))
                    .setConnectTimeout(millis(settings))
                    // Redisson's retry interval is also how long a command may wait, per attempt, for a pooled
                    // connection and for its write to leave the JVM (RedisClientTuning): a constant interval keeps
                    // that window (attempts + 1) x interval on a busy JVM, and an outage is still reported within
                    // attempts x interval (1.5 s by default).
                    .setRetryAttempts(tuning.retryAttempts())
                    .setRetryDelay(new ConstantDelay(tuning.retryInterval()))
                    // Reconnect within a second of Redis coming back, however long it was gone.
                    .setReconnectionDelay(new EqualJitterDelay(Duration.ofMillis(100), Duration.ofSeconds(1)))
                    .setPingConnectionInterval(5000)
                    .setConnectionMinimumIdleSize(tuning.connectionMinimumIdleSize())
                    .setConnectionPoolSize(tuning.connectionPoolSize());
            config.setNettyThreads(tuning.nettyThreads());
            config.setTransportMode(transport(tuning.transport()));
            settings.address()
                    .ifPresentOrElse(
                            address -> {
                                single.setAddress(address.uri());
                                address.username().ifPresent(single::setUsername);
                                address.password().ifPresent(single::setPassword);
                                applyTls(single, settings.tls());
                            },
                            () -> single.setAddress(embeddedAddress));
        }
        config.setCodec(new FilteredSerializationCodec(classLoader, settings.codecFilter(), settings.codecLimits()));
        config.setUseThreadClassLoader(false);
        config.setLazyInitialization(true);
        return config;
    }

    /**
     * The transport for a setting: {@code auto} is epoll where Netty's native transport loads (Linux, its jar for the
     * architecture on the class path), NIO elsewhere; {@code epoll} where it does not load fails, naming the key and
     * Netty's reason. Netty's own loader copies the native library under a unique name per class loader, so several
     * applications (or redeployments) in one server each load their own.
     */
    static TransportMode transport(RedisClientTuning.Transport wanted) {
        if (wanted == RedisClientTuning.Transport.NIO) {
            return TransportMode.NIO;
        }
        Throwable unavailable = epollUnavailability();
        if (unavailable == null) {
            return TransportMode.EPOLL;
        }
        if (wanted == RedisClientTuning.Transport.EPOLL) {
            throw new RedkitConfigException(
                    RedisClientTuning.TRANSPORT,
                    "epoll",
                    "Netty's native epoll transport is not available here (" + unavailable
                            + "); use auto or nio, or add io.netty:netty-transport-native-epoll for this platform",
                    unavailable);
        }
        return TransportMode.NIO;
    }

    /** Why Netty's epoll transport cannot be used here, or null when it can. */
    private static Throwable epollUnavailability() {
        try {
            Class<?> epoll = Class.forName("io.netty.channel.epoll.Epoll", true, Config.class.getClassLoader());
            if ((Boolean) epoll.getMethod("isAvailable").invoke(null)) {
                return null;
            }
            return (Throwable) epoll.getMethod("unavailabilityCause").invoke(null);
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return e;
        }
    }

    /**
     * The stores were opened (and checked) when the settings were read; Redisson gets their factories. STRICT checks
     * the CA and the host name, CA_ONLY the CA alone.
     */
    private static void applyTls(SingleServerConfig single, RedisTls tls) {
        tls.trust().ifPresent(single::setSslTrustManagerFactory);
        tls.client().ifPresent(single::setSslKeyManagerFactory);
        single.setSslVerificationMode(
                tls.verify() == RedisTls.Verify.FULL ? SslVerificationMode.STRICT : SslVerificationMode.CA_ONLY);
    }

    /** Parses a Redisson YAML file, failing with the key that named it. */
    public static Config load(Path file, ClassLoader classLoader) {
        try {
            return Config.fromYAML(file.toFile(), classLoader);
        } catch (IOException | RuntimeException e) {
            throw new RedkitConfigException(
                    RedisSettings.CONFIG, file.toString(), "not a valid Redisson YAML file: " + e.getMessage(), e);
        }
    }

    /** One line saying where Redis is, without credentials. */
    public static String describe(Config config) {
        String transport = ", " + config.getTransportMode().name().toLowerCase(Locale.ROOT) + " transport";
        if (config.isClusterConfig()) {
            return "cluster " + config.useClusterServers().getNodeAddresses() + transport;
        }
        if (config.isSentinelConfig()) {
            return "sentinel master '" + config.useSentinelServers().getMasterName() + "' via "
                    + config.useSentinelServers().getSentinelAddresses() + transport;
        }
        if (config.isSingleConfig()) {
            return "single server " + config.useSingleServer().getAddress() + transport;
        }
        return "master/replica servers" + transport;
    }

    private static int millis(RedisSettings settings) {
        return (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
    }
}
