package io.redkit.jobs;

import java.util.List;

/**
 * What Redis knows of a job: whether it runs now and where, its last run, counters over all nodes, and the most
 * recent runs (newest first; empty in listings). {@code skips}: ticks skipped because another node held the lock;
 * {@code tickSkips}: timers that fired late for a tick that had already run. Times are Redis server time, epoch millis.
 */
public record JobState(
        String name,
        boolean running,
        String runningNode,
        Long lastStart,
        Long lastEnd,
        String lastOutcome,
        String lastError,
        String lastNode,
        Long lastDurationMillis,
        long runs,
        long skips,
        long tickSkips,
        Long lastTick,
        long failures,
        long lockLost,
        long fencingToken,
        List<Run> history) {

    /**
     * One recorded run. {@code lockLost}: the lock had expired before the run finished. {@code tick}: the scheduled
     * time it ran for (epoch millis; 0 for a run that was not a timer tick).
     */
    public record Run(
            long start, long end, String node, String outcome, String error, long fence, boolean lockLost, long tick) {}
}
