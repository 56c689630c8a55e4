package io.redkit.it.fault;

import io.redkit.testing.FaultyRedis;

/** Fault matrix: The script cache emptied ({@code SCRIPT FLUSH}): EVALSHA meets NOSCRIPT. */
class ScriptFlushFaultIT extends FaultScenario {

    @Override
    void inject(FaultyRedis redis) {
        redis.scriptFlush();
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
        return "SCRIPT FLUSH";
    }
}
