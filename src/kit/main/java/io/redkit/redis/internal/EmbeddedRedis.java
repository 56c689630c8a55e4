package io.redkit.redis.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/**
 * A redis-server child process for development and tests, from the Redis 6.2 binary shipped in the Maven Central
 * artifact {@code com.github.codemonstur:embedded-redis}, or the binary named by system property {@value
 * #EXECUTABLE} (environment variable {@code REDKIT_REDIS_EMBEDDED_EXECUTABLE}), e.g. a distribution's {@code
 * /usr/bin/redis-server} 7. It persists nothing, binds to loopback only, and is stopped by {@link #close()} or,
 * failing that, by a JVM shutdown hook.
 */
public final class EmbeddedRedis implements AutoCloseable {

    /** A redis-server binary to run instead of the one in the embedded-redis artifact. */
    public static final String EXECUTABLE = "redkit.redis.embedded.executable";

    private final int port;
    private final RedisServer server;

    private EmbeddedRedis(int port, RedisServer server) {
        this.port = port;
        this.server = server;
    }

    /** True when the optional embedded-redis artifact (the redis-server binary) is on the class path. */
    public static boolean available(ClassLoader loader) {
        try {
            Class.forName("redis.embedded.RedisServer", false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Starts redis-server on {@code port}, or on a free port when {@code port} is 0. */
    public static EmbeddedRedis start(int port) {
        return start(port, new String[0]);
    }

    /** As {@link #start(int)}, with extra redis.conf lines such as {@code requirepass secret}. */
    public static EmbeddedRedis start(int port, String... settings) {
        int chosen = port == 0 ? freePort() : port;
        try {
            var builder = RedisServer.newRedisServer();
            executable().ifPresent(file -> builder.executableProvider(() -> file));
            builder.bind("127.0.0.1")
                    .port(chosen)
                    .setting("save \"\"")
                    .setting("appendonly no")
                    .setting("protected-mode yes")
                    .onShutdownForceStop(true);
            for (String setting : settings) {
                builder.setting(setting);
            }
            RedisServer server = builder.build();
            server.start();
            return new EmbeddedRedis(chosen, server);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded redis-server on 127.0.0.1:" + chosen, e);
        }
    }

    /** The binary {@value #EXECUTABLE} names, if it names one; a name that is no executable file fails, naming it. */
    static java.util.Optional<java.io.File> executable() {
        String named = System.getProperty(EXECUTABLE, System.getenv("REDKIT_REDIS_EMBEDDED_EXECUTABLE"));
        if (named == null || named.isBlank()) {
            return java.util.Optional.empty();
        }
        java.io.File file = new java.io.File(named.trim());
        if (!file.isFile() || !file.canExecute()) {
            throw new IllegalStateException(EXECUTABLE + " (or REDKIT_REDIS_EMBEDDED_EXECUTABLE) names " + named
                    + ", which is not an executable"
                    + " file: give the path of a redis-server binary, or leave it unset for the bundled one");
        }
        return java.util.Optional.of(file);
    }

    public int port() {
        return port;
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isActive() {
        return server.isActive();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop the embedded redis-server on port " + port, e);
        }
    }

    /** A port that was free a moment ago on loopback. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free TCP port on loopback", e);
        }
    }
}
