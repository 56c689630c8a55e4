package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: Every key deleted ({@code FLUSHALL}): caches miss, sessions end, nothing fails. */
class FlushAllFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.flushAll();
    }

    @Override
    void heal(FaultyRedis redis) {
        // instantaneous: nothing to undo
    }

    @Override
    boolean dataKept() {
        return false;
    }

    @Override
    String fault() {
        return "FLUSHALL";
    }
}
