package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: Redis killed (-9) and restarted with AOF, appendfsync always: data kept. */
class RedisKilledAofFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.kill();
    }

    @Override
    void heal(FaultyRedis redis) {
        redis.restart(true);
    }

    @Override
    boolean dataKept() {
        return true;
    }

    @Override
    String fault() {
        return "kill -9, restart (AOF)";
    }
}
