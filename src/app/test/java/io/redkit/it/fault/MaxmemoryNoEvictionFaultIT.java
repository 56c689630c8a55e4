package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: {@code maxmemory} reached under {@code noeviction}: every write refused with OOM, reads work. */
class MaxmemoryNoEvictionFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.maxmemory(1, "noeviction");
    }

    @Override
    void heal(FaultyRedis redis) {
        redis.maxmemory(0, "noeviction");
    }

    @Override
    boolean dataKept() {
        return true;
    }

    @Override
    String fault() {
        return "maxmemory, noeviction (OOM)";
    }
}
