package io.redkit.it.jobs;

import io.redkit.jobs.ClusterSingleton;
import io.redkit.jobs.JobContext;
import jakarta.enterprise.context.ApplicationScoped;

/** Test-only: a CDI bean method run by a ManagedScheduledExecutorService task, guarded by the interceptor. */
@ApplicationScoped
public class ExecutorTestTask {

    @ClusterSingleton(name = "executor-task", lockAtMostFor = "5s", lockAtLeastFor = "300ms")
    public void tick() throws InterruptedException {
        JobContext.assertLocked();
        Thread.sleep(100);
    }
}
