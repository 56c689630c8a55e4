package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: Redis killed (-9) and restarted empty, as a server without persistence: data lost. */
class RedisKilledNoPersistenceFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.kill();
    }

    @Override
    void heal(FaultyRedis redis) {
        redis.restart(false);
    }

    @Override
    boolean dataKept() {
        return false;
    }

    @Override
    String fault() {
        return "kill -9, restart empty";
    }
}
