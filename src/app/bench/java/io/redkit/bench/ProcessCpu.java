package io.redkit.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.redisson.api.RedissonClient;
import org.redisson.api.redisnode.RedisNode;
import org.redisson.api.redisnode.RedisNodes;

/**
 * The CPU time (user + system) a process has used, read from {@code /proc/<pid>/stat} (Linux): for this JVM and for
 * the benchmark's redis-server (its {@code INFO server} process id; on this machine). Elsewhere, or when the process
 * is not found, it reads 0 and the CPU columns say 0.
 */
final class ProcessCpu {

    /** Linux's clock ticks per second for /proc times (USER_HZ, 100 on every common kernel). */
    private static final long TICKS_PER_SECOND = 100;

    private final long pid;

    private ProcessCpu(long pid) {
        this.pid = pid;
    }

    static ProcessCpu of(long pid) {
        return new ProcessCpu(pid);
    }

    /** The redis-server {@code redisson} talks to, by the {@code process_id} of its {@code INFO server}. */
    static ProcessCpu redisServer(RedissonClient redisson) {
        Map<String, String> info =
                redisson.getRedisNodes(RedisNodes.SINGLE).getInstance().info(RedisNode.InfoSection.SERVER);
        return new ProcessCpu(Long.parseLong(info.getOrDefault("process_id", "-1")));
    }

    /** CPU nanoseconds used so far (10 ms resolution). */
    long nanos() {
        if (pid < 0) {
            return 0;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name in parentheses: state is field 3, utime 14, stime 15
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * (1_000_000_000L / TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
