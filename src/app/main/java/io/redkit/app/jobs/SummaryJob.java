package io.redkit.app.jobs;

import io.redkit.jobs.ClusterSingleton;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A cluster-singleton EJB timer: every node schedules it, one node runs each tick. The seconds field of the schedule
 * is configurable ({@code redkit.app.jobs.summary.seconds}, a calendar expression such as {@code *}/10; {@code off}
 * disables it).
 */
@Singleton
@Startup
public class SummaryJob {

    private static final Logger LOG = Logger.getLogger(SummaryJob.class.getName());

    @Resource
    TimerService timers;

    @Inject
    @ConfigProperty(name = "redkit.app.jobs.summary.seconds", defaultValue = "*/10")
    String seconds;

    @Inject
    SummaryService summaries;

    @PostConstruct
    void schedule() {
        if ("off".equalsIgnoreCase(seconds.trim())) {
            LOG.info("Summary job disabled (redkit.app.jobs.summary.seconds=off)");
            return;
        }
        ScheduleExpression every =
                new ScheduleExpression().second(seconds).minute("*").hour("*");
        timers.createCalendarTimer(every, new TimerConfig("summary", false));
    }

    @Timeout
    @ClusterSingleton(name = "summary", lockAtMostFor = "30s", lockAtLeastFor = "500ms")
    void tick() {
        summaries.recompute();
    }
}
