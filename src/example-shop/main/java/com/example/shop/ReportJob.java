package com.example.shop;

import io.redkit.jobs.ClusterSingleton;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.concurrent.atomic.AtomicInteger;

/** A scheduled job that must run on one node of the cluster per tick: one annotation. */
@Singleton
@Startup
public class ReportJob {

    private final AtomicInteger runs = new AtomicInteger();

    @Schedule(second = "*/2", minute = "*", hour = "*", persistent = false)
    @ClusterSingleton(name = "shop-report")
    public void report() {
        runs.incrementAndGet();
    }

    public int runs() {
        return runs.get();
    }
}
