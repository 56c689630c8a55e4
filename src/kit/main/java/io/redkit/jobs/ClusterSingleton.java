package io.redkit.jobs;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs the annotated method on at most one node of the cluster at a time: EJB timeout methods ({@code @Schedule},
 * {@code @Timeout}) and methods of CDI beans called by {@code ManagedScheduledExecutorService} tasks. Where another
 * node holds the job's lock, the call is skipped (it returns {@code null}) and counted, unless {@link #whenLocked()}
 * says to wait for the lock or to fail ({@link LockUnavailableException}). Exceptions of the method come out
 * unchanged; the lock is released in any case.
 *
 * <p>Durations are written {@code 30s}, {@code 10m}, {@code PT1H}...; each can be overridden per job by
 * configuration: {@code redkit.jobs.<name>.lock-at-most-for}, {@code .lock-at-least-for}, {@code .when-locked} and
 * {@code .wait-for}. A run can ask {@link JobContext#lockValid()} or register {@link JobContext#onLockLost} to learn
 * that its lease could not be renewed.
 *
 * <pre>{@code
 * @Singleton
 * public class ReportJob {
 *     @Schedule(hour = "*", minute = "0", persistent = false)
 *     @ClusterSingleton(lockAtMostFor = "10m")
 *     void report() {
 *         long token = JobContext.assertLocked().fencingToken();
 *         ...
 *     }
 * }
 * }</pre>
 */
@Inherited
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ClusterSingleton {

    /**
     * The job's name, also its lock's name. Default: the method's class and name, {@code com.example.Report.run}.
     *
     * @return the job name, empty for the default
     */
    @Nonbinding
    String name() default "";

    /**
     * The lease: how long the lock survives a node that died or stalls while running the job. A healthy node keeps
     * extending it while the job runs, so it can be much shorter than the job. Default {@code
     * redkit.jobs.lock-at-most-for}.
     *
     * @return a duration ({@code 10m}, {@code PT10M}), empty for the default
     */
    @Nonbinding
    String lockAtMostFor() default "";

    /**
     * The lock is kept at least this long after the run started, even when the job finished earlier, so that a
     * node whose clock is slightly behind cannot run the same tick again. Default {@code
     * redkit.jobs.lock-at-least-for}.
     *
     * @return a duration, empty for the default
     */
    @Nonbinding
    String lockAtLeastFor() default "";

    /**
     * What a call does while another node holds the lock: skip (default), wait up to {@link #waitFor()}, or fail.
     *
     * @return the behaviour while locked elsewhere
     */
    @Nonbinding
    WhenLocked whenLocked() default WhenLocked.SKIP;

    /**
     * Under {@link WhenLocked#WAIT}: the longest a call waits for the lock. Default {@code 30s}.
     *
     * @return a duration, empty for the default
     */
    @Nonbinding
    String waitFor() default "";
}
