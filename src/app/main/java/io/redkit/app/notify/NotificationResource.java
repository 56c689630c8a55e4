package io.redkit.app.notify;

import io.redkit.redis.Redkit;
import io.redkit.redis.RedkitKeys;
import io.redkit.redis.Subscriptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ServiceUnavailableException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.redisson.api.RPatternTopic;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.client.codec.StringCodec;

/**
 * Pub/sub notifications across nodes: {@code POST /api/notifications/{channel}} publishes to Redis channel {@code
 * <prefix>:notify:<channel>}; {@code GET /api/notifications/stream?channel=...} or {@code ?pattern=user:*:notifications}
 * is a Server-Sent Events stream of what is published on any node. Each subscriber is one Redisson listener, removed
 * as soon as a send to its closed client fails. Pub/sub is fire-and-forget: a subscriber that is not connected at
 * publish time never sees the message (use the queue or a stream for delivery guarantees).
 */
@Path("notifications")
@ApplicationScoped
public class NotificationResource {

    private static final Logger LOG = Logger.getLogger(NotificationResource.class.getName());
    static final String CHANNEL = "[A-Za-z0-9:._-]{1,128}";
    static final String PATTERN = "[A-Za-z0-9:._*?-]{1,128}";

    @Inject
    @Redkit
    RedissonClient redisson;

    @Inject
    RedkitKeys keys;

    @Inject
    @ConfigProperty(name = "redkit.app.notify.max-subscribers", defaultValue = "1000")
    int maxSubscribers;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private final Set<Subscription> open = ConcurrentHashMap.newKeySet();
    private ScheduledFuture<?> keepAlive;

    /** Every 15 s a comment goes to every stream: a client that left is noticed even on a quiet channel. */
    @PostConstruct
    void startKeepAlive() {
        keepAlive = scheduler.scheduleAtFixedRate(() -> open.forEach(Subscription::ping), 15, 15, TimeUnit.SECONDS);
    }

    @POST
    @Path("{channel}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> publish(
            @PathParam("channel") @Pattern(regexp = CHANNEL, message = "must be 1 to 128 of A-Za-z0-9:._-")
                    String channel,
            @NotNull JsonValue message) {
        String envelope = Json.createObjectBuilder()
                .add("channel", channel)
                .add("at", Instant.now().toString())
                .add("message", message)
                .build()
                .toString();
        long receivers = topic(channel).publish(envelope);
        return Map.of("channel", channel, "receivers", receivers);
    }

    @GET
    @Path("stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void stream(
            @QueryParam("channel") @Pattern(regexp = CHANNEL, message = "must be 1 to 128 of A-Za-z0-9:._-")
                    String channel,
            @QueryParam("pattern") @Pattern(regexp = PATTERN, message = "must be 1 to 128 of A-Za-z0-9:._-*?")
                    String pattern,
            @Context SseEventSink sink,
            @Context Sse sse) {
        if ((channel == null) == (pattern == null)) {
            throw new BadRequestException("Give exactly one of 'channel' or 'pattern'");
        }
        if (subscribers.incrementAndGet() > maxSubscribers) {
            subscribers.decrementAndGet();
            throw new ServiceUnavailableException("This node already streams to " + maxSubscribers
                    + " subscribers (redkit.app.notify.max-subscribers)");
        }
        Subscription subscription = new Subscription(sink, sse);
        open.add(subscription);
        if (channel != null) {
            RTopic topic = topic(channel);
            subscription.listenerId =
                    Subscriptions.add(() -> topic.addListener(String.class, (ch, msg) -> subscription.send(msg)));
            subscription.remove = () -> topic.removeListener(subscription.listenerId);
        } else {
            RPatternTopic topic = redisson.getPatternTopic(keys.key("notify", pattern), StringCodec.INSTANCE);
            subscription.listenerId =
                    Subscriptions.add(() -> topic.addListener(String.class, (pat, ch, msg) -> subscription.send(msg)));
            subscription.remove = () -> topic.removeListener(subscription.listenerId);
        }
        sink.send(sse.newEventBuilder()
                        .name("subscribed")
                        .data(channel != null ? channel : pattern)
                        .build())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        subscription.close();
                    }
                });
    }

    @PreDestroy
    void shutdown() {
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        open.forEach(Subscription::close);
    }

    private RTopic topic(String channel) {
        return redisson.getTopic(keys.key("notify", channel), StringCodec.INSTANCE);
    }

    /** One SSE client and its Redis listener; closing removes the listener once. */
    private final class Subscription {
        private final SseEventSink sink;
        private final Sse sse;
        volatile int listenerId;
        volatile Runnable remove;
        private volatile boolean closed;

        Subscription(SseEventSink sink, Sse sse) {
            this.sink = sink;
            this.sse = sse;
        }

        void ping() {
            if (closed || sink.isClosed()) {
                close();
                return;
            }
            sink.send(sse.newEventBuilder().comment("keep-alive").build()).whenComplete((ok, failure) -> {
                if (failure != null) {
                    close();
                }
            });
        }

        void send(String envelope) {
            if (closed || sink.isClosed()) {
                close();
                return;
            }
            OutboundSseEvent event = sse.newEventBuilder()
                    .name("notification")
                    .id(Long.toString(sequence.incrementAndGet()))
                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                    .data(String.class, envelope)
                    .build();
            sink.send(event).whenComplete((ok, failure) -> {
                if (failure != null) {
                    close();
                }
            });
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            open.remove(this);
            subscribers.decrementAndGet();
            if (remove != null) {
                remove.run();
            }
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.fine(() -> "Closing a notification stream: " + e);
            }
        }
    }
}
