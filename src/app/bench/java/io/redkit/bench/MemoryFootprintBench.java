package io.redkit.bench;

import io.redkit.footprint.MemoryFootprint;
import io.redkit.testing.RedisMemory;

/**
 * {@code mvn -Pbench -Dbench.args=MemoryFootprint}: the bytes each kind of redkit item costs in Redis, at full scale
 * (10,000 sessions, cache entries, rate-limit clients, jobs and locks; fewer for the rows of large items), on a
 * redis-server of its own (the bundled 6.2, or the binary named by
 * {@code -Dbench.redisExecutable=/usr/bin/redis-server}). Prints the Markdown table of docs/operations.md.
 */
final class MemoryFootprintBench {

    private MemoryFootprintBench() {}

    static void run() throws Exception {
        try (RedisMemory memory = RedisMemory.start()) {
            long start = System.nanoTime();
            String table = MemoryFootprint.table(
                    memory.version(), MemoryFootprint.measure(memory, MemoryFootprint.Scale.FULL));
            System.out.println();
            System.out.println(
                    "=== Redis memory per item (MEMORY USAGE <key> SAMPLES 0 summed over the items' keys, and"
                            + " the growth of used_memory without client buffers and script cache; both divided by the items)"
                            + " ===");
            System.out.print(table);
            System.out.printf("(measured in %.0f s)%n", (System.nanoTime() - start) / 1e9);
        }
    }
}
