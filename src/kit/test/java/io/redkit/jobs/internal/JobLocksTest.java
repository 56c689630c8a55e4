package io.redkit.jobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.redkit.config.ConfigReader;
import io.redkit.jobs.JobContext;
import io.redkit.jobs.JobSettings;
import io.redkit.jobs.JobState;
import io.redkit.jobs.LockUnavailableException;
import io.redkit.jobs.WhenLocked;
import io.redkit.redis.RedkitKeys;
import io.redkit.testing.RedisTestServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.redisson.api.RedissonClient;

/**
 * The job lock contract against a real Redis, with two "nodes": two Redisson clients with their own node names,
 * as two application instances would have.
 */
class JobLocksTest {

    private static RedissonClient clientA;
    private static RedissonClient clientB;
    private static ScheduledExecutorService scheduler;

    @BeforeAll
    static void connect() {
        clientA = RedisTestServer.shared().newClient();
        clientB = RedisTestServer.shared().newClient();
        scheduler = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void close() {
        clientA.shutdown();
        clientB.shutdown();
        scheduler.shutdownNow();
    }

    private static JobLocks node(RedissonClient client, String name) {
        JobSettings settings = JobSettings.from(ConfigReader.of(Map.of(JobSettings.NODE_NAME, name)));
        return new JobLocks(client, new RedkitKeys("jobtest"), settings);
    }

    private static JobLockConfig job(Duration atMost, Duration atLeast) {
        return new JobLockConfig("job-" + UUID.randomUUID(), atMost, atLeast);
    }

    private final JobLocks a = node(clientA, "node-a");
    private final JobLocks b = node(clientB, "node-b");

    @Test
    void tryAcquire_HeldByOtherNode_IsEmptyAndCountsASkip() {
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        JobLease lease = a.tryAcquire(job).orElseThrow();
        assertTrue(b.tryAcquire(job).isEmpty());
        assertTrue(a.tryAcquire(job).isEmpty(), "not reentrant, even for the holder's node");
        assertTrue(lease.release(JobLocks.Outcome.SUCCESS, null));

        JobState state = new RedisJobStates(clientA, a).state(job.name(), 10).orElseThrow();
        assertEquals(2, state.skips());
        assertEquals(1, state.runs());
        assertEquals("node-a", state.lastNode());
        assertFalse(state.running());
    }

    @Test
    void fencingTokens_StrictlyIncreaseAcrossNodes() {
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        long previous = 0;
        for (int i = 0; i < 10; i++) {
            JobLocks node = i % 2 == 0 ? a : b;
            JobLease lease = node.tryAcquire(job).orElseThrow();
            assertTrue(lease.fencingToken() > previous, lease.fencingToken() + " after " + previous);
            previous = lease.fencingToken();
            lease.release(JobLocks.Outcome.SUCCESS, null);
        }
        assertEquals(previous, a.currentFencingToken(job.name()));
    }

    @Test
    void release_AfterLeaseExpiredAndTakenOver_DoesNotFreeTheNewHoldersLock() throws Exception {
        JobLockConfig job = job(Duration.ofMillis(200), Duration.ZERO);
        JobLease stale = a.tryAcquire(job).orElseThrow();
        Thread.sleep(400);
        JobLease current = b.tryAcquire(job).orElseThrow();

        assertFalse(stale.release(JobLocks.Outcome.SUCCESS, null), "the stale holder is told it lost the lock");
        assertFalse(stale.extend(), "and cannot extend it");
        assertTrue(a.tryAcquire(job).isEmpty(), "node-b still holds the lock");
        assertTrue(current.release(JobLocks.Outcome.SUCCESS, null));

        JobState state = new RedisJobStates(clientA, a).state(job.name(), 10).orElseThrow();
        assertEquals(1, state.lockLost());
        assertTrue(state.history().get(1).lockLost(), "the stale run is recorded as having lost its lock");
    }

    @Test
    void release_BeforeLockAtLeastFor_KeepsTheLockUntilThen() {
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ofMillis(800));
        long released = System.nanoTime();
        JobLease lease = a.tryAcquire(job).orElseThrow();
        assertTrue(lease.release(JobLocks.Outcome.SUCCESS, null));
        assertTrue(b.tryAcquire(job).isEmpty(), "still locked right after the run");
        Awaitility.await("free once lockAtLeastFor has passed")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> b.tryAcquire(job).isPresent());
        assertTrue(
                System.nanoTime() - released >= Duration.ofMillis(800).toNanos(),
                "not before lockAtLeastFor has passed");
    }

    @Test
    void tryAcquire_TickAlreadyStartedElsewhere_IsSkippedEvenWithTheLockFree() {
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        long tick = 1_700_000_010_000L;
        JobLease first = ((JobLocks.Acquisition.Acquired) a.tryAcquire(job, tick)).lease();
        assertTrue(first.release(JobLocks.Outcome.SUCCESS, null));

        // node B's timer for the same scheduled time fires late, after A's run is over and the lock is free
        assertEquals(new JobLocks.Acquisition.TickAlreadyRan(), b.tryAcquire(job, tick));
        assertEquals(new JobLocks.Acquisition.TickAlreadyRan(), b.tryAcquire(job, tick - 10_000), "an older tick");
        JobLocks.Acquisition next = b.tryAcquire(job, tick + 10_000);
        assertTrue(next instanceof JobLocks.Acquisition.Acquired, "the next tick runs: " + next);
        assertTrue(((JobLocks.Acquisition.Acquired) next).lease().release(JobLocks.Outcome.SUCCESS, null));
        assertTrue(a.tryAcquire(job).isPresent(), "calls that are not timer ticks are guarded by the lock alone");

        JobState state = new RedisJobStates(clientA, a).state(job.name(), 10).orElseThrow();
        assertEquals(2, state.tickSkips());
        assertEquals(tick + 10_000, state.lastTick());
        assertEquals(tick + 10_000, state.history().get(0).tick());
        assertEquals(tick, state.history().get(1).tick());
    }

    @Test
    void run_LateTimerForATickThatRan_DoesNotRunTheBody() throws Exception {
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        AtomicInteger ran = new AtomicInteger();
        long tick = 1_700_000_020_000L;
        assertEquals(
                SingletonRunner.Status.RAN,
                new SingletonRunner(a, scheduler)
                        .run(job, tick, ran::incrementAndGet)
                        .status());
        assertEquals(
                SingletonRunner.Status.SKIPPED_TICK_ALREADY_RAN,
                new SingletonRunner(b, scheduler)
                        .run(job, tick, ran::incrementAndGet)
                        .status());
        assertEquals(1, ran.get());
    }

    @Test
    void run_BodyThrows_ExceptionComesOutUnchangedAndIsRecorded() {
        SingletonRunner runner = new SingletonRunner(a, scheduler);
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        IOException failure = new IOException("disk full");
        IOException thrown = assertThrows(
                IOException.class,
                () -> runner.run(job, () -> {
                    throw failure;
                }));
        assertSame(failure, thrown);
        JobState state = new RedisJobStates(clientA, a).state(job.name(), 1).orElseThrow();
        assertEquals("FAILURE", state.lastOutcome());
        assertEquals("java.io.IOException: disk full", state.lastError());
        assertEquals(1, state.failures());
        assertTrue(b.tryAcquire(job).isPresent(), "released after the failure");
    }

    @Test
    void run_JobContext_IsSetInsideOnlyAndCarriesTheFence() throws Exception {
        SingletonRunner runner = new SingletonRunner(a, scheduler);
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        assertThrows(IllegalStateException.class, JobContext::assertLocked);
        long fence =
                runner.run(job, () -> JobContext.assertLocked().fencingToken()).value();
        assertEquals(a.currentFencingToken(job.name()), fence);
        assertTrue(JobContext.current().isEmpty());
    }

    @Test
    void run_LongerThanLease_KeepAliveKeepsTheLock() throws Exception {
        SingletonRunner runner = new SingletonRunner(a, scheduler);
        JobLockConfig job = job(Duration.ofMillis(300), Duration.ZERO);
        SingletonRunner.Result<Boolean> result = runner.run(job, () -> {
            for (int i = 0; i < 10; i++) {
                Thread.sleep(100);
                if (b.tryAcquire(job).isPresent()) {
                    return false;
                }
            }
            return JobContext.assertLocked().lockValid();
        });
        assertTrue(result.value(), "no other node got the lock during a 1 s run with a 300 ms lease");
        assertFalse(new RedisJobStates(clientA, a)
                .state(job.name(), 1)
                .orElseThrow()
                .history()
                .get(0)
                .lockLost());
    }

    private static JobLockConfig job(WhenLocked whenLocked, Duration waitFor) {
        return new JobLockConfig(
                "job-" + UUID.randomUUID(), Duration.ofSeconds(10), Duration.ZERO, whenLocked, waitFor);
    }

    @Test
    void whenLockedWait_RunsOnceTheHolderReleases() throws Exception {
        JobLockConfig job = job(WhenLocked.WAIT, Duration.ofSeconds(20));
        JobLease held = a.tryAcquire(job).orElseThrow();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<SingletonRunner.Result<Boolean>> waiting =
                    pool.submit(() -> new SingletonRunner(b, scheduler).run(job, released::get));
            Awaitility.await("node b is asking again while a holds the lock")
                    .atMost(Duration.ofSeconds(10))
                    .until(() -> new RedisJobStates(clientA, a)
                                    .state(job.name(), 1)
                                    .orElseThrow()
                                    .skips()
                            >= 1);
            released.set(true);
            assertTrue(held.release(JobLocks.Outcome.SUCCESS, null));
            SingletonRunner.Result<Boolean> result = waiting.get(20, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals(SingletonRunner.Status.RAN, result.status());
            assertTrue(result.value(), "the body ran only after node a released the lock");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void whenLockedWait_GivesUpAfterWaitFor_AsASkip() throws Exception {
        JobLockConfig job = job(WhenLocked.WAIT, Duration.ofMillis(400));
        JobLease held = a.tryAcquire(job).orElseThrow();
        long start = System.nanoTime();
        SingletonRunner.Result<Object> result = new SingletonRunner(b, scheduler).run(job, () -> "ran");
        assertEquals(SingletonRunner.Status.SKIPPED_HELD_ELSEWHERE, result.status());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(400).toNanos(), "it waited its waitFor first");
        held.release(JobLocks.Outcome.SUCCESS, null);
    }

    @Test
    void runTimes_EveryRunIsReportedWithHowLongItTook() throws Exception {
        Map<String, Duration> took = new java.util.concurrent.ConcurrentHashMap<>();
        SingletonRunner runner = new SingletonRunner(a, scheduler, (job, outcome) -> {}, took::put);
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        runner.run(job, () -> {
            Thread.sleep(60);
            return null;
        });
        assertTrue(took.get(job.name()).toMillis() >= 60, "the run slept 60 ms: " + took);
    }

    @Test
    void whenLockedFail_Throws_NamingTheJob() {
        JobLockConfig job = job(WhenLocked.FAIL, Duration.ZERO);
        JobLease held = a.tryAcquire(job).orElseThrow();
        LockUnavailableException e = assertThrows(
                LockUnavailableException.class, () -> new SingletonRunner(b, scheduler).run(job, () -> "ran"));
        assertEquals(job.name(), e.lockName());
        held.release(JobLocks.Outcome.SUCCESS, null);
    }

    @Test
    void onLockLost_IsCalledWhenTheLeaseCannotBeRenewed() throws Exception {
        JobLockConfig job = job(Duration.ofMillis(300), Duration.ZERO);
        java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
        SingletonRunner.Result<Boolean> result = new SingletonRunner(a, scheduler).run(job, () -> {
            JobContext context = JobContext.assertLocked();
            context.onLockLost(lost::countDown);
            // the lock vanishes under the running job (an operator, a failover that lost the key)
            clientA.getKeys().delete(a.lockKey(job.name()));
            assertTrue(lost.await(10, java.util.concurrent.TimeUnit.SECONDS), "the callback ran");
            return context.lockValid();
        });
        assertFalse(result.value(), "lockValid() is false once the loss is known");
    }

    @Test
    void run_ManyThreadsOnTwoNodes_NeverOverlap() throws Exception {
        JobLockConfig job = job(Duration.ofSeconds(10), Duration.ZERO);
        SingletonRunner runnerA = new SingletonRunner(a, scheduler);
        SingletonRunner runnerB = new SingletonRunner(b, scheduler);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                SingletonRunner runner = t % 2 == 0 ? runnerA : runnerB;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 40; i++) {
                        runner.run(job, () -> {
                            if (inside.incrementAndGet() != 1) {
                                overlaps.incrementAndGet();
                            }
                            ran.incrementAndGet();
                            Thread.sleep(1);
                            inside.decrementAndGet();
                            return null;
                        });
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get());
        assertTrue(ran.get() > 0);
        JobState state = new RedisJobStates(clientA, a).state(job.name(), 0).orElseThrow();
        assertEquals(ran.get(), state.runs());
        assertEquals(8 * 40, state.runs() + state.skips());
    }
}
