package io.redkit.app.queue;

import io.redkit.config.ConfigReader;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Tag;
import org.redisson.api.RedissonClient;

/**
 * Workers on the server's managed executor, {@code redkit.app.queue.workers} per queue on every node: take (high
 * priority first, else a blocking move for up to a second), handle, ack — or fail, which retries with exponential
 * backoff and dead-letters after {@code max-attempts}. Each worker also returns messages whose visibility timeout
 * passed (their worker died) and due retries to the ready lists.
 */
@ApplicationScoped
public class QueueWorkers {

    private static final Logger LOG = Logger.getLogger(QueueWorkers.class.getName());

    @Resource
    ManagedExecutorService executor;

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    MetricRegistry metrics;

    private volatile boolean running;
    private QueueSettings settings;
    private DemoHandler handler;
    private final Map<String, ReliableQueue> queues = new LinkedHashMap<>();

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        settings = QueueSettings.from(
                ConfigReader.of(ConfigProvider.getConfig(getClass().getClassLoader())));
        handler = new DemoHandler(redisson, keys);
        for (String name : settings.names()) {
            ReliableQueue queue = new ReliableQueue(redisson, keys, name);
            queues.put(name, queue);
            Tag tag = new Tag("queue", name);
            metrics.gauge("redkit.queue.ready", queue, q -> depth(q, "ready"), tag);
            metrics.gauge("redkit.queue.processing", queue, q -> depth(q, "processing"), tag);
            metrics.gauge("redkit.queue.dead", queue, q -> depth(q, "dead"), tag);
        }
        running = true;
        for (ReliableQueue queue : queues.values()) {
            for (int i = 0; i < settings.workers(); i++) {
                executor.submit(() -> work(queue));
            }
        }
    }

    @PreDestroy
    void stop() {
        running = false;
    }

    /** The queue of that name, if configured. */
    public Optional<ReliableQueue> queue(String name) {
        return Optional.ofNullable(queues.get(name));
    }

    public QueueSettings settings() {
        return settings;
    }

    long[] handlerCounts(String queue) {
        return handler.counts(queue);
    }

    private void work(ReliableQueue queue) {
        long nextRecover = 0;
        while (running) {
            try {
                if (System.nanoTime() > nextRecover) {
                    queue.recover(settings.visibility());
                    nextRecover = System.nanoTime() + Duration.ofSeconds(1).toNanos();
                }
                Optional<ReliableQueue.Message> message = queue.take(settings.visibility());
                if (message.isEmpty()) {
                    message = queue.takeBlocking(Duration.ofSeconds(1), settings.visibility());
                }
                message.ifPresent(m -> process(queue, m));
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (RedisOutages.isOutage(e)) {
                    LOG.fine(() -> "Queue worker waiting for Redis: " + RedisOutages.describe(e));
                } else {
                    RedisOutages.log(LOG, Level.WARNING, "Queue worker for '" + queue.name() + "' failed", e);
                }
                sleep(1000);
            }
        }
    }

    private void process(ReliableQueue queue, ReliableQueue.Message message) {
        if (message.json() == null) {
            queue.ack(message.id()); // its envelope is gone (purged): nothing to do
            return;
        }
        try {
            handler.handle(queue.name(), message);
            queue.ack(message.id());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } catch (Exception e) {
            long backoff = queue.fail(
                    message.id(),
                    settings.maxAttempts(),
                    settings.backoff(),
                    settings.maxBackoff(),
                    RedisOutages.loggable(e));
            if (backoff == 0) {
                LOG.warning("Message " + message.id() + " of queue '" + queue.name() + "' dead-lettered after "
                        + settings.maxAttempts() + " attempts: " + RedisOutages.loggable(e));
            }
        }
    }

    /** A queue depth for a metrics scrape; -1 while Redis cannot be asked. */
    private static long depth(ReliableQueue queue, String state) {
        try {
            ReliableQueue.Stats stats = queue.stats();
            return switch (state) {
                case "ready" -> stats.readyHigh() + stats.readyNormal();
                case "processing" -> stats.processing();
                default -> stats.dead();
            };
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
