package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: Every subscriber connection killed ({@code CLIENT KILL TYPE pubsub}): listeners and SSE must resubscribe. */
class PubSubClientsKilledFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.clientKill("pubsub");
    }

    @Override
    void heal(FaultyRedis redis) {
        // instantaneous: nothing to undo
    }

    @Override
    boolean dataKept() {
        return true;
    }

    @Override
    String fault() {
        return "CLIENT KILL TYPE pubsub";
    }
}
