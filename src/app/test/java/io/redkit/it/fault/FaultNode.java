package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;
import io.redkit.testing.PayaraMicroNode;
import java.util.Map;

/**
 * The one Payara Micro node of the fault matrix, with a redis-server of its own (AOF, {@code appendfsync always}) that
 * the fault tests break. Started by the first fault test, shared by all of them (one boot instead of seven), stopped
 * when the test JVM exits.
 */
final class FaultNode {

    private static FaultNode shared;

    final FaultyRedis redis;
    final PayaraMicroNode node;

    private FaultNode(FaultyRedis redis, PayaraMicroNode node) {
        this.redis = redis;
        this.node = node;
    }

    static synchronized FaultNode shared() {
        if (shared == null) {
            FaultyRedis redis = FaultyRedis.start(true);
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close, "stop-fault-redis"));
            PayaraMicroNode node = PayaraMicroNode.start(
                    "fault",
                    Map.of(
                            "redkit.redis.address", redis.address(),
                            // a paused Redis is noticed within a second, not three
                            "redkit.redis.timeout", "1s",
                            "redkit.cache.outage-retry-interval", "1s",
                            "redkit.app.jobs.summary.seconds", "*",
                            // messages stay in the queue, so acknowledged ones can be counted afterwards
                            "redkit.app.queue.workers", "0",
                            // a limit keyed by the client's API key, refusing while Redis is down (RedisPausedFaultIT)
                            "redkit.ratelimit.rules", "ping,tiered,keyed",
                            "redkit.ratelimit.rule.keyed.paths", "/api/limited/keyed",
                            "redkit.ratelimit.rule.keyed.key", "header:X-API-Key",
                            "redkit.ratelimit.rule.keyed.limits", "100/1h",
                            "redkit.ratelimit.rule.keyed.on-redis-down", "fail-closed"));
            Runtime.getRuntime().addShutdownHook(new Thread(node::close, "stop-fault-node"));
            shared = new FaultNode(redis, node);
        }
        return shared;
    }
}
