package io.redkit.app.stream;

import io.redkit.config.ConfigReader;
import io.redkit.jobs.JobSettings;
import io.redkit.redis.RedisOutages;
import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.redisson.api.RScript;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * The {@code projector} consumer group: on every node, consumers named {@code <node>-<n>} read new events, project
 * them (count per event type, idempotently: a redelivered event id is counted once) and acknowledge; every few
 * seconds each consumer also claims entries another consumer left pending longer than {@code claim-idle} (it died)
 * and processes them.
 */
@ApplicationScoped
public class StreamConsumers {

    private static final Logger LOG = Logger.getLogger(StreamConsumers.class.getName());
    static final String GROUP = "projector";

    private static final String PROJECT =
            """
            if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
              redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1
            """;

    @Resource
    ManagedExecutorService executor;

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    JobSettings jobs;

    private volatile boolean running;
    private EventStreams streams;
    private List<String> names = List.of();
    private Duration claimIdle;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        Config config = ConfigProvider.getConfig(getClass().getClassLoader());
        ConfigReader reader = ConfigReader.of(config);
        streams = new EventStreams(
                redisson, keys, reader.integer("redkit.app.stream.max-length", 10_000, 10, 10_000_000));
        names = Arrays.stream(reader.string("redkit.app.stream.names", "events").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        claimIdle = reader.duration(
                "redkit.app.stream.claim-idle", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1));
        int consumers = reader.integer("redkit.app.stream.consumers", 1, 0, 16);
        running = true;
        for (String stream : names) {
            for (int i = 0; i < consumers; i++) {
                String consumer = jobs.nodeName() + "-" + i;
                executor.submit(() -> consume(stream, consumer));
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
    }

    public EventStreams streams() {
        return streams;
    }

    public boolean known(String stream) {
        return names.contains(stream);
    }

    /** Events counted per type by the projection. */
    public Map<String, String> projection(String stream) {
        return redisson.<String, String>getMap(
                        keys.tagged(EventStreams.FEATURE, stream, "projection"), StringCodec.INSTANCE)
                .readAllMap();
    }

    private void consume(String stream, String consumer) {
        long nextClaim = 0;
        while (running) {
            try {
                streams.ensureGroup(stream, GROUP);
                List<EventStreams.Event> batch = new ArrayList<>();
                if (System.nanoTime() > nextClaim) {
                    batch.addAll(streams.claimIdle(stream, GROUP, consumer, claimIdle, 100));
                    nextClaim = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                }
                batch.addAll(streams.read(stream, GROUP, consumer, 50, Duration.ofSeconds(1)));
                for (EventStreams.Event event : batch) {
                    project(stream, event);
                }
                streams.ack(
                        stream,
                        GROUP,
                        batch.stream().map(EventStreams.Event::id).toList());
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!RedisOutages.isOutage(e)) {
                    RedisOutages.log(
                            LOG, Level.WARNING, "Stream consumer " + consumer + " of '" + stream + "' failed", e);
                }
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void project(String stream, EventStreams.Event event) {
        redisson.getScript(StringCodec.INSTANCE)
                .eval(
                        RScript.Mode.READ_WRITE,
                        PROJECT,
                        RScript.ReturnType.INTEGER,
                        List.of(
                                keys.tagged(EventStreams.FEATURE, stream, "projected"),
                                keys.tagged(EventStreams.FEATURE, stream, "projection")),
                        event.id(),
                        event.type() == null ? "unknown" : event.type(),
                        Duration.ofDays(30).toMillis());
    }
}
