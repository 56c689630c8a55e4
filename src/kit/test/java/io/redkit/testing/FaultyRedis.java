package io.redkit.testing;

import io.redkit.redis.internal.EmbeddedRedis;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A redis-server of a test's own that the test can break in every way the fault matrix names: kill -9 and restart
 * (with AOF {@code appendfsync always}: data kept; without: data lost), SIGSTOP/SIGCONT, {@code CLIENT KILL}, {@code
 * SCRIPT FLUSH}, {@code FLUSHALL}, {@code maxmemory}. It keeps its port across restarts, so clients reconnect to it.
 * An admin connection of its own issues the fault commands (it is never one of the application's connections).
 */
public final class FaultyRedis implements AutoCloseable {

    private final int port;
    private final boolean persistent;
    private final Path dir;
    private EmbeddedRedis server;
    private long pid;

    private FaultyRedis(int port, boolean persistent, Path dir) {
        this.port = port;
        this.persistent = persistent;
        this.dir = dir;
    }

    /** Starts a redis-server on a free port; {@code persistent}: AOF with {@code appendfsync always}. */
    public static FaultyRedis start(boolean persistent) {
        try {
            FaultyRedis redis = new FaultyRedis(
                    EmbeddedRedis.freePort(), persistent, Files.createTempDirectory("redkit-faulty-redis"));
            redis.launch();
            return redis;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void launch() {
        List<String> settings = new ArrayList<>();
        settings.add("dir " + dir);
        if (persistent) {
            settings.add("appendonly yes");
            settings.add("appendfsync always");
        }
        server = EmbeddedRedis.start(port, settings.toArray(String[]::new));
        pid = Long.parseLong(info("process_id"));
    }

    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** kill -9: no shutdown, no final fsync. */
    public void kill() {
        signal("KILL", pid);
        Awaitility.await("redis-server " + pid + " gone")
                .atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        try {
            server.close();
        } catch (RuntimeException alreadyDead) {
            // the wrapper may complain that its process is gone; it is
        }
    }

    /**
     * Starts it again on the same port. {@code keepData}: from its directory (the AOF is replayed); otherwise from
     * an empty directory, as a server without persistence comes back.
     */
    public void restart(boolean keepData) {
        if (!keepData) {
            deleteContents();
        }
        launch();
    }

    public boolean isPersistent() {
        return persistent;
    }

    /** SIGSTOP: the server holds its connections but answers nothing. */
    public void pause() {
        signal("STOP", pid);
    }

    public void resume() {
        signal("CONT", pid);
    }

    /** {@code CLIENT KILL TYPE normal|pubsub}, sparing the admin connection; returns how many were killed. */
    public long clientKill(String type) {
        return Long.parseLong(command("CLIENT", "KILL", "TYPE", type, "SKIPME", "yes"));
    }

    public void scriptFlush() {
        command("SCRIPT", "FLUSH");
    }

    public void flushAll() {
        command("FLUSHALL");
    }

    /** {@code CONFIG SET maxmemory-policy <policy>} and {@code maxmemory <bytes>}; 0 lifts the limit. */
    public void maxmemory(long bytes, String policy) {
        command("CONFIG", "SET", "maxmemory-policy", policy);
        command("CONFIG", "SET", "maxmemory", Long.toString(bytes));
    }

    public long usedMemory() {
        return Long.parseLong(info("used_memory"));
    }

    /** One field of {@code INFO}. */
    public String info(String field) {
        for (String line : command("INFO", "all").split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1);
            }
        }
        throw new IllegalStateException("INFO has no field " + field);
    }

    /**
     * Runs one command on a fresh admin connection (so that killing the application's connections spares it) and
     * returns an integer, status or bulk reply as text; an error reply throws.
     */
    public String command(String... args) {
        return command(port, args);
    }

    /** As {@link #command(String...)}, on the redis-server at {@code port} on loopback (e.g. the harness's). */
    public static String command(int port, String... args) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
            for (String arg : args) {
                request.append('$')
                        .append(arg.getBytes(StandardCharsets.UTF_8).length)
                        .append("\r\n")
                        .append(arg)
                        .append("\r\n");
            }
            socket.getOutputStream().write(request.toString().getBytes(StandardCharsets.UTF_8));
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String reply = line(in);
            switch (reply.charAt(0)) {
                case '+', ':' -> {
                    return reply.substring(1);
                }
                case '$' -> {
                    int length = Integer.parseInt(reply.substring(1));
                    if (length < 0) {
                        return null;
                    }
                    byte[] body = new byte[length];
                    in.readFully(body);
                    return new String(body, StandardCharsets.UTF_8);
                }
                default -> throw new IllegalStateException(String.join(" ", args) + " failed: " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", args) + " failed", e);
        }
    }

    /** SIGSTOP of the redis-server listening on {@code port}; returns its process id, for {@link #resumeProcess}. */
    public static long pauseServer(int port) {
        long processId = processId(port);
        signal("STOP", processId);
        return processId;
    }

    /** SIGCONT of a process paused by {@link #pauseServer}. */
    public static void resumeProcess(long processId) {
        signal("CONT", processId);
    }

    private static long processId(int port) {
        String server = command(port, "INFO", "server");
        int at = server.indexOf("process_id:");
        return Long.parseLong(server.substring(at + "process_id:".length(), server.indexOf('\r', at)));
    }

    /**
     * kill -9 of the redis-server listening on {@code port} (its {@code process_id}); returns once the process is
     * gone. For topologies (Cluster, Sentinel) whose servers are not {@code FaultyRedis} instances.
     */
    public static void killNine(int port) {
        long processId = processId(port);
        signal("KILL", processId);
        Awaitility.await("redis-server " + processId + " gone")
                .atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(processId).map(p -> !p.isAlive()).orElse(true));
    }

    private static String line(DataInputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        if (line.length() == 0) {
            throw new IOException("connection closed without a reply");
        }
        return line.toString();
    }

    private static void signal(String signal, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            resume();
            server.close();
        }
        deleteContents();
        dir.toFile().delete();
    }

    private void deleteContents() {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .filter(path -> !path.equals(dir))
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not empty " + dir, e);
        }
    }
}
