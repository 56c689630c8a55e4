package io.redkit.it.jobs;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Test-only: every node calls {@link ExecutorTestTask#tick()} every 250 ms from the managed scheduler. */
@ApplicationScoped
public class ExecutorTestScheduler {

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    ExecutorTestTask task;

    private ScheduledFuture<?> future;

    void start(@Observes @Initialized(ApplicationScoped.class) Object ignored) {
        future = scheduler.scheduleAtFixedRate(
                () -> {
                    try {
                        task.tick();
                    } catch (Exception e) {
                        Logger.getLogger(getClass().getName()).log(Level.WARNING, "executor-task failed", e);
                    }
                },
                1,
                250,
                TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (future != null) {
            future.cancel(false);
        }
    }
}
