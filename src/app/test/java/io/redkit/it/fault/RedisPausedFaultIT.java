package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: Redis frozen (SIGSTOP) for longer than the command timeout (1 s), then thawed. */
class RedisPausedFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.pause();
    }

    @Override
    void heal(FaultyRedis redis) {
        redis.resume();
    }

    @Override
    boolean dataKept() {
        return true;
    }

    @Override
    String fault() {
        return "SIGSTOP > timeout";
    }
}
