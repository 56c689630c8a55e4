package com.example.shop;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.SessionScoped;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-visitor state the way Jakarta EE applications keep it: a {@code @SessionScoped} bean, changed in place (no
 * {@code setAttribute}). With redkit's sessions it lives in Redis, so any node continues the count.
 */
@SessionScoped
public class Visits implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Instances this node destroyed (session invalidated or expired), for the shop's tests. */
    static final AtomicInteger ENDED = new AtomicInteger();

    private int count;

    int next() {
        return ++count;
    }

    @PreDestroy
    void ended() {
        ENDED.incrementAndGet();
    }
}
