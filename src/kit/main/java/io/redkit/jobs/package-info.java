/**
 * Cluster-singleton jobs and distributed locks: {@link io.redkit.jobs.ClusterSingleton @ClusterSingleton} makes a timer
 * method run once per tick across the cluster, {@link io.redkit.jobs.JobContext} tells the running job its fencing
 * token and whether it still holds the lock, {@link io.redkit.jobs.DistributedLocks} guards business code, {@link
 * io.redkit.jobs.FencedWrites} refuses stale holders' writes, and {@link io.redkit.jobs.JobStates} reads each job's
 * history. See {@code docs/jobs-and-locks.md}.
 */
package io.redkit.jobs;
