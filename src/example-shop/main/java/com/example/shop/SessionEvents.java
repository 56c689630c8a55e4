package com.example.shop;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Destroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.context.SessionScoped;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.http.HttpSession;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts the CDI session-context events this node saw, as an application would observe sessions starting and ending. */
@ApplicationScoped
public class SessionEvents {

    private final AtomicInteger started = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    void started(@Observes @Initialized(SessionScoped.class) HttpSession session) {
        started.incrementAndGet();
    }

    void ended(@Observes @Destroyed(SessionScoped.class) HttpSession session) {
        ended.incrementAndGet();
    }

    int started() {
        return started.get();
    }

    int ended() {
        return ended.get();
    }
}
