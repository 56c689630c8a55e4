package io.redkit.it.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.redkit.testing.FaultyRedis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * One fault of the matrix, run against every feature's main flow on the shared fault node: all features work; the
 * fault is injected; every feature answers its documented outage behaviour (never a 500); the fault is healed; the
 * time until every feature works again is measured against {@link #RECOVERY_BOUND}; where Redis kept its data, no
 * write answered 2xx is missing; and server-sent events are delivered again. Each run appends its row to {@code
 * target/fault-matrix.md}.
 */
abstract class FaultScenario {

    /** The recovery every fault must meet (measured figures are in the README's fault matrix). */
    static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);

    /**
     * The documented outage behaviour: caches bypass Redis (the database answers: 200), the rate limiter fails open
     * (200, or 429 when the limit was reached before), every other feature answers 503 with {@code Retry-After} or
     * works. Never a 500.
     */
    private static final Map<String, Set<Integer>> ALLOWED_DURING = Map.ofEntries(
            Map.entry("cache", Set.of(200)),
            Map.entry("ratelimit", Set.of(200, 429)),
            Map.entry("session", Set.of(200, 201, 503)),
            // 404: the job's state was deleted with every other key (FLUSHALL, eviction) until its next tick
            Map.entry("jobs", Set.of(200, 404, 503)),
            Map.entry("locks", Set.of(200, 409, 503)),
            Map.entry("queue", Set.of(202, 503)),
            Map.entry("stream", Set.of(201, 503)),
            Map.entry("cart", Set.of(200, 503)),
            Map.entry("leaderboard", Set.of(200, 503)),
            Map.entry("counter", Set.of(200, 503)),
            Map.entry("analytics", Set.of(200, 503)),
            Map.entry("sse", Set.of(200, 503)));

    /** Breaks Redis. */
    abstract void inject(FaultyRedis redis);

    /** Ends the fault (restart, resume, lift a limit); nothing for an instantaneous fault. */
    abstract void heal(FaultyRedis redis);

    /** Whether Redis still holds what it acknowledged once the fault is over. */
    abstract boolean dataKept();

    /** The fault's name in the matrix. */
    abstract String fault();

    @Test
    void everyFeature_NoServerErrorDuringTheFault_RecoversWithinTheBound_NoAcknowledgedWriteLost() {
        FaultNode shared = FaultNode.shared();
        int logFrom = shared.node.log().length();
        FeatureProbe probe = new FeatureProbe(shared.node);
        probe.subscribe();
        awaitAllWorking(probe, Duration.ofSeconds(60), "before the fault");
        Awaitility.await("SSE subscription confirmed")
                .atMost(Duration.ofSeconds(30))
                .until(probe::sseDelivers);

        inject(shared.redis);
        Map<String, Integer> during;
        try {
            during = probe.runAll();
        } catch (RuntimeException e) {
            heal(shared.redis);
            throw e;
        }
        heal(shared.redis);
        long healed = System.nanoTime();

        Map<String, Double> recovery = awaitAllWorking(probe, RECOVERY_BOUND, "after the fault");
        double total = (System.nanoTime() - healed) / 1e9;
        Awaitility.await("SSE delivering again")
                .atMost(RECOVERY_BOUND)
                .pollInterval(Duration.ofMillis(200))
                .until(probe::sseDelivers);
        double sse = (System.nanoTime() - healed) / 1e9;
        recovery.put("sse", sse);

        List<String> lost = dataKept() ? probe.lostAcknowledgedWrites() : List.of();
        record(during, recovery, probe.acknowledgedWrites(), lost);

        String log = shared.node.log().substring(logFrom);
        for (Map.Entry<String, Integer> answer : during.entrySet()) {
            assertTrue(
                    ALLOWED_DURING.get(answer.getKey()).contains(answer.getValue()),
                    fault() + ": " + answer.getKey() + " answered " + answer.getValue() + " during the fault; allowed "
                            + ALLOWED_DURING.get(answer.getKey()) + " (all: " + during + ")");
        }
        assertTrue(total <= RECOVERY_BOUND.toSeconds(), fault() + ": recovered after " + total + " s");
        assertEquals(List.of(), lost, fault() + ": acknowledged writes lost");
        assertTrue(!log.contains("Unexpected error, incident"), fault() + ": a 500 was logged by the node");
    }

    /**
     * Runs the probe until every feature works (2xx, or 429 from the rate limiter); returns for each feature the
     * seconds until it first worked.
     */
    private Map<String, Double> awaitAllWorking(FeatureProbe probe, Duration bound, String when) {
        long start = System.nanoTime();
        Map<String, Double> firstWorked = new java.util.LinkedHashMap<>();
        Map<String, Integer>[] last = new Map[1];
        try {
            Awaitility.await(fault() + ": every feature working " + when)
                    .atMost(bound)
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> {
                        last[0] = probe.runAll();
                        double now = (System.nanoTime() - start) / 1e9;
                        last[0].forEach((feature, status) -> {
                            if (works(status)) {
                                firstWorked.putIfAbsent(feature, now);
                            }
                        });
                        return last[0].values().stream().allMatch(FaultScenario::works);
                    });
        } catch (ConditionTimeoutException e) {
            fail(fault() + ": not every feature worked " + when + " within " + bound + ": " + last[0]);
        }
        return firstWorked;
    }

    private static boolean works(int status) {
        return status / 100 == 2 || status == 429;
    }

    private void record(Map<String, Integer> during, Map<String, Double> recovery, int acked, List<String> lost) {
        String cells = FeatureProbe.FEATURES.stream()
                .map(f -> during.get(f) + " / " + String.format("%.1f s", recovery.getOrDefault(f, -1.0)))
                .collect(Collectors.joining(" | "));
        String row = "| " + fault() + " | " + cells + " | "
                + (dataKept() ? acked + " acked, " + lost.size() + " lost" : "data lost by the fault") + " |\n";
        Path file = Path.of("target", "fault-matrix.md");
        try {
            if (!Files.exists(file)) {
                Files.writeString(
                        file,
                        "| fault | " + String.join(" | ", FeatureProbe.FEATURES) + " | acknowledged writes |\n|"
                                + "---|".repeat(FeatureProbe.FEATURES.size() + 2) + "\n",
                        StandardCharsets.UTF_8);
            }
            Files.writeString(file, row, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.print("fault matrix: " + row);
    }
}
