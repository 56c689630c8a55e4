package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: Every client connection killed ({@code CLIENT KILL TYPE normal}): pooled connections die. */
class NormalClientsKilledFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.clientKill("normal");
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
        return "CLIENT KILL TYPE normal";
    }
}
