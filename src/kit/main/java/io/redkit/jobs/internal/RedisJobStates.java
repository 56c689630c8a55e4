package io.redkit.jobs.internal;

import io.redkit.jobs.JobState;
import io.redkit.jobs.JobStates;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/** {@link JobStates} read from the keys {@link JobLocks} writes. */
public final class RedisJobStates implements JobStates {

    private final RedissonClient redisson;
    private final JobLocks locks;

    /**
     * Reads the states {@code locks} keeps.
     *
     * @param redisson the client
     * @param locks the jobs' locks
     */
    public RedisJobStates(RedissonClient redisson, JobLocks locks) {
        this.redisson = redisson;
        this.locks = locks;
    }

    @Override
    public List<String> names() {
        List<String> names = new ArrayList<>(
                redisson.<String>getSet(locks.namesKey(), StringCodec.INSTANCE).readAll());
        names.sort(String::compareTo);
        return names;
    }

    @Override
    public Optional<JobState> state(String name, int historyLimit) {
        Map<String, String> s = redisson.<String, String>getMap(locks.stateKey(name), StringCodec.INSTANCE)
                .readAllMap();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        List<JobState.Run> history = new ArrayList<>();
        if (historyLimit > 0) {
            for (String entry : redisson.<String>getList(locks.historyKey(name), StringCodec.INSTANCE)
                    .range(0, historyLimit - 1)) {
                history.add(run(entry));
            }
        }
        return Optional.of(new JobState(
                name,
                "1".equals(s.get("running")),
                s.get("runningNode"),
                number(s.get("lastStart")),
                number(s.get("lastEnd")),
                s.get("lastOutcome"),
                blankToNull(s.get("lastError")),
                s.get("lastNode"),
                number(s.get("lastDurationMillis")),
                count(s.get("runs")),
                count(s.get("skips")),
                count(s.get("tickSkips")),
                number(s.get("lastTick")),
                count(s.get("failures")),
                count(s.get("lockLost")),
                locks.currentFencingToken(name),
                history));
    }

    private static JobState.Run run(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            JsonObject o = reader.readObject();
            return new JobState.Run(
                    o.getJsonNumber("start").longValue(),
                    o.getJsonNumber("end").longValue(),
                    o.getString("node", null),
                    o.getString("outcome", null),
                    blankToNull(o.getString("error", null)),
                    o.getJsonNumber("fence").longValue(),
                    o.getBoolean("lockLost", false),
                    o.containsKey("tick") ? o.getJsonNumber("tick").longValue() : 0);
        }
    }

    private static Long number(String value) {
        return value == null || value.isEmpty() ? null : Long.valueOf(value);
    }

    private static long count(String value) {
        return value == null || value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
