package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: {@code maxmemory} reached under {@code allkeys-lru}: keys are evicted as writes come in. */
class MaxmemoryEvictionFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.maxmemory(1, "allkeys-lru");
    }

    @Override
    void heal(FaultyRedis redis) {
        redis.maxmemory(0, "noeviction");
    }

    @Override
    boolean dataKept() {
        return false;
    }

    @Override
    String fault() {
        return "maxmemory, allkeys-lru (evictions)";
    }
}
