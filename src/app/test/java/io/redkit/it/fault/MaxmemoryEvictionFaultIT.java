package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: {@code maxmemory} reached under {@code allkeys-lru}: keys are evicted as writes come in. */
class MaxmemoryEvictionFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        // the limit at what Redis uses now: every write makes room by evicting the least recently used keys
        redis.maxmemory(redis.usedMemory(), "allkeys-lru");
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
