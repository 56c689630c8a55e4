package io.redkit.jobs;

import java.util.List;
import java.util.Optional;

/**
 * The state and recent runs of every {@link ClusterSingleton @ClusterSingleton} job, as the nodes recorded them in
 * Redis: for dashboards and operations endpoints. An application-scoped CDI bean: inject it. Thread-safe; each call
 * is a few Redis round trips.
 */
public interface JobStates {

    /**
     * Names of the jobs known to any node (registered within the state TTL), sorted.
     *
     * @return the job names
     */
    List<String> names();

    /**
     * The job's state, with up to {@code historyLimit} recent runs.
     *
     * @param name the job
     * @param historyLimit the most runs to return, newest first
     * @return its state, or empty when the job is not known
     */
    Optional<JobState> state(String name, int historyLimit);
}
