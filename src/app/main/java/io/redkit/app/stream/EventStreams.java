package io.redkit.app.stream;

import io.redkit.redis.RedkitKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.redisson.api.AutoClaimResult;
import org.redisson.api.RStream;
import org.redisson.api.RedissonClient;
import org.redisson.api.StreamGroup;
import org.redisson.api.StreamMessageId;
import org.redisson.api.stream.StreamAddArgs;
import org.redisson.api.stream.StreamCreateGroupArgs;
import org.redisson.api.stream.StreamReadGroupArgs;
import org.redisson.client.RedisException;
import org.redisson.client.codec.StringCodec;

/**
 * Event streams with consumer groups, {@code <prefix>:stream:{<stream>}:events}: append with approximate trimming
 * ({@code XADD MAXLEN ~}) instead of a TTL — the stream is bounded by length, old events fall off — read as a group
 * ({@code XREADGROUP}), acknowledge ({@code XACK}), and take over entries a crashed consumer left pending
 * ({@code XAUTOCLAIM}).
 */
public final class EventStreams {

    static final String FEATURE = "stream";

    /** One event as read: id, type and JSON data. */
    public record Event(String id, String type, String data) {}

    /** A consumer group's view: consumers, entries delivered but not acknowledged, entries not yet delivered. */
    public record Group(String name, int consumers, int pending, String lastDeliveredId, long lag) {}

    /** A stream's length, its newest id and its groups. */
    public record Info(String stream, long length, List<Group> groups) {}

    private final RedissonClient redisson;
    private final RedkitKeys keys;
    private final int maxLength;

    public EventStreams(RedissonClient redisson, RedkitKeys keys, int maxLength) {
        this.redisson = redisson;
        this.keys = keys;
        this.maxLength = maxLength;
    }

    public String append(String stream, String type, String dataJson) {
        return events(stream)
                .add(StreamAddArgs.<String, String>entries("type", type, "data", dataJson)
                        .trimNonStrict()
                        .maxLen(maxLength)
                        .noLimit())
                .toString();
    }

    /** Creates the group (reading from the beginning) unless it exists. */
    public void ensureGroup(String stream, String group) {
        try {
            events(stream)
                    .createGroup(StreamCreateGroupArgs.name(group)
                            .id(StreamMessageId.ALL)
                            .makeStream());
        } catch (RedisException e) {
            if (e.getMessage() == null || !e.getMessage().contains("BUSYGROUP")) {
                throw e;
            }
        }
    }

    /** Up to {@code count} never-delivered events for {@code consumer}, waiting up to {@code block}. */
    public List<Event> read(String stream, String group, String consumer, int count, Duration block) {
        return events(events(stream)
                .readGroup(
                        group,
                        consumer,
                        StreamReadGroupArgs.neverDelivered().count(count).timeout(block)));
    }

    public long ack(String stream, String group, List<String> ids) {
        if (ids.isEmpty()) {
            return 0;
        }
        StreamMessageId[] messageIds = ids.stream().map(EventStreams::parse).toArray(StreamMessageId[]::new);
        return events(stream).ack(group, messageIds);
    }

    /** Takes over up to {@code count} entries pending longer than {@code minIdle} (their consumer died). */
    public List<Event> claimIdle(String stream, String group, String consumer, Duration minIdle, int count) {
        AutoClaimResult<String, String> result = events(stream)
                .autoClaim(group, consumer, minIdle.toMillis(), TimeUnit.MILLISECONDS, StreamMessageId.MIN, count);
        return events(result.getMessages());
    }

    public List<Event> latest(String stream, int count) {
        return events(events(stream).rangeReversed(count, StreamMessageId.MAX, StreamMessageId.MIN));
    }

    public Info info(String stream) {
        RStream<String, String> events = events(stream);
        if (!events.isExists()) {
            return new Info(stream, 0, List.of());
        }
        List<Group> groups = new ArrayList<>();
        for (StreamGroup group : events.listGroups()) {
            StreamMessageId last = group.getLastDeliveredId();
            long lag = events.range(10_001, after(last), StreamMessageId.MAX).size();
            groups.add(new Group(group.getName(), group.getConsumers(), group.getPending(), last.toString(), lag));
        }
        return new Info(stream, events.size(), groups);
    }

    private static StreamMessageId after(StreamMessageId id) {
        return new StreamMessageId(id.getId0(), id.getId1() + 1);
    }

    private static List<Event> events(Map<StreamMessageId, Map<String, String>> entries) {
        List<Event> events = new ArrayList<>(entries.size());
        new LinkedHashMap<>(entries)
                .forEach((id, fields) -> events.add(new Event(id.toString(), fields.get("type"), fields.get("data"))));
        return events;
    }

    static StreamMessageId parse(String id) {
        int dash = id.indexOf('-');
        return new StreamMessageId(Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1)));
    }

    private RStream<String, String> events(String stream) {
        return redisson.getStream(keys.tagged(FEATURE, stream, "events"), StringCodec.INSTANCE);
    }
}
